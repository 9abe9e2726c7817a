/**
 * Per-job and per-run metrics, with the published definitions.
 *
 * For a job that ran (finished or killed), with submit s, start b, end e:
 *   wait      = b - s
 *   runtime   = the duration of its last attempt as the engine ran it (its
 *               remaining work, or the estimate when killed at walltime),
 *               not e - b, which carries floating-point noise with decimal
 *               times (10 s would read 9.999999999999986)
 *   response  = wait + runtime  (also called turnaround or flow time)
 *   slowdown  = response / runtime
 *   bounded slowdown = max(1, response / max(runtime, τ)), τ = 10 s
 *     (Feitelson, Rudolph, Schwiegelshohn, Sevcik, Wong, JSSPP 1997;
 *      Feitelson, "Metrics for parallel job scheduling and their convergence", JSSPP 2001)
 *
 * Means, percentiles and the maximum are over the jobs that ran (finished or
 * killed); rejected, failed, queued and running jobs are counted but not
 * averaged. Over zero jobs they are null (JSON null), never 0: a run whose
 * jobs never end (fill mode, snapshots, services) has no wait to average.
 *   window       = from the first submit to the end of the work observed: the
 *                  last end of a job that ran, or the end of the run when jobs
 *                  are still running then (they occupy the cluster until it)
 *   makespan     = the window's length (null when nothing ran or runs)
 *   utilization  = per resource, occupied / offered over the window:
 *                  (Σ_jobs that ran total request × runtime + Σ_running jobs
 *                  total request × (end of run - start) + what interrupted
 *                  attempts occupied) / (capacity × makespan), with ∫ capacity
 *                  dt over the window when the capacity changed during the
 *                  run; 0 when nothing occupied the cluster
 *   throughput   = jobs that ran, per hour of makespan (null without one)
 *   percentiles  = linear interpolation between order statistics (type 7 of
 *                  Hyndman & Fan, the default of R and NumPy)
 */
import type { EngineView, RunResult } from './engine-types.ts';
import type { Cluster } from './cluster.ts';
import { JOB_STATE_NAMES, JobState } from './policy.ts';
import type { Observer } from './recorder.ts';

export const BOUNDED_SLOWDOWN_TAU = 10;

export interface RunMetrics {
  jobs_submitted: number;
  jobs_finished: number;
  jobs_killed: number;
  jobs_failed: number;
  jobs_rejected: number;
  jobs_running: number;
  jobs_queued: number;
  /** Over the jobs that ran; null when none did. */
  mean_wait: number | null;
  p50_wait: number | null;
  p95_wait: number | null;
  p99_wait: number | null;
  max_wait: number | null;
  mean_response: number | null;
  mean_slowdown: number | null;
  mean_bounded_slowdown: number | null;
  /** Seconds from the first submit to the last end (or the end of the run while jobs still run); null when nothing ran or runs. */
  makespan: number | null;
  /** Fraction of each resource's capacity in use over the makespan, by resource name (running jobs count up to the end of the run). */
  utilization: Record<string, number>;
  /** Jobs that ran per hour of makespan; null without a makespan. */
  throughput: number | null;
}

/**
 * The duration of each job's last attempt as the engine ran it, read when the
 * run is over: a finished job's last attempt ran its remaining work (the
 * engine never changes it after the attempt began), a killed one its
 * estimate (jobs are killed only when the remaining work exceeds it). NaN for
 * jobs that did not run to an end. An observer, because the remaining work is
 * engine state that RunResult does not carry.
 */
export class AttemptDurations implements Observer {
  values: Float64Array = new Float64Array(0);

  onFinish(_now: number, engine: EngineView): void {
    const n = engine.jobs.count;
    const out = new Float64Array(n).fill(NaN);
    for (let j = 0; j < n; j++) {
      const s = engine.state[j]!;
      if (s === JobState.Finished) out[j] = engine.remaining[j]!;
      else if (s === JobState.Killed) out[j] = engine.jobs.estimate[j]!;
    }
    this.values = out;
  }
}

/**
 * Capacity × time offered per resource over [from, to]: capacity × (to - from)
 * when it never changed, else the integral of the recorded capacity steps.
 */
export function offeredCapacity(result: RunResult, cluster: Cluster, from: number, to: number): Float64Array {
  const R = cluster.resources.length;
  const out = new Float64Array(R);
  if (!(to > from)) return out;
  const changes = result.capacityChanges;
  if (changes.length === 0) {
    for (let r = 0; r < R; r++) out[r] = cluster.totalCapacity(r) * (to - from);
    return out;
  }
  // Before the first recorded change the capacity is the one the run started with.
  const initial = result.initialCapacity;
  let t = from;
  let current = initial;
  for (const step of changes) {
    if (step.time <= from) {
      current = step.capacity;
      continue;
    }
    const until = Math.min(step.time, to);
    if (until > t) for (let r = 0; r < R; r++) out[r]! += current[r]! * (until - t);
    t = Math.max(t, until);
    current = step.capacity;
    if (t >= to) break;
  }
  if (to > t) for (let r = 0; r < R; r++) out[r]! += current[r]! * (to - t);
  return out;
}

/** True for the states in which a job ran to an end. */
export function ran(state: number): boolean {
  return state === JobState.Finished || state === JobState.Killed;
}

export function boundedSlowdown(wait: number, runtime: number, tau = BOUNDED_SLOWDOWN_TAU): number {
  return Math.max(1, (wait + runtime) / Math.max(runtime, tau));
}

/** Type-7 quantile of ascending-sorted values; NaN for an empty array. */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * Run metrics (see the header). `durations` are the attempts' durations as
 * the engine ran them (AttemptDurations); without them, end - start.
 */
export function computeRunMetrics(result: RunResult, cluster: Cluster, durations?: ArrayLike<number>): RunMetrics {
  const { jobs, state, start, end } = result;
  const R = jobs.resources.length;
  const counts = new Int32Array(JOB_STATE_NAMES.length);
  // Typed and sized once: a growing array of 10^6 waits was copied at every doubling.
  const waits = new Float64Array(jobs.count);
  let n = 0;
  let sumWait = 0;
  let sumResponse = 0;
  let sumSlowdown = 0;
  let sumBsld = 0;
  let maxWait = 0;
  let firstSubmit = Infinity;
  let lastEnd = -Infinity;
  let running = 0;
  const work = new Float64Array(R);
  const runningWork = new Float64Array(R);
  for (let j = 0; j < jobs.count; j++) {
    const s = state[j]!;
    counts[s]!++;
    if (s !== JobState.Pending && jobs.submit[j]! < firstSubmit) firstSubmit = jobs.submit[j]!;
    if (s === JobState.Running) {
      // Still on its nodes when the run ended: it occupied them from its start to the end.
      running++;
      for (let r = 0; r < R; r++) runningWork[r]! += jobs.total[j * R + r]! * (result.now - start[j]!);
      continue;
    }
    if (!ran(s)) continue;
    const wait = start[j]! - jobs.submit[j]!;
    const runtime = durations ? durations[j]! : end[j]! - start[j]!;
    const response = wait + runtime;
    waits[n++] = wait;
    sumWait += wait;
    sumResponse += response;
    sumSlowdown += response / runtime;
    sumBsld += boundedSlowdown(wait, runtime);
    if (wait > maxWait) maxWait = wait;
    if (end[j]! > lastEnd) lastEnd = end[j]!;
    for (let r = 0; r < R; r++) work[r]! += jobs.total[j * R + r]! * runtime;
  }
  const sorted = waits.subarray(0, n).sort();
  const windowEnd = running > 0 ? Math.max(lastEnd, result.now) : lastEnd;
  const makespan = n > 0 || running > 0 ? windowEnd - firstSubmit : null;
  const offered = makespan !== null ? offeredCapacity(result, cluster, firstSubmit, windowEnd) : new Float64Array(R);
  const utilization: Record<string, number> = {};
  for (let r = 0; r < R; r++) {
    // Adding zero keeps the bytes of runs without interruptions or running jobs as they were.
    let occupied = work[r]!;
    if (result.interruptedWork[r] !== 0) occupied += result.interruptedWork[r]!;
    if (runningWork[r] !== 0) occupied += runningWork[r]!;
    utilization[jobs.resources[r]!] = makespan !== null && makespan > 0 && offered[r]! > 0 ? occupied / offered[r]! : 0;
  }
  const mean = (sum: number) => (n > 0 ? sum / n : null);
  return {
    jobs_submitted: jobs.count - counts[JobState.Pending]!,
    jobs_finished: counts[JobState.Finished]!,
    jobs_killed: counts[JobState.Killed]!,
    jobs_failed: counts[JobState.Failed]!,
    jobs_rejected: counts[JobState.Rejected]!,
    jobs_running: counts[JobState.Running]!,
    jobs_queued: counts[JobState.Queued]!,
    mean_wait: mean(sumWait),
    p50_wait: n > 0 ? quantileSorted(sorted, 0.5) : null,
    p95_wait: n > 0 ? quantileSorted(sorted, 0.95) : null,
    p99_wait: n > 0 ? quantileSorted(sorted, 0.99) : null,
    max_wait: n > 0 ? maxWait : null,
    mean_response: mean(sumResponse),
    mean_slowdown: mean(sumSlowdown),
    mean_bounded_slowdown: mean(sumBsld),
    makespan,
    utilization,
    throughput: makespan !== null && makespan > 0 ? (n * 3600) / makespan : null,
  };
}
