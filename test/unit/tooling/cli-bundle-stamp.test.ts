// The CLI bundle's build stamp decides whether bin/spin-echo.mjs may run out/cli: a source changed,
// removed or hashed differently makes it stale; a file merely touched (a checkout) does not.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_ENTRY_POINTS } from '../../../scripts/build-cli.mjs';
import { bundleState, makeStamp, ROOT, STAMP_NAME } from '../../../scripts/cli-bundle-stamp.mjs';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A project root with two sources and a bundle folder stamped with them, built a minute ago. */
async function stampedTree(): Promise<{ root: string; bundleDir: string; builtAt: number }> {
  const root = mkdtempSync(join(tmpdir(), 'spin-echo-stamp-')) + '/';
  folders.push(root);
  mkdirSync(join(root, 'src'));
  writeFileSync(join(root, 'src/a.ts'), 'export const a = 1;\n');
  writeFileSync(join(root, 'src/b.ts'), 'export const b = 2;\n');
  const builtAt = Date.now() - 60_000;
  const past = new Date(builtAt - 60_000);
  for (const file of ['src/a.ts', 'src/b.ts']) utimesSync(join(root, file), past, past);
  const bundleDir = join(root, 'out/cli/');
  mkdirSync(bundleDir, { recursive: true });
  writeFileSync(bundleDir + STAMP_NAME, JSON.stringify(await makeStamp(['src/b.ts', 'src/a.ts'], builtAt, root)));
  return { root, bundleDir, builtAt };
}

describe('the CLI bundle stamp', () => {
  it('is fresh while the sources are as they were built', async () => {
    const { root, bundleDir } = await stampedTree();
    expect(await bundleState({ root, bundleDir })).toEqual({ fresh: true });
    expect(await bundleState({ root, bundleDir, exact: true })).toEqual({ fresh: true });
  });

  it('is stale when a source changed since the build, naming it', async () => {
    const { root, bundleDir } = await stampedTree();
    writeFileSync(join(root, 'src/b.ts'), 'export const b = 3;\n');
    expect(await bundleState({ root, bundleDir })).toEqual({ fresh: false, reason: 'src/b.ts changed since the build' });
  });

  it('stays fresh when a source is only touched, as a checkout does', async () => {
    const { root, bundleDir } = await stampedTree();
    const now = new Date();
    utimesSync(join(root, 'src/a.ts'), now, now);
    expect(await bundleState({ root, bundleDir })).toEqual({ fresh: true });
  });

  it('finds a changed source whose time was set back, when asked to hash every file', async () => {
    const { root, bundleDir, builtAt } = await stampedTree();
    writeFileSync(join(root, 'src/a.ts'), 'export const a = 4;\n');
    const past = new Date(builtAt - 60_000);
    utimesSync(join(root, 'src/a.ts'), past, past);
    expect(await bundleState({ root, bundleDir })).toEqual({ fresh: true });
    expect(await bundleState({ root, bundleDir, exact: true })).toEqual({ fresh: false, reason: 'src/a.ts changed since the build' });
  });

  it('is stale when a source was removed, or when there is no stamp', async () => {
    const { root, bundleDir } = await stampedTree();
    rmSync(join(root, 'src/a.ts'));
    expect(await bundleState({ root, bundleDir })).toEqual({ fresh: false, reason: 'src/a.ts was removed since the build' });
    rmSync(bundleDir + STAMP_NAME);
    expect(await bundleState({ root, bundleDir })).toMatchObject({ fresh: false, reason: expect.stringContaining('is not built') });
  });
});

/** Every `startSiblingWorker(import.meta.url, 'name')` and `forkSibling(import.meta.url, 'name')` in src-main, as source paths. */
function siblingTargets(dir = join(ROOT, 'src-main')): string[] {
  const targets: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) targets.push(...siblingTargets(path));
    else if (path.endsWith('.ts')) {
      const calls = readFileSync(path, 'utf8').matchAll(/(?:startSiblingWorker|forkSibling)\(import\.meta\.url, '([\w-]+)'/g);
      for (const [, name] of calls) targets.push(relative(ROOT, join(dirname(path), `${name}.ts`)));
    }
  }
  return targets;
}

describe('the CLI bundle entry points', () => {
  it('include every module the core starts beside itself, so that each has its bundled sibling', () => {
    const targets = siblingTargets();
    expect(targets.length).toBeGreaterThanOrEqual(3);
    expect(Object.values(CLI_ENTRY_POINTS)).toEqual(expect.arrayContaining(targets));
  });
});
