/**
 * A node whose failure comes while it cannot fail (down for another cause, in
 * maintenance) keeps its age: the next failure is drawn conditioned on the age
 * it reached, or, with no life left (a constant time to failure), happens as
 * soon as it can fail again. Before, a fresh time to failure was drawn, which
 * made an ageing (Weibull) node as good as new.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../../sim/rng.ts';
import { ZONE_LABEL } from '../../../schedulers/control/world.ts';
import { normalUpper, residual, sample, type Lifetime as Distribution } from '../../../workloads/distributions/lifetime.ts';
import { gammaFunction as gamma } from '../../../workloads/distributions/special.ts';
import { failurePolicies } from '../../../schedulers/failures/registry.ts';
import { nodes, runDynamic } from '../../helpers/dynamics.ts';

/** E[T − a | T > a] by the trapezoid rule on the survival function: ∫_a^∞ S(t) dt / S(a). */
function meanResidual(survival: (t: number) => number, a: number, upTo: number): number {
  const n = 20000;
  const h = (upTo - a) / n;
  let sum = (survival(a) + survival(upTo)) / 2;
  for (let i = 1; i < n; i++) sum += survival(a + i * h);
  return (sum * h) / survival(a);
}

function meanAndSe(xs: readonly number[]): { mean: number; se: number } {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
  return { mean: m, se: Math.sqrt(v / xs.length) };
}

describe('the remaining life of a unit of a given age', () => {
  const cases: [string, Distribution, (t: number) => number, number, number][] = [
    ['weibull wear-out (shape 3)', { distribution: 'weibull', shape: 3, scale: 1000 }, (t) => Math.exp(-((t / 1000) ** 3)), 900, 5000],
    ['weibull infant mortality (shape 0.6)', { distribution: 'weibull', shape: 0.6, scale: 1000 }, (t) => Math.exp(-((t / 1000) ** 0.6)), 500, 2e6],
    ['lognormal', { distribution: 'lognormal', mu: 6, sigma: 0.7 }, (t) => survivalLognormal(t, 6, 0.7), 600, 1e5],
  ];
  for (const [name, d, survival, age, upTo] of cases) {
    it(`${name} at age ${age}: the mean of 20,000 draws within 4 standard errors of ∫S / S(age)`, () => {
      const random = new Rng(5).stream('residual');
      const draws: number[] = [];
      for (let i = 0; i < 20000; i++) draws.push(residual(d, age, random)!);
      const { mean, se } = meanAndSe(draws);
      const expected = meanResidual(survival, age, upTo);
      expect(Math.abs(mean - expected)).toBeLessThan(4 * se);
      // Ageing shows: the wear-out unit's remaining life is shorter than a new one's, the infant's longer.
      const fresh = d.distribution === 'weibull' ? d.scale * gamma(1 + 1 / d.shape) : NaN;
      if (d.distribution === 'weibull' && d.shape > 1) expect(expected).toBeLessThan(fresh / 2);
      if (d.distribution === 'weibull' && d.shape < 1) expect(expected).toBeGreaterThan(fresh);
    });
  }

  it('exponential: the same draw as a fresh one (memoryless), whatever the age', () => {
    const d: Distribution = { distribution: 'exponential', mean: 300 };
    const a = new Rng(9).stream('x');
    const b = new Rng(9).stream('x');
    for (let i = 0; i < 100; i++) expect(residual(d, 12345, a)).toBe(sample(d, b));
  });

  it('constant: what is left of the value, and nothing past it', () => {
    const random = new Rng(1).stream('x');
    expect(residual({ distribution: 'constant', value: 1000 }, 400, random)).toBe(600);
    expect(residual({ distribution: 'constant', value: 1000 }, 1000, random)).toBeNull();
  });
});

/** P(T > t) of a lognormal, through P(Z > z) (the erfc approximation is independent of the inversion under test). */
function survivalLognormal(t: number, mu: number, sigma: number): number {
  return t <= 0 ? 1 : normalUpper((Math.log(t) - mu) / sigma);
}

describe('a node keeps its age through a refused failure', () => {
  const zone = () => ({ [ZONE_LABEL]: 'a' });

  function run(ttf: Distribution, outageAt: number, outageLength: number, count: number) {
    const horizon = outageAt + outageLength + 20000;
    const r = runDynamic({
      cluster: nodes(count, { cpu: 1 }, zone),
      horizon,
      controllers: (world, rng) => [
        failurePolicies.create({ policy: 'outage', domain: 'zone', name: 'a', at: outageAt, duration: outageLength }, { world, rng, horizon }),
        failurePolicies.create({ policy: 'node-failures', timeToFailure: ttf, timeToRepair: { distribution: 'constant', value: 10 } }, { world, rng, horizon }),
      ],
    });
    return r;
  }

  it('a constant time to failure refused during an outage fails when the outage ends, not one life later', () => {
    const r = run({ distribution: 'constant', value: 1000 }, 900, 200, 1);
    const own = r.world.failures.filter((f) => f.cause === 'node-failure').map((f) => f.failedAt);
    // Age 1000 reached at 1000, inside the outage [900, 1100): the failure comes at 1100; then every 1010 s.
    expect(own.slice(0, 3)).toEqual([1100, 2110, 3120]);
  });

  it('weibull wear-out nodes (shape 4) down through their whole life fail within seconds of coming back', () => {
    // 40 nodes down from 1 to 5001; at age 5000 the hazard is (4/1000)(5)^3 = 0.5 per second.
    const end = 5001;
    const r = run({ distribution: 'weibull', shape: 4, scale: 1000 }, 1, 5000, 40);
    const first = new Map<number, number>();
    for (const f of r.world.failures) if (f.cause === 'node-failure' && f.failedAt >= end && !first.has(f.node)) first.set(f.node, f.failedAt - end);
    expect(first.size).toBe(40);
    const { mean } = meanAndSe([...first.values()]);
    // Aged nodes: mean delay ≈ 2 s (mean residual life at age 5000, plus the heartbeat-free rejoin at 5001).
    // A fresh draw would give Γ(1.25) × 1000 ≈ 906 s.
    expect(mean).toBeLessThan(20);
  });
});
