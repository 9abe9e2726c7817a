/** Exponential distribution of mean m (rate 1/m): F(x) = 1 − exp(−x/m). Sampled by inversion. */
import { z } from 'zod';
import { openUnit, type Sampler } from './sampler.ts';

export const ExponentialSchema = z.strictObject({
  distribution: z.literal('exponential'),
  /** Mean (1/rate), in the unit of the quantity drawn (seconds for runtimes). */
  mean: z.number().positive().finite(),
});

export function exponentialSampler(spec: { mean: number }): Sampler {
  const { mean } = spec;
  return (random) => -mean * Math.log(openUnit(random));
}
