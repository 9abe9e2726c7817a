/**
 * Recovery policies: what happens to a batch job whose node failed (when the
 * failure has been detected and eviction time came), whose process crashed,
 * or whose node is drained. The recovery controller (controller.ts) applies the
 * decisions; service replicas are kept by the service controller instead.
 */
import { z } from 'zod';

export type NodeFailureDecision =
  /** Put the job back in the queue: the scheduler places it anywhere (checkpointed work kept). */
  | { action: 'requeue' }
  /** Keep it bound to its node and restart it there when the node is back; requeue after `maxWait` seconds. */
  | { action: 'wait'; maxWait: number };

export type TaskFailureDecision =
  | { action: 'requeue' }
  /** Restart on the same node after a back-off of `after` seconds (it keeps its resources meanwhile). */
  | { action: 'restart'; after: number };

/** What a policy knows of a crash (task failure). */
export interface TaskCrash {
  /** This job's task failures so far, this one included. */
  readonly failures: number;
  /** Seconds the job ran since it last (re)started before this crash. */
  readonly ranFor: number;
  /** The back-off delay applied at its previous crash, or null (none yet, or it was requeued since). */
  readonly previousDelay: number | null;
}

export interface RecoveryPolicy {
  readonly name: string;
  /** Interruptions (node or task failures) a job survives; one more fails it for good. */
  readonly maxRetries: number;
  onNodeFailure(): NodeFailureDecision;
  onTaskFailure(crash: TaskCrash): TaskFailureDecision;
  /** Seconds of work kept when an attempt stops after `progress` seconds of execution (checkpoints); 0 without. */
  kept(progress: number): number;
  /** A job's run time once the policy's overhead (checkpoint writes) is added. */
  inflate(runtime: number): number;
}

/** `maxRetries`: a count, or null for unlimited (the default). */
export const maxRetries = () =>
  z
    .number()
    .int()
    .nonnegative()
    .nullable()
    .default(null)
    .transform((v) => v ?? Infinity);
