// The layers as docs/architecture.md draws them, checked on every import (type-only ones too): the
// faces reach the core through its application layer and contract only, the renderer through the
// contract folder only, the core never reaches a face, and no import cycle exists.
import { describe, expect, it } from 'vitest';
import { findCycles, readImportGraph } from './import-graph.ts';

const graph = readImportGraph(['src-main', 'src-renderer/src']);
const FACES = ['src-main/cli/', 'src-main/server/', 'src-main/electron/'];
/** The core's inner layers: a face goes through core/workspace (the application layer) or core/workbench instead. */
const INNER = ['physics', 'learn', 'store', 'fit', 'formats'].map((layer) => `src-main/core/${layer}/`);
/**
 * Process entries that host a core process in a face's runtime, and the one module each starts:
 * Electron's utility process runs the trainer process itself.
 */
const PROCESS_ENTRIES: Readonly<Record<string, string>> = {
  'src-main/electron/trainer-utility.ts': 'src-main/core/learn/trainer-process.ts',
};

/** Every import from a file under one of `from` to a file under one of `to`, as "file -> target". */
function importsBetween(from: readonly string[], to: (target: string) => boolean): string[] {
  return Array.from(graph).flatMap(([file, targets]) =>
    from.some((prefix) => file.startsWith(prefix)) ? targets.filter((target) => to(target) && PROCESS_ENTRIES[file] !== target).map((target) => `${file} -> ${target}`) : [],
  );
}

describe('the layers', () => {
  it('reads the imports it checks', () => {
    // A reader that found nothing would pass every rule below.
    expect(graph.get('src-main/cli/commands/fit.ts')).toContain('src-main/core/workspace/curve-fits.ts');
    expect(graph.get('src-renderer/src/lib/api.ts')?.some((target) => target.startsWith('src-main/core/api/'))).toBe(true);
  });

  it('keeps the faces (CLI, server, Electron) off physics, learn, store, fit and formats', () => {
    expect(importsBetween(FACES, (target) => INNER.some((prefix) => target.startsWith(prefix)))).toEqual([]);
  });

  it('lets the renderer import from the core its contract folder only', () => {
    expect(importsBetween(['src-renderer/'], (target) => target.startsWith('src-main/') && !target.startsWith('src-main/core/api/'))).toEqual([]);
  });

  it('keeps the core off every face', () => {
    expect(importsBetween(['src-main/core/'], (target) => FACES.some((prefix) => target.startsWith(prefix)) || target.startsWith('src-renderer/'))).toEqual([]);
  });

  it('keeps the inner layers off the application layer and its adapter', () => {
    const outer = ['src-main/core/workspace/', 'src-main/core/workbench/'];
    expect(importsBetween(INNER, (target) => outer.some((prefix) => target.startsWith(prefix)))).toEqual([]);
    expect(importsBetween(['src-main/core/workspace/'], (target) => target.startsWith('src-main/core/workbench/'))).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('finds a cycle where there is one', () => {
    const cyclic = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ]);
    expect(findCycles(cyclic)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
