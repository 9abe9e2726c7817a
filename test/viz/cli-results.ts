/**
 * Results directories written by the CLI itself, for the loader, statistics
 * and browser tests: `clusterlab scenario` on a small scenario
 * (test/fixtures/scenarios/viz-small.yaml) and `clusterlab run` on a small
 * study over a grid, written here with its trace. Each is made once per test
 * file (a few seconds, the commands run as child processes, so a test can
 * start a browser meanwhile) in a temporary directory, removed at exit.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve, sep } from 'node:path';
import type { FileSource } from '../../viz/data/load.ts';

export const SCENARIO = resolve('test/fixtures/scenarios/viz-small.yaml');

const made: string[] = [];
process.on('exit', () => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

export function runCli(args: string[]): string {
  const r = spawnSync(process.execPath, [resolve('bin/clusterlab.js'), ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`clusterlab ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

/** The same, without blocking (for tests that start a browser meanwhile). */
export function runCliAsync(args: string[]): Promise<string> {
  return new Promise((ok, fail) => {
    const child = spawn(process.execPath, [resolve('bin/clusterlab.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? ok(out) : fail(new Error(`clusterlab ${args.join(' ')} exited ${code}: ${err}`))));
  });
}

/** `clusterlab scenario viz-small.yaml --out DIR`: DIR/reschedule/, DIR/checkpoint-restart/, comparison.csv. */
export async function scenarioResults(): Promise<string> {
  const dir = tempDir('viz-scenario-');
  await runCliAsync(['scenario', SCENARIO, '--out', dir]);
  return dir;
}

/**
 * A study whose runs differ by seed, so its intervals are not degenerate: a
 * canonical trace of 300 jobs of 1-3 tasks of 1-6 cpus on 12 nodes of 8 cpus,
 * placed at random (the seeded `random` placement: fragmentation changes the
 * waits), three variants over a grid of two overrun rules (about a third of
 * the estimates are short, so `cut` kills jobs), three seeds: 18 runs.
 */
export const STUDY = {
  variants: ['fcfs', 'easy', 'sjf-easy'],
  grid: { key: 'simulation.overrun', values: ['run', 'cut'] },
  seeds: [1, 2, 3],
};

export function writeStudy(dir: string): string {
  let s = 12345;
  const r = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  const nodes = Array.from({ length: 12 }, (_, i) => ({ id: `m${i}`, capacity: { cpu: 8, memory: 32768 } }));
  const lines = [JSON.stringify({ format: 'clusterlab-workload', version: 1, source: { format: 'test', file: 'mixed' }, cluster: { resources: ['cpu', 'memory'], nodes } })];
  let t = 0;
  for (let i = 0; i < 300; i++) {
    t += Math.floor(r() * 120);
    const runtime = 60 + Math.floor(r() * 3000);
    const job = { id: `j${i}`, submit: t, tasks: 1 + Math.floor(r() * 3), request: { cpu: 1 + Math.floor(r() * 6), memory: 1024 * (1 + Math.floor(r() * 8)) }, runtime, estimate: Math.ceil(runtime * (0.7 + r())), user: `u${Math.floor(r() * 5)}` };
    lines.push(JSON.stringify(job));
  }
  writeFileSync(join(dir, 'mixed.jsonl'), `${lines.join('\n')}\n`);
  const config = [
    'name: viz-grid',
    'workload: { trace: mixed.jsonl }',
    'variants:',
    '  - { name: fcfs, backfill: none, placement: random }',
    '  - { name: easy, placement: random }',
    '  - { name: sjf-easy, queue: sjf, placement: random }',
    'baseline: fcfs',
    'grid:',
    `  ${STUDY.grid.key}: [${STUDY.grid.values.join(', ')}]`,
    `seeds: ${STUDY.seeds.length}`,
    'simulation: { sample_step: 1800 }',
    'outputs: { jobs: true, timeseries: true, events: true }',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'study.yaml'), config);
  return join(dir, 'study.yaml');
}

/** `clusterlab run study.yaml --out DIR --workers 2`; returns DIR. */
export async function studyResults(): Promise<string> {
  const dir = tempDir('viz-study-');
  const config = writeStudy(dir);
  await runCliAsync(['run', config, '--out', join(dir, 'out'), '--workers', '2']);
  return join(dir, 'out');
}

/** A directory's CSV and JSON files as a FileSource (what `clusterlab view` serves). */
export function dirSource(dir: string): FileSource {
  const paths: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(csv|json)$/.test(e.name)) paths.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  paths.sort();
  return { paths, text: async (p) => readFileSync(join(dir, p), 'utf8') };
}
