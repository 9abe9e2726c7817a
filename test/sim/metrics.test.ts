import { describe, expect, it } from 'vitest';
import { boundedSlowdown, quantileSorted } from '../../sim/metrics.ts';
import { runScenario } from '../helpers/scenario.ts';
import { computeRunMetrics } from '../../sim/metrics.ts';
import { Cluster, homogeneousCluster } from '../../sim/cluster.ts';

describe('metrics', () => {
  it('bounded slowdown follows max(1, (wait + run) / max(run, 10))', () => {
    const cases: [number, number, number][] = [
      [0, 100, 1],
      [100, 100, 2],
      [5, 1, 1], // (5 + 1) / 10 < 1
      [19, 1, 2], // (19 + 1) / 10
      [30, 10, 4],
    ];
    for (const [wait, run, expected] of cases) expect(boundedSlowdown(wait, run)).toBe(expected);
  });

  it('quantiles interpolate linearly between order statistics (type 7)', () => {
    const xs = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantileSorted(xs, 0.5)).toBe(5.5);
    expect(quantileSorted(xs, 0.95)).toBeCloseTo(9.55, 12);
    expect(quantileSorted(xs, 0)).toBe(1);
    expect(quantileSorted(xs, 1)).toBe(10);
    expect(quantileSorted([7], 0.99)).toBe(7);
    expect(quantileSorted([], 0.5)).toBeNaN();
  });

  it('computes run metrics by hand on a small run', () => {
    // 2 processors. a: 0-10 on 2 procs; b submitted at 0 runs 10-15 on 1; c submitted 5 backfills? no: b is head...
    const { result } = runScenario(2, [
      { id: 'a', submit: 0, procs: 2, estimate: 10 },
      { id: 'b', submit: 0, procs: 1, estimate: 5 },
      { id: 'c', submit: 5, procs: 1, estimate: 20 },
    ], { backfill: 'none' });
    // a: wait 0 run 10; b: wait 10 run 5 (10-15); c: wait 5 run 20 (10-30)
    const m = computeRunMetrics(result, new Cluster(homogeneousCluster(2, { cpu: 1 })));
    expect(m.jobs_finished).toBe(3);
    expect(m.mean_wait).toBe(5);
    expect(m.max_wait).toBe(10);
    expect(m.p50_wait).toBe(5);
    expect(m.mean_response).toBe((10 + 15 + 25) / 3);
    expect(m.mean_slowdown).toBe((1 + 3 + 1.25) / 3);
    expect(m.mean_bounded_slowdown).toBe((1 + 15 / 10 + 25 / 20) / 3);
    expect(m.makespan).toBe(30);
    expect(m.utilization.cpu).toBe((2 * 10 + 5 + 20) / (2 * 30));
    expect(m.throughput).toBe(3 * 3600 / 30);
  });
});
