/**
 * Empirical cumulative distribution functions of per-job values, pooled over
 * the runs of a variant. With 10^5 jobs per run the full step function would
 * be millions of points; it is reduced to about `maxPoints` points, at evenly
 * spaced ranks (plus the extremes), where F is exact; that is visually exact at
 * chart resolution. Each run is sorted once (cached per jobs table) and runs
 * are never concatenated: F of the pool at x is the sum of binary searches.
 */
import type { Jobs, ResultsData } from './model.ts';
import { runsOf } from './stats.ts';

export type JobMeasure = 'wait' | 'response' | 'boundedSlowdown';

export interface Ecdf {
  variant: string;
  n: number;
  /** Points (x, F(x)) of the step function, x ascending. */
  x: number[];
  p: number[];
}

/** Each run's sorted values, computed once per jobs table and measure. */
const sortedCache = new WeakMap<Jobs, Map<JobMeasure, Float64Array>>();

export function sortedRun(jobs: Jobs, measure: JobMeasure): Float64Array {
  let byMeasure = sortedCache.get(jobs);
  if (!byMeasure) sortedCache.set(jobs, (byMeasure = new Map()));
  let sorted = byMeasure.get(measure) ?? jobs.sorted?.[measure];
  if (!sorted) {
    const v = jobs[measure];
    const out = new Float64Array(jobs.count);
    let k = 0;
    for (let i = 0; i < jobs.count; i++) if (Number.isFinite(v[i]!)) out[k++] = v[i]!;
    sorted = out.subarray(0, k).sort();
    byMeasure.set(measure, sorted);
  }
  return sorted;
}

/** Number of values ≤ x in an ascending array. */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The ECDF of several runs pooled, without pooling them: at candidate values
 * taken at evenly spaced ranks of each run (its extremes included), F is
 * counted exactly by binary search in every run. Small samples are pooled
 * and given whole.
 */
export function pooledEcdf(runs: readonly Float64Array[], maxPoints = 400): { x: number[]; p: number[] } {
  let total = 0;
  for (const r of runs) total += r.length;
  if (total <= maxPoints) {
    const all = new Float64Array(total);
    let k = 0;
    for (const r of runs) {
      all.set(r, k);
      k += r.length;
    }
    return ecdfPoints(all.sort(), maxPoints);
  }
  const per = Math.max(2, Math.ceil(maxPoints / runs.length));
  const candidates: number[] = [];
  for (const r of runs) {
    if (r.length === 0) continue;
    for (let q = 0; q <= per; q++) candidates.push(r[Math.floor((q * (r.length - 1)) / per)]!);
  }
  candidates.sort((a, b) => a - b);
  const x: number[] = [];
  const p: number[] = [];
  for (const c of candidates) {
    if (x.length && x[x.length - 1] === c) continue;
    let count = 0;
    for (const r of runs) count += upperBound(r, c);
    x.push(c);
    p.push(count / total);
  }
  return { x, p };
}

export function ecdfPoints(sorted: Float64Array, maxPoints = 400): { x: number[]; p: number[] } {
  const n = sorted.length;
  const x: number[] = [];
  const p: number[] = [];
  if (n === 0) return { x, p };
  const push = (i: number) => {
    // F at sorted[i] counts every value equal to it: the last index of its ties, by binary search
    // (a linear scan would cost the size of the tie at every sample, and half of all waits can be 0).
    const xi0 = sorted[i]!;
    let lo = i;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sorted[mid]! === xi0) lo = mid;
      else hi = mid - 1;
    }
    const j = lo;
    const xi = sorted[i]!;
    if (x.length && x[x.length - 1] === xi) return j;
    x.push(xi);
    p.push((j + 1) / n);
    return j;
  };
  if (n <= maxPoints) {
    for (let i = 0; i < n; i = push(i) + 1);
    return { x, p };
  }
  for (let k = 0; k < maxPoints; k++) push(Math.min(n - 1, Math.floor((k * n) / maxPoints)));
  push(n - 1);
  return { x, p };
}

export function variantEcdfs(data: ResultsData, measure: JobMeasure, maxPoints = 400): Ecdf[] {
  const out: Ecdf[] = [];
  for (const variant of data.variants) {
    const jobs = runsOf(data, variant)
      .map((r) => r.jobs)
      .filter((j): j is Jobs => j !== null);
    if (jobs.length === 0) continue;
    const sorted = jobs.map((j) => sortedRun(j, measure));
    out.push({ variant, n: sorted.reduce((n, s) => n + s.length, 0), ...pooledEcdf(sorted, maxPoints) });
  }
  return out;
}
