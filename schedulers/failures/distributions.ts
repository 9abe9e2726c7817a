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
