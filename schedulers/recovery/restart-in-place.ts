/**
 * Restart in place: a crashed job restarts on the same node after an
 * exponential back-off (Kubernetes' CrashLoopBackOff: 10 s, doubling, at most
 * 300 s), keeping its resources meanwhile; a job whose node failed stays bound
 * to it and restarts there when the node is back (a pod that is never evicted),
 * unless `maxWaitForNode` seconds pass first, then it is requeued. Work is lost.
 */
import { z } from 'zod';
import type { PolicyEntry } from '../control/registry.ts';
import { maxRetries, type RecoveryPolicy } from './policy.ts';

const schema = z.object({
  backoff: z
    .strictObject({
      initial: z.number().nonnegative().finite().default(10),
      factor: z.number().min(1).finite().default(2),
      max: z.number().nonnegative().finite().default(300),
    })
    .default({ initial: 10, factor: 2, max: 300 }),
  /** Seconds a job waits for its failed node before it is requeued; null: as long as it takes. */
  maxWaitForNode: z
    .number()
    .nonnegative()
    .nullable()
    .default(null)
    .transform((v) => v ?? Infinity),
  maxRetries: maxRetries(),
});

export const restartInPlace: PolicyEntry<z.infer<typeof schema>, RecoveryPolicy> = {
  name: 'restart-in-place',
  description: 'restart on the same node: after an exponential back-off for crashes, when the node is back for node failures',
  schema,
  create: (params) => ({
    name: 'restart-in-place',
    maxRetries: params.maxRetries,
    onNodeFailure: () => ({ action: 'wait', maxWait: params.maxWaitForNode }),
    onTaskFailure: (failures) => ({ action: 'restart', after: Math.min(params.backoff.max, params.backoff.initial * params.backoff.factor ** (failures - 1)) }),
    kept: () => 0,
    inflate: (runtime) => runtime,
  }),
};
