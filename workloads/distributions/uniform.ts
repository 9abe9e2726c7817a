/** Continuous uniform distribution on [min, max), and a constant. */
import { z } from 'zod';
import type { Sampler } from './sampler.ts';

export const UniformSchema = z
  .strictObject({
    distribution: z.literal('uniform'),
    min: z.number().finite(),
    max: z.number().finite(),
  })
  .refine((s) => s.max > s.min, { message: 'max must be larger than min', path: ['max'] });

export function uniformSampler(spec: { min: number; max: number }): Sampler {
  const { min, max } = spec;
  return (random) => min + (max - min) * random();
}

export const ConstantSchema = z.strictObject({
  distribution: z.literal('constant'),
  value: z.number().finite(),
});

/** Always `value`; consumes no random number. */
export function constantSampler(spec: { value: number }): Sampler {
  const { value } = spec;
  return () => value;
}
