import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, it } from 'vitest';

const SRC = path.resolve('src');

/** Folder (first path segment under src/, `.` for files at the top) -> folders it imports from. */
function folderGraph(): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>();
  const folderOf = (file: string) => {
    const rel = path.relative(SRC, file).split(path.sep);
    return rel.length > 1 ? rel[0]! : '.';
  };
  for (const entry of readdirSync(SRC, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const file = path.join(entry.parentPath, entry.name);
    const from = folderOf(file);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import\()\s*'(\.{1,2}\/[^']+)'/g)) {
      const to = folderOf(path.resolve(path.dirname(file), m[1]!));
      if (to !== from) (graph.get(from) ?? graph.set(from, new Set()).get(from)!).add(to);
    }
  }
  return graph;
}

/** Every cycle between folders, as `a -> b -> a`. */
function cycles(graph: Map<string, Set<string>>): string[] {
  const found: string[] = [];
  const walk = (start: string, node: string, trail: string[]) => {
    for (const next of graph.get(node) ?? []) {
      if (next === start) found.push([...trail, next].join(' -> '));
      else if (!trail.includes(next) && next > start) walk(start, next, [...trail, next]);
    }
  };
  for (const start of [...graph.keys()].sort()) walk(start, start, [start]);
  return found;
}

it('has no import cycle between the folders of src/ (layers run one way)', () => {
  const graph = folderGraph();
  expect(graph.get('engine')?.size, 'the graph was read').toBeGreaterThan(0);
  expect(cycles(graph)).toEqual([]);
});

it('finds a cycle when there is one (the check can fail)', () => {
  const graph = new Map([['a', new Set(['b'])], ['b', new Set(['c'])], ['c', new Set(['a'])]]);
  expect(cycles(graph)).toEqual(['a -> b -> c -> a']);
});
