/**
 * Resource scaling: multiplies each task's request of resource r by
 * `request[r]` (e.g. {memory: 0.5} halves every memory request; a pod's
 * containers alike), and with
 * `tasks: x` every task count becomes max(1, round(tasks · x)) (moving a log to
 * a machine of another size). Requests of resources not named are untouched.
 * Scaling `gpu` drops a job's device shape (`gpu: {count, milli}`), which no
 * longer matches its scalar request; the record counts those jobs.
 */
import { z } from 'zod';
import type { Job } from '../job.ts';
import { mapPodResources } from '../pod-resources.ts';
import type { Workload } from '../workload.ts';
import { num, type TransformResult } from './types.ts';

export const ScaleResourcesSchema = z
  .strictObject({
    type: z.literal('scale-resources'),
    request: z.record(z.string().min(1), z.number().positive().finite()).default({}),
    tasks: z.number().positive().finite().optional(),
  })
  .refine((s) => s.tasks !== undefined || Object.keys(s.request).length > 0, { message: 'give request factors or a tasks factor', path: ['request'] });

export type ScaleResourcesSpec = z.infer<typeof ScaleResourcesSchema>;

export function scaleResources(workload: Workload, spec: Omit<ScaleResourcesSpec, 'type'>): TransformResult {
  const factors = Object.entries(spec.request);
  let shapesDropped = 0;
  const jobs = workload.jobs.map((j) => {
    const scale = (list: Readonly<Record<string, number>>) => {
      const scaled = { ...list };
      for (const [r, x] of factors) if (scaled[r] !== undefined) scaled[r] = scaled[r]! * x;
      return scaled;
    };
    const out: Job = { ...j, request: scale(j.request) };
    // A pod's containers scale with it, so they still add up to its request.
    if (j.pod && factors.length > 0) out.pod = mapPodResources(j.pod, scale);
    if (spec.tasks !== undefined) out.tasks = Math.max(1, Math.round(j.tasks * spec.tasks));
    if (out.gpu !== undefined && spec.request['gpu'] !== undefined && spec.request['gpu'] !== 1) {
      delete out.gpu;
      shapesDropped++;
    }
    return out;
  });
  const parts = factors.map(([r, x]) => `${r} x ${num(x)}`);
  if (spec.tasks !== undefined) parts.push(`tasks x ${num(spec.tasks)}`);
  return {
    workload: { ...workload, jobs },
    record: {
      type: 'scale-resources',
      summary: `scale ${parts.join(', ')} on ${jobs.length} jobs${shapesDropped ? ` (gpu device shape dropped on ${shapesDropped})` : ''}`,
      jobsIn: jobs.length,
      jobsOut: jobs.length,
    },
  };
}
