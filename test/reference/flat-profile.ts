/**
 * The previous availability profile (flat arrays, linear scans), used only by the
 * oracle in conservative-replan.ts.
 *
 * An availability profile: the amount of each resource expected to be free
 * from now on, as a step function of time. Point k holds the amounts free on
 * [times[k], times[k+1]); the last point holds until infinity.
 *
 * Used by conservative backfilling to find, for a job of a given size and
 * estimated duration, the earliest time it fits for its whole duration.
 *
 * Flat typed arrays (point k's amounts at free[k*R .. k*R+R)), reused from
 * pass to pass: conservative backfilling rebuilds the profile at every pass
 * and inserts a breakpoint for nearly every reservation, so a new row object
 * per breakpoint and Array.splice dominated its cost.
 */
import { EPSILON } from '../../sim/cluster.ts';

export class Profile {
  private times = new Float64Array(64);
  private free: Float64Array;
  private n = 0;
  private readonly R: number;

  /** Starts with `freeNow` available from `now` on. */
  constructor(now: number, freeNow: ArrayLike<number>) {
    this.R = freeNow.length;
    this.free = new Float64Array(64 * this.R);
    this.reset(now, freeNow);
  }

  /** Starts over: `freeNow` available from `now` on. */
  reset(now: number, freeNow: ArrayLike<number>): void {
    this.n = 1;
    this.times[0] = now;
    for (let r = 0; r < this.R; r++) this.free[r] = freeNow[r]!;
  }

  /** Number of breakpoints. */
  get size(): number {
    return this.n;
  }

  /** Time of breakpoint k. */
  timeAt(k: number): number {
    return this.times[k]!;
  }

  /** Amount of resource r free from breakpoint k on. */
  freeAt(k: number, r: number): number {
    return this.free[k * this.R + r]!;
  }

  /** Moves the start of the profile to `now`, dropping the points before it; false if now is before the start. */
  advance(now: number): boolean {
    if (now < this.times[0]!) return false;
    // The last point at or before now gives the amounts free from now on.
    let k = 0;
    while (k + 1 < this.n && this.times[k + 1]! <= now) k++;
    if (k > 0) {
      const R = this.R;
      this.times.copyWithin(0, k, this.n);
      this.free.copyWithin(0, k * R, this.n * R);
      this.n -= k;
    }
    this.times[0] = now;
    return true;
  }

  /** Adds `amount` (a row of `table` at `base`) on [from, to), sign +1 to release and -1 to take. */
  change(from: number, to: number, table: Float64Array, base: number, sign: 1 | -1): void {
    const a = this.split(from);
    const b = to === Infinity ? this.n : this.split(to);
    const R = this.R;
    const free = this.free;
    for (let k = a; k < b; k++) {
      for (let r = 0; r < R; r++) free[k * R + r]! += sign * table[base + r]!;
    }
  }

  /** Earliest time ≥ times[0] at which the request (row of `table` at `base`) fits for `duration`. */
  earliest(table: Float64Array, base: number, duration: number): number {
    const { times, free, R, n } = this;
    let k = 0;
    while (k < n) {
      const start = times[k]!;
      let fits = true;
      let m = k;
      for (; m < n && times[m]! < start + duration; m++) {
        for (let r = 0; r < R; r++) {
          if (table[base + r]! > free[m * R + r]! + EPSILON) {
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

  /** Index of the point starting at t, inserting a breakpoint (a copy of the point before) if needed. */
  private split(t: number): number {
    const times = this.times;
    if (t <= times[0]!) return 0;
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (times[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    if (lo < this.n && times[lo] === t) return lo;
    if (this.n === times.length) this.grow();
    const R = this.R;
    this.times.copyWithin(lo + 1, lo, this.n);
    this.free.copyWithin((lo + 1) * R, lo * R, this.n * R);
    this.times[lo] = t;
    for (let r = 0; r < R; r++) this.free[lo * R + r] = this.free[(lo - 1) * R + r]!;
    this.n++;
    return lo;
  }

  private grow(): void {
    const times = new Float64Array(2 * this.times.length);
    times.set(this.times);
    this.times = times;
    const free = new Float64Array(2 * this.free.length);
    free.set(this.free);
    this.free = free;
  }
}
