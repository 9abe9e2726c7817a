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

describe('steady stretches', () => {
  // An extension that counts what it is asked: a constant rate of 2 per second, summed per bucket (a sum column) and in total.
  const meter = (steady: boolean) => {
    const m = { calls: 0, total: 0, bucket: 0 };
    const ext = {
      columns: ['rate_sum'],
      steady,
      integrate: (from: number, to: number) => {
        m.calls++;
        m.total += 2 * (to - from);
        m.bucket += 2 * (to - from);
      },
      flush: () => {
        const row = [m.bucket];
        m.bucket = 0;
        return row;
      },
    };
    return { m, ext };
  };
  function run(steady: boolean) {
    const { m, ext } = meter(steady);
    const rows: number[][] = [];
    // Two jobs far apart: long stretches without events, on buckets of 10 s.
    runSimulation({ jobs: [job('a', 5, 20), job('b', 10003, 50)], source: { format: 'canonical', file: 'x' }, cluster: null, dropped: {}, repaired: {}, header: {} }, homogeneousCluster(2, { cpu: 1 }), {
      ...DEFAULT_OPTIONS,
      sampleStep: 10,
      seriesExtensions: [ext],
      timeseries: { columns: () => {}, row: (r) => rows.push([...r]) },
    });
    return { rows, m };
  }

  it('give the rows and totals of bucket-by-bucket integration, with a few integrations per stretch instead of one per bucket', () => {
    const bucketwise = run(false);
    const steady = run(true);
    expect(steady.rows).toEqual(bucketwise.rows);
    expect(steady.rows).toHaveLength(1006);
    expect(steady.m.total).toBe(bucketwise.m.total);
    expect(bucketwise.m.calls).toBeGreaterThan(1000);
    expect(steady.m.calls).toBeLessThan(20);
  });
});
