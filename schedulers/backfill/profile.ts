/**
 * An availability profile: the amount of each resource expected to be free
 * from now on, as a step function of time. Point k holds the amounts free on
 * [times[k], times[k+1]); the last point holds until infinity.
 *
 * Used by conservative backfilling to find, for a job of a given size and
 * estimated duration, the earliest time it fits for its whole duration.
 */
import { EPSILON } from '../../sim/cluster.ts';

export class Profile {
  readonly times: number[] = [];
  readonly free: Float64Array[] = [];
  private readonly R: number;

  /** Starts with `freeNow` available from `now` on. */
  constructor(now: number, freeNow: ArrayLike<number>) {
    this.R = freeNow.length;
    this.times.push(now);
    this.free.push(Float64Array.from(freeNow));
  }

  /** Adds `amount` (a row of `table` at `base`) from time t on, sign +1 to release and -1 to take. */
  change(from: number, to: number, table: Float64Array, base: number, sign: 1 | -1): void {
    const a = this.split(from);
    const b = to === Infinity ? this.times.length : this.split(to);
    for (let k = a; k < b; k++) {
      const row = this.free[k]!;
      for (let r = 0; r < this.R; r++) row[r]! += sign * table[base + r]!;
    }
  }

  /** Earliest time ≥ times[0] at which the request (row of `table` at `base`) fits for `duration`. */
  earliest(table: Float64Array, base: number, duration: number): number {
    const { times, free, R } = this;
    let k = 0;
    while (k < times.length) {
      const start = times[k]!;
      let fits = true;
      let m = k;
      for (; m < times.length && times[m]! < start + duration; m++) {
        const row = free[m]!;
        for (let r = 0; r < R; r++) {
          if (table[base + r]! > row[r]! + EPSILON) {
            fits = false;
            break;
          }
        }
        if (!fits) break;
      }
      if (fits) return start;
      k = m + 1; // no window containing point m can fit: try the next breakpoint after it
    }
    return Infinity;
  }

  /** Index of the point starting at t, inserting a breakpoint if needed. */
  private split(t: number): number {
    const times = this.times;
    if (t <= times[0]!) return 0;
    let lo = 0;
    let hi = times.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    if (lo < times.length && times[lo] === t) return lo;
    times.splice(lo, 0, t);
    this.free.splice(lo, 0, Float64Array.from(this.free[lo - 1]!));
    return lo;
  }
}
