/**
 * `simulate --scheduler ./module.ts` runs in a worker thread watched from the
 * main thread: a module that hangs is stopped after --scheduler-timeout with a
 * message naming it, the simulated time and the timeout, and nothing written;
 * a well-behaved module gives the same bytes as on the main thread.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runMain } from './in-process.ts';

const KTH = 'traces/samples/KTH-SP2-1996-2.1-cln.swf.gz';
const F = 'test/schedulers/fixtures';
const root = mkdtempSync(join(tmpdir(), 'module-worker-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('a scheduler module in a worker thread', () => {
  it('one that never returns from a decision ends the run after --scheduler-timeout, naming it, the time and the timeout', async () => {
    const out = join(root, 'hangs');
    const started = Date.now();
    const r = await runMain(['simulate', '-t', KTH, '--jobs', '0:200', '--scheduler', `${F}/bad-hangs.ts`, '--scheduler-timeout', '1', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^clusterlab: simulation failed: ${F}/bad-hangs\\.ts at t=\\d+: scheduler module ${F}/bad-hangs\\.ts: schedule did not return within 1 s \\(--scheduler-timeout\\)`),
    );
    // Stopped soon after the timeout (the worker's start and the trace read come first), not hanging.
    expect(Date.now() - started).toBeLessThan(60_000);
    // No result, not even half of one.
    expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
  });

  it('one that throws ends the run with its message (exit 1); a module that cannot load is an input error (exit 2)', async () => {
    const threw = await runMain(['simulate', '-t', KTH, '--jobs', '0:50', '--scheduler', `${F}/bad-throws.ts`]);
    expect(threw.code).toBe(1);
    expect(threw.stderr).toMatch(/simulation failed: bad-throws at t=\d+: scheduler "bad-throws" threw in schedule: boom/);
    const missing = await runMain(['simulate', '-t', KTH, '--scheduler', `${F}/no-such-module.ts`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no-such-module\.ts: cannot load the scheduler module/);
  });

  it('a well-behaved module writes the same bytes and prints the same summary as on the main thread', async () => {
    const args = (dir: string) => ['simulate', '-t', KTH, '--jobs', '0:400', '--scheduler', 'examples/my-scheduler.ts', '--explain', '--out', dir];
    const inWorker = await runMain(args(join(root, 'worker')));
    const inProcess = await runMain([...args(join(root, 'main')), '--scheduler-in-process']);
    expect(inWorker.code).toBe(0);
    expect(inProcess.code).toBe(0);
    expect(inWorker.stdout.replace(join(root, 'worker'), 'DIR')).toBe(inProcess.stdout.replace(join(root, 'main'), 'DIR'));
    const files = readdirSync(join(root, 'main')).sort();
    expect(files).toEqual(['decisions.jsonl', 'jobs.csv', 'manifest.json', 'nodes.csv', 'summary.json', 'timeseries.csv']);
    expect(readdirSync(join(root, 'worker')).sort()).toEqual(files);
    for (const f of files) expect(readFileSync(join(root, 'worker', f), 'utf8'), f).toBe(readFileSync(join(root, 'main', f), 'utf8'));
  });
});
