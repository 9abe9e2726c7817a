/**
 * Gamma distribution of shape k and scale θ: density x^(k−1) e^(−x/θ) / (Γ(k) θ^k),
 * mean kθ, variance kθ². Sampled by Marsaglia and Tsang's method ("A simple
 * method for generating gamma variables", ACM TOMS 26(3), 2000) for k ≥ 1, and
 * for k < 1 through Gamma(k + 1) · U^(1/k), as the same paper suggests.
 * Rejection sampling: the number of uniforms used varies, but only with the
 * stream's own values, so it stays deterministic.
 */
import { z } from 'zod';
import type { Random } from '../../sim/rng.ts';
import { standardNormal } from './normal.ts';
import { openUnit, type Sampler } from './sampler.ts';

export const GammaSchema = z.strictObject({
  distribution: z.literal('gamma'),
  /** k (often α). */
  shape: z.number().positive().finite(),
  /** θ (often β). */
  scale: z.number().positive().finite(),
});

/** One Gamma(shape, scale) variate. */
export function gammaVariate(random: Random, shape: number, scale: number): number {
  if (shape < 1) {
    return gammaVariate(random, shape + 1, scale) * Math.pow(openUnit(random), 1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = standardNormal(random);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const u = openUnit(random);
    if (Math.log(u) < 0.5 * x * x + d - d * v + d * Math.log(v)) return d * v * scale;
  }
}

export function gammaSampler(spec: { shape: number; scale: number }): Sampler {
  const { shape, scale } = spec;
  return (random) => gammaVariate(random, shape, scale);
}
