/**
 * The storage of an availability profile (profile.ts): its points in time
 * order, in blocks of at most B (an unrolled list, a two-level B-tree). Each
 * block has a pending addition (`lazy`) and the minimum and maximum of its
 * values per resource, which the profile's searches use to skip a block in one
 * test. This file keeps the blocks in shape (find a point, insert one, remove
 * one, split a full block); profile.ts holds the operations on the amounts.
 */
import { grown } from '../../sim/arrays.ts';

/** Points per block: big enough that blocks are few, small enough that a block is cheap to scan. */
export const B = 16;

export class ProfileBlocks {
  protected readonly R: number;
  /** Block b's points: times at T[b*B + i], amounts (before its lazy) at V[(b*B + i)*R + r]. */
  protected T: Float64Array;
  protected V: Float64Array;
  protected cnt: Int32Array;
  protected lazy: Float64Array;
  protected mn: Float64Array;
  protected mx: Float64Array;
  /** Block ids in time order (nb of them), and the ids not in use. */
  protected ord: Int32Array;
  protected nb = 0;
  protected spare: number[] = [];
  /** Result of locate(): position in `ord` and index in the block. */
  protected lp = 0;
  protected li = 0;

  /** Room for a few blocks of points over `resources` resources. */
  constructor(resources: number) {
    this.R = resources;
    const blocks = 4;
    this.T = new Float64Array(blocks * B);
    this.V = new Float64Array(blocks * B * this.R);
    this.cnt = new Int32Array(blocks);
    this.lazy = new Float64Array(blocks * this.R);
    this.mn = new Float64Array(blocks * this.R);
    this.mx = new Float64Array(blocks * this.R);
    this.ord = new Int32Array(blocks);
  }

  /** Sets lp, li to the last point at or before t (the first point if t is before the start). */
  protected locate(t: number): void {
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
  protected split(t: number): void {
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
    if (R === 1) {
      for (let k = b * B + this.cnt[b]!; k > at; k--) {
        T[k] = T[k - 1]!;
        V[k] = V[k - 1]!;
      }
    } else {
      for (let k = b * B + this.cnt[b]!; k > at; k--) {
        T[k] = T[k - 1]!;
        for (let r = 0; r < R; r++) V[k * R + r] = V[(k - 1) * R + r]!;
      }
    }
    T[at] = t;
    for (let r = 0; r < R; r++) V[at * R + r] = V[(at - 1) * R + r]!;
    this.cnt[b]!++;
    this.lp = p;
    this.li = i + 1;
  }

  /** Removes point i of the block at position p if it holds the same amounts as the point before it. */
  protected mergeAt(p: number, i: number): void {
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
  protected removePoints(b: number, from: number, to: number): void {
    const { R, T, V } = this;
    const end = b * B + this.cnt[b]!;
    const gap = to - from;
    if (R === 1) {
      for (let k = b * B + from; k + gap < end; k++) {
        T[k] = T[k + gap]!;
        V[k] = V[k + gap]!;
      }
    } else {
      for (let k = b * B + from; k + gap < end; k++) {
        T[k] = T[k + gap]!;
        for (let r = 0; r < R; r++) V[k * R + r] = V[(k + gap) * R + r]!;
      }
    }
    this.cnt[b]! -= gap;
  }

  /** Moves the upper half of the (full) block at position p into a new block right after it. */
  protected splitBlock(p: number): void {
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
  protected allocate(): number {
    if (this.spare.length === 0) {
      const old = this.cnt.length;
      const R = this.R;
      this.T = grown(this.T, 2 * old * B);
      this.V = grown(this.V, 2 * old * B * R);
      this.cnt = grown(this.cnt, 2 * old);
      this.lazy = grown(this.lazy, 2 * old * R);
      this.mn = grown(this.mn, 2 * old * R);
      this.mx = grown(this.mx, 2 * old * R);
      this.ord = grown(this.ord, 2 * old);
      for (let b = 2 * old - 1; b >= old; b--) this.spare.push(b);
    }
    return this.spare.pop()!;
  }

  /** Recomputes block b's minimum and maximum per resource. */
  protected summarize(b: number): void {
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
