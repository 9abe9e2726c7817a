/**
 * The queued jobs in the order they entered the queue (`ctx.queued()`).
 * Jobs that leave (start, are rejected, fail) are counted during a pass and
 * removed after it, in one compaction.
 */
import { JobState } from './policy.ts';
import { removeFront, truncate } from './truncate.ts';

export class WaitingList {
  /** Queued jobs in queue-entry order (a live array); entries that left are removed by compact(). */
  readonly jobs: number[] = [];
  /** Jobs of `jobs` that left the queue since it was last compacted. */
  left = 0;

  push(job: number): void {
    this.jobs.push(job);
  }

  /**
   * Removes the jobs that left. When they are all at its front (jobs started in
   * submit order, the common case) they go in one move, without a look at the jobs behind them.
   */
  compact(state: Uint8Array): void {
    const waiting = this.jobs;
    const left = this.left;
    this.left = 0;
    let front = 0;
    while (front < left && front < waiting.length && state[waiting[front]!] !== JobState.Queued) front++;
    if (front === left) {
      removeFront(waiting, front);
      return;
    }
    // A job started and preempted in the same pass is in the list twice (requeueJob pushes it again): keep its first
    // place only, marking kept jobs with a state no job has until the list is rebuilt. (Such a job is Queued at its
    // first place, so the fast path above never applies then: it stops at that place, short of `left`.)
    const KEPT = 255;
    let kept = 0;
    for (let i = 0; i < waiting.length; i++) {
      const j = waiting[i]!;
      if (state[j] === JobState.Queued) {
        state[j] = KEPT;
        waiting[kept++] = j;
      }
    }
    for (let i = 0; i < kept; i++) state[waiting[i]!] = JobState.Queued;
    truncate(waiting, kept);
  }
}
