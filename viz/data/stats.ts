/**
 * Means and 95% confidence intervals across runs (seeds), and paired
 * differences against the baseline variant. Intervals are Student t intervals
 * on the run-level values, so they say how sure we are of the mean over seeds;
 * pairing runs of two variants on the same seed and grid point (common random
 * numbers) removes the shared variation.
 */
import type { ResultsData, RunData } from './model.ts';

export interface Estimate {
  n: number;
  mean: number;
  sd: number;
  /** 95% interval of the mean; equal to the mean when n < 2. */
  lo: number;
  hi: number;
}

/** t_{0.975, df} for df = 1..30 (standard tables). */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074,
  2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** The 0.975 quantile of Student's t with df degrees of freedom (Cornish-Fisher expansion past 30). */
export function t975(df: number): number {
  if (df < 1) return NaN;
  if (df <= 30) return T975[Math.floor(df) - 1]!;
  const z = 1.959964;
  return z + (z ** 3 + z) / (4 * df) + (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df * df);
}

export function estimate(values: readonly number[]): Estimate {
  const xs = values.filter((x) => Number.isFinite(x));
  const n = xs.length;
  if (n === 0) return { n, mean: NaN, sd: NaN, lo: NaN, hi: NaN };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, sd: NaN, lo: mean, hi: mean };
  const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1));
  const half = (t975(n - 1) * sd) / Math.sqrt(n);
  return { n, mean, sd, lo: mean - half, hi: mean + half };
}

/** Runs of a variant that finished (failed runs have no metrics to average). */
export function runsOf(data: ResultsData, variant: string): RunData[] {
  return data.runs.filter((r) => r.variant === variant && r.status !== 'failed' && r.status !== 'error');
}

export function metricByVariant(data: ResultsData, metric: string): { variant: string; values: number[]; runs: RunData[]; estimate: Estimate }[] {
  return data.variants.map((variant) => {
    const runs = runsOf(data, variant).filter((r) => Number.isFinite(r.metrics[metric]));
    const values = runs.map((r) => r.metrics[metric]!);
    return { variant, values, runs, estimate: estimate(values) };
  });
}

/** What makes two runs a pair: the same seed and grid point. */
export function pairKey(run: RunData): string {
  return JSON.stringify([run.seed, Object.entries(run.params).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))]);
}

export interface PairedDifference {
  variant: string;
  metric: string;
  /** variant − baseline, per pair. */
  differences: number[];
  estimate: Estimate;
  /** The baseline's mean over the same pairs, for relative readings. */
  baselineMean: number;
}

export function pairedDifferences(data: ResultsData, metric: string): PairedDifference[] {
  const base = new Map<string, number>();
  for (const r of runsOf(data, data.baseline)) if (Number.isFinite(r.metrics[metric])) base.set(pairKey(r), r.metrics[metric]!);
  const out: PairedDifference[] = [];
  for (const variant of data.variants) {
    if (variant === data.baseline) continue;
    const differences: number[] = [];
    const baseValues: number[] = [];
    for (const r of runsOf(data, variant)) {
      const b = base.get(pairKey(r));
      const v = r.metrics[metric];
      if (b === undefined || v === undefined || !Number.isFinite(v)) continue;
      differences.push(v - b);
      baseValues.push(b);
    }
    out.push({ variant, metric, differences, estimate: estimate(differences), baselineMean: estimate(baseValues).mean });
  }
  return out;
}
