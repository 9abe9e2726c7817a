/**
 * Weibull distribution of shape k and scale λ: F(x) = 1 − exp(−(x/λ)^k).
 * Mean λΓ(1 + 1/k). Sampled by inversion: λ(−ln U)^(1/k).
 */
import { z } from 'zod';
import { openUnit, type Sampler } from './sampler.ts';

export const WeibullSchema = z.strictObject({
  distribution: z.literal('weibull'),
  /** k: below 1 a decreasing hazard (heavy right tail), 1 is exponential. */
  shape: z.number().positive().finite(),
  /** λ, in the unit of the quantity drawn. */
  scale: z.number().positive().finite(),
});

export function weibullSampler(spec: { shape: number; scale: number }): Sampler {
  const { shape, scale } = spec;
  return (random) => scale * Math.pow(-Math.log(openUnit(random)), 1 / shape);
}
