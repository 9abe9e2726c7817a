/**
 * Seeded randomness, split into named streams.
 *
 * One run has one seed. Each consumer asks for its own stream by name
 * (`arrivals`, `failures`, `tiebreak`...), derived from the seed and the name
 * only, so changing a policy does not change the workload or the failures:
 * two policies at one seed are a paired comparison (common random numbers).
 * The engine never reads the wall clock or Math.random.
 */
import seedrandom from 'seedrandom';

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

export class Rng {
  readonly seed: number | string;

  constructor(seed: number | string) {
    this.seed = seed;
  }

  /** The stream called `name`: the same seed and name always give the same sequence. */
  stream(name: string): Random {
    // Alea is fast and has a 2^116 period; seedrandom hashes the string key.
    const prng = seedrandom.alea(`clusterlab:${String(this.seed)}:${name}`);
    return () => prng.double();
  }
}

/** An exponential variate with the given mean, by inversion (1 - u is in (0, 1]). */
export function exponential(random: Random, mean: number): number {
  return -mean * Math.log(1 - random());
}
