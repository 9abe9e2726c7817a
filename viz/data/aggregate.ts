/**
 * Time series of several runs of a variant, combined per time bucket: the mean
 * across runs (the seeds of one grid point; data/grid.ts) and its 95% Student t
 * interval (data/stats.ts). Long series are coarsened to at most `maxPoints`
 * buckets by averaging consecutive buckets, which keeps time averages exact
 * (buckets have equal length) and the charts fast at any run length.
 */
import { onePoint } from './grid.ts';
import type { ResultsData } from './model.ts';
import { estimate, runsOf } from './stats.ts';

export interface VariantSeries {
  variant: string;
  /** Number of runs combined. */
  runs: number;
  time: number[];
  mean: number[];
  lo: number[];
  hi: number[];
}

export function variantSeries(data: ResultsData, column: string, maxPoints = 600, point?: string | null): VariantSeries[] {
  const out: VariantSeries[] = [];
  const at = onePoint(data, point).data;
  for (const variant of data.variants) {
    const runs = runsOf(at, variant).filter((r) => r.timeseries?.columns[column]);
    if (runs.length === 0) continue;
    // Every run's buckets, coarsened alike so that the same times line up.
    let step = Infinity;
    let first = Infinity;
    let last = -Infinity;
    for (const r of runs) {
      const t = r.timeseries!.time;
      if (t.length > 1) step = Math.min(step, t[1]! - t[0]!);
      if (t.length) {
        first = Math.min(first, t[0]!);
        last = Math.max(last, t[t.length - 1]!);
      }
    }
    if (!Number.isFinite(step) || step <= 0) step = 1;
    const buckets = Math.floor((last - first) / step) + 1;
    const k = Math.max(1, Math.ceil(buckets / maxPoints));
    const width = step * k;
    const slots = Math.ceil(buckets / k);
    const perRun = runs.map((r) => {
      const sum = new Float64Array(slots);
      const count = new Float64Array(slots);
      const t = r.timeseries!.time;
      const v = r.timeseries!.columns[column]!;
      for (let i = 0; i < t.length; i++) {
        if (Number.isNaN(v[i]!)) continue;
        const s = Math.floor((t[i]! - first) / width);
        sum[s]! += v[i]!;
        count[s]!++;
      }
      return { sum, count };
    });
    const series: VariantSeries = { variant, runs: runs.length, time: [], mean: [], lo: [], hi: [] };
    for (let s = 0; s < slots; s++) {
      const values: number[] = [];
      for (const p of perRun) if (p.count[s]! > 0) values.push(p.sum[s]! / p.count[s]!);
      if (values.length === 0) continue;
      const e = estimate(values);
      series.time.push(first + s * width);
      series.mean.push(e.mean);
      series.lo.push(e.lo);
      series.hi.push(e.hi);
    }
    out.push(series);
  }
  return out;
}
