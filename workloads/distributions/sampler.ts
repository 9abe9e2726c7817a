/**
 * A sampler draws one value from a distribution, using only the uniform
 * numbers of the stream it is given. Samplers hold no state of their own, so
 * the same stream state always gives the same value.
 */
import type { Random } from '../../sim/rng.ts';

export type Sampler = (random: Random) => number;

/** A uniform number in (0, 1]: safe for logarithms and negative powers. */
export function openUnit(random: Random): number {
  return 1 - random();
}
