/**
 * The comparison of a study's variants: for each metric and each variant (and
 * grid point), the mean with its confidence interval and the paired
 * difference with the baseline, marked when its interval excludes 0. Rendered
 * as a text table, CSV, JSON or Markdown. Pure: no Node imports.
 */
import { csvRow } from '../results/csv.ts';
import type { StudySummary } from '../results/results-schema.ts';
import { metricUnitOf, metricWithUnit } from '../results/metric-units.ts';
import { formatTable } from '../results/table.ts';

export const COMPARE_FORMATS = ['table', 'csv', 'json', 'markdown'] as const;
export type CompareFormat = (typeof COMPARE_FORMATS)[number];

/** Metrics shown when none are asked for (those the study has). */
export const DEFAULT_METRICS = ['mean_wait', 'p95_wait', 'mean_bounded_slowdown', 'utilization_cpu'];

export interface CompareRow {
  metric: string;
  /** The metric's unit (metric-units.ts), null when it has none. */
  unit: string | null;
  variant: string;
  params: Record<string, string | number | boolean>;
  n: number;
  mean: number | null;
  sd: number | null;
  ci_low: number | null;
  ci_high: number | null;
  /** Paired difference variant − baseline; null fields for the baseline itself. */
  diff_n: number | null;
  diff_mean: number | null;
  diff_sd: number | null;
  diff_ci_low: number | null;
  diff_ci_high: number | null;
  diff_t: number | null;
  diff_p: number | null;
  significant: boolean | null;
  /** Every run of the variant gave the same value (n ≥ 2): the seeds change nothing there. */
  identical: boolean;
  /** Every paired difference is the same: no variance to test, no significance claimed. */
  diff_identical: boolean | null;
}

export function compareRows(summary: StudySummary, metrics: readonly string[]): CompareRow[] {
  const rows: CompareRow[] = [];
  for (const metric of metrics) {
    for (const v of summary.variants) {
      const e = v.metrics[metric]!;
      const d = summary.differences.find((x) => x.variant === v.variant && x.point === v.point)?.metrics[metric];
      rows.push({
        metric,
        unit: metricUnitOf(metric),
        variant: v.variant,
        params: v.params,
        n: e.n,
        mean: e.mean,
        sd: e.sd,
        ci_low: e.ci_low,
        ci_high: e.ci_high,
        diff_n: d ? d.n : null,
        diff_mean: d ? d.mean : null,
        diff_sd: d ? d.sd : null,
        diff_ci_low: d ? d.ci_low : null,
        diff_ci_high: d ? d.ci_high : null,
        diff_t: d ? d.t : null,
        diff_p: d ? d.p : null,
        significant: d ? d.significant : null,
        identical: e.n >= 2 && e.sd === 0,
        diff_identical: d ? d.identical : null,
      });
    }
  }
  return rows;
}

/**
 * A number for reading, one way everywhere (as the browser app writes them): thousands grouped with commas
 * from 1,000 up (`6,900`, `38,004`), 4 significant digits below, an exponent only for the very small.
 */
export function num(x: number | null): string {
  if (x === null) return '-';
  if (x === 0) return '0';
  const a = Math.abs(x);
  if (a >= 1e3 && a < 1e15) return Math.round(x).toLocaleString('en-US');
  if (a >= 1e-3) return String(Number(x.toPrecision(4)));
  return x.toExponential(3);
}

/** The metrics that have a value in at least one run: a metric no run measured (n = 0 everywhere) has no row. */
export function metricsWithValues(summary: StudySummary, metrics: readonly string[]): { kept: string[]; empty: string[] } {
  const kept: string[] = [];
  const empty: string[] = [];
  for (const m of metrics) (summary.variants.some((v) => (v.metrics[m]?.n ?? 0) > 0) ? kept : empty).push(m);
  return { kept, empty };
}

function pValue(p: number | null): string {
  if (p === null) return '-';
  return p < 0.001 ? '<0.001' : p.toFixed(3);
}

function interval(lo: number | null, hi: number | null): string {
  return lo === null || hi === null ? '-' : `[${num(lo)}, ${num(hi)}]`;
}

/** What to print instead of an interval or a p value when the runs do not vary across seeds. */
const IDENTICAL = 'identical across seeds';
/** ... and instead of the interval of a paired difference that does not vary. */
const SAME_DIFF = 'same at every seed';

function cells(r: CompareRow, gridKeys: readonly string[]): string[] {
  const diff = r.diff_n === null ? '(baseline)' : r.diff_mean === null ? '-' : `${r.diff_mean > 0 ? '+' : ''}${num(r.diff_mean)}${r.significant ? ' *' : ''}`;
  const baselineRow = r.diff_n === null;
  return [
    metricWithUnit(r.metric),
    r.variant,
    ...gridKeys.map((k) => String(r.params[k])),
    String(r.n),
    num(r.mean),
    r.identical ? IDENTICAL : interval(r.ci_low, r.ci_high),
    diff,
    baselineRow ? '' : r.diff_identical ? `${SAME_DIFF} (n=${r.diff_n})` : interval(r.diff_ci_low, r.diff_ci_high),
    baselineRow ? '' : r.diff_identical ? 'no test' : pValue(r.diff_p),
  ];
}

export function renderComparison(summary: StudySummary, requested: readonly string[], format: CompareFormat): string {
  const { kept: metrics, empty } = metricsWithValues(summary, requested);
  const rows = compareRows(summary, metrics);
  const gridKeys = summary.grid_keys;
  const pct = Math.round(summary.confidence * 100);
  if (format === 'json') return `${JSON.stringify({ baseline: summary.baseline, confidence: summary.confidence, grid_keys: gridKeys, rows, left_out: empty }, null, 2)}\n`;
  if (format === 'csv') {
    const fixed = ['n', 'mean', 'sd', 'ci_low', 'ci_high', 'diff_n', 'diff_mean', 'diff_sd', 'diff_ci_low', 'diff_ci_high', 'diff_t', 'diff_p', 'significant', 'identical', 'diff_identical'] as const;
    let text = csvRow(['metric', 'unit', 'variant', ...gridKeys, ...fixed]);
    for (const r of rows) text += csvRow([r.metric, r.unit, r.variant, ...gridKeys.map((k) => String(r.params[k])), ...fixed.map((f) => (typeof r[f] === 'boolean' ? String(r[f]) : (r[f] as number | null)))]);
    return text;
  }
  const header = ['metric', 'variant', ...gridKeys, 'n', 'mean', `${pct}% CI`, `diff vs ${summary.baseline}`, `${pct}% CI of diff`, 'p'];
  const body = rows.map((r) => cells(r, gridKeys));
  const identical = rows.some((r) => r.identical || r.diff_identical);
  // The star is explained only where a row can carry one: with one seed there is no interval at all.
  const starred = rows.some((r) => r.significant === true);
  const finished = `${summary.runs.ok} of ${summary.runs.total} runs finished${summary.runs.failed ? `, ${summary.runs.failed} failed` : ''}.`;
  const left = empty.length > 0 ? `Left out, no run has a value: ${empty.join(', ')}.\n` : '';
  const legend =
    left +
    (starred ? `* the ${pct}% interval of the paired difference (same seeds) excludes 0. ${finished}\n` : `${finished}\n`) +
    (identical
      ? `"${IDENTICAL}": every seed gave the same value; "${SAME_DIFF}": the paired difference did not vary with the seed. Either way there is no variance to test, and no significance is claimed.\n`
      : '');
  if (format === 'markdown') {
    const esc = (s: string) => s.replace(/\|/g, '\\|');
    const right = header.map((_, i) => i >= 2 + gridKeys.length);
    return [
      `| ${header.map(esc).join(' | ')} |`,
      `|${right.map((r) => (r ? '---:' : '---')).join('|')}|`,
      ...body.map((c) => `| ${c.map(esc).join(' | ')} |`),
      '',
      legend,
    ].join('\n');
  }
  return formatTable(header, body, header.map((_, i) => i >= 2 + gridKeys.length)) + '\n' + legend;
}
