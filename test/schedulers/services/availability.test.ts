/**
 * Against theory: n replicas, one per node (each node holds exactly one), nodes
 * failing independently with availability A = MTBF / (MTBF + MTTR), instant
 * detection, readiness and propagation: the service (at least k replicas
 * ready) is available P(X ≥ k) with X ~ Binomial(n, A) of the time.
 *
 * Tolerance: the service's outages begin always in the same state (k − 1 nodes
 * up), so its up/down periods form i.i.d. regenerative cycles; the estimate's
 * standard error is sd((1 − P) U − P D) / (√m · (Ū + D̄)) over the m observed
 * cycles (delta method). The test allows 4 of them.
 */
import { describe, expect, it } from 'vitest';
import { failurePolicies } from '../../../schedulers/failures/registry.ts';
import { nodes, runDynamic, servicePeriods } from '../../helpers/dynamics.ts';

function binomialAtLeast(n: number, k: number, p: number): number {
  let total = 0;
  for (let i = k; i <= n; i++) {
    let c = 1;
    for (let j = 0; j < i; j++) c = (c * (n - j)) / (j + 1);
    total += c * p ** i * (1 - p) ** (n - i);
  }
  return total;
}

describe('k-of-n replicated service availability against the binomial', () => {
  const cases: [number, number, number, number][] = [
    // n, k, MTBF, MTTR
    [5, 3, 1000, 250],
    [3, 1, 800, 400],
    [4, 4, 4000, 200],
  ];
  for (const [n, k, mtbf, mttr] of cases) {
    it(`${k} of ${n}, node availability ${(mtbf / (mtbf + mttr)).toFixed(3)}`, () => {
      const horizon = 2e6;
      // Service up/down periods, watched between events (the state is constant in between).
      const { periods, observer: watch, attach } = servicePeriods(k);
      const r = runDynamic({
        cluster: nodes(n, { cpu: 1 }),
        horizon,
        services: [{ name: 'web', replicas: n, request: { cpu: 1 }, readinessDelay: 0, capacity: 10, minAvailable: k, requestRate: { kind: 'constant', rate: 5 } }],
        controllers: (world, rng, _rec, s) => {
          attach(s);
          return [
            failurePolicies.create(
              { policy: 'node-failures', timeToFailure: { distribution: 'exponential', mean: mtbf }, timeToRepair: { distribution: 'exponential', mean: mttr } },
              { world, rng, horizon },
            ),
          ];
        },
        observers: [watch],
      });
      const P = binomialAtLeast(n, k, mtbf / (mtbf + mttr));
      const t = r.services!.services[0]!.totals;
      const got = t.availableTime / t.time;
      // Regenerative cycles: (up period, following down period).
      const z: number[] = [];
      let ups = 0;
      let downs = 0;
      const start = periods[0]!.up ? 0 : 1;
      for (let i = start; i + 1 < periods.length; i += 2) {
        const u = periods[i]!.length;
        const d = periods[i + 1]!.length;
        ups += u;
        downs += d;
        z.push((1 - P) * u - P * d);
      }
      const m = z.length;
      const mean = z.reduce((s, x) => s + x, 0) / m;
      const sd = Math.sqrt(z.reduce((s, x) => s + (x - mean) ** 2, 0) / (m - 1));
      const se = sd / (Math.sqrt(m) * ((ups + downs) / m));
      expect(m).toBeGreaterThan(300);
      expect(Math.abs(got - P)).toBeLessThan(4 * se);
      // Every lost replica was replaced: one eviction per node failure that hit a replica.
      expect(t.evicted).toBe(r.world.failures.length);
    });
  }
});
