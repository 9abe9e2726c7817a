/**
 * User runtime estimates (requested walltimes) for generated jobs.
 *
 * - `exact`: estimate = runtime (perfect estimates).
 * - `factor`: estimate = runtime × (1 + (f − 1)·U), U uniform on [0, 1): the
 *   "f model" of overestimation (Mu'alem and Feitelson, TPDS 12(6), 2001, use
 *   uniform factors in [1, f]). With `round: walltime` (the default) the result
 *   is rounded up to the next value of WALLTIME_LADDER, because real estimates
 *   are a few round values (Tsafrir, Etsion and Feitelson, "Modeling user
 *   runtime estimates", JSSPP 2005, find about 20 values cover 90% of jobs);
 *   the ladder itself is our choice of common values, not theirs. Rounding up
 *   keeps estimate ≥ runtime.
 * - `fixed`: every job gets `value` (a queue's limit), even below its runtime.
 * `max` (any model but exact) caps the estimate, as a queue limit does: a job
 * longer than the cap then runs past its estimate (see simulate --overrun).
 */
import { z } from 'zod';
import type { Random } from '../sim/rng.ts';

const minutes = (m: number) => m * 60;
const hours = (h: number) => h * 3600;

/** Round walltimes, seconds: 1–45 minutes, 1 hour to a week. Above a week: whole days. */
export const WALLTIME_LADDER: readonly number[] = Object.freeze([
  ...[1, 2, 5, 10, 15, 20, 30, 45].map(minutes),
  ...[1, 1.5, 2, 3, 4, 5, 6, 8, 10, 12, 16, 18, 24, 36, 48, 72, 96, 120, 168].map(hours),
]);

/** The smallest ladder value ≥ seconds (whole days above the ladder). */
export function roundUpToWalltime(seconds: number): number {
  for (const w of WALLTIME_LADDER) if (w >= seconds) return w;
  return Math.ceil(seconds / 86_400) * 86_400;
}

export const EstimateSchema = z.discriminatedUnion('model', [
  z.strictObject({ model: z.literal('exact') }),
  z.strictObject({
    model: z.literal('factor'),
    f: z.number().min(1).finite(),
    round: z.enum(['walltime', 'none']).default('walltime'),
    max: z.number().positive().finite().optional(),
  }),
  z.strictObject({
    model: z.literal('fixed'),
    value: z.number().positive().finite(),
    max: z.number().positive().finite().optional(),
  }),
]);

export type EstimateSpec = z.infer<typeof EstimateSchema>;

/** The estimate of a job of this runtime. `factor` uses one uniform per job; the others none. */
export function estimateFor(spec: EstimateSpec, random: Random, runtime: number): number {
  switch (spec.model) {
    case 'exact':
      return runtime;
    case 'factor': {
      let e = runtime * (1 + (spec.f - 1) * random());
      if (spec.round === 'walltime') e = roundUpToWalltime(e);
      return spec.max === undefined ? e : Math.min(e, spec.max);
    }
    case 'fixed':
      return spec.max === undefined ? spec.value : Math.min(spec.value, spec.max);
  }
}
