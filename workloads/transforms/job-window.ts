/**
 * Job-index window: keeps jobs [from, to) of the workload in submit order
 * (ties in input order, as the engine orders them), 0-based and half-open like
 * a slice: `from: 0, to: 1000` is the first thousand jobs. Output in that order.
 * Removed jobs are counted in `dropped.outside_job_range`.
 */
import { z } from 'zod';
import type { Workload } from '../workload.ts';
import { submitOrder, withJobs, type TransformResult } from './types.ts';

export const JobWindowSchema = z
  .strictObject({
    type: z.literal('jobs'),
    from: z.number().int().nonnegative().default(0),
    to: z.number().int().nonnegative().optional(),
  })
  .refine((s) => s.to === undefined || s.to > s.from, { message: 'to must be larger than from', path: ['to'] });

export type JobWindowSpec = z.infer<typeof JobWindowSchema>;

export function jobWindow(workload: Workload, spec: Omit<JobWindowSpec, 'type'>): TransformResult {
  const order = submitOrder(workload.jobs);
  const kept = order.slice(spec.from, spec.to).map((i) => workload.jobs[i]!);
  return {
    workload: withJobs(workload, kept, 'outside_job_range', workload.jobs.length - kept.length),
    record: {
      type: 'jobs',
      summary: `jobs [${spec.from}, ${spec.to ?? 'end'}) in submit order: kept ${kept.length} of ${workload.jobs.length}`,
      jobsIn: workload.jobs.length,
      jobsOut: kept.length,
    },
  };
}
