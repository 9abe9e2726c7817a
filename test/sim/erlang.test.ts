/**
 * The engine against queueing theory: Poisson arrivals and exponential
 * runtimes on c single-processor nodes under FCFS form an M/M/c queue, whose
 * mean wait is given by the Erlang C formula. The tolerance comes from the run
 * itself: the standard error of the mean wait by the method of batch means.
 */
import { describe, expect, it } from 'vitest';
import { homogeneousCluster, Cluster } from '../../sim/cluster.ts';
import { Engine } from '../../sim/engine.ts';
import { exponential, Rng } from '../../sim/rng.ts';
import type { SimJob } from '../../sim/jobs.ts';
import { createScheduler } from '../../schedulers/registry.ts';
import { erlangC } from '../../workloads/services/queueing.ts';

function mmc(c: number, lambda: number, mu: number, n: number, seed: number) {
  const rng = new Rng(seed);
  const arrivals = rng.stream('arrivals');
  const service = rng.stream('service');
  const jobs: SimJob[] = [];
  let t = 0;
  for (let i = 0; i < n; i++) {
    t += exponential(arrivals, 1 / lambda);
    const runtime = Math.max(1e-9, exponential(service, 1 / mu));
    jobs.push({ id: String(i), submit: t, tasks: 1, request: { cpu: 1 }, runtime, estimate: runtime });
  }
  const engine = new Engine({
    cluster: new Cluster(homogeneousCluster(c, { cpu: 1 })),
    jobs,
    policy: createScheduler({ queue: 'fcfs', backfill: 'none', placement: 'first-fit' }),
  });
  const r = engine.run();
  return Array.from({ length: n }, (_, j) => r.start[j]! - r.jobs.submit[j]!);
}

describe('M/M/c under FCFS', () => {
  for (const [c, rho] of [
    [4, 0.75],
    [1, 0.5],
    [16, 0.9],
  ] as const) {
    it(`c = ${c}, utilization ${rho}: mean wait matches Erlang C within 4 standard errors`, () => {
      const mu = 1;
      const lambda = rho * c * mu;
      const n = 200_000;
      const waits = mmc(c, lambda, mu, n, 2024 + c);
      const theory = erlangC(c, lambda / mu) / (c * mu - lambda);
      // Discard the first 5% as warm-up, then 40 batch means.
      const kept = waits.slice(n / 20);
      const batches = 40;
      const size = Math.floor(kept.length / batches);
      const means: number[] = [];
      for (let b = 0; b < batches; b++) {
        let s = 0;
        for (let i = b * size; i < (b + 1) * size; i++) s += kept[i]!;
        means.push(s / size);
      }
      const mean = means.reduce((a, b) => a + b, 0) / batches;
      const sd = Math.sqrt(means.reduce((a, m) => a + (m - mean) ** 2, 0) / (batches - 1));
      const se = sd / Math.sqrt(batches);
      expect(Math.abs(mean - theory)).toBeLessThan(4 * se);
      // and the interval is tight enough to mean something
      expect(se / theory).toBeLessThan(0.1);
    });
  }
});
