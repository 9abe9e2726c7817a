/**
 * Arrivals of the Lublin–Feitelson model (C: arrive_init, calc_next_arrive, arrive).
 *
 * The day is 48 half-hour buckets. Bucket weights (C: arrive_init): for
 * i = CYCLIC_DAY_START … CYCLIC_DAY_START + 47, bucket (i − 1) mod 48 gets
 * F(i + 0.5) − F(i − 0.5), F the CDF of Gamma(anum, bnum); the weights are then
 * divided by their mean, so they average 1.
 *
 * Time change (C: calc_next_arrive): each job draws g ~ Gamma(aarr · arar, barr)
 * (redrawn while g > 13) and gains e^g / 1800 "points". Crossing bucket b costs
 * weight[b] points, so a bucket of weight w lasts 1800 seconds of real time but
 * 1800 · w seconds of "rush-hour" time: arrivals are w times as frequent there.
 * The position inside the current bucket is the fraction of its weight already
 * paid. Real time is kept exactly here (the C code truncates the accumulated
 * time to whole seconds at every job).
 *
 * With batch and interactive jobs, each type runs its own clock and the next
 * job is of the type whose next arrival is earlier (interactive on ties, as the
 * C code's strict comparison gives).
 */
import type { Random } from '../../sim/rng.ts';
import { gammaVariate } from '../distributions/gamma.ts';
import { gammaCdf } from '../distributions/special.ts';
import { LUBLIN_CONSTANTS, type LublinParams } from './params.ts';

const { buckets: BUCKETS, secondsPerBucket: BUCKET_SECONDS, cyclicDayStart, maxLogInterarrival } = LUBLIN_CONSTANTS;

/** The 48 bucket weights of the daily cycle (mean 1), bucket 0 = 00:00–00:30. */
export function dailyWeights(anum: number, bnum: number): number[] {
  const w = new Array<number>(BUCKETS).fill(0);
  let sum = 0;
  for (let i = cyclicDayStart; i < BUCKETS + cyclicDayStart; i++) {
    const idx = (i - 1) % BUCKETS;
    w[idx] = gammaCdf(i + 0.5, anum, bnum) - gammaCdf(i - 0.5, anum, bnum);
    sum += w[idx]!;
  }
  const mean = sum / BUCKETS;
  return w.map((x) => x / mean);
}

/** The clock of one job type: where it is in the daily cycle and the time of its next arrival. */
export class DailyCycleClock {
  /** Time of the next arrival, seconds from the start. */
  time = 0;
  private bucket: number;
  private points = 0;
  private fraction = 0;

  constructor(
    private readonly weights: readonly number[],
    startHour = 0,
  ) {
    this.bucket = Math.floor((startHour * BUCKETS) / 24);
  }

  /** Moves the clock by `points` of rush-hour time (e^g / 1800 for a gap of e^g rush-hour seconds). */
  advance(points: number): void {
    const w = this.weights;
    this.points += points;
    let elapsed = 0;
    while (this.points > w[this.bucket]!) {
      this.points -= w[this.bucket]!;
      this.bucket = (this.bucket + 1) % BUCKETS;
      elapsed += BUCKET_SECONDS;
    }
    const fraction = this.points / w[this.bucket]!;
    elapsed += BUCKET_SECONDS * (fraction - this.fraction);
    this.fraction = fraction;
    this.time += elapsed;
  }
}

/** ln of one rush-hour inter-arrival time, in seconds. */
export function lublinLogGap(random: Random, p: Readonly<LublinParams>): number {
  for (;;) {
    const g = gammaVariate(random, p.aarr * p.arar, p.barr);
    if (g <= maxLogInterarrival) return g;
  }
}

export type LublinJobType = 'batch' | 'interactive';

export interface LublinArrival {
  time: number;
  type: LublinJobType;
}

/**
 * The arrival stream of the model: `types` holds the parameters and random
 * stream of each job type present (both, or only `interactive` for the typeless
 * model, as the C code does).
 */
export class LublinArrivals {
  private readonly clocks = new Map<LublinJobType, { clock: DailyCycleClock; random: Random; params: Readonly<LublinParams> }>();

  constructor(types: ReadonlyMap<LublinJobType, { params: Readonly<LublinParams>; random: Random }>, startHour = 0) {
    for (const [type, { params, random }] of types) {
      const clock = new DailyCycleClock(dailyWeights(params.anum, params.bnum), startHour);
      const entry = { clock, random, params };
      this.clocks.set(type, entry);
      this.step(entry);
    }
  }

  next(): LublinArrival {
    const batch = this.clocks.get('batch');
    const interactive = this.clocks.get('interactive');
    const type: LublinJobType = batch && (!interactive || batch.clock.time < interactive.clock.time) ? 'batch' : 'interactive';
    const entry = (type === 'batch' ? batch : interactive)!;
    const time = entry.clock.time;
    this.step(entry);
    return { time, type };
  }

  private step(entry: { clock: DailyCycleClock; random: Random; params: Readonly<LublinParams> }): void {
    entry.clock.advance(Math.exp(lublinLogGap(entry.random, entry.params)) / BUCKET_SECONDS);
  }
}
