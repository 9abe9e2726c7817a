/**
 * Empirical cumulative distribution functions of per-job values, pooled over
 * the runs of a variant. With 10^5 jobs per run the full step function would
 * be millions of points; it is reduced to at most `maxPoints` points at evenly
 * spaced probability levels (plus the extremes), which is visually exact at
 * chart resolution.
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

export function sortedValues(jobsList: readonly Jobs[], measure: JobMeasure): Float64Array {
  let n = 0;
  for (const j of jobsList) n += j.count;
  const out = new Float64Array(n);
  let k = 0;
  for (const j of jobsList) {
    const v = j[measure];
    for (let i = 0; i < j.count; i++) if (Number.isFinite(v[i]!)) out[k++] = v[i]!;
  }
  return out.subarray(0, k).sort();
}

export function ecdfPoints(sorted: Float64Array, maxPoints = 400): { x: number[]; p: number[] } {
  const n = sorted.length;
  const x: number[] = [];
  const p: number[] = [];
  if (n === 0) return { x, p };
  const push = (i: number) => {
    // F at sorted[i] counts every value equal to it.
    let j = i;
    while (j + 1 < n && sorted[j + 1] === sorted[i]) j++;
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
    const sorted = sortedValues(jobs, measure);
    out.push({ variant, n: sorted.length, ...ecdfPoints(sorted, maxPoints) });
  }
  return out;
}
