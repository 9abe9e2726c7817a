/**
 * Time window: keeps the jobs submitted in [start, end) (either bound may be
 * absent). With `shift`, submit times are moved so that `start` becomes 0.
 * Removed jobs are counted in `dropped.outside_time_window`.
 */
import { z } from 'zod';
import type { Workload } from '../workload.ts';
import { num, withJobs, type TransformResult } from './types.ts';

export const TimeWindowSchema = z
  .strictObject({
    type: z.literal('window'),
    start: z.number().finite().optional(),
    end: z.number().finite().optional(),
    shift: z.boolean().default(false),
  })
  .refine((s) => s.start === undefined || s.end === undefined || s.end > s.start, { message: 'end must be after start', path: ['end'] });

export type TimeWindowSpec = z.infer<typeof TimeWindowSchema>;

export function timeWindow(workload: Workload, spec: Omit<TimeWindowSpec, 'type'>): TransformResult {
  const start = spec.start ?? -Infinity;
  const end = spec.end ?? Infinity;
  const offset = spec.shift && spec.start !== undefined ? spec.start : 0;
  const kept = workload.jobs.filter((j) => j.submit >= start && j.submit < end).map((j) => (offset === 0 ? j : { ...j, submit: j.submit - offset }));
  const removed = workload.jobs.length - kept.length;
  const bounds = `[${spec.start === undefined ? '-inf' : num(spec.start)}, ${spec.end === undefined ? 'inf' : num(spec.end)})`;
  return {
    workload: withJobs(workload, kept, 'outside_time_window', removed),
    record: {
      type: 'window',
      summary: `window ${bounds}${offset ? `, shifted by -${num(offset)} s` : ''}: kept ${kept.length} of ${workload.jobs.length} jobs`,
      jobsIn: workload.jobs.length,
      jobsOut: kept.length,
    },
  };
}
