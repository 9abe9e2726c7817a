/**
 * From the runs of a study to its summary.json: per variant and grid point,
 * the estimate (n, mean, sd, CI) of every metric over the seeds that
 * finished; per variant other than the baseline, the paired difference with
 * the baseline at the same grid point, over the seeds where both finished.
 *
 * Everything is computed in run order, so the same runs give the same bytes
 * whichever machine or worker ran them. Pure: no Node imports.
 */
import type { ExperimentManifest, RunRow, StudySummary } from './results-schema.ts';
import { LAYOUT_VERSION, SUMMARY_FORMAT } from './results-schema.ts';
import { CONFIDENCE, estimate, pairedDifference } from './statistics.ts';

/** Metric names over every run that finished, in first-seen order (runs in run order). */
export function metricNames(rows: readonly RunRow[]): string[] {
  const names = new Set<string>();
  for (const r of rows) if (r.status === 'ok') for (const k of r.metrics.keys()) names.add(k);
  return [...names];
}

export interface SummaryInput {
  manifest: Pick<ExperimentManifest, 'study_sha256' | 'config' | 'runs'>;
  /** One row per run of the manifest, in its order. */
  rows: readonly RunRow[];
  metrics: readonly string[];
  /** Reasons of the failed runs, by run id. */
  reasons: ReadonlyMap<string, string>;
  /** Defaults to the config's baseline. */
  baseline?: string;
  confidence?: number;
}

export function summarize(input: SummaryInput): StudySummary {
  const { manifest, rows, metrics } = input;
  const confidence = input.confidence ?? CONFIDENCE;
  const baseline = input.baseline ?? manifest.config.baseline;
  const variants = manifest.config.variants.map((v) => v.name);
  if (!variants.includes(baseline)) throw new RangeError(`unknown baseline ${JSON.stringify(baseline)}; valid: ${variants.join(', ')}`);
  const points = new Map<number, Record<string, string | number | boolean>>();
  for (const r of manifest.runs) if (!points.has(r.point)) points.set(r.point, r.params);

  // Rows of each (variant, point), in run order.
  const groups = new Map<string, RunRow[]>();
  const groupKey = (variant: string, point: number) => `${variant}\u0000${point}`;
  for (const r of rows) {
    const k = groupKey(r.variant, r.point);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(r);
  }
  const values = (rs: readonly RunRow[], m: string) => rs.filter((r) => r.status === 'ok' && r.metrics.get(m) != null).map((r) => r.metrics.get(m)!);

  const summaryVariants: StudySummary['variants'] = [];
  const differences: StudySummary['differences'] = [];
  for (const variant of variants) {
    for (const [point, params] of points) {
      const rs = groups.get(groupKey(variant, point)) ?? [];
      const estimates: StudySummary['variants'][number]['metrics'] = {};
      for (const m of metrics) estimates[m] = estimate(values(rs, m), confidence);
      summaryVariants.push({ variant, point, params, n: rs.filter((r) => r.status === 'ok').length, metrics: estimates });
    }
  }
  for (const variant of variants) {
    if (variant === baseline) continue;
    for (const [point, params] of points) {
      const base = new Map((groups.get(groupKey(baseline, point)) ?? []).filter((r) => r.status === 'ok').map((r) => [r.seed, r]));
      const rs = (groups.get(groupKey(variant, point)) ?? []).filter((r) => r.status === 'ok' && base.has(r.seed));
      const diffs: StudySummary['differences'][number]['metrics'] = {};
      for (const m of metrics) {
        const pairs = rs.filter((r) => r.metrics.get(m) != null && base.get(r.seed)!.metrics.get(m) != null);
        diffs[m] = pairedDifference(
          pairs.map((r) => r.metrics.get(m)!),
          pairs.map((r) => base.get(r.seed)!.metrics.get(m)!),
          confidence,
        );
      }
      differences.push({ variant, baseline, point, params, metrics: diffs });
    }
  }
  const failures = rows
    .filter((r) => r.status === 'failed')
    .map((r) => ({ run_id: r.run_id, variant: r.variant, point: r.point, params: r.params, seed: r.seed, reason: input.reasons.get(r.run_id) ?? 'unknown' }));
  const ok = rows.filter((r) => r.status === 'ok').length;
  return {
    format: SUMMARY_FORMAT,
    version: LAYOUT_VERSION,
    study_sha256: manifest.study_sha256,
    confidence,
    baseline,
    grid_keys: manifest.config.grid.map((a) => a.key),
    metrics: [...metrics],
    runs: { total: rows.length, ok, failed: rows.length - ok },
    variants: summaryVariants,
    differences,
    failures,
  };
}
