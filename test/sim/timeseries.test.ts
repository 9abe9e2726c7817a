/**
 * The time series convention: every bucket is the exact time average over
 * the part of it the run covered, the first and the last bucket alike.
 */
import { describe, expect, it } from 'vitest';
import { homogeneousCluster } from '../../sim/cluster.ts';
import { DEFAULT_OPTIONS, runSimulation } from '../../experiments/run/simulate.ts';
import type { Job } from '../../workloads/job.ts';

const job = (id: string, submit: number, runtime: number): Job => ({
  id, submit, tasks: 1, request: { cpu: 1 }, runtime, estimate: runtime, priority: 0, user: null, group: null, queue: null, dependencies: [], logStatus: null, logWait: null,
});

function series(jobs: Job[], nodes: number, step: number) {
  const rows: number[][] = [];
  let columns: readonly string[] = [];
  runSimulation({ jobs, source: { format: 'canonical', file: 'x' }, cluster: null, dropped: {}, repaired: {}, header: {} }, homogeneousCluster(nodes, { cpu: 1 }), {
    ...DEFAULT_OPTIONS,
    sampleStep: step,
    timeseries: { columns: (c) => (columns = c), row: (r) => rows.push([...r]) },
  });
  return rows.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]!])));
}

describe('timeseries.csv buckets', () => {
  it('average the first and the last bucket over the part the run covered, like the others', () => {
    // One job of two nodes' worth: half the cluster busy from 5 to 25; buckets of 10 s.
    const rows = series([job('a', 5, 20)], 2, 10);
    expect(rows.map((r) => r.time)).toEqual([0, 10, 20]);
    // The run covers 5..10 of the first bucket and 20..25 of the last: the state was the same throughout.
    expect(rows.map((r) => r.utilization_cpu)).toEqual([0.5, 0.5, 0.5]);
    expect(rows.map((r) => r.running)).toEqual([1, 1, 1]);
    expect(rows.map((r) => [r.submitted, r.started, r.ended])).toEqual([[1, 1, 0], [0, 0, 0], [0, 0, 1]]);
  });

  it('weigh the state by time within the covered part', () => {
    // a: 2..14 on one node, b: 6..30 on the other; buckets [0,10) covered from 2, [10,20), [20,30) up to 30.
    const rows = series([job('a', 2, 12), job('b', 6, 24)], 2, 10);
    // First bucket, 8 s covered: 1 job for 4 s, 2 jobs for 4 s -> (0.5*4 + 1*4) / 8.
    expect(rows[0]!.utilization_cpu).toBe((0.5 * 4 + 1 * 4) / 8);
    expect(rows[1]!.utilization_cpu).toBe((1 * 4 + 0.5 * 6) / 10);
    expect(rows[2]!.utilization_cpu).toBe(0.5);
  });
});
