/** `clusterlab workload generate`, run as a user would. */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

const BIN = resolve('bin/clusterlab.js');
const EXAMPLES = resolve('workloads/examples');

function cli(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

describe('clusterlab workload generate', () => {
  const dir = tmp('gen-');
  const spec = join(EXAMPLES, 'bursty-gpu.yaml');

  it('same spec and seed give byte-identical files, from any directory; another seed differs', () => {
    const a = join(dir, 'a.jsonl');
    const b = join(dir, 'b.jsonl');
    const c = join(dir, 'c.jsonl');
    const r = cli(['workload', 'generate', spec, '--seed', '7', '--out', a]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^2000 jobs and 2 services on 16 nodes, offered load [\d.]+ \(gpu\) over [\d.]+ days; written to /);
    expect(cli(['workload', 'generate', spec, '--seed', '7', '--out', b], tmpdir()).code).toBe(0);
    expect(readFileSync(b).equals(readFileSync(a))).toBe(true);
    expect(cli(['workload', 'generate', spec, '--seed', '8', '--out', c]).code).toBe(0);
    expect(readFileSync(c).equals(readFileSync(a))).toBe(false);
    const lines = readFileSync(a, 'utf8').trim().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'clusterlab-workload', source: { format: 'synthetic', file: 'bursty-gpu.yaml' }, header: { seed: '7' } });
    expect(lines).toHaveLength(1 + 2002);
  });

  it('the generated file simulates, services and all; gzip output too', () => {
    const out = join(dir, 'g.jsonl.gz');
    expect(cli(['workload', 'generate', join(EXAMPLES, 'lublin-128.yaml'), '--seed', '2', '--out', out]).code).toBe(0);
    expect(gunzipSync(readFileSync(out)).toString('utf8')).toMatch(/^\{"format":"clusterlab-workload"/);
    const r = cli(['simulate', '--trace', out, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).metrics.jobs_finished).toBe(10000);
    const gpu = cli(['simulate', '--trace', join(dir, 'a.jsonl'), '--json']);
    expect(gpu.code).toBe(0);
    expect(JSON.parse(gpu.stdout).metrics).toMatchObject({ jobs_finished: 2000, jobs_running: 2 });
  });

  it('a bad spec exits 2 with one line naming the file, the field and the value, and writes nothing', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'machine: {nodes: 8}\njobs:\n  model: independent\n  count: 5\n  arrivals: {process: poisson, rate: 1}\n  runtime: {dist: weibull, shape: -2, scale: 10}\n');
    const out = join(dir, 'never.jsonl');
    const r = cli(['workload', 'generate', bad, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`clusterlab: error: ${bad}: Too small: expected number to be >0 (field jobs.runtime.shape, value "-2")\n`);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('never'))).toEqual([]);
  });

  it('exits 2 for a missing spec, a bad seed and a missing --out; has help with examples', () => {
    expect(cli(['workload', 'generate', join(dir, 'nope.yaml'), '--out', join(dir, 'x.jsonl')]).stderr).toMatch(/nope\.yaml: cannot read the spec: ENOENT/);
    const seed = cli(['workload', 'generate', spec, '--seed', '-1', '--out', join(dir, 'x.jsonl')]);
    expect(seed.code).toBe(2);
    expect(seed.stderr).toMatch(/--seed must be a non-negative integer, got "-1"/);
    expect(cli(['workload', 'generate', spec]).code).toBe(2);
    const help = cli(['workload', 'generate', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Examples:[\s\S]*--seed 1 --out/);
  });
});
