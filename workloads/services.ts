/**
 * Long-running services: a replica set that starts at `submit` and never ends
 * by itself (runtime and estimate Infinity, kind `service`), with the request
 * rate it must serve over time (`requestRate`, a rate curve in requests per
 * second, workloads/rate-curve.ts). The engine runs the replicas like any job;
 * the curve is data for the dynamics work (autoscalers, load-dependent
 * behaviour) to read with `compileRate(job.requestRate).at(t)`.
 */
import { z } from 'zod';
import type { Job } from './job.ts';
import { BasicRateCurveSchema } from './rate-curve.ts';

export const ServiceSpecSchema = z.strictObject({
  /** Becomes the job id: starts with a letter, so it never collides with the numbered batch jobs. */
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9._-]*$/, 'must start with a letter and hold only letters, digits, ".", "_" and "-"'),
  /** Tasks of the job: the replicas, all started together. */
  replicas: z.number().int().positive(),
  /** Request of each replica, by resource. */
  request: z.record(z.string().min(1), z.number().nonnegative().finite()),
  /** Seconds from the start of the workload. */
  submit: z.number().nonnegative().finite().default(0),
  requestRate: BasicRateCurveSchema,
  priority: z.number().finite().default(0),
  user: z.string().nullable().default(null),
  tenant: z.string().optional(),
  labels: z.record(z.string(), z.string()).optional(),
});

export type ServiceSpec = z.infer<typeof ServiceSpecSchema>;

export function serviceJob(spec: ServiceSpec): Job {
  const job: Job = {
    id: spec.name,
    submit: spec.submit,
    tasks: spec.replicas,
    request: { ...spec.request },
    runtime: Infinity,
    estimate: Infinity,
    priority: spec.priority,
    user: spec.user,
    group: null,
    queue: null,
    dependencies: [],
    logStatus: null,
    logWait: null,
    kind: 'service',
    requestRate: spec.requestRate,
  };
  if (spec.tenant !== undefined) job.tenant = spec.tenant;
  if (spec.labels !== undefined) job.labels = { ...spec.labels };
  return job;
}
