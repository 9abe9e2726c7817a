/**
 * The files of a study's results directory, as zod schemas, shared with the
 * browser app (import this module; it has no Node imports, only zod).
 *
 *   DIR/manifest.json             ExperimentManifestSchema: the config as resolved, input hashes, the run list
 *   DIR/runs.csv                  one row per run: runsCsvColumns(); parse a row with runRowFromRecord()
 *   DIR/summary.json              StudySummarySchema: per variant and grid point n, mean, sd, 95% CI of every
 *                                 metric; paired differences against the baseline; failures
 *   DIR/runs/<run_id>/summary.json   RunSummarySchema (as `clusterlab simulate --out` writes it)
 *   DIR/runs/<run_id>/manifest.json  RunManifestSchema
 *   DIR/runs/<run_id>/failure.json   FailureSchema, instead of the files above when the run failed
 *   DIR/runs/<run_id>/jobs.csv, timeseries.csv, events.csv, decisions.jsonl: see docs/results.md
 *
 * The docs/results.md section "Results layout" describes every field; keep both in step.
 */
import { z } from 'zod';

export const EXPERIMENT_FORMAT = 'clusterlab-experiment';
export const SUMMARY_FORMAT = 'clusterlab-experiment-summary';
export const LAYOUT_VERSION = 1;

export const GridValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export const PolicyRefSchema = z.object({ name: z.string(), params: z.record(z.string(), z.unknown()) });

export const InputRecordSchema = z.object({
  role: z.string(),
  /** File name without its directory (the config holds the path as written). */
  file: z.string(),
  bytes: z.number(),
  sha256: z.string(),
});

/** One run as planned: its id, variant, grid point (index and values) and seed. */
export const PlannedRunSchema = z.object({
  run_id: z.string(),
  variant: z.string(),
  point: z.number().int().nonnegative(),
  params: z.record(z.string(), GridValueSchema),
  seed: z.number().int().nonnegative(),
});

/** The config as resolved (every default filled in; policies as {name, params}; paths as written). */
export const ResolvedConfigSchema = z.object({
  name: z.string(),
  description: z.string().nullable(),
  cluster: z.record(z.string(), z.unknown()).nullable(),
  /** Null in a scenario study. */
  workload: z.record(z.string(), z.unknown()).nullable(),
  /** The scenario file of a scenario study (as written in the config), else null. */
  scenario: z.string().nullable(),
  variants: z.array(
    z.object({
      name: z.string(),
      description: z.string().nullable(),
      policies: z.record(z.string(), PolicyRefSchema),
      /** Scenario studies: the fields the variant replaces in the scenario. */
      scenario: z.record(z.string(), z.unknown()).nullable(),
    }),
  ),
  baseline: z.string(),
  grid: z.array(z.object({ key: z.string(), values: z.array(GridValueSchema) })),
  seeds: z.array(z.number().int().nonnegative()),
  /** sample_step null: the scenario's own (scenario studies). */
  simulation: z.object({ overrun: z.enum(['run', 'cut']), sample_step: z.number().nullable(), max_steps: z.number().nullable() }),
  outputs: z.object({ jobs: z.boolean(), timeseries: z.boolean(), events: z.boolean(), decisions: z.boolean() }),
});

export const ExperimentManifestSchema = z.object({
  format: z.literal(EXPERIMENT_FORMAT),
  version: z.literal(LAYOUT_VERSION),
  /** clusterlab version that wrote the results. */
  clusterlab: z.string(),
  /** sha256 of this manifest's other fields: identifies the study (shards, merge and resume check it). */
  study_sha256: z.string(),
  name: z.string(),
  config: ResolvedConfigSchema,
  inputs: z.array(InputRecordSchema),
  /** Every run, in result order (the order of runs.csv). */
  runs: z.array(PlannedRunSchema),
});

/** A run's summary.json, exactly as `clusterlab simulate --out` writes it. */
export const RunSummarySchema = z.object({
  scheduler: z.object({ queue: z.string(), backfill: z.string(), placement: z.string(), overrun: z.string() }),
  /** sim/metrics.ts RunMetrics: numbers, and `utilization` by resource. */
  metrics: z.record(z.string(), z.union([z.number(), z.null(), z.record(z.string(), z.number())])),
  workload: z.object({ format: z.string(), jobs: z.number(), dropped: z.record(z.string(), z.number()), repaired: z.record(z.string(), z.number()) }),
  cluster: z.object({ nodes: z.number(), capacity: z.record(z.string(), z.number()) }),
  run: z.object({ instants: z.number(), events: z.number(), end_time: z.number(), truncated: z.boolean() }),
  /** On clusters with GPUs: percent of GPU capacity allocated when requests reached 80/90/100 % of it, and at the end. */
  gpu_allocation_at_demand: z.record(z.string(), z.number().nullable()).optional(),
  /** Scenario runs: the measures of the dynamics (docs/dynamics.md "Metrics of dynamic runs"). */
  dynamics: z.record(z.string(), z.unknown()).optional(),
});

/** A run's manifest.json: simulate's manifest plus `experiment`. */
export const RunManifestSchema = z.object({
  clusterlab: z.string(),
  command: z.literal('run'),
  inputs: z.array(InputRecordSchema),
  reader: z.record(z.string(), z.unknown()),
  options: z.record(z.string(), z.unknown()),
  seed: z.number(),
  files: z.array(z.string()),
  experiment: z.object({
    study_sha256: z.string(),
    run_id: z.string(),
    variant: z.string(),
    params: z.record(z.string(), GridValueSchema),
    seed: z.number(),
    policies: z.record(z.string(), PolicyRefSchema),
  }),
});

/** runs/<run_id>/failure.json: the run failed (threw, or exceeded a budget); its reason. */
export const FailureSchema = z.object({
  run_id: z.string(),
  study_sha256: z.string(),
  status: z.literal('failed'),
  reason: z.string(),
});

export const EstimateSchema = z.object({
  n: z.number().int().nonnegative(),
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  ci_low: z.number().nullable(),
  ci_high: z.number().nullable(),
});

export const PairedEstimateSchema = EstimateSchema.extend({
  t: z.number().nullable(),
  p: z.number().nullable(),
  significant: z.boolean(),
  /** Every paired difference equal (no variance: the seeds changed nothing); then t and p are null and significant false. */
  identical: z.boolean(),
});

export const StudySummarySchema = z.object({
  format: z.literal(SUMMARY_FORMAT),
  version: z.literal(LAYOUT_VERSION),
  study_sha256: z.string(),
  confidence: z.number(),
  baseline: z.string(),
  grid_keys: z.array(z.string()),
  /** Metric names, as the columns of runs.csv after `status`. */
  metrics: z.array(z.string()),
  runs: z.object({ total: z.number(), ok: z.number(), failed: z.number() }),
  /** One entry per variant and grid point, variants in config order, then points. */
  variants: z.array(
    z.object({
      variant: z.string(),
      point: z.number().int(),
      params: z.record(z.string(), GridValueSchema),
      n: z.number().int(),
      metrics: z.record(z.string(), EstimateSchema),
    }),
  ),
  /** variant − baseline at the same grid point and seed, for every variant but the baseline. */
  differences: z.array(
    z.object({
      variant: z.string(),
      baseline: z.string(),
      point: z.number().int(),
      params: z.record(z.string(), GridValueSchema),
      metrics: z.record(z.string(), PairedEstimateSchema),
    }),
  ),
  failures: z.array(z.object({ run_id: z.string(), variant: z.string(), point: z.number().int(), params: z.record(z.string(), GridValueSchema), seed: z.number(), reason: z.string() })),
});

export type ExperimentManifest = z.infer<typeof ExperimentManifestSchema>;
export type PlannedRunRecord = z.infer<typeof PlannedRunSchema>;
export type RunSummary = z.infer<typeof RunSummarySchema>;
export type RunManifest = z.infer<typeof RunManifestSchema>;
export type Failure = z.infer<typeof FailureSchema>;
export type StudySummary = z.infer<typeof StudySummarySchema>;
export type EstimateRecord = z.infer<typeof EstimateSchema>;
export type PairedEstimateRecord = z.infer<typeof PairedEstimateSchema>;

/** runs.csv `status`: `ok` (the run's files are there) or `failed` (see failure.json; metric cells empty). */
export type RunStatus = 'ok' | 'failed';

/** The columns of runs.csv: run_id, variant, the grid keys (as written in the config), seed, status, the metrics. */
export function runsCsvColumns(gridKeys: readonly string[], metrics: readonly string[]): string[] {
  return ['run_id', 'variant', ...gridKeys, 'seed', 'status', ...metrics];
}

/** A run's metrics flattened to runs.csv columns: `utilization: {cpu}` → `utilization_cpu`, in key order. */
export function flattenMetrics(metrics: Record<string, unknown>, prefix = ''): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const [key, value] of Object.entries(metrics)) {
    const name = prefix ? `${prefix}_${key}` : key;
    if (value !== null && typeof value === 'object') for (const [k, v] of flattenMetrics(value as Record<string, unknown>, name)) out.set(k, v);
    else out.set(name, typeof value === 'number' && Number.isFinite(value) ? value : null);
  }
  return out;
}

/**
 * Every measure of a run as runs.csv columns: `metrics` flattened
 * (`utilization_cpu`), then `gpu_allocation_at_demand_<80|90|100|final>` on GPU
 * clusters, then `dynamics_<section>_<measure>` for scenario runs
 * (`dynamics_recovery_work_lost_cpu_seconds`, `dynamics_services_frontend_availability`,
 * `dynamics_rollouts_0_duration`). Only numbers (and nulls) become columns:
 * names and flags in the dynamics (a policy name, `config.enabled`) are not measures.
 */
export function runMetrics(summary: Pick<RunSummary, 'metrics' | 'gpu_allocation_at_demand' | 'dynamics'>): Map<string, number | null> {
  const out = flattenMetrics(summary.metrics);
  if (summary.gpu_allocation_at_demand) for (const [k, v] of flattenMetrics(summary.gpu_allocation_at_demand, 'gpu_allocation_at_demand')) out.set(k, v);
  if (summary.dynamics) for (const [k, v] of flattenMeasures(summary.dynamics, 'dynamics')) out.set(k, v);
  return out;
}

/** Numbers and nulls of a nested object (arrays by index), named by their path joined with `_`. */
function flattenMeasures(value: unknown, name: string, out = new Map<string, number | null>()): Map<string, number | null> {
  if (value === null) out.set(name, null);
  else if (typeof value === 'number') out.set(name, Number.isFinite(value) ? value : null);
  else if (Array.isArray(value)) value.forEach((v, i) => flattenMeasures(v, `${name}_${i}`, out));
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value as Record<string, unknown>)) flattenMeasures(v, `${name}_${k}`, out);
  return out;
}

/** One run as the statistics see it. */
export interface RunRow {
  run_id: string;
  variant: string;
  point: number;
  params: Record<string, string | number | boolean>;
  seed: number;
  status: RunStatus;
  metrics: Map<string, number | null>;
}

/**
 * A row of runs.csv (as strings by column name, e.g. from a CSV parser with
 * `columns: true`) joined with its planned run from the manifest.
 */
export function runRowFromRecord(record: Record<string, string>, planned: PlannedRunRecord, metrics: readonly string[]): RunRow {
  const values = new Map<string, number | null>();
  for (const m of metrics) {
    const cell = record[m];
    values.set(m, cell === undefined || cell === '' ? null : Number(cell));
  }
  return { run_id: planned.run_id, variant: planned.variant, point: planned.point, params: planned.params, seed: planned.seed, status: record.status === 'ok' ? 'ok' : 'failed', metrics: values };
}
