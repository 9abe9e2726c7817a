/**
 * An availability profile: the amount of each resource expected to be free
 * from now on, as a step function of time. Each point holds the amounts free
 * from its time to the next point's; the last point holds until infinity.
 *
 * Used by conservative backfilling to find, for a job of a given size and
 * estimated duration, the earliest time it fits for its whole duration.
 *
 * The points are kept in time order in blocks of at most B (an unrolled list,
 * a two-level B-tree): each block has a pending addition (`lazy`) and the
 * minimum and maximum of its values per resource. An addition over a range
 * touches its two end blocks point by point and every block in between once;
 * a search skips a block in one test when none of its points can start the
 * job (maximum too small) or every one of them fits (minimum large enough).
 * So a change costs O(B + blocks) and a search O(blocks + B × blocks looked
 * into), where the flat array it replaces cost O(points) for both. Points
 * left equal to the one before by a change are removed, so the profile holds
 * only the steps of the function (the earliest fit does not depend on
 * redundant points: a window from a redundant point fits only if one from
 * the point before it does).
 */
import { EPSILON } from '../../sim/cluster.ts';
import { B, ProfileBlocks } from './profile-blocks.ts';

export class Profile extends ProfileBlocks {
  /** Changes made so far (reset included): the amounts are the same while it stands. */
  version = 0;

  /** Starts with `freeNow` available from `now` on. */
  constructor(now: number, freeNow: ArrayLike<number>) {
    super(freeNow.length);
    this.reset(now, freeNow);
  }

  /** Starts over: `freeNow` available from `now` on. */
  reset(now: number, freeNow: ArrayLike<number>): void {
    this.version++;
    this.spare = [];
    for (let b = this.cnt.length - 1; b >= 1; b--) this.spare.push(b);
    this.nb = 1;
    this.ord[0] = 0;
    this.cnt[0] = 1;
    this.T[0] = now;
    for (let r = 0; r < this.R; r++) {
      this.V[r] = freeNow[r]!;
      this.lazy[r] = 0;
    }
    this.summarize(0);
  }

  /** Number of resources. */
  get resources(): number {
    return this.R;
  }

  /** Number of points. */
  get size(): number {
    let n = 0;
    for (let p = 0; p < this.nb; p++) n += this.cnt[this.ord[p]!]!;
    return n;
  }

  /** Amount of resource r free from the start of the profile on (the first point). */
  freeAtStart(r: number): number {
    const b = this.ord[0]!;
    return this.V[b * B * this.R + r]! + this.lazy[b * this.R + r]!;
  }

  /** True when no amount anywhere is below zero (beyond the tolerance): every reservation fits. */
  feasible(): boolean {
    const { R, mn, lazy } = this;
    for (let p = 0; p < this.nb; p++) {
      const b = this.ord[p]!;
      for (let r = 0; r < R; r++) if (mn[b * R + r]! + lazy[b * R + r]! < -EPSILON) return false;
    }
    return true;
  }

  /** Moves the start of the profile to `now`, dropping the points before it; false if now is before the start. */
  advance(now: number): boolean {
    if (now < this.T[this.ord[0]! * B]!) return false;
    this.locate(now);
    const p = this.lp;
    const i = this.li;
    if (p > 0) {
      for (let q = 0; q < p; q++) this.spare.push(this.ord[q]!);
      this.ord.copyWithin(0, p, this.nb);
      this.nb -= p;
    }
    const b = this.ord[0]!;
    if (i > 0) {
      this.removePoints(b, 0, i);
      this.summarize(b);
    }
    this.T[b * B] = now;
    return true;
  }

  /**
   * Adds `amount` (a row of `table` at `base`) on [from, to), sign +1 to release and -1 to take.
   * A range starting at or before the profile's start applies from its start.
   */
  change(from: number, to: number, table: Float64Array, base: number, sign: 1 | -1): void {
    if (!(from < to) || from === Infinity) return;
    this.version++;
    if (to !== Infinity) this.split(to);
    this.split(from);
    const { R, T, V, lazy, ord, cnt } = this;
    // From the point at `from`, block by block: a block wholly before `to` takes the amount in its lazy.
    const pa = this.lp;
    const ia = this.li;
    let p = pa;
    let i = ia;
    for (; p < this.nb; p++, i = 0) {
      const b = ord[p]!;
      const n = cnt[b]!;
      if (i === 0 && T[b * B + n - 1]! < to) {
        for (let r = 0; r < R; r++) lazy[b * R + r]! += sign * table[base + r]!;
        continue;
      }
      if (R === 1) {
        // One resource: keep the block's minimum and maximum as the values change, rescanning
        // only when the value that held one of them moved away from it.
        const amount = sign * table[base]!;
        const lo = this.mn[b]!;
        const hi = this.mx[b]!;
        let newLo = lo;
        let newHi = hi;
        let lost = false;
        for (; i < n && T[b * B + i]! < to; i++) {
          const v = V[b * B + i]!;
          if (v === (sign > 0 ? lo : hi)) lost = true;
          const w = v + amount;
          V[b * B + i] = w;
          if (w < newLo) newLo = w;
          if (w > newHi) newHi = w;
        }
        if (lost) this.summarize(b);
        else {
          this.mn[b] = newLo;
          this.mx[b] = newHi;
        }
      } else {
        for (; i < n && T[b * B + i]! < to; i++) {
          const row = (b * B + i) * R;
          for (let r = 0; r < R; r++) V[row + r]! += sign * table[base + r]!;
        }
        this.summarize(b);
      }
      if (i < n) break;
    }
    // The point at `to` (where the walk stopped), then the one at `from`, which it cannot move.
    if (p < this.nb) this.mergeAt(p, i);
    this.mergeAt(pa, ia);
  }

  /** True when every amount on [from, to) is at least zero (within the tolerance). */
  nonNegative(from: number, to: number): boolean {
    const { R, T, V, lazy, mn, ord, cnt } = this;
    this.locate(from);
    for (let p = this.lp, i = this.li; p < this.nb; p++, i = 0) {
      const b = ord[p]!;
      if (T[b * B + i]! >= to) return true;
      let low = false;
      for (let r = 0; r < R; r++) if (mn[b * R + r]! + lazy[b * R + r]! < -EPSILON) low = true;
      if (!low) continue;
      for (; i < cnt[b]! && T[b * B + i]! < to; i++) {
        for (let r = 0; r < R; r++) if (V[(b * B + i) * R + r]! + lazy[b * R + r]! < -EPSILON) return false;
      }
    }
    return true;
  }

  /**
   * Earliest time t before `limit` at which the request (row of `table` at `base`) fits on
   * [t, min(t + duration, limit)); `limit` if there is none (Infinity: no limit). With a finite
   * limit the caller knows the request fits from `limit` on: conservative backfilling asks
   * whether a job can start before its reservation, whose slot it holds. Starts at or after
   * `startBefore` (at most `limit`) are not tried: the caller knows none of them fits; nor
   * are those before the point at or before `startAfter`, for the same reason.
   */
  earliest(table: Float64Array, base: number, duration: number, limit = Infinity, startBefore = limit, startAfter = -Infinity): number {
    const { T, ord, cnt } = this;
    // A window of no length fits at once (as a scan over an empty window would say).
    if (!(duration > 0)) return Math.min(T[ord[0]! * B]!, limit);
    let p = 0;
    let i = 0;
    if (startAfter > T[ord[0]! * B]!) {
      this.locate(startAfter);
      p = this.lp;
      i = this.li;
    }
    for (;;) {
      // The next point from (p, i) at which the request fits.
      for (; ; p++, i = 0) {
        if (p === this.nb) return limit;
        const b = ord[p]!;
        if (i >= cnt[b]!) continue;
        if (T[b * B + i]! >= startBefore) return limit;
        if (this.noneFits(b, table, base)) continue;
        i = this.scan(b, i, startBefore, table, base, true);
        if (i < cnt[b]!) break;
      }
      const t = T[ord[p]! * B + i]!;
      if (t >= startBefore) return limit;
      const end = Math.min(t + duration, limit);
      // The first point after it, before `end`, where the request does not fit.
      i++;
      for (; ; p++, i = 0) {
        if (p === this.nb) return t;
        const b = ord[p]!;
        if (i >= cnt[b]!) continue;
        if (T[b * B + i]! >= end) return t;
        if (this.allFit(b, table, base)) continue;
        i = this.scan(b, i, end, table, base, false);
        if (i < cnt[b]!) break;
      }
      if (T[ord[p]! * B + i]! >= end) return t;
      i++; // no window containing the failing point fits: try the points after it
    }
  }

  /**
   * From point i of block b, the first point before `bound` at which whether the request
   * fits is `fits` (the first point at or after `bound`, or the block's count, if none). One
   * resource, the common case, has a loop of its own.
   */
  private scan(b: number, i: number, bound: number, table: Float64Array, base: number, fits: boolean): number {
    const { T, V } = this;
    const n = this.cnt[b]!;
    const k = b * B;
    if (this.R === 1) {
      // The comparison of fitsAt with the block's lazy and the request read once.
      const need = table[base]!;
      const lz = this.lazy[b]!;
      if (fits) while (i < n && T[k + i]! < bound && need > V[k + i]! + lz + EPSILON) i++;
      else while (i < n && T[k + i]! < bound && !(need > V[k + i]! + lz + EPSILON)) i++;
      return i;
    }
    while (i < n && T[k + i]! < bound && this.fitsAt(b, i, table, base) !== fits) i++;
    return i;
  }

  /** Whether the request fits at point i of block b (the comparison of the papers' profile scan). */
  private fitsAt(b: number, i: number, table: Float64Array, base: number): boolean {
    const { R, V, lazy } = this;
    const row = (b * B + i) * R;
    for (let r = 0; r < R; r++) if (table[base + r]! > V[row + r]! + lazy[b * R + r]! + EPSILON) return false;
    return true;
  }

  /** True when the request fits at no point of block b (some resource's maximum is too small). */
  private noneFits(b: number, table: Float64Array, base: number): boolean {
    const { R, mx, lazy } = this;
    for (let r = 0; r < R; r++) if (table[base + r]! > mx[b * R + r]! + lazy[b * R + r]! + EPSILON) return true;
    return false;
  }

  /** True when the request fits at every point of block b (every resource's minimum is enough). */
  private allFit(b: number, table: Float64Array, base: number): boolean {
    const { R, mn, lazy } = this;
    for (let r = 0; r < R; r++) if (table[base + r]! > mn[b * R + r]! + lazy[b * R + r]! + EPSILON) return false;
    return true;
  }
}
