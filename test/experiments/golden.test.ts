/**
 * Golden whole runs on a real log: the KTH SP2 log under the four default
 * schedulers. summary.json must match byte for byte and jobs.csv by sha256.
 * The start times behind them are checked independently by
 * schedulers/reference.test.ts; this test catches any later change. After an
 * intended change, regenerate with UPDATE_GOLDEN=1 and explain it in the commit.
 * A missing golden file is a failure, not a fresh recording: deleting it must
 * not make the test pass.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_TRACE, DEFAULT_VARIANTS } from '../../experiments/cli/commands/default.ts';
import { clusterFor, loadWorkload } from '../../experiments/run/load.ts';
import { simulateToFiles } from '../../experiments/run/run-files.ts';
import { DEFAULT_OPTIONS } from '../../experiments/run/simulate.ts';

const GOLDEN = 'test/golden/kth.json';

describe('golden runs on the KTH SP2 log', async () => {
  const workload = await loadWorkload(DEFAULT_TRACE);
  const cluster = clusterFor(workload);
  const actual: Record<string, { summary: unknown; jobs_csv_sha256: string }> = {};
  for (const v of DEFAULT_VARIANTS) {
    const dir = mkdtempSync(join(tmpdir(), `golden-${v.name}-`));
    simulateToFiles(workload, cluster, { ...DEFAULT_OPTIONS, queue: v.queue, backfill: v.backfill }, dir, {});
    actual[v.name] = {
      summary: JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')),
      jobs_csv_sha256: createHash('sha256').update(readFileSync(join(dir, 'jobs.csv'))).digest('hex'),
    };
  }
  if (process.env.UPDATE_GOLDEN) writeFileSync(GOLDEN, `${JSON.stringify(actual, null, 2)}\n`);
  it('has its golden file (UPDATE_GOLDEN=1 writes it)', () => {
    expect(existsSync(GOLDEN), `${GOLDEN} is missing: run with UPDATE_GOLDEN=1 to record it, and say why in the commit`).toBe(true);
  });
  const golden = existsSync(GOLDEN) ? JSON.parse(readFileSync(GOLDEN, 'utf8')) : {};
  for (const v of DEFAULT_VARIANTS) {
    it(`${v.name}: summary and jobs.csv as recorded`, () => {
      expect(actual[v.name]).toEqual(golden[v.name]);
    });
  }

  it('every job is accounted for in every run', () => {
    for (const v of DEFAULT_VARIANTS) {
      const m = (actual[v.name]!.summary as { metrics: Record<string, number> }).metrics;
      expect(m.jobs_finished! + m.jobs_killed! + m.jobs_rejected!).toBe(28467);
    }
  });
});
