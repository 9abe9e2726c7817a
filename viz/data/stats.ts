/**
 * Means and 95% confidence intervals over seeds, and paired differences
 * against the baseline variant, as summary.json and `clusterlab compare` give
 * them. A study's summary.json holds them for its baseline: they are read from
 * there (validated by experiments/results/results-schema.ts). Otherwise (another
 * baseline, runs without a study summary, runs made in the browser) they are
 * computed by the same functions (experiments/results/statistics.ts: the Student t
 * interval and the paired t test) in the same order over the same runs, which
 * on Node gives the same bits. Reading beats recomputing in a browser: p
 * values go through Math.exp, Math.log and Math.pow, which JavaScript engines
 * may round differently in the last bit (Chromium's and Node 20's do on some
 * values), while the file says what `compare` printed.
 *
 * Always within one grid point (data/grid.ts onePoint: the point asked for, or
 * the first): n counts the seeds of a variant at that point, and pairs are the
 * runs of two variants at the same seed there (common random numbers). Only
 * runs with status `ok` count, as in summary.json.
 */
import { CONFIDENCE, estimate as tEstimate, pairedDifference as tPaired, type Estimate as EstimateRecord } from '../../experiments/results/statistics.ts';
import { StudySummarySchema, type StudySummary } from '../../experiments/results/results-schema.ts';
import { onePoint } from './grid.ts';
import type { ResultsData, RunData } from './model.ts';
import { maxOf, minOf } from '../../sim/arrays.ts';

export { CONFIDENCE };

export interface Estimate {
  n: number;
  /** NaN when n = 0. */
  mean: number;
  /** Sample standard deviation; NaN when n < 2. */
  sd: number;
  /** The 95% interval of the mean; NaN when n < 2 (see hasInterval). */
  lo: number;
  hi: number;
}

export interface PairedEstimate extends Estimate {
  /** t statistic; null when n < 2 or every difference is equal. */
  t: number | null;
  /** Two-sided p value; null when n < 2. */
  p: number | null;
  /** The interval excludes 0. */
  significant: boolean;
}

const orNaN = (x: number | null) => (x === null ? NaN : x);

function fromRecord(e: EstimateRecord): Estimate {
  return { n: e.n, mean: orNaN(e.mean), sd: orNaN(e.sd), lo: orNaN(e.ci_low), hi: orNaN(e.ci_high) };
}

/** The mean of `values` (finite numbers, in the order given) and its 95% Student t interval. */
export function estimate(values: readonly number[]): Estimate {
  return fromRecord(tEstimate(values, CONFIDENCE));
}

export function hasInterval(e: Estimate): boolean {
  return Number.isFinite(e.lo) && Number.isFinite(e.hi);
}

/** Runs of a variant that finished (failed runs have no metrics), in run order. */
export function runsOf(data: ResultsData, variant: string): RunData[] {
  return data.runs.filter((r) => r.variant === variant && r.status === 'ok');
}

const valueOf = (r: RunData, metric: string) => {
  const v = r.metrics[metric];
  return v !== undefined && Number.isFinite(v) ? v : null;
};

const parsed = new WeakMap<object, StudySummary | null>();

/** The study's summary.json when it holds the statistics for this baseline, else null. */
function studySummary(data: ResultsData): StudySummary | null {
  const raw = data.studySummary;
  if (!raw || typeof raw !== 'object') return null;
  if (!parsed.has(raw)) {
    const r = StudySummarySchema.safeParse(raw);
    parsed.set(raw, r.success ? r.data : null);
  }
  const summary = parsed.get(raw)!;
  return summary && summary.baseline === data.baseline ? summary : null;
}

/**
 * The summary's entry for a variant at the grid point of `at` (runs of one
 * point), matched by its parameter values as runs.csv writes them.
 */
function summaryEntry<E extends { variant: string; params: Record<string, string | number | boolean> }>(at: ResultsData, entries: readonly E[], variant: string): E | undefined {
  const run = at.runs[0];
  if (!run) return undefined;
  return entries.find((e) => e.variant === variant && at.params.every((k) => String(e.params[k]) === run.params[k]));
}

export interface VariantValues {
  variant: string;
  values: number[];
  runs: RunData[];
  estimate: Estimate;
}

/** Each variant's values of a metric at one grid point, with their estimate. */
export function metricByVariant(data: ResultsData, metric: string, point?: string | null): VariantValues[] {
  const at = onePoint(data, point).data;
  const summary = studySummary(data);
  return data.variants.map((variant) => {
    const runs = runsOf(at, variant).filter((r) => valueOf(r, metric) !== null);
    const values = runs.map((r) => valueOf(r, metric)!);
    const stored = summary ? summaryEntry(at, summary.variants, variant)?.metrics[metric] : undefined;
    return { variant, values, runs, estimate: stored && stored.n === values.length ? fromRecord(stored) : estimate(values) };
  });
}

export interface PairedDifference {
  variant: string;
  metric: string;
  /** variant − baseline, per pair (seed), in run order. */
  differences: number[];
  estimate: PairedEstimate;
  /** The baseline's mean over the same pairs, for relative readings. */
  baselineMean: number;
}

/** variant − baseline at the same seed, at one grid point, for every variant but the baseline. */
export function pairedDifferences(data: ResultsData, metric: string, point?: string | null): PairedDifference[] {
  const at = onePoint(data, point).data;
  const summary = studySummary(data);
  const base = new Map<number | null, RunData>();
  for (const r of runsOf(at, data.baseline)) base.set(r.seed, r);
  const out: PairedDifference[] = [];
  for (const variant of data.variants) {
    if (variant === data.baseline) continue;
    const x: number[] = [];
    const y: number[] = [];
    for (const r of runsOf(at, variant)) {
      const b = base.get(r.seed);
      if (!b) continue;
      const v = valueOf(r, metric);
      const w = valueOf(b, metric);
      if (v === null || w === null) continue;
      x.push(v);
      y.push(w);
    }
    const stored = summary ? summaryEntry(at, summary.differences, variant)?.metrics[metric] : undefined;
    const p = stored && stored.n === x.length ? stored : tPaired(x, y, CONFIDENCE);
    out.push({
      variant,
      metric,
      differences: x.map((v, i) => v - y[i]!),
      estimate: { ...fromRecord(p), t: p.t, p: p.p, significant: p.significant },
      baselineMean: estimate(y).mean,
    });
  }
  return out;
}

/** "n = 3 seeds" when every variant has the same count, else "n = 2–3 seeds", for legends. */
export function seedCount(counts: readonly number[]): string {
  const xs = counts.filter((n) => n > 0);
  if (xs.length === 0) return 'no runs';
  const lo = minOf(xs);
  const hi = maxOf(xs);
  const what = hi === 1 ? 'seed' : 'seeds';
  return lo === hi ? `n = ${lo} ${what}` : `n = ${lo}–${hi} ${what}`;
}
