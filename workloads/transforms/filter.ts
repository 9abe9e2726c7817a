/**
 * Filtering by an attribute: keeps the jobs whose `field` is one of `values`
 * (or, with `exclude`, drops them). Fields: `user`, `group`, `queue`, `status`
 * (the job's logStatus: completed, failed, cancelled…), `tenant`, `kind` (job
 * when absent). A job whose field is null never matches. Removed jobs are
 * counted in `dropped.filtered_<field>`.
 */
import { z } from 'zod';
import type { Job } from '../job.ts';
import type { Workload } from '../workload.ts';
import { withJobs, type TransformResult } from './types.ts';

export const FILTER_FIELDS = ['user', 'group', 'queue', 'status', 'tenant', 'kind'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];

export const FilterSchema = z.strictObject({
  type: z.literal('filter'),
  field: z.enum(FILTER_FIELDS),
  values: z.array(z.string()).min(1),
  exclude: z.boolean().default(false),
});

export type FilterSpec = z.infer<typeof FilterSchema>;

export function fieldOf(job: Job, field: FilterField): string | null {
  switch (field) {
    case 'status':
      return job.logStatus;
    case 'kind':
      return job.kind ?? 'job';
    case 'tenant':
      return job.tenant ?? null;
    default:
      return job[field];
  }
}

export function filterJobs(workload: Workload, spec: Omit<FilterSpec, 'type'>): TransformResult {
  const wanted = new Set(spec.values);
  const kept = workload.jobs.filter((j) => {
    const v = fieldOf(j, spec.field);
    const match = v !== null && wanted.has(v);
    return spec.exclude ? !match : match;
  });
  const n = workload.jobs.length;
  return {
    workload: withJobs(workload, kept, `filtered_${spec.field}`, n - kept.length),
    record: {
      type: 'filter',
      summary: `filter ${spec.field} ${spec.exclude ? 'not in' : 'in'} {${spec.values.join(', ')}}: kept ${kept.length} of ${n} jobs`,
      jobsIn: n,
      jobsOut: kept.length,
    },
  };
}
