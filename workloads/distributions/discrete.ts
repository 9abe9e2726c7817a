/**
 * Integer-valued distributions for job sizes (task counts):
 * - `uniform-int`: each integer of [min, max] with probability 1/(max − min + 1);
 * - `pow2`: 2^k with k uniform over the integers of [log2 min, log2 max]
 *   (log-uniform over powers of two, the usual model of power-of-two job sizes);
 * - `choice`: one of `values`, with probabilities proportional to `weights` (equal when absent).
 */
import { z } from 'zod';
import type { Sampler } from './sampler.ts';

const isPowerOfTwo = (n: number) => Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0;

export const UniformIntSchema = z
  .strictObject({
    distribution: z.literal('uniform-int'),
    min: z.number().int(),
    max: z.number().int(),
  })
  .refine((s) => s.max >= s.min, { message: 'max must be at least min', path: ['max'] });

export function uniformIntSampler(spec: { min: number; max: number }): Sampler {
  const { min, max } = spec;
  const n = max - min + 1;
  return (random) => min + Math.floor(random() * n);
}

export const PowerOfTwoSchema = z
  .strictObject({
    distribution: z.literal('pow2'),
    min: z.number().int().refine(isPowerOfTwo, 'must be a power of two'),
    max: z.number().int().refine(isPowerOfTwo, 'must be a power of two'),
  })
  .refine((s) => s.max >= s.min, { message: 'max must be at least min', path: ['max'] });

export function powerOfTwoSampler(spec: { min: number; max: number }): Sampler {
  const lo = Math.log2(spec.min);
  const n = Math.log2(spec.max) - lo + 1;
  return (random) => 2 ** (lo + Math.floor(random() * n));
}

export const ChoiceSchema = z
  .strictObject({
    distribution: z.literal('choice'),
    values: z.array(z.number().finite()).min(1),
    weights: z.array(z.number().nonnegative().finite()).optional(),
  })
  .refine((s) => s.weights === undefined || s.weights.length === s.values.length, {
    message: 'weights must have one entry per value',
    path: ['weights'],
  })
  .refine((s) => s.weights === undefined || s.weights.some((w) => w > 0), {
    message: 'at least one weight must be positive',
    path: ['weights'],
  });

export function choiceSampler(spec: { values: readonly number[]; weights?: readonly number[] | undefined }): Sampler {
  const values = spec.values;
  const weights = spec.weights ?? values.map(() => 1);
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  let acc = 0;
  for (const w of weights) cumulative.push((acc += w) / total);
  cumulative[cumulative.length - 1] = 1;
  return (random) => {
    const u = random();
    // Binary search for the first cumulative probability above u.
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return values[lo]!;
  };
}
