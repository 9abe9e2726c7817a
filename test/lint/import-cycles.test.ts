/**
 * No import cycle in the shipped code, and none between the folders of
 * experiments/ (results, run, scenario, study, api, view, cli: each imports
 * only the ones before it). A cycle means no file of it can be read, tested
 * or moved without the others, and its modules' top-level code runs in an
 * order that depends on which one is imported first.
 *
 * The graph is read from the static `import ... from '<relative path>'` and
 * `export ... from '<relative path>'` statements (parsed by TypeScript, so a
 * path inside a string or a comment is not taken for one). Type-only imports
 * (`import type`, `export type ... from`) are counted: they vanish from the
 * compiled code, but they are a dependency of one file's meaning on another
 * all the same. Dynamic `import()` is not counted: the commands and workers
 * are loaded that way on purpose, when they run.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { sourceFiles } from './source-files.ts';

const SHIPPED = ['sim', 'schedulers', 'workloads', 'traces', 'experiments', 'viz'];

/**
 * Cycles left on purpose, each as its files sorted and joined by ' ', with why:
 * none today. A new cycle fails the test, and so does one of these growing (a
 * file joining it makes another key) or going away (remove it here then).
 */
const ALLOWED = new Map<string, string>([]);

/** The relative specifiers of a source text's static imports and re-exports, type-only ones included. */
export function staticImports(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  for (const statement of source.statements) {
    const specifier = ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement) ? statement.moduleSpecifier : undefined;
    if (specifier && ts.isStringLiteral(specifier) && specifier.text.startsWith('.')) found.push(specifier.text);
  }
  return found;
}

/** file -> the files it imports (only files of the graph are kept). */
function importGraph(): Map<string, string[]> {
  const files = SHIPPED.flatMap(sourceFiles);
  const known = new Set(files);
  const graph = new Map<string, string[]>();
  for (const f of files) {
    const targets = staticImports(f, readFileSync(f, 'utf8')).map((s) => normalize(join(dirname(f), s)));
    graph.set(f, targets.filter((t) => known.has(t)));
  }
  return graph;
}

/** A strongly connected component: its files, sorted, and one cycle through the first (to name it). */
interface Cycle {
  files: string[];
  path: string[];
}

/**
 * Every cycle of `graph`: one per strongly connected component of more than one
 * node (or a node importing itself), with a path that starts and ends at the
 * component's first node in sorted order. Tarjan's algorithm, iterative (no
 * recursion depth limit).
 */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): Cycle[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let next = 0;
  for (const root of [...graph.keys()].sort()) {
    if (index.has(root)) continue;
    const work: { node: string; edge: number }[] = [{ node: root, edge: 0 }];
    index.set(root, next);
    low.set(root, next++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      const edges = graph.get(frame.node) ?? [];
      if (frame.edge < edges.length) {
        const to = edges[frame.edge++]!;
        if (!graph.has(to)) continue;
        if (!index.has(to)) {
          index.set(to, next);
          low.set(to, next++);
          stack.push(to);
          onStack.add(to);
          work.push({ node: to, edge: 0 });
        } else if (onStack.has(to)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(to)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.node, Math.min(low.get(parent.node)!, low.get(frame.node)!));
      if (low.get(frame.node) !== index.get(frame.node)) continue;
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.node);
      if (component.length > 1 || edges.includes(frame.node)) components.push(component.sort());
    }
  }
  return components.map((files) => ({ files, path: cyclePath(graph, files) })).sort((a, b) => a.files[0]!.localeCompare(b.files[0]!));
}

/** A path from the component's first node back to it through the component (breadth first: a shortest one). */
function cyclePath(graph: ReadonlyMap<string, readonly string[]>, component: readonly string[]): string[] {
  const start = component[0]!;
  const inside = new Set(component);
  const from = new Map<string, string>();
  const queue = [start];
  for (let i = 0; i < queue.length; i++) {
    const node = queue[i]!;
    for (const to of graph.get(node) ?? []) {
      if (to === start) {
        const path = [start];
        for (let at: string | undefined = node; at !== undefined && at !== start; at = from.get(at)) path.splice(1, 0, at);
        path.push(start);
        return path;
      }
      if (inside.has(to) && !from.has(to)) {
        from.set(to, node);
        queue.push(to);
      }
    }
  }
  throw new Error(`no cycle through ${start}`);
}

/**
 * The graph between the folders of experiments/ (edges to or from other top-level
 * folders left out: viz/'s build config and the view server import each other's
 * folders, though no file cycle comes of it).
 */
function folderGraph(graph: ReadonlyMap<string, readonly string[]>): Map<string, string[]> {
  const folder = (file: string) => {
    const parts = file.split('/');
    return parts[0] === 'experiments' && parts.length > 2 ? `experiments/${parts[1]}` : null;
  };
  const edges = new Map<string, Set<string>>();
  for (const [file, targets] of graph) {
    const from = folder(file);
    if (from === null) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    for (const t of targets) {
      const to = folder(t);
      if (to !== null && to !== from) edges.get(from)!.add(to);
    }
  }
  return new Map([...edges].map(([k, v]) => [k, [...v].sort()]));
}

const describeCycle = (cycle: Cycle) => `${cycle.path.join(' -> ')} (files in the cycle: ${cycle.files.join(' ')})`;

describe('imports of the shipped code', () => {
  const graph = importGraph();

  it('form no cycle but the ones allowed (with their reason)', () => {
    const cycles = findCycles(graph);
    const unexpected = cycles.filter((c) => !ALLOWED.has(c.files.join(' '))).map(describeCycle);
    expect(unexpected).toEqual([]);
    const found = new Set(cycles.map((c) => c.files.join(' ')));
    expect([...ALLOWED.keys()].filter((k) => !found.has(k)), 'allowed cycles that are gone: remove them from ALLOWED').toEqual([]);
  });

  it('form no cycle between folders (experiments/ folders each on their own)', () => {
    const folders = folderGraph(graph);
    expect(folders.get('experiments/cli')).toContain('experiments/study'); // the graph is read: a known edge is there
    expect(folders.get('experiments/results')).toEqual([]); // the file formats import no other folder of experiments/
    expect(findCycles(folders).map(describeCycle)).toEqual([]);
  });

  it('read every static import and re-export, type-only ones too, and no dynamic import or string', () => {
    const text = [
      "import { a } from './a.ts';",
      "import type { B } from '../b.ts';",
      "export { c } from './c.ts';",
      "export type { D } from './d.ts';",
      "import './side-effect.ts';",
      "import { z } from 'zod';",
      "const lazy = await import('./lazy.ts');",
      "const text = \"import { x } from './in-a-string.ts'\";",
      "// import { y } from './in-a-comment.ts';",
    ].join('\n');
    expect(staticImports('x.ts', text)).toEqual(['./a.ts', '../b.ts', './c.ts', './d.ts', './side-effect.ts']);
  });

  it('would name a cycle (a synthetic graph), and finds none in a graph without one', () => {
    const cyclic = new Map([
      ['a.ts', ['b.ts', 'x.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['x.ts', ['y.ts']],
      ['y.ts', []],
      ['self.ts', ['self.ts']],
    ]);
    expect(findCycles(cyclic).map(describeCycle)).toEqual(['a.ts -> b.ts -> c.ts -> a.ts (files in the cycle: a.ts b.ts c.ts)', 'self.ts -> self.ts (files in the cycle: self.ts)']);
    // Two cycles sharing a.ts are one component: both are named by its files, the path is a shortest one.
    const twoLoops = new Map([['a.ts', ['b.ts', 'c.ts']], ['b.ts', ['a.ts']], ['c.ts', ['d.ts']], ['d.ts', ['a.ts']]]);
    expect(findCycles(twoLoops)).toEqual([{ files: ['a.ts', 'b.ts', 'c.ts', 'd.ts'], path: ['a.ts', 'b.ts', 'a.ts'] }]);
    expect(findCycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', []]]))).toEqual([]);
  });
});
