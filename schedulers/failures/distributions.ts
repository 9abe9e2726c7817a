/**
 * Time-to-failure and time-to-repair distributions, with the parameter names
 * of the reliability literature, sampled by inversion from a named stream:
 *   exponential {mean}            F(t) = 1 − e^(−t/mean)   (MTBF or MTTR = mean)
 *   weibull {shape k, scale λ}    F(t) = 1 − e^(−(t/λ)^k)  (mean λ Γ(1 + 1/k); k < 1 infant mortality, k > 1 wear-out)
 *   lognormal {mu, sigma}         ln T ~ N(mu, sigma²)     (mean e^(mu + sigma²/2); typical of repair times)
 *   constant {value}              always `value` (scripted tests)
 */
import { z } from 'zod';
import type { Random } from '../../sim/rng.ts';

const positive = z.number().positive().finite();

export const DistributionSchema = z.discriminatedUnion('distribution', [
  z.strictObject({ distribution: z.literal('exponential'), mean: positive }),
  z.strictObject({ distribution: z.literal('weibull'), shape: positive, scale: positive }),
  z.strictObject({ distribution: z.literal('lognormal'), mu: z.number().finite(), sigma: z.number().nonnegative().finite() }),
  z.strictObject({ distribution: z.literal('constant'), value: z.number().nonnegative().finite() }),
]);

export type Distribution = z.infer<typeof DistributionSchema>;

/** One draw; uses one uniform (two for the lognormal, Box-Muller). */
export function sample(d: Distribution, random: Random): number {
  switch (d.distribution) {
    case 'exponential':
      return -d.mean * Math.log(1 - random());
    case 'weibull':
      return d.scale * (-Math.log(1 - random())) ** (1 / d.shape);
    case 'lognormal': {
      const u1 = 1 - random();
      const u2 = random();
      const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      return Math.exp(d.mu + d.sigma * z);
    }
    case 'constant':
      return d.value;
  }
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
export function residual(d: Distribution, age: number, random: Random): number | null {
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
export function mean(d: Distribution): number {
  switch (d.distribution) {
    case 'exponential':
      return d.mean;
    case 'weibull':
      return d.scale * gamma(1 + 1 / d.shape);
    case 'lognormal':
      return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
    case 'constant':
      return d.value;
  }
}

/** Γ(x) for x > 0 (Lanczos approximation, g = 7, n = 9; relative error below 1e-13). */
export function gamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const y = x - 1;
  let a = c[0]!;
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (y + i);
  return Math.sqrt(2 * Math.PI) * t ** (y + 0.5) * Math.exp(-t) * a;
}
