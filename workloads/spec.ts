/**
 * The generator spec: a JSON or YAML file describing a synthetic workload.
 * Validated by zod; unknown keys are errors (a typo never goes unnoticed), and
 * every error names the path of the bad field. See docs/workloads.md "Synthetic workloads
 * and transforms" for the format with examples.
 *
 *   machine:    {nodes, node: {resource: capacity}}     the cluster (homogeneous)
 *   jobs:       model independent (arrivals, tasks, runtime) or lublin; count and/or horizon;
 *               request per task, estimate model, users, resolution
 *   services:   long-running replica sets with a request-rate curve
 *   transforms: applied to the generated workload, in order
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { InputError } from '../sim/errors.ts';
import { ArrivalSchema } from './arrivals/index.ts';
import { DistributionSchema, wrongKeyError } from './distributions/index.ts';
import { EstimateSchema } from './estimates.ts';
import { LublinSpecSchema } from './lublin/index.ts';
import { ServiceJobSpecSchema } from './services/service.ts';
import { TransformListSchema } from './transforms/index.ts';

export const MachineSchema = z.strictObject({
  nodes: z.number().int().positive(),
  /** Capacity of each node by resource (cpu cores, memory MiB, gpu GPUs). */
  node: z.record(z.string().min(1), z.number().nonnegative().finite()).default({ cpu: 1 }),
});

/** A per-task request: a fixed amount, or a distribution drawn per job. */
const RequestSchema = z
  .record(z.string().min(1), z.union([z.number().nonnegative().finite(), DistributionSchema], { error: (issue) => wrongKeyError(issue) ?? 'must be a non-negative number or a distribution {distribution: ...}' }))
  .default({ cpu: 1 });

const common = {
  /** Number of jobs to generate. */
  count: z.number().int().positive().max(10_000_000).optional(),
  /** Stop at the first arrival at or after this time, seconds. */
  horizon: z.number().positive().finite().optional(),
  request: RequestSchema,
  estimate: EstimateSchema.default({ model: 'exact' }),
  /** Users u1…uN, each job's drawn uniformly; no users when absent. */
  users: z.number().int().positive().optional(),
  /** Time resolution, seconds: submit times rounded down, runtimes to the nearest multiple (at least one), estimates up; 0 keeps exact values. */
  resolution: z.number().nonnegative().finite().default(1),
};

const countOrHorizon = { message: 'give count, horizon or both', path: ['count'] };
const hasLimit = (s: { count?: number | undefined; horizon?: number | undefined }) => s.count !== undefined || s.horizon !== undefined;

export const IndependentJobsSchema = z
  .strictObject({
    model: z.literal('independent'),
    arrivals: ArrivalSchema,
    /** Tasks per job: integer distributions as they are, continuous ones rounded up. */
    tasks: DistributionSchema.default({ distribution: 'constant', value: 1 }),
    /** Runtime in seconds. */
    runtime: DistributionSchema,
    ...common,
  })
  .refine(hasLimit, countOrHorizon);

export const LublinJobsSchema = z
  .strictObject({
    model: z.literal('lublin'),
    lublin: LublinSpecSchema.default({ types: 'both', startHour: 0, scaleToMachine: true }),
    ...common,
  })
  .refine(hasLimit, countOrHorizon);

export const JobsSchema = z.discriminatedUnion('model', [IndependentJobsSchema, LublinJobsSchema]);

export const GeneratorSpecSchema = z
  .strictObject({
    name: z.string().optional(),
    description: z.string().optional(),
    machine: MachineSchema,
    jobs: JobsSchema.optional(),
    services: z.array(ServiceJobSpecSchema).default([]),
    transforms: TransformListSchema.default([]),
  })
  .refine((s) => s.jobs !== undefined || s.services.length > 0, { message: 'give jobs, services or both', path: ['jobs'] })
  .superRefine((s, ctx) => {
    const seen = new Set<string>();
    s.services.forEach((svc, i) => {
      if (seen.has(svc.name)) ctx.addIssue({ code: 'custom', message: `duplicate service name ${JSON.stringify(svc.name)}`, path: ['services', i, 'name'] });
      seen.add(svc.name);
    });
  });

export type GeneratorSpec = z.infer<typeof GeneratorSpecSchema>;
export type GeneratorSpecInput = z.input<typeof GeneratorSpecSchema>;
export type JobsSpec = z.infer<typeof JobsSchema>;

/** Validates a parsed spec; the first problem becomes an InputError naming file, field path and value. */
export function validateGeneratorSpec(value: unknown, file: string): GeneratorSpec {
  const parsed = GeneratorSpecSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  // A misspelt key also shows up as a missing one: report the misspelling first.
  const issues = [...parsed.error.issues].sort((a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'));
  const issue = issues[0]!;
  // Unknown keys: name the key itself as the field.
  const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
  let bad: unknown = value;
  for (const key of path) bad = (bad as Record<PropertyKey, unknown> | undefined)?.[key as PropertyKey];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  throw new InputError(`${issue.message}${more}`, {
    file,
    field: path.map(String).join('.') || '(spec)',
    value: bad === undefined ? 'missing' : typeof bad === 'string' ? bad : JSON.stringify(bad),
  });
}

/** Parses a spec file's text: JSON, or YAML (a superset of JSON); errors name the file and line. */
export function parseGeneratorSpec(text: string, file: string): GeneratorSpec {
  let value: unknown;
  try {
    value = parseYaml(text);
  } catch (err) {
    const e = err as Error & { linePos?: { line: number; col: number }[] };
    const pos = e.linePos?.[0];
    throw new InputError(`not valid YAML or JSON: ${e.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, { file, line: pos?.line, column: pos?.col });
  }
  return validateGeneratorSpec(value, file);
}
