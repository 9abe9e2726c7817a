/**
 * Per-job and per-run metrics, with the published definitions.
 *
 * For a job that ran (finished or killed), with submit s, start b, end e:
 *   wait      = b - s
 *   runtime   = e - b            (as simulated: cut at the estimate when killed)
 *   response  = e - s            (also called turnaround or flow time)
 *   slowdown  = response / runtime
 *   bounded slowdown = max(1, response / max(runtime, τ)), τ = 10 s
 *     (Feitelson, Rudolph, Schwiegelshohn, Sevcik, Wong, JSSPP 1997;
 *      Feitelson, "Metrics for parallel job scheduling and their convergence", JSSPP 2001)
 *
 * Run metrics are over the jobs that ran (finished or killed); rejected,
 * failed, queued and running jobs are counted but not averaged.
 *   makespan     = last end - first submit (seconds)
 *   utilization  = per resource, occupied / offered over the makespan window:
 *                  Σ_jobs total request × runtime (+ what interrupted attempts
 *                  occupied) / (capacity × makespan), with ∫ capacity dt over
 *                  the window when the capacity changed during the run
 *   throughput   = jobs that ran, per hour of makespan
 *   percentiles  = linear interpolation between order statistics (type 7 of
 *                  Hyndman & Fan, the default of R and NumPy)
 */
import type { RunResult } from './engine.ts';
import type { Cluster } from './cluster.ts';
import { JOB_STATE_NAMES, JobState } from './policy.ts';

export const BOUNDED_SLOWDOWN_TAU = 10;

export interface RunMetrics {
  jobs_submitted: number;
  jobs_finished: number;
  jobs_killed: number;
  jobs_failed: number;
  jobs_rejected: number;
  jobs_running: number;
  jobs_queued: number;
  mean_wait: number;
  p50_wait: number;
  p95_wait: number;
  p99_wait: number;
  max_wait: number;
  mean_response: number;
  mean_slowdown: number;
  mean_bounded_slowdown: number;
  makespan: number;
  /** Fraction of each resource's capacity in use over the makespan, by resource name. */
  utilization: Record<string, number>;
  throughput: number;
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

export function computeRunMetrics(result: RunResult, cluster: Cluster): RunMetrics {
  const { jobs, state, start, end } = result;
  const R = jobs.resources.length;
  const counts = new Int32Array(JOB_STATE_NAMES.length);
  const waits: number[] = [];
  let sumWait = 0;
  let sumResponse = 0;
  let sumSlowdown = 0;
  let sumBsld = 0;
  let maxWait = 0;
  let firstSubmit = Infinity;
  let lastEnd = -Infinity;
  const work = new Float64Array(R);
  for (let j = 0; j < jobs.count; j++) {
    const s = state[j]!;
    counts[s]!++;
    if (s !== JobState.Pending && jobs.submit[j]! < firstSubmit) firstSubmit = jobs.submit[j]!;
    if (!ran(s)) continue;
    const wait = start[j]! - jobs.submit[j]!;
    const runtime = end[j]! - start[j]!;
    const response = wait + runtime;
    waits.push(wait);
    sumWait += wait;
    sumResponse += response;
    sumSlowdown += response / runtime;
    sumBsld += boundedSlowdown(wait, runtime);
    if (wait > maxWait) maxWait = wait;
    if (end[j]! > lastEnd) lastEnd = end[j]!;
    for (let r = 0; r < R; r++) work[r]! += jobs.total[j * R + r]! * runtime;
  }
  const n = waits.length;
  const sorted = Float64Array.from(waits).sort();
  const makespan = n > 0 ? lastEnd - firstSubmit : 0;
  const offered = offeredCapacity(result, cluster, firstSubmit, lastEnd);
  const utilization: Record<string, number> = {};
  for (let r = 0; r < R; r++) {
    // Adding zero keeps the bytes of runs without interruptions as they were.
    const occupied = result.interruptedWork[r] === 0 ? work[r]! : work[r]! + result.interruptedWork[r]!;
    utilization[jobs.resources[r]!] = makespan > 0 && offered[r]! > 0 ? occupied / offered[r]! : 0;
  }
  const mean = (sum: number) => (n > 0 ? sum / n : 0);
  return {
    jobs_submitted: jobs.count - counts[JobState.Pending]!,
    jobs_finished: counts[JobState.Finished]!,
    jobs_killed: counts[JobState.Killed]!,
    jobs_failed: counts[JobState.Failed]!,
    jobs_rejected: counts[JobState.Rejected]!,
    jobs_running: counts[JobState.Running]!,
    jobs_queued: counts[JobState.Queued]!,
    mean_wait: mean(sumWait),
    p50_wait: n > 0 ? quantileSorted(sorted, 0.5) : 0,
    p95_wait: n > 0 ? quantileSorted(sorted, 0.95) : 0,
    p99_wait: n > 0 ? quantileSorted(sorted, 0.99) : 0,
    max_wait: maxWait,
    mean_response: mean(sumResponse),
    mean_slowdown: mean(sumSlowdown),
    mean_bounded_slowdown: mean(sumBsld),
    makespan,
    utilization,
    throughput: makespan > 0 ? (n * 3600) / makespan : 0,
  };
}
