// The project's import graph, read with TypeScript's own pre-processor: every relative import,
// export-from and dynamic import of the sources (type-only ones too), by project-relative path.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';

export const ROOT = resolve(import.meta.dirname, '../../..');

function sourcesUnder(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|mts|svelte)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)));
}

/** A Svelte file's imports live in its script blocks. */
function scriptOf(path: string, text: string): string {
  if (!path.endsWith('.svelte')) return text;
  return Array.from(text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g), (match) => match[1]).join('\n');
}

/** Relative imports of each source file under `dirs`: file -> imported files (project-relative). */
export function readImportGraph(dirs: readonly string[]): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of dirs.flatMap(sourcesUnder)) {
    const { importedFiles } = ts.preProcessFile(scriptOf(file, readFileSync(join(ROOT, file), 'utf8')), true, true);
    const targets = importedFiles.filter(({ fileName }) => fileName.startsWith('.')).map(({ fileName }) => relative(ROOT, resolve(ROOT, dirname(file), fileName)));
    graph.set(file, targets);
  }
  return graph;
}

/** The strongly connected components of more than one file (Tarjan): each is an import cycle. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return cycles;
}
