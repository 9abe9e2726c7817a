/**
 * The experiment config: its schema (zod; `clusterlab schema` exports it as
 * JSON Schema) and the types of a config once resolved (resolve-config.ts
 * resolves it: every default filled in, policies as `{name, params}`, the
 * grid checked point by point).
 *
 * No file access here: paths stay as written (study.ts resolves them against
 * the config file's directory), and config-file.ts reads the file.
 */
import { z } from 'zod';
import { POLICY_KINDS, policyRefSchema, type PolicyRef } from './policy-kinds.ts';
import { ClusterConfigSchema, WorkloadSchema, type ClusterConfig, type WorkloadConfig } from '../run/workload-spec.ts';

/** Variant and study names: they become parts of run ids and directory names. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;
const Name = z.string().regex(NAME_PATTERN, 'must be letters, digits, - and _ (it names directories)');

export const GridValueSchema = z.union([z.string(), z.number(), z.boolean()]);
export type GridValue = z.infer<typeof GridValueSchema>;

export const SimulationSchema = z.strictObject({
  overrun: z.enum(['run', 'cut']).default('run').describe('a job past its estimate: run to its logged end, or cut (killed at walltime)'),
  sample_step: z.number().positive().default(3600).describe("time series bucket, seconds (in a scenario study, default: the scenario's sampleStep)"),
  max_steps: z.int().positive().nullable().default(null).describe('event budget: a run that needs more instants fails (deterministic)'),
});

export const BudgetsSchema = z
  .strictObject({
    wall_seconds: z.number().positive().nullable().default(3600).describe('wall-time budget per run, enforced by the pool (not part of the results; --max-wall overrides)'),
    memory_mb: z.int().positive().nullable().default(null).describe("heap limit of each worker in MiB (null: Node's default; --max-memory overrides)"),
  })
  .describe('execution limits; they are not part of the study identity, so they may change on --resume');

export const OutputsSchema = z.strictObject({
  jobs: z.boolean().default(true).describe('runs/<id>/jobs.csv'),
  timeseries: z.boolean().default(true).describe('runs/<id>/timeseries.csv'),
  events: z.boolean().default(false).describe('runs/<id>/events.csv: every submit, start, end and reject (large)'),
  decisions: z.boolean().default(false).describe('runs/<id>/decisions.jsonl: every scheduling decision with its reason (large)'),
});

/** The config schema, built from the policy registries as they are now. */
export function experimentSchema() {
  const variantShape: Record<string, z.ZodType> = {
    name: Name.describe('variant name'),
    description: z.string().optional(),
  };
  for (const kind of POLICY_KINDS) variantShape[kind.key] = policyRefSchema(kind).optional();
  variantShape.scenario = z
    .record(z.string(), z.unknown())
    .optional()
    .describe("scenario studies: fields that replace the scenario's, merged as a scenario file's own variants are (objects key by key, lists of named items by name)");
  return z
    .strictObject({
      $schema: z.string().optional().describe('path or URL of this JSON Schema, for editors'),
      name: Name.optional().describe('study name (default: the config file name)'),
      description: z.string().optional(),
      cluster: ClusterConfigSchema.optional(),
      workload: WorkloadSchema.optional(),
      scenario: z
        .string()
        .min(1)
        .optional()
        .describe('instead of workload and cluster: a scenario file (clusterlab scenario), relative to the config file; its own variants are not used, the study\'s replace them'),
      variants: z.array(z.strictObject(variantShape)).min(1).describe('the policies compared; unset kinds take their default (trace studies) or keep the scenario\'s'),
      baseline: Name.optional().describe('variant the others are compared with (default: the first)'),
      grid: z
        .record(z.string().min(1), z.array(GridValueSchema).min(1))
        .optional()
        .describe('parameter grid: a path (simulation.overrun, workload.trace, workload.transforms.0.target, cluster.procs, backfill, <kind>.params.<p>, scenario.<field>...) and its values; every combination runs'),
      seeds: z
        .union([z.int().positive(), z.array(z.int().nonnegative()).min(1)])
        .optional()
        .describe('replications: a count (seeds 1..n) or a list; the workload, the transforms and the failures depend on the seed only'),
      simulation: SimulationSchema.prefault({}),
      budgets: BudgetsSchema.prefault({}),
      outputs: OutputsSchema.prefault({}).describe('which per-run files to keep'),
    })
    .describe('a clusterlab experiment: variants x grid points x seeds');
}

/** In a scenario study, `sample_step` is null unless the config sets it: the scenario's own applies. */
export type Simulation = Omit<z.output<typeof SimulationSchema>, 'sample_step'> & { sample_step: number | null };
export type Budgets = z.output<typeof BudgetsSchema>;
export type Outputs = z.output<typeof OutputsSchema>;

export interface Variant {
  name: string;
  description: string | null;
  /** One policy per kind, by kind key (queue, backfill, placement...). */
  policies: Record<string, PolicyRef>;
  /** Scenario studies: fields replacing the scenario's (null: none). */
  scenario: Record<string, unknown> | null;
}

export interface GridAxis {
  /** The path the values are set at, e.g. `simulation.overrun`. */
  key: string;
  values: GridValue[];
}

/** A config as resolved: what the manifest records and what identifies the study. */
export interface ExperimentConfig {
  name: string;
  description: string | null;
  cluster: ClusterConfig | null;
  /** Null in a scenario study. */
  workload: WorkloadConfig | null;
  /** The scenario file (as written, relative to the config) of a scenario study; null otherwise. */
  scenario: string | null;
  variants: Variant[];
  baseline: string;
  grid: GridAxis[];
  seeds: number[];
  simulation: Simulation;
  outputs: Outputs;
}

export interface ConfigProblem {
  path: (string | number)[];
  message: string;
  value: unknown;
}

export function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const key of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}
