/**
 * Restart in place: a crashed job restarts on the same node after an
 * exponential back-off (Kubernetes' CrashLoopBackOff: 10 s, doubling, at most
 * 300 s), keeping its resources meanwhile; a job whose node failed stays bound
 * to it and restarts there when the node is back (a pod that is never evicted),
 * unless `maxWaitForNode` seconds pass first, then it is requeued. Work is lost.
 *
 * The back-off resets after a stable run, as the kubelet's: its crash-loop
 * back-off is client-go's flowcontrol.Backoff, whose Next() starts again at the
 * initial delay when the crash comes more than 2 × the maximum delay after the
 * last restart (hasExpired: "consider stable if it's ok for twice the
 * maxDuration"), i.e. after 10 minutes of running with the default 300 s cap,
 * the "10 minutes without problems" of the Kubernetes docs. `resetAfter`
 * (seconds; null: 2 × max) sets that window.
 */
import { z } from 'zod';
import type { PolicyEntry } from '../control/registry.ts';
import { maxRetries, type RecoveryPolicy, type TaskCrash } from './policy.ts';

const schema = z.object({
  backoff: z
    .strictObject({
      initial: z.number().nonnegative().finite().default(10),
      factor: z.number().min(1).finite().default(2),
      max: z.number().nonnegative().finite().default(300),
      /** A crash after running longer than this since the last restart starts the back-off again; null: 2 × max (the kubelet). */
      resetAfter: z.number().nonnegative().finite().nullable().default(null),
    })
    .default({ initial: 10, factor: 2, max: 300, resetAfter: null }),
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
  params: schema,
  create: (params) => ({
    name: 'restart-in-place',
    maxRetries: params.maxRetries,
    onNodeFailure: () => ({ action: 'wait', maxWait: params.maxWaitForNode }),
    onTaskFailure: (crash) => ({ action: 'restart', after: backoffDelay(params.backoff, crash) }),
    kept: () => 0,
    inflate: (runtime) => runtime,
  }),
};

/** The next crash-loop delay: the initial one at a first crash or after a stable run, else the previous × factor, capped. */
export function backoffDelay(b: { initial: number; factor: number; max: number; resetAfter: number | null }, crash: TaskCrash): number {
  const window = b.resetAfter ?? 2 * b.max;
  if (crash.previousDelay === null || crash.ranFor > window) return Math.min(b.max, b.initial);
  return Math.min(b.max, crash.previousDelay * b.factor);
}
