/**
 * Lifetimes: the distributions a failure model takes for time to failure and
 * time to repair (schedulers/failures/), with the parameter names of the
 * reliability literature. The same `{distribution: ...}` objects and samplers
 * as the workload generators (index.ts), restricted to the kinds with a
 * residual life below, and to durations (a constant or lognormal of spread 0
 * is allowed; no negative constant):
 *   exponential {mean}            F(t) = 1 − e^(−t/mean)   (MTBF or MTTR = mean)
 *   weibull {shape k, scale λ}    F(t) = 1 − e^(−(t/λ)^k)  (mean λ Γ(1 + 1/k); k < 1 infant mortality, k > 1 wear-out)
 *   lognormal {mu, sigma}         ln T ~ N(mu, sigma²)     (mean e^(mu + sigma²/2); typical of repair times)
 *   constant {value}              always `value` (scripted tests)
 */
import { z } from 'zod';
import type { Random } from '../../sim/rng.ts';
import { samplerFor, wrongKeyError } from './index.ts';
import { ExponentialSchema } from './exponential.ts';
import { LognormalSchema } from './lognormal.ts';
import { gammaFunction } from './special.ts';
import { ConstantSchema } from './uniform.ts';
import { WeibullSchema } from './weibull.ts';

export const LifetimeSchema = z.discriminatedUnion(
  'distribution',
  [ExponentialSchema, WeibullSchema, LognormalSchema.extend({ sigma: z.number().nonnegative().finite() }), ConstantSchema.extend({ value: z.number().nonnegative().finite() })],
  { error: wrongKeyError },
);

export type Lifetime = z.infer<typeof LifetimeSchema>;

/** One draw; uses one uniform (two for the lognormal, Box-Muller), as every sampler of index.ts. */
export function sample(d: Lifetime, random: Random): number {
  return samplerFor(d)(random);
}

/**
 * The remaining life of a unit that has survived to `age`: one draw of T − age
 * with T from the distribution conditioned on T > age, by inversion of the
 * conditional survival function S(age + x) / S(age). Uses one uniform.
 * Exponential: memoryless, the same draw (and the same expression) as
 * `sample`. Weibull: (age/λ)^k − ln U is the cumulative hazard at T, so
 * T = λ ((age/λ)^k − ln U)^(1/k). Lognormal: T = exp(mu + sigma Φ⁻¹(p)) with p
 * uniform on (Φ(z_age), 1). Returns null when no life is left (P(T > age) = 0:
 * a constant past its value, or a lognormal so far in its tail that the
 * survival underflows).
 */
export function residual(d: Lifetime, age: number, random: Random): number | null {
  switch (d.distribution) {
    case 'exponential':
      return -d.mean * Math.log(1 - random());
    case 'weibull': {
      const h = (age / d.scale) ** d.shape - Math.log(1 - random());
      return Math.max(0, d.scale * h ** (1 / d.shape) - age);
    }
    case 'lognormal': {
      const u = random();
      if (age <= 0) return Math.exp(d.mu + d.sigma * normalQuantileUpper(1 - u));
      const z0 = d.sigma > 0 ? (Math.log(age) - d.mu) / d.sigma : Math.log(age) >= d.mu ? Infinity : -Infinity;
      const tail = normalUpper(z0);
      if (!(tail > 0)) return null;
      // Upper-tail probability of T: uniform on (0, S(age)).
      const q = (1 - u) * tail;
      return Math.max(0, Math.exp(d.mu + d.sigma * normalQuantileUpper(q)) - age);
    }
    case 'constant':
      return d.value > age ? d.value - age : null;
  }
}

/** P(Z > z) for a standard normal Z: erfc(z/√2)/2 (Numerical Recipes' erfcc, relative error below 1.2e-7). */
export function normalUpper(z: number): number {
  if (z === Infinity) return 0;
  if (z === -Infinity) return 1;
  const x = z / Math.SQRT2;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.5 * a);
  const r = t * Math.exp(-a * a - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return (x >= 0 ? r : 2 - r) / 2;
}

/** The z with P(Z > z) = q, 0 < q ≤ 1, by bisection on normalUpper (to its precision). */
function normalQuantileUpper(q: number): number {
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 100 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (normalUpper(mid) > q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** The mean of the distribution. */
export function mean(d: Lifetime): number {
  switch (d.distribution) {
    case 'exponential':
      return d.mean;
    case 'weibull':
      return d.scale * gammaFunction(1 + 1 / d.shape);
    case 'lognormal':
      return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
    case 'constant':
      return d.value;
  }
}
