/** The transform flags of `clusterlab simulate`, run as a user would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { homogeneousCluster } from '../../sim/cluster.ts';
import { formatCanonical } from '../../workloads/canonical.ts';
import type { Job } from '../../workloads/job.ts';
import { runMain } from './in-process.ts';

const BIN = resolve('bin/clusterlab.js');
const KTH = resolve('traces/samples/KTH-SP2-1996-2.1-cln.swf.gz');

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const dir = mkdtempSync(join(tmpdir(), 'tcli-'));
// A small SWF log for the error cases: 20 jobs on 8 processors.
const SMALL = join(dir, 'small.swf');
writeFileSync(SMALL, `; MaxProcs: 8\n${Array.from({ length: 20 }, (_, i) => `${i + 1} ${10 * i} -1 ${50 + i} ${1 + (i % 8)} -1 -1 -1 100 -1 1 ${1 + (i % 3)} 1 -1 1 -1 -1 -1`).join('\n')}\n`);

describe('simulate with transforms', () => {
  it('--filter, --jobs and --load compose in the documented order and are recorded in the manifest', () => {
    const out = join(dir, 'kth');
    const r = cli(['simulate', '--trace', KTH, '--filter', 'user!=1', '--jobs', '0:500', '--load', '0.9', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/transform: filter user not in \{1\}: kept \d+ of 28467 jobs\ntransform: jobs \[0, 500\) in submit order: kept 500 of \d+\ntransform: load cpu [\d.]+ -> 0\.9/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.workload.jobs).toBe(500);
    expect(summary.workload.dropped).toHaveProperty('outside_job_range');
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.reader.transforms).toEqual([
      { type: 'filter', field: 'user', values: ['1'], exclude: true },
      { type: 'jobs', from: 0, to: 500 },
      { type: 'load', target: 0.9 },
    ]);
  });

  it('--fill on a hand-made GPU cluster: copies until the GPUs are requested exactly, all placed, none leaves', () => {
    const pod = (id: string): Job => ({ id, submit: 50, tasks: 1, request: { cpu: 2, gpu: 1 }, runtime: 100, estimate: 100, priority: 0, user: null, group: null, queue: null, dependencies: [], logStatus: null, logWait: null, kind: 'pod', gpu: { count: 1, milli: 1000 } });
    const trace = join(dir, 'pods.jsonl');
    const cluster = homogeneousCluster(2, { cpu: 8, gpu: 2 });
    writeFileSync(trace, [...formatCanonical({ jobs: [pod('a'), pod('b'), pod('c')], source: { format: 'test', file: 'pods' }, cluster, dropped: {}, repaired: {}, header: {} })].join(''));
    const out = join(dir, 'fill');
    const r = cli(['simulate', '--trace', trace, '--fill', '1', '--seed', '3', '--backfill', 'none', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('transform: fill x1 of 4 GPUs (target 4): 3 pods requesting 3 GPUs, 1 copies added, 0 removed, 4 pods requesting 4 GPUs');
    const rows = readFileSync(join(out, 'jobs.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(rows.map((c) => [c[1], c[2], c[6]])).toEqual([
      ['0', '0', 'running'],
      ['1', '1', 'running'],
      ['2', '2', 'running'],
      ['3', '3', 'running'],
    ]);
    const ids = rows.map((c) => c[0]!);
    expect(ids.filter((id) => ['a', 'b', 'c'].includes(id))).toHaveLength(3);
    expect(ids.filter((id) => /^[abc]#1$/.test(id))).toHaveLength(1);
  });

  it('--transforms FILE: a list as data; a bad list names the file, the field and the value', async () => {
    const good = join(dir, 't.yaml');
    writeFileSync(good, '- {type: window, start: 0, end: 100}\n- {type: filter, field: user, values: ["1"]}\n');
    const r = await runMain(['simulate', '--trace', SMALL, '--transforms', good, '--json']);
    expect(r.code).toBe(0);
    // submits 0, 10, … 90 are in the window; users 1 + (i mod 3) = 1 for i = 0, 3, 6, 9
    expect(JSON.parse(r.stdout).workload).toMatchObject({ jobs: 4, dropped: { outside_time_window: 10, filtered_user: 6 } });
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, '- {type: sample, fraction: 2}\n');
    const e = await runMain(['simulate', '--trace', SMALL, '--transforms', bad]);
    expect(e.code).toBe(2);
    expect(e.stderr).toBe(`clusterlab: error: ${bad}: Too big: expected number to be <=1 (field 0.fraction, value "2")\n`);
  });

  it.each([
    [['--jobs', '5:2'], /--jobs: B must be larger than A, got "5:2"/],
    [['--sample', '0'], /--sample must be a fraction in \(0, 1\], got "0"/],
    [['--load', 'high'], /--load must be a positive number, got "high"/],
    [['--filter', 'colour=red'], /--filter must be FIELD=v1,v2 or FIELD!=v1,v2/],
    [['--scale-resources', 'cpu'], /--scale-resources must be R=x/],
    [['--fill', '1.3'], /fill: the cluster has no GPU capacity/],
  ])('%j exits 2 with a one-line error', async (flags, message) => {
    const r = await runMain(['simulate', '--trace', SMALL, ...(flags as string[])]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message as RegExp);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
