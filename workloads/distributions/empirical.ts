/**
 * Empirical distribution: draws one of the observed values, each with equal
 * probability (resampling with replacement, the bootstrap). The values are
 * given inline, or taken from a trace (`trace` + `field`), which the command
 * line reads before generating: the sampler itself does no I/O.
 *
 * Fields of a trace: `runtime`, `estimate`, `tasks` (per job), `interarrival`
 * (gaps between consecutive submit times, in submit order), and `request.R`
 * (per-task request of resource R, jobs that have it).
 */
import { z } from 'zod';
import type { Workload } from '../workload.ts';
import type { Sampler } from './sampler.ts';

export const EmpiricalSchema = z
  .strictObject({
    distribution: z.literal('empirical'),
    values: z.array(z.number().finite()).min(1).optional(),
    /** Path of a trace (any format clusterlab reads), relative to the spec file. */
    trace: z.string().min(1).optional(),
    field: z
      .string()
      .regex(/^(runtime|estimate|tasks|interarrival|request\..+)$/, 'must be runtime, estimate, tasks, interarrival or request.<resource>')
      .default('runtime'),
  })
  .refine((s) => (s.values === undefined) !== (s.trace === undefined), {
    message: 'give either values or trace, not both',
    path: ['values'],
  });

export type EmpiricalSpec = z.infer<typeof EmpiricalSchema>;

/** The values of `field` in a workload, in job order (submit order for interarrival). */
export function traceValues(workload: Workload, field: string): number[] {
  const jobs = workload.jobs.filter((j) => Number.isFinite(j.runtime));
  if (field === 'runtime') return jobs.map((j) => j.runtime);
  if (field === 'estimate') return jobs.filter((j) => Number.isFinite(j.estimate)).map((j) => j.estimate);
  if (field === 'tasks') return jobs.map((j) => j.tasks);
  if (field === 'interarrival') {
    const t = workload.jobs.map((j) => j.submit).sort((a, b) => a - b);
    const gaps: number[] = [];
    for (let i = 1; i < t.length; i++) gaps.push(t[i]! - t[i - 1]!);
    return gaps;
  }
  const resource = field.slice('request.'.length);
  return jobs.filter((j) => j.request[resource] !== undefined).map((j) => j.request[resource]!);
}

export function empiricalSampler(values: readonly number[]): Sampler {
  if (values.length === 0) throw new RangeError('an empirical distribution needs at least one value');
  const copy = values.slice();
  const n = copy.length;
  return (random) => copy[Math.floor(random() * n)]!;
}
