/**
 * The releases made to conservative backfilling's profile (amounts given back
 * on [a, b): early ends, jobs that left, reservations that moved earlier), for
 * one question: the latest end b among the releases made after a given one.
 *
 * A job whose earliest slot was found when the log held n releases can start
 * earlier later only in a window that meets a release made since: elsewhere the
 * profile only lost free amounts. A window starting at or after the latest end
 * of those releases meets none of them, so the search for an earlier slot stops
 * there, and with no release since, the job is known to stay (conservative.ts).
 *
 * Kept as a stack of releases whose ends decrease (a release hides the earlier
 * ones ending no later), so the answer is a binary search.
 */
import { grown } from '../../sim/arrays.ts';

export class ReleaseLog {
  /** Releases so far. */
  count = 0;
  private index = new Float64Array(16);
  private end = new Float64Array(16);
  private n = 0;

  /** Records a release ending at b (Infinity: everything may have changed). */
  add(b: number): void {
    this.count++;
    while (this.n > 0 && this.end[this.n - 1]! <= b) this.n--;
    if (this.n === this.index.length) {
      this.index = grown(this.index, 2 * this.n);
      this.end = grown(this.end, 2 * this.n);
    }
    this.index[this.n] = this.count;
    this.end[this.n] = b;
    this.n++;
  }

  /** The latest end among the releases after the first `k`, or -Infinity if there is none. */
  latestEndSince(k: number): number {
    // The first entry with index > k holds the largest end among those after it.
    let lo = 0;
    let hi = this.n;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.index[mid]! > k) hi = mid;
      else lo = mid + 1;
    }
    return lo < this.n ? this.end[lo]! : -Infinity;
  }
}
