/**
 * Checkpoint and restart: every batch job writes a checkpoint after each
 * `interval` seconds of work, which takes `cost` seconds (so a job of run time
 * T runs T + cost·⌊T/interval⌋). An interrupted job is requeued and restarts
 * from its last complete checkpoint: the work since then is lost, and reading
 * the checkpoint back costs `restartCost` seconds (taken off the kept work).
 * `interval: young` uses Young's optimum √(2 · cost · mtbf) for the given
 * `mtbf` (J. W. Young, CACM 1974; Daly, FGCS 2006 refines it).
 */
import { z } from 'zod';
import type { PolicyEntry } from '../control/registry.ts';
import { maxRetries, type RecoveryPolicy } from './policy.ts';

const schema = z
  .object({
    interval: z.union([z.number().positive().finite(), z.literal('young')]).default(3600),
    cost: z.number().nonnegative().finite().default(60),
    restartCost: z.number().nonnegative().finite().default(0),
    /** Mean time between interruptions a job sees, for `interval: young`. */
    mtbf: z.number().positive().finite().optional(),
    maxRetries: maxRetries(),
  })
  .refine((p) => p.interval !== 'young' || p.mtbf !== undefined, { message: 'interval "young" needs mtbf', path: ['mtbf'] });

/** Young's optimal checkpoint interval √(2 δ M). */
export function youngInterval(cost: number, mtbf: number): number {
  return Math.sqrt(2 * cost * mtbf);
}

export const checkpointRestart: PolicyEntry<z.infer<typeof schema>, RecoveryPolicy> = {
  name: 'checkpoint-restart',
  description: 'periodic checkpoints (interval, cost); interrupted jobs are requeued and resume from the last checkpoint',
  params: schema,
  create: (params) => {
    const interval = params.interval === 'young' ? youngInterval(params.cost, params.mtbf!) : params.interval;
    const period = interval + params.cost;
    return {
      name: 'checkpoint-restart',
      maxRetries: params.maxRetries,
      onNodeFailure: () => ({ action: 'requeue' }),
      onTaskFailure: () => ({ action: 'requeue' }),
      // A checkpoint is complete at the end of each period of (work + write); reading it back costs restartCost.
      kept: (progress) => {
        const saved = Math.floor(progress / period) * period;
        return saved > 0 ? Math.max(0, saved - params.restartCost) : 0;
      },
      inflate: (runtime) => (Number.isFinite(runtime) ? runtime + params.cost * Math.floor(runtime / interval) : runtime),
    };
  },
};
