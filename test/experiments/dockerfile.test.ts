/**
 * The container image (deploy/Dockerfile) holds every file the CLI loads: the
 * import graph of bin/clusterlab.js (static imports, literal dynamic imports,
 * worker entries and files read through `new URL(..., import.meta.url)`) lies
 * inside the paths the Dockerfile copies. Then the CLI is run from a directory
 * holding only those paths (plus node_modules), as the image would run it.
 *
 * The one command left out of the image is `view` (the browser app needs viz/
 * and vite, a dev dependency): its modules are imported inside its action.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporaries, smallTrace, tmp, writeConfig } from './helpers.ts';

const REPO = resolve('.');
afterAll(removeTemporaries);

/** Source paths of the Dockerfile's COPY lines (relative to the build context). */
function copiedPaths(): string[] {
  const text = readFileSync('deploy/Dockerfile', 'utf8');
  const paths: string[] = [];
  for (const line of text.split('\n')) {
    const m = /^\s*COPY\s+(.+)$/.exec(line);
    if (!m || m[1]!.startsWith('--from')) continue;
    const parts = m[1]!.trim().split(/\s+/);
    paths.push(...parts.slice(0, -1)); // the last is the destination
  }
  return paths.map((p) => p.replace(/\/$/, ''));
}

/** Modules whose lazy imports are left out of the image (see the header). */
const LAZY_OUTSIDE_IMAGE = new Set(['experiments/cli/commands/view.ts']);

/** Every repository file the CLI can load, from bin/clusterlab.js. */
function importGraph(): string[] {
  const seen = new Set<string>();
  const todo = [join(REPO, 'bin/clusterlab.js')];
  while (todo.length > 0) {
    const file = todo.pop()!;
    const rel = relative(REPO, file);
    if (seen.has(rel)) continue;
    seen.add(rel);
    if (!/\.(ts|mjs|js)$/.test(file)) continue; // package.json, a trace: read, not parsed
    const text = readFileSync(file, 'utf8');
    const specs: string[] = [];
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)) specs.push(m[1]!);
    for (const m of text.matchAll(/^\s*import\s+['"]([^'"]+)['"]/gm)) specs.push(m[1]!);
    if (!LAZY_OUTSIDE_IMAGE.has(rel)) for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) specs.push(m[1]!);
    for (const m of text.matchAll(/new URL\(\s*['"]([^'"]+)['"]\s*,\s*import\.meta\.url\s*\)/g)) specs.push(m[1]!);
    for (const spec of specs) {
      if (!spec.startsWith('.')) continue; // a package (node_modules) or a Node built-in
      const target = resolve(dirname(file), spec);
      if (existsSync(target) && statSync(target).isFile()) todo.push(target);
    }
  }
  return [...seen].sort();
}

describe('deploy/Dockerfile', () => {
  it('copies every file the CLI imports or reads', () => {
    const copied = copiedPaths();
    expect(copied).toContain('bin');
    const graph = importGraph();
    expect(graph).toContain('experiments/cli/cli.ts');
    expect(graph).toContain('experiments/study/worker-entry.mjs'); // the pool's workers
    const outside = graph.filter((f) => !copied.some((c) => f === c || f.startsWith(`${c}/`)));
    expect(outside).toEqual([]);
  });

  it('runs validate and a study with a worker from a directory holding only what the image copies', () => {
    const root = tmp('image');
    for (const p of copiedPaths()) cpSync(join(REPO, p), join(root, p), { recursive: true });
    symlinkSync(join(REPO, 'node_modules'), join(root, 'node_modules'));
    const bin = join(root, 'bin/clusterlab.js');
    const node = (args: string[]) => spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
    const help = node(['--help']);
    expect(help.stderr).toBe('');
    expect(help.status).toBe(0);
    const v = node(['validate', 'experiments/examples/kth-sp2.yaml']);
    expect(v.stderr).toBe('');
    expect(v.stdout).toMatch(/valid; 8 runs/);
    const dir = tmp('image-study');
    smallTrace(dir, 30);
    const config = writeConfig(dir, 'workload:\n  trace: kth-small.swf\nvariants:\n  - name: easy\n');
    const r = node(['run', config, '--out', join(dir, 'out'), '--workers', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(existsSync(join(dir, 'out', 'runs.csv'))).toBe(true);
  });
});
