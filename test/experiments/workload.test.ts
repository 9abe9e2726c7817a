/**
 * `clusterlab workload generate`, run as a user would (a child process) for
 * the acceptance checks; error paths run main() in-process to keep this fast.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runMain } from './in-process.ts';

const BIN = resolve('bin/clusterlab.js');

function cli(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const dir = mkdtempSync(join(tmpdir(), 'gen-'));
const SPEC = join(dir, 'small.yaml');
writeFileSync(
  SPEC,
  `machine: {nodes: 8, node: {cpu: 16, gpu: 4}}
jobs:
  model: independent
  count: 300
  arrivals: {process: mmpp, rates: [0.002, 0.02], sojourn: [7200, 1800]}
  tasks: {distribution: choice, values: [1, 2, 4]}
  runtime: {distribution: pareto, shape: 1.8, scale: 600}
  request: {cpu: 4, gpu: {distribution: choice, values: [0.5, 1]}}
  estimate: {model: factor, f: 4}
services:
  - {name: web, replicas: 2, request: {cpu: 2}, requestRate: {kind: sinusoid, mean: 50, amplitude: 0.5}}
`,
);

describe('clusterlab workload generate', () => {
  it('same spec and seed give byte-identical files, from any directory; another seed differs', () => {
    const [a, b, c] = ['a.jsonl', 'b.jsonl', 'c.jsonl'].map((f) => join(dir, f));
    const r = cli(['workload', 'generate', SPEC, '--seed', '7', '--out', a!]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^300 jobs and 1 service on 8 nodes, offered load [\d.]+ \((cpu|gpu)\) over [\d.]+ days; written to /);
    expect(cli(['workload', 'generate', SPEC, '--seed', '7', '--out', b!], tmpdir()).code).toBe(0);
    expect(readFileSync(b!).equals(readFileSync(a!))).toBe(true);
    expect(cli(['workload', 'generate', SPEC, '--seed', '8', '--out', c!]).code).toBe(0);
    expect(readFileSync(c!).equals(readFileSync(a!))).toBe(false);
    const lines = readFileSync(a!, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'clusterlab-workload', source: { format: 'synthetic', file: 'small.yaml' }, header: { seed: '7' } });
    expect(lines).toHaveLength(1 + 301);
  });

  it('the generated file simulates (gzip too), services running to the end', () => {
    const out = join(dir, 'g.jsonl.gz');
    expect(cli(['workload', 'generate', SPEC, '--seed', '2', '--out', out]).code).toBe(0);
    expect(gunzipSync(readFileSync(out)).toString('utf8')).toMatch(/^\{"format":"clusterlab-workload"/);
    const r = cli(['simulate', '--trace', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).metrics).toMatchObject({ jobs_finished: 300, jobs_running: 1 });
  });

  it('a bad spec exits 2 with one line naming the file, the field and the value, and writes nothing', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'machine: {nodes: 8}\njobs:\n  model: independent\n  count: 5\n  arrivals: {process: poisson, rate: 1}\n  runtime: {distribution: weibull, shape: -2, scale: 10}\n');
    const out = join(dir, 'never.jsonl');
    const r = cli(['workload', 'generate', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`clusterlab: error: ${bad}: Too small: expected number to be >0 (field jobs.runtime.shape, value "-2")\n`);
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.tmp`)).toBe(false);
  });

  it('exits 2 for a missing spec, a bad seed and a missing --out; has help with examples', async () => {
    expect((await runMain(['workload', 'generate', join(dir, 'nope.yaml'), '--out', join(dir, 'x.jsonl')])).stderr).toMatch(/nope\.yaml: cannot read the spec: no such file or directory/);
    const seed = await runMain(['workload', 'generate', SPEC, '--seed', '-1', '--out', join(dir, 'x.jsonl')]);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatch(/--seed must be a non-negative integer, got "-1"/);
    expect((await runMain(['workload', 'generate', SPEC])).code).toBe(2);
    const help = await runMain(['workload', 'generate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:[\s\S]*--seed 1 --out/);
    const parent = await runMain(['workload', '--help']);
    expect(parent.code).toBe(0);
    expect(parent.stdout).toMatch(/generate[\s\S]*Examples:/);
  });
});
