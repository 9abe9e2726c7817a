/**
 * The fit index: the free amounts of every node, and the structures that find
 * where a request fits without a scan of all nodes.
 *
 * A segment tree over the nodes keeps, for every subtree and resource, the
 * largest free amount of any node below it. First fit descends it and skips
 * every subtree where some resource is short, so finding a node costs about
 * O(R log n) instead of a scan of all nodes. Allocations and releases only
 * note the leaves they change; the maxima above them are brought up to date
 * before the next walk of the tree, once for all the changes since (a run of
 * HPC jobs placed by the unit bitmap below never walks it at all).
 *
 * With a single resource (the processors of an HPC log) a bitmap also marks
 * the nodes with at least one unit free, and first fit of unit tasks reads it
 * a word at a time: a job on k nodes costs O(k + n/32) instead of O(k log n).
 */
import { grown } from '../arrays.ts';
import { EPSILON } from './types.ts';

export class FitIndex {
  readonly R: number;
  /** Nodes in use (the cluster's node count). */
  nodeCount = 0;
  /** Segment tree of per-resource maxima of free capacity; leaves start at `leaves`. */
  tree: Float64Array;
  leaves: number;
  /** Free amount per node and resource (node * R + r): a view of the tree's leaves. */
  free: Float64Array;
  /** One resource only: bit i of word i >> 5 is set when node i has at least 1 unit free. */
  units: Uint32Array | null;
  /** Scratch for refresh(): two levels of tree indexes. */
  private levelA: Int32Array;
  private levelB: Int32Array;
  /** Leaves changed since the tree's maxima were last brought up to date, and a mark per node. */
  private stale: Int32Array;
  private staleMark: Uint8Array;
  private staleCount = 0;
  /** So many leaves changed that the next walk rebuilds the whole tree: stop noting them one by one. */
  private treeStale = false;

  constructor(R: number, capacity: number) {
    this.R = R;
    this.leaves = 1;
    while (this.leaves < capacity) this.leaves *= 2;
    this.tree = new Float64Array(2 * this.leaves * R).fill(-1);
    // The leaves of the tree are the free amounts themselves: `free` is a view of them.
    this.free = this.tree.subarray(this.leaves * R, 2 * this.leaves * R);
    this.levelA = new Int32Array(capacity);
    this.levelB = new Int32Array(capacity);
    this.stale = new Int32Array(capacity);
    this.staleMark = new Uint8Array(capacity);
    this.units = R === 1 ? new Uint32Array((capacity + 31) >>> 5) : null;
  }

  /** Room for `capacity` nodes (the tree is rebuilt when it needs more leaves). */
  grow(capacity: number): void {
    const R = this.R;
    this.levelA = new Int32Array(capacity);
    this.levelB = new Int32Array(capacity);
    this.stale = grown(this.stale, capacity);
    this.staleMark = grown(this.staleMark, capacity);
    if (this.units) this.units = grown(this.units, (capacity + 31) >>> 5);
    if (capacity > this.leaves) {
      let leaves = this.leaves;
      while (leaves < capacity) leaves *= 2;
      const tree = new Float64Array(2 * leaves * R).fill(-1);
      tree.set(this.free.subarray(0, this.nodeCount * R), leaves * R);
      this.tree = tree;
      this.leaves = leaves;
      this.free = tree.subarray(leaves * R, 2 * leaves * R);
      this.rebuild();
      this.clearStale();
    }
  }

  /** Sets node's bit in the unit bitmap from its free amount (one resource only). */
  updateUnit(node: number): void {
    const units = this.units;
    if (!units) return;
    if (this.free[node]! + EPSILON >= 1) units[node >>> 5]! |= 1 << (node & 31);
    else units[node >>> 5]! &= ~(1 << (node & 31));
  }

  /** Notes that the free amounts of these nodes changed (the tree maxima above them are refreshed lazily). */
  markStale(nodes: ArrayLike<number>, at: number, n: number): void {
    if (this.treeStale) return;
    const mark = this.staleMark;
    const stale = this.stale;
    let c = this.staleCount;
    for (let i = 0; i < n; i++) {
      const node = nodes[at + i]!;
      if (mark[node] === 0) {
        mark[node] = 1;
        stale[c++] = node;
      }
    }
    this.staleCount = c;
    if (c > this.nodeCount >>> 3) this.treeStale = true;
  }

  private clearStale(): void {
    if (this.treeStale) this.staleMark.fill(0);
    else for (let i = 0; i < this.staleCount; i++) this.staleMark[this.stale[i]!] = 0;
    this.staleCount = 0;
    this.treeStale = false;
  }

  /** Brings the tree's maxima up to date with every leaf changed since; called before each walk. */
  sync(): void {
    const c = this.staleCount;
    if (c === 0) return;
    if (this.treeStale) {
      // Many changes: rebuilding every internal node is cheaper than following each leaf up.
      this.rebuild();
    } else {
      // refresh() removes repeated parents when the leaves come in ascending order.
      if (c > 1) this.stale.subarray(0, c).sort();
      this.refresh(this.stale, c);
    }
    this.clearStale();
  }

  /** Recomputes every internal node of the tree. */
  rebuild(): void {
    for (let t = this.leaves - 1; t >= 1; t--) this.pull(t);
  }

  /**
   * Adds `sign × count × req` on n nodes (not the totals): nodes[nodesAt + i] with
   * counts[countsAt + i] tasks; the tree above them is refreshed lazily.
   */
  add(nodes: ArrayLike<number>, nodesAt: number, counts: ArrayLike<number>, countsAt: number, n: number, req: ArrayLike<number>, sign: 1 | -1): void {
    const R = this.R;
    const free = this.free;
    if (R === 1) {
      const q = sign * req[0]!;
      const units = this.units!;
      for (let i = 0; i < n; i++) {
        const node = nodes[nodesAt + i]!;
        const f = free[node]! + counts[countsAt + i]! * q;
        free[node] = f;
        if (f + EPSILON >= 1) units[node >>> 5]! |= 1 << (node & 31);
        else units[node >>> 5]! &= ~(1 << (node & 31));
      }
      this.markStale(nodes, nodesAt, n);
      return;
    }
    for (let i = 0; i < n; i++) {
      const base = nodes[nodesAt + i]! * R;
      const tasks = sign * counts[countsAt + i]!;
      for (let r = 0; r < R; r++) {
        const f = free[base + r]! + tasks * req[r]!;
        free[base + r] = f;
      }
    }
    this.markStale(nodes, nodesAt, n);
  }

  /**
   * Recomputes the maxima above the given leaves, level by level. Placements
   * list their nodes in ascending order as a rule, so parents repeat in runs
   * and a comparison with the previous one removes the repeats: a job on k
   * neighbouring nodes costs about 2k updates instead of k log n. (Unsorted
   * input stays correct; a node may just be recomputed twice.)
   */
  refresh(nodes: ArrayLike<number>, n: number): void {
    const R = this.R;
    const tree = this.tree;
    let level = this.levelA;
    let next = this.levelB;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const t = (this.leaves + nodes[i]!) >> 1;
      if (count === 0 || level[count - 1] !== t) level[count++] = t;
    }
    while (count > 0 && level[0]! >= 1) {
      let m = 0;
      for (let i = 0; i < count; i++) {
        const t = level[i]!;
        const a = 2 * t * R;
        const b = a + R;
        const c = t * R;
        for (let r = 0; r < R; r++) {
          const x = tree[a + r]!;
          const y = tree[b + r]!;
          tree[c + r] = x > y ? x : y;
        }
        const p = t >> 1;
        if (p >= 1 && (m === 0 || next[m - 1] !== p)) next[m++] = p;
      }
      const swap = level;
      level = next;
      next = swap;
      count = m;
    }
  }

  private pull(t: number): void {
    const R = this.R;
    const tree = this.tree;
    const a = 2 * t * R;
    const b = (2 * t + 1) * R;
    for (let r = 0; r < R; r++) tree[t * R + r] = Math.max(tree[a + r]!, tree[b + r]!);
  }

  /**
   * Visits, in index order from `from`, every node where one task of `req` fits
   * now, until `visit` returns true. One walk of the segment tree, so visiting k
   * nodes costs about O(k + k log(n/k)) rather than k descents from the root.
   */
  scanFit(req: ArrayLike<number>, from: number, visit: (node: number) => boolean): void {
    this.sync();
    const R = this.R;
    const tree = this.tree;
    // Iterative depth-first walk: `t` is a tree index, [lo, lo + width) the leaves below it.
    // A subtree is entered only if its per-resource maxima cover the request.
    let t = 1;
    let lo = 0;
    let width = this.leaves;
    for (;;) {
      let ok = lo + width > from;
      if (ok) {
        const base = t * R;
        for (let r = 0; r < R; r++) {
          if (tree[base + r]! + EPSILON < req[r]!) {
            ok = false;
            break;
          }
        }
      }
      if (ok && width > 1) {
        // Descend to the left child.
        t = 2 * t;
        width >>= 1;
        continue;
      }
      // A leaf that fits (padding leaves hold -1 and never fit).
      if (ok && visit(lo)) return;
      // Move on to the next subtree to the right: climb while we are a right child.
      while (t & 1) {
        if (t === 1) return;
        t >>= 1;
        width <<= 1;
        lo -= width >> 1;
      }
      lo += width;
      t += 1;
    }
  }
}
