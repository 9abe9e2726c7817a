/**
 * The event queue: a binary min-heap on typed arrays with a total order.
 *
 * Events are ordered by (time, class, sequence). The class is a small integer
 * chosen by the engine (for example job ends before wake-ups at the same
 * instant); the sequence number is a counter assigned at push time, so two
 * events with the same time and class come out in the order they were pushed.
 * Ties therefore never depend on heap layout or object identity, which is what
 * makes a run reproducible bit for bit (SimPy keys its heap the same way with
 * `(now + delay, priority, eid)`).
 *
 * Layout, chosen by measurement (npm run bench): time and tie key interleaved
 * in one Float64Array, so comparing the two children of a node reads one cache
 * line, and the argument in an Int32Array moved alongside. Three separate
 * arrays, a slot indirection and 32-byte entries were all slower with 10^6
 * pending events. Nothing is allocated per event; popping returns the argument
 * and leaves the time and class in `lastTime` and `lastClass`. The root's time
 * is Infinity while the queue is empty, so `peekTime` is one load: a
 * `count > 0 ? time : Infinity` there made V8 box the time in a heap number at
 * every call in the engine's loop (48 bytes an event on M/M/16).
 */
import { grown } from './arrays.ts';

const CLASS_SHIFT = 1099511627776; // 2^40: tie = class * 2^40 + sequence, exact while sequence < 2^40

export class EventQueue {
  /** Entry i is [time, tie] at 2i, 2i + 1: the two children of a node share a cache line. */
  private heap: Float64Array;
  private args: Int32Array;
  private count = 0;
  private sequence = 0;

  /** Time of the event returned by the last `pop()`. */
  lastTime = 0;
  /** Class of the event returned by the last `pop()`. */
  lastClass = 0;

  constructor(initialCapacity = 1024) {
    const capacity = Math.max(2, initialCapacity);
    this.heap = new Float64Array(2 * capacity);
    this.heap[0] = Infinity;
    this.args = new Int32Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Adds an event. `cls` must be an integer in [0, 4095]; `time` a finite number. */
  push(time: number, cls: number, arg: number): void {
    if (!Number.isFinite(time)) throw new RangeError(`event time must be finite, got ${time}`);
    if (this.count === this.args.length) this.grow();
    const tie = cls * CLASS_SHIFT + this.sequence++;
    const h = this.heap;
    const args = this.args;
    // Sift up: move the hole up while the parent comes after the new event.
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = h[2 * parent]!;
      if (pt < time || (pt === time && h[2 * parent + 1]! < tie)) break;
      h[2 * i] = pt;
      h[2 * i + 1] = h[2 * parent + 1]!;
      args[i] = args[parent]!;
      i = parent;
    }
    h[2 * i] = time;
    h[2 * i + 1] = tie;
    args[i] = arg;
  }

  /** Time of the next event; Infinity when the queue is empty. */
  peekTime(): number {
    return this.heap[0]!;
  }

  /** Class of the next event; -1 when the queue is empty. */
  peekClass(): number {
    return this.count > 0 ? Math.floor(this.heap[1]! / CLASS_SHIFT) : -1;
  }

  /** Removes the next event and returns its argument (time and class go to lastTime, lastClass). */
  pop(): number {
    if (this.count === 0) throw new RangeError('pop from an empty event queue');
    const h = this.heap;
    const args = this.args;
    this.lastTime = h[0]!;
    this.lastClass = Math.floor(h[1]! / CLASS_SHIFT);
    const arg = args[0]!;
    const n = --this.count;
    if (n > 0) {
      // Sift the last entry down from the root.
      const time = h[2 * n]!;
      const tie = h[2 * n + 1]!;
      const a = args[n]!;
      let i = 0;
      const half = n >> 1;
      while (i < half) {
        let child = 2 * i + 1;
        let ct = h[2 * child]!;
        if (child + 1 < n) {
          const rt = h[2 * child + 2]!;
          if (rt < ct || (rt === ct && h[2 * child + 3]! < h[2 * child + 1]!)) {
            child++;
            ct = rt;
          }
        }
        if (time < ct || (time === ct && tie < h[2 * child + 1]!)) break;
        h[2 * i] = ct;
        h[2 * i + 1] = h[2 * child + 1]!;
        args[i] = args[child]!;
        i = child;
      }
      h[2 * i] = time;
      h[2 * i + 1] = tie;
      args[i] = a;
    } else h[0] = Infinity;
    return arg;
  }

  clear(): void {
    this.count = 0;
    this.heap[0] = Infinity;
  }

  private grow(): void {
    this.heap = grown(this.heap, this.heap.length * 2);
    this.args = grown(this.args, this.args.length * 2);
  }
}
