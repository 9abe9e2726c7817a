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

/** Points per block: big enough that blocks are few, small enough that a block is cheap to scan. */
const B = 32;

export class Profile {
  private readonly R: number;
  /** Block b's points: times at T[b*B + i], amounts (before its lazy) at V[(b*B + i)*R + r]. */
  private T: Float64Array;
  private V: Float64Array;
  private cnt: Int32Array;
  private lazy: Float64Array;
  private mn: Float64Array;
  private mx: Float64Array;
  /** Block ids in time order (nb of them), and the ids not in use. */
  private ord: Int32Array;
  private nb = 0;
  private spare: number[] = [];
  /** Result of locate(): position in `ord` and index in the block. */
  private lp = 0;
  private li = 0;

  /** Starts with `freeNow` available from `now` on. */
  constructor(now: number, freeNow: ArrayLike<number>) {
    this.R = freeNow.length;
    const blocks = 4;
    this.T = new Float64Array(blocks * B);
    this.V = new Float64Array(blocks * B * this.R);
    this.cnt = new Int32Array(blocks);
    this.lazy = new Float64Array(blocks * this.R);
    this.mn = new Float64Array(blocks * this.R);
    this.mx = new Float64Array(blocks * this.R);
    this.ord = new Int32Array(blocks);
    this.reset(now, freeNow);
  }

  /** Starts over: `freeNow` available from `now` on. */
  reset(now: number, freeNow: ArrayLike<number>): void {
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
   * `startBefore` (at most `limit`) are not tried: the caller knows none of them fits.
   */
  earliest(table: Float64Array, base: number, duration: number, limit = Infinity, startBefore = limit): number {
    const { T, ord, cnt } = this;
    // A window of no length fits at once (as a scan over an empty window would say).
    if (!(duration > 0)) return Math.min(T[ord[0]! * B]!, limit);
    let p = 0;
    let i = 0;
    for (;;) {
      // The next point from (p, i) at which the request fits.
      for (; ; p++, i = 0) {
        if (p === this.nb) return limit;
        const b = ord[p]!;
        if (i >= cnt[b]!) continue;
        if (T[b * B + i]! >= startBefore) return limit;
        if (this.noneFits(b, table, base)) continue;
        while (i < cnt[b]! && T[b * B + i]! < startBefore && !this.fitsAt(b, i, table, base)) i++;
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
        while (i < cnt[b]! && T[b * B + i]! < end && this.fitsAt(b, i, table, base)) i++;
        if (i < cnt[b]!) break;
      }
      if (T[ord[p]! * B + i]! >= end) return t;
      i++; // no window containing the failing point fits: try the points after it
    }
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

  /** Sets lp, li to the last point at or before t (the first point if t is before the start). */
  private locate(t: number): void {
    const { T, ord } = this;
    let lo = 0;
    let hi = this.nb - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (T[ord[mid]! * B]! <= t) lo = mid;
      else hi = mid - 1;
    }
    const b = ord[lo]!;
    let a = 0;
    let z = this.cnt[b]! - 1;
    while (a < z) {
      const mid = (a + z + 1) >> 1;
      if (T[b * B + mid]! <= t) a = mid;
      else z = mid - 1;
    }
    this.lp = lo;
    this.li = a;
  }

  /** Makes a point start at t (after the profile's start), a copy of the point before it; lp, li point at it. */
  private split(t: number): void {
    this.locate(t);
    if (t <= this.T[this.ord[0]! * B]!) return;
    let p = this.lp;
    let i = this.li;
    if (this.T[this.ord[p]! * B + i] === t) return;
    if (this.cnt[this.ord[p]!] === B) {
      this.splitBlock(p);
      if (i >= B >> 1) {
        p++;
        i -= B >> 1;
      }
    }
    // The copy goes right after its model, in the same block: the block's minimum and maximum stand.
    const b = this.ord[p]!;
    const { R, T, V } = this;
    const at = b * B + i + 1;
    for (let k = b * B + this.cnt[b]!; k > at; k--) {
      T[k] = T[k - 1]!;
      for (let r = 0; r < R; r++) V[k * R + r] = V[(k - 1) * R + r]!;
    }
    T[at] = t;
    for (let r = 0; r < R; r++) V[at * R + r] = V[(at - 1) * R + r]!;
    this.cnt[b]!++;
    this.lp = p;
    this.li = i + 1;
  }

  /** Removes point i of the block at position p if it holds the same amounts as the point before it. */
  private mergeAt(p: number, i: number): void {
    const b = this.ord[p]!;
    if (p === 0 && i === 0) return;
    const pb = i > 0 ? b : this.ord[p - 1]!;
    const pi = i > 0 ? i - 1 : this.cnt[pb]! - 1;
    const { R, V, lazy } = this;
    for (let r = 0; r < R; r++) {
      if (V[(b * B + i) * R + r]! + lazy[b * R + r]! !== V[(pb * B + pi) * R + r]! + lazy[pb * R + r]!) return;
    }
    this.removePoints(b, i, i + 1);
    if (this.cnt[b] === 0) {
      this.spare.push(b);
      this.ord.copyWithin(p, p + 1, this.nb);
      this.nb--;
    } else if (i === 0) this.summarize(b); // its model was in the block before: the block lost a value
  }

  /** Removes points [from, to) of block b (its minimum and maximum are the caller's to refresh). */
  private removePoints(b: number, from: number, to: number): void {
    const { R, T, V } = this;
    const end = b * B + this.cnt[b]!;
    const gap = to - from;
    for (let k = b * B + from; k + gap < end; k++) {
      T[k] = T[k + gap]!;
      for (let r = 0; r < R; r++) V[k * R + r] = V[(k + gap) * R + r]!;
    }
    this.cnt[b]! -= gap;
  }

  /** Moves the upper half of the (full) block at position p into a new block right after it. */
  private splitBlock(p: number): void {
    const b = this.ord[p]!;
    const c = this.allocate();
    const R = this.R;
    const half = B >> 1;
    this.T.copyWithin(c * B, b * B + half, b * B + B);
    this.V.copyWithin(c * B * R, (b * B + half) * R, (b * B + B) * R);
    this.cnt[c] = B - half;
    this.cnt[b] = half;
    for (let r = 0; r < R; r++) this.lazy[c * R + r] = this.lazy[b * R + r]!;
    this.summarize(b);
    this.summarize(c);
    this.ord.copyWithin(p + 2, p + 1, this.nb);
    this.ord[p + 1] = c;
    this.nb++;
  }

  /** A free block id, growing the arrays when none is left. */
  private allocate(): number {
    if (this.spare.length === 0) {
      const old = this.cnt.length;
      const grow = <A extends Float64Array | Int32Array>(a: A, size: number): A => {
        const g = new (a.constructor as new (n: number) => A)(size);
        g.set(a);
        return g;
      };
      const R = this.R;
      this.T = grow(this.T, 2 * old * B);
      this.V = grow(this.V, 2 * old * B * R);
      this.cnt = grow(this.cnt, 2 * old);
      this.lazy = grow(this.lazy, 2 * old * R);
      this.mn = grow(this.mn, 2 * old * R);
      this.mx = grow(this.mx, 2 * old * R);
      this.ord = grow(this.ord, 2 * old);
      for (let b = 2 * old - 1; b >= old; b--) this.spare.push(b);
    }
    return this.spare.pop()!;
  }

  /** Recomputes block b's minimum and maximum per resource. */
  private summarize(b: number): void {
    const { R, V, mn, mx } = this;
    const n = this.cnt[b]!;
    for (let r = 0; r < R; r++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        const v = V[(b * B + i) * R + r]!;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      mn[b * R + r] = lo;
      mx[b * R + r] = hi;
    }
  }
}
