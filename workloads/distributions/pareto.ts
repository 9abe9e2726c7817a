/**
 * Pareto (type I) distribution of shape α and scale x_m: F(x) = 1 − (x_m/x)^α
 * for x ≥ x_m. Mean αx_m/(α − 1) when α > 1 (infinite otherwise), variance
 * finite only when α > 2. Sampled by inversion: x_m U^(−1/α).
 */
import { z } from 'zod';
import { openUnit, type Sampler } from './sampler.ts';

export const ParetoSchema = z.strictObject({
  distribution: z.literal('pareto'),
  /** α, the tail index. */
  shape: z.number().positive().finite(),
  /** x_m, the smallest value. */
  scale: z.number().positive().finite(),
});

export function paretoSampler(spec: { shape: number; scale: number }): Sampler {
  const { shape, scale } = spec;
  return (random) => scale * Math.pow(openUnit(random), -1 / shape);
}
