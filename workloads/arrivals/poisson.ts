/**
 * Homogeneous Poisson arrivals: inter-arrival times exponential with mean
 * 1/rate, so the number of arrivals in any interval of length T is Poisson(rate·T).
 */
import { z } from 'zod';
import type { Random } from '../../sim/rng.ts';
import { openUnit } from '../distributions/sampler.ts';

export const PoissonSchema = z.strictObject({
  process: z.literal('poisson'),
  /** Arrivals per second. */
  rate: z.number().positive().finite(),
});

/** Arrival times after `start`, increasing, without end. */
export function* poissonArrivals(random: Random, spec: { rate: number }, start = 0): Generator<number> {
  let t = start;
  for (;;) {
    t += -Math.log(openUnit(random)) / spec.rate;
    yield t;
  }
}
