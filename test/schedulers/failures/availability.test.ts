/**
 * Against theory: a node alternating up times of mean u and repairs of mean d
 * is available u / (u + d) of the time in the long run (renewal-reward), for any
 * distributions. The estimate from n outages has, by the delta method, the
 * standard error sd((1 − A) U − A D) / (√n (u + d)); for exponential times
 * sd = √2 · u·d / (u + d). The tolerance is 4 standard errors from the number
 * of outages the run actually had.
 */
import { describe, expect, it } from 'vitest';
import { failurePolicies } from '../../../schedulers/failures/registry.ts';
import { mean as distMean, type Lifetime as Distribution } from '../../../workloads/distributions/lifetime.ts';
import { nodes, runDynamic } from '../../helpers/dynamics.ts';

const horizon = 2e6;

function run(ttf: Distribution, ttr: Distribution, seed = 1) {
  return runDynamic({
    cluster: nodes(10, { cpu: 1 }),
    horizon,
    seed,
    controllers: (world, rng) => [failurePolicies.create({ policy: 'node-failures', timeToFailure: ttf, timeToRepair: ttr }, { world, rng, horizon })],
  });
}

describe('node availability against MTBF / (MTBF + MTTR)', () => {
  it('exponential failures and repairs: within 4 standard errors derived from the number of outages', () => {
    const u = 2000;
    const d = 200;
    const r = run({ distribution: 'exponential', mean: u }, { distribution: 'exponential', mean: d });
    const A = u / (u + d);
    const outages = r.world.failures.length;
    const se = (Math.SQRT2 * u * d) / ((u + d) ** 2 * Math.sqrt(outages));
    const got = r.nodeMeter.summary(horizon).availability as number;
    expect(outages).toBeGreaterThan(5000);
    expect(Math.abs(got - A)).toBeLessThan(4 * se);
    // The observed repair time agrees with the MTTR too (its standard error is d / √n).
    expect(Math.abs((r.nodeMeter.summary(horizon).mean_time_to_repair as number) - d)).toBeLessThan((4 * d) / Math.sqrt(outages));
  });

  const general: [string, Distribution, Distribution][] = [
    ['weibull failures (shape 0.7), lognormal repairs', { distribution: 'weibull', shape: 0.7, scale: 1500 }, { distribution: 'lognormal', mu: 4.5, sigma: 0.8 }],
    ['weibull wear-out (shape 2), constant repairs', { distribution: 'weibull', shape: 2, scale: 3000 }, { distribution: 'constant', value: 300 }],
  ];
  for (const [name, ttf, ttr] of general) {
    it(`${name}: E[TTF] / (E[TTF] + E[TTR]) within 4 standard errors estimated from the outages`, () => {
      const r = run(ttf, ttr, 7);
      const u = distMean(ttf);
      const d = distMean(ttr);
      const A = u / (u + d);
      // Per-outage pairs (up time before it, its repair), by node.
      const last = new Map<number, number>();
      const z: number[] = [];
      for (const f of r.world.failures) {
        if (Number.isNaN(f.repairedAt)) continue;
        const up = f.failedAt - (last.get(f.node) ?? 0);
        last.set(f.node, f.repairedAt);
        z.push((1 - A) * up - A * (f.repairedAt - f.failedAt));
      }
      const n = z.length;
      const m = z.reduce((s, x) => s + x, 0) / n;
      const sd = Math.sqrt(z.reduce((s, x) => s + (x - m) ** 2, 0) / (n - 1));
      const se = sd / (Math.sqrt(n) * (u + d));
      const got = r.nodeMeter.summary(horizon).availability as number;
      expect(n).toBeGreaterThan(3000);
      expect(Math.abs(got - A)).toBeLessThan(4 * se);
    });
  }

  it('the same seed gives the same failures; another seed different ones', () => {
    const exp = (mean: number): Distribution => ({ distribution: 'exponential', mean });
    const a = run(exp(5000), exp(100), 3);
    const b = run(exp(5000), exp(100), 3);
    const c = run(exp(5000), exp(100), 4);
    expect(a.world.failures.map((f) => f.failedAt)).toEqual(b.world.failures.map((f) => f.failedAt));
    expect(a.world.failures.map((f) => f.failedAt)).not.toEqual(c.world.failures.map((f) => f.failedAt));
  });
});
