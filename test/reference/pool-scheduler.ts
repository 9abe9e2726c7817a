/**
 * An independent, deliberately naive implementation of FCFS, EASY and
 * conservative backfilling on a pool of P processors, written straight from
 * the papers' descriptions with none of the engine's data structures: plain
 * arrays, linear scans, feasibility checked point by point. It exists only to
 * be compared with the engine on real logs (differential testing).
 */
export interface RefJob {
  submit: number;
  procs: number;
  estimate: number;
  runtime: number;
}

export type RefAlgorithm = 'none' | 'easy' | 'conservative';

export function referenceStarts(jobs: readonly RefJob[], P: number, algorithm: RefAlgorithm, order: 'fcfs' | 'sjf' = 'fcfs'): number[] {
  const n = jobs.length;
  const start = new Array<number>(n).fill(NaN);
  const end = new Array<number>(n).fill(NaN);
  const reservation = new Array<number>(n).fill(NaN);
  let queue: number[] = [];
  let running: number[] = [];
  let next = 0;
  let now = -Infinity;
  /** A job ended before its estimate at this instant (conservative compresses then). */
  let endedEarly = false;
  const used = () => running.reduce((s, j) => s + jobs[j]!.procs, 0);
  const expectedEnd = (j: number) => Math.max(now, start[j]! + jobs[j]!.estimate);
  const key = (j: number) => (order === 'sjf' ? jobs[j]!.estimate : jobs[j]!.submit);
  const begin = (j: number) => {
    start[j] = now;
    end[j] = now + jobs[j]!.runtime;
    running.push(j);
    queue = queue.filter((q) => q !== j);
  };

  /** Processors busy at time t by running jobs (as expected) and by reservations other than `except`. */
  const busyAt = (t: number, except: number) => {
    let busy = 0;
    for (const j of running) if (expectedEnd(j) > t) busy += jobs[j]!.procs;
    for (const j of queue) {
      if (j === except || Number.isNaN(reservation[j]!)) continue;
      const s = Math.max(now, reservation[j]!);
      if (s <= t && t < s + jobs[j]!.estimate) busy += jobs[j]!.procs;
    }
    return busy;
  };
  const fitsFrom = (t: number, j: number) => {
    const e = t + jobs[j]!.estimate;
    const points = [t];
    for (const r of running) if (expectedEnd(r) > t && expectedEnd(r) < e) points.push(expectedEnd(r));
    for (const q of queue) {
      if (q === j || Number.isNaN(reservation[q]!)) continue;
      const s = Math.max(now, reservation[q]!);
      if (s > t && s < e) points.push(s);
    }
    return points.every((p) => busyAt(p, j) + jobs[j]!.procs <= P);
  };

  const schedule = () => {
    queue.sort((a, b) => key(a) - key(b) || jobs[a]!.submit - jobs[b]!.submit || a - b);
    if (algorithm === 'conservative') {
      // Mu'alem and Feitelson: a job gets its reservation when it arrives; the schedule is
      // compressed (every job, in queue order, moved to its earliest slot) only when a job ended
      // before its estimate. Running past the estimate counts as ending now, so such jobs, and
      // reservations whose time passed without a start, compress too.
      const compress =
        endedEarly ||
        running.some((j) => start[j]! + jobs[j]!.estimate <= now) ||
        queue.some((j) => reservation[j]! < now);
      for (const j of [...queue]) {
        if (!compress && !Number.isNaN(reservation[j]!)) {
          if (reservation[j] === now && used() + jobs[j]!.procs <= P) begin(j);
          continue;
        }
        const candidates = [now, ...running.map(expectedEnd)];
        for (const q of queue) if (q !== j && !Number.isNaN(reservation[q]!)) candidates.push(Math.max(now, reservation[q]!) + jobs[q]!.estimate);
        const t = Math.min(...candidates.filter((c) => c >= now && fitsFrom(c, j)));
        reservation[j] = t;
        // A job that overran its estimate is expected to end now but still holds its processors.
        if (t === now && used() + jobs[j]!.procs <= P) begin(j);
      }
      return;
    }
    while (queue.length > 0 && used() + jobs[queue[0]!]!.procs <= P) begin(queue[0]!);
    if (algorithm === 'none' || queue.length === 0) return;
    const head = queue[0]!;
    const byEnd = [...running].sort((a, b) => expectedEnd(a) - expectedEnd(b) || a - b);
    let free = P - used();
    let shadow = now;
    for (const r of byEnd) {
      if (free >= jobs[head]!.procs) break;
      free += jobs[r]!.procs;
      shadow = expectedEnd(r);
    }
    // Extra: everything free at the shadow time, including other jobs ending exactly then.
    free = P - used();
    for (const r of byEnd) if (expectedEnd(r) <= shadow) free += jobs[r]!.procs;
    let extra = free - jobs[head]!.procs;
    for (const j of queue.slice(1)) {
      if (used() + jobs[j]!.procs > P) continue;
      if (now + jobs[j]!.estimate <= shadow) begin(j);
      else if (jobs[j]!.procs <= extra) {
        begin(j);
        extra -= jobs[j]!.procs;
      }
    }
  };

  // Conservative asks to be called again at the earliest reservation after each pass, where
  // nothing else may happen (a reservation after a job that overran its estimate), unless a
  // wake-up it asked for earlier falls at or before it, or nothing runs; every wake-up asked for
  // is a pass.
  let wakes: number[] = [];
  let wake = -Infinity;
  while (next < n || running.length > 0) {
    const nextEnd = Math.min(...running.map((j) => end[j]!));
    now = Math.min(next < n ? jobs[next]!.submit : Infinity, nextEnd, ...wakes);
    wakes = wakes.filter((w) => w > now);
    endedEarly = running.some((j) => end[j] === now && end[j]! < start[j]! + jobs[j]!.estimate);
    running = running.filter((j) => end[j]! !== now);
    while (next < n && jobs[next]!.submit === now) queue.push(next++);
    if (queue.length > 0) schedule();
    if (algorithm !== 'conservative') continue;
    const due = Math.min(...queue.map((j) => reservation[j]!).filter((t) => t > now));
    if (due !== Infinity && running.length > 0 && !(wake > now && wake <= due)) {
      wakes.push(due);
      wake = due;
    }
  }
  return start;
}
