/**
 * Lognormal distribution: X = exp(μ + σZ), Z standard normal; μ and σ are the
 * mean and standard deviation of ln X (not of X). Mean exp(μ + σ²/2), median exp(μ).
 */
import { z } from 'zod';
import { standardNormal } from './normal.ts';
import type { Sampler } from './sampler.ts';

export const LognormalSchema = z.strictObject({
  distribution: z.literal('lognormal'),
  /** Mean of ln X. */
  mu: z.number().finite(),
  /** Standard deviation of ln X. */
  sigma: z.number().positive().finite(),
});

export function lognormalSampler(spec: { mu: number; sigma: number }): Sampler {
  const { mu, sigma } = spec;
  return (random) => Math.exp(mu + sigma * standardNormal(random));
}
