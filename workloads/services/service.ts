/**
 * A long-running service: replicas of one pod template, each a job of one task
 * that never ends by itself (runtime Infinity), created and stopped by the
 * service controller. The fields of the request model are documented in
 * docs/dynamics.md "Services".
 */
import { z } from 'zod';
import { RateCurveSchema } from '../rate-curve.ts';

const positive = z.number().positive().finite();
const seconds = z.number().nonnegative().finite();

/** A request-rate curve, or one to be read from an Azure LLM inference trace (arrivals per `step` seconds). */
export const RequestRateSchema = z.union([
  RateCurveSchema,
  z.strictObject({
    kind: z.literal('trace'),
    file: z.string().min(1),
    format: z.literal('azure-llm').default('azure-llm'),
    step: positive.default(60),
    scale: z.number().nonnegative().finite().default(1),
    repeat: z.boolean().default(true),
  }),
]);

export const SloSchema = z.strictObject({
  /** Mean response time objective, seconds. */
  latency: positive.default(0.5),
  /** Fraction of requests that must succeed (not failed, not dropped). */
  successRatio: z.number().min(0).max(1).default(0.999),
});

export const ServiceSpecSchema = z.strictObject({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9._-]*$/, 'must start with a letter and hold only letters, digits, ".", "_" and "-"'),
  /** Initial desired replicas (spec.replicas). */
  replicas: z.number().int().nonnegative(),
  /** Request of one replica, by resource (cpu cores, memory MiB...). */
  request: z.record(z.string().min(1), z.number().nonnegative().finite()),
  /** Seconds from a replica's start until it is ready (readiness probe passing). */
  readinessDelay: seconds.default(10),
  /** Requests per second one replica serves (the service rate μ of the queue). */
  capacity: positive,
  /** Requests that may wait per replica (the queue holds c × queueLimit); more are dropped. */
  queueLimit: z.number().int().nonnegative().default(50),
  requestRate: RequestRateSchema,
  /** Ready replicas required for the service to count as available (default 1). */
  minAvailable: z.number().int().nonnegative().default(1),
  slo: SloSchema.default({ latency: 0.5, successRatio: 0.999 }),
  /** Fraction of requests the current version fails by itself (a bad release has more). */
  errorRate: z.number().min(0).max(1).default(0),
  priority: z.number().finite().default(0),
});

export type ServiceSpec = z.infer<typeof ServiceSpecSchema>;
export type ServiceSpecInput = z.input<typeof ServiceSpecSchema>;
