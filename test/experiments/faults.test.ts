/**
 * Runs that go wrong fail alone: one that throws, one that loops forever, one
 * that allocates without bound, one that needs more events than its budget.
 * The study goes on, reports each with its reason, and exits 1. The faulty
 * policies are test-only (fixtures/test-plugins.ts, preloaded with --import).
 * The one that allocates has a study of its own, whose wall-time budget is far
 * beyond what the heap limit needs: on a loaded machine a 4 s budget could end
 * it before its heap limit did, and the limit is what is under test.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { cli, cliAsync, smallTrace, tmp, writeConfig, removeTemporaries } from './helpers.ts';

const FAULTY = `workload:
  trace: kth-small.swf
variants:
  - name: easy
  - name: throws
    queue: test-throw
  - name: loops
    queue: test-loop
  - name: wakes
    backfill: test-wake
  - name: sjf
    queue: sjf
seeds: [1, 2]
simulation:
  max_steps: 20000
budgets:
  wall_seconds: 4
  memory_mb: 64
`;

/** Only the heap limit can stop the hog within this wall budget, whatever the load (64 MiB take well under a second of CPU). */
const HOG = `workload:
  trace: kth-small.swf
variants:
  - name: easy
  - name: hog
    queue: test-alloc
seeds: [1, 2]
budgets:
  wall_seconds: 120
  memory_mb: 64
`;

let dir: string;
beforeAll(() => {
  dir = tmp('faults');
  smallTrace(dir, 100);
});
afterAll(removeTemporaries);

// Each test runs the command as child processes (and the loops wait out their 4 s budget): slow on a loaded machine.
describe('runs that fail', { timeout: 180_000 }, () => {
  it('each fails alone with its reason; the others finish; exit 1', () => {
    const out = join(dir, 'out');
    const r = cli(['run', writeConfig(dir, FAULTY), '--out', out, '--workers', '2'], { plugins: true });
    expect(r.code).toBe(1);
    const reasons: Record<string, RegExp> = {
      throws: /^Error: test-throw policy threw on purpose$/,
      loops: /^wall-time budget of 4 s exceeded \(budgets\.wall_seconds\)$/,
      wakes: /^simulation failed: engine at t=\d+: step budget of 20000 instants exhausted$/,
    };
    const listed = r.stderr.slice(r.stderr.indexOf('run(s) failed:'));
    expect(r.stderr).toMatch(/clusterlab: 6 run\(s\) failed:\n/);
    const rows = parse(readFileSync(join(out, 'runs.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    for (const row of rows) {
      const failed = row.variant! in reasons;
      expect(row.status, row.run_id).toBe(failed ? 'failed' : 'ok');
      if (failed) {
        expect(row.mean_wait).toBe('');
        const failure = JSON.parse(readFileSync(join(out, 'runs', row.run_id!, 'failure.json'), 'utf8'));
        expect(failure.reason).toMatch(reasons[row.variant!]!);
        expect(readdirSync(join(out, 'runs', row.run_id!))).toEqual(['failure.json']);
        expect(listed).toContain(`  ${row.run_id}: ${failure.reason}\n`);
      } else {
        expect(Number(row.jobs_finished)).toBe(100);
      }
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.runs).toEqual({ total: 10, ok: 4, failed: 6 });
    expect(summary.failures.map((f: { run_id: string }) => f.run_id)).toEqual(['throws.s1', 'throws.s2', 'loops.s1', 'loops.s2', 'wakes.s1', 'wakes.s2']);
    const easy = summary.variants.find((v: { variant: string }) => v.variant === 'easy');
    expect(easy.n).toBe(2);
    const throws = summary.variants.find((v: { variant: string }) => v.variant === 'throws');
    expect(throws.n).toBe(0);
    expect(throws.metrics.mean_wait).toEqual({ n: 0, mean: null, sd: null, ci_low: null, ci_high: null });
  });

  it('a run that allocates without bound is stopped by its heap limit (not the wall budget), alone', () => {
    const out = join(dir, 'hog');
    const r = cli(['run', writeConfig(dir, HOG, 'hog.yaml'), '--out', out, '--workers', '2'], { plugins: true });
    expect(r.code).toBe(1);
    const reason = /^out of memory: the worker's heap limit of 64 MiB \(budgets\.memory_mb\) was reached$/;
    expect(r.stderr).toMatch(/clusterlab: 2 run\(s\) failed:\n/);
    const listed = r.stderr.slice(r.stderr.indexOf('run(s) failed:'));
    const rows = parse(readFileSync(join(out, 'runs.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
    expect(rows.map((row) => `${row.run_id}:${row.status}`)).toEqual(['easy.s1:ok', 'easy.s2:ok', 'hog.s1:failed', 'hog.s2:failed']);
    for (const row of rows) {
      if (row.variant === 'hog') {
        expect(row.mean_wait).toBe('');
        const failure = JSON.parse(readFileSync(join(out, 'runs', row.run_id!, 'failure.json'), 'utf8'));
        expect(failure.reason).toMatch(reason);
        expect(readdirSync(join(out, 'runs', row.run_id!))).toEqual(['failure.json']);
        expect(listed).toContain(`  ${row.run_id}: ${failure.reason}\n`);
      } else {
        expect(Number(row.jobs_finished)).toBe(100);
      }
    }
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.runs).toEqual({ total: 4, ok: 2, failed: 2 });
    expect(summary.failures.map((f: { run_id: string }) => f.run_id)).toEqual(['hog.s1', 'hog.s2']);
  }); // only the heap limit can end the hog's runs

  it('failed runs count as done on --resume, and run again with --retry-failed', () => {
    const config = writeConfig(dir, FAULTY.replace(/  - name: loops[\s\S]*?(?=  - name: sjf)/, ''), 'two.yaml');
    const out = join(dir, 'retry');
    expect(cli(['run', config, '--out', out, '--workers', '1'], { plugins: true }).code).toBe(1);
    const resumed = cli(['run', config, '--out', out, '--resume', '--workers', '1'], { plugins: true });
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toMatch(/6 already done; running 0/);
    const retried = cli(['run', config, '--out', out, '--resume', '--retry-failed', '--workers', '1'], { plugins: true });
    expect(retried.code).toBe(1);
    expect(retried.stderr).toMatch(/4 already done; running 2/);
    expect(retried.stderr).toMatch(/throws\.s1 FAILED: Error: test-throw policy threw on purpose/);
  });

  it('a shard with failed runs exits 0 (failures recorded and listed), also on resume; merge exits 1 listing them', () => {
    const config = writeConfig(dir, 'workload:\n  trace: kth-small.swf\nvariants:\n  - name: easy\n  - name: throws\n    queue: test-throw\nseeds: [1, 2]\n', 'shard.yaml');
    const out = join(dir, 'shards');
    for (const k of [1, 2]) {
      const r = cli(['run', config, '--out', out, '--shard', `${k}/2`, '--workers', '1'], { plugins: true });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stderr).toMatch(/clusterlab: 1 run\(s\) failed:\n  throws\.s\d: Error: test-throw policy threw on purpose\n/);
      expect(r.stderr).toMatch(/exiting 0 \(the default for a shard\)/);
    }
    const resumed = cli(['run', config, '--out', out, '--shard', '1/2', '--workers', '1'], { plugins: true });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stderr).toMatch(/2 already done; running 0/);
    expect(cli(['run', config, '--out', out, '--shard', '1/2', '--no-allow-failures'], { plugins: true }).code).toBe(1);
    const m = cli(['merge', out]);
    expect(m.code).toBe(1);
    expect(m.stderr).toBe('clusterlab: 2 run(s) failed:\n  throws.s1: Error: test-throw policy threw on purpose\n  throws.s2: Error: test-throw policy threw on purpose\n');
    // A whole study exits 1 unless told otherwise.
    expect(cli(['run', config, '--out', join(dir, 'whole'), '--workers', '1', '--allow-failures'], { plugins: true }).code).toBe(0);
  });

  it('a study whose reader went away (run ... 2>&1 | head) still finishes: EPIPE on progress is ignored', async () => {
    const config = writeConfig(dir, 'workload:\n  trace: kth-small.swf\nvariants:\n  - name: easy\n  - name: sjf\n    queue: sjf\nseeds: [1, 2]\n', 'pipe.yaml');
    const out = join(dir, 'pipe');
    const child = cliAsync(['run', config, '--out', out, '--workers', '1']);
    // The reader reads one chunk and leaves, as head does: every later write gets EPIPE.
    child.stderr!.once('data', () => {
      child.stderr!.destroy();
      child.stdout!.destroy();
    });
    const code = await new Promise<number | null>((done) => child.on('exit', (c) => done(c)));
    expect(code).toBe(0);
    expect(existsSync(join(out, 'runs.csv'))).toBe(true);
    expect(readFileSync(join(out, 'runs.csv'), 'utf8').trim().split('\n')).toHaveLength(5);
  });
});
