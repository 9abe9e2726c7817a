/**
 * Shards: the runs of a study split into N parts, part K (1-based) taking the
 * runs whose position in the run list is K − 1 modulo N. Round robin spreads
 * the variants (fast and slow) evenly over the parts.
 *
 *   --shard K/N     explicit
 *   --shard auto/N  K from JOB_COMPLETION_INDEX (Kubernetes Indexed Job, 0-based) or
 *                   SLURM_ARRAY_TASK_ID (Slurm array, counted from SLURM_ARRAY_TASK_MIN)
 *   --shard auto    as auto/N, N from SLURM_ARRAY_TASK_COUNT
 */
import { UsageError } from '../sim/errors.ts';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

const INT = /^\d+$/;

export function parseShard(value: string, env: Readonly<Record<string, string | undefined>> = process.env): Shard {
  const m = /^([^/]+)(?:\/(.+))?$/.exec(value);
  if (!m) throw new UsageError(`--shard must be K/N, auto/N or auto, got ${JSON.stringify(value)}`);
  const [, k, n] = m;
  let count: number;
  if (n !== undefined) {
    if (!INT.test(n) || Number(n) < 1) throw new UsageError(`--shard: the shard count must be a positive integer, got ${JSON.stringify(n)}`);
    count = Number(n);
  } else if (k === 'auto' && env.SLURM_ARRAY_TASK_COUNT !== undefined && INT.test(env.SLURM_ARRAY_TASK_COUNT)) {
    count = Number(env.SLURM_ARRAY_TASK_COUNT);
  } else {
    throw new UsageError(`--shard ${value}: give the shard count, as K/N or auto/N${k === 'auto' ? ' (SLURM_ARRAY_TASK_COUNT is not set)' : ''}`);
  }
  let index: number;
  if (k === 'auto') index = indexFromEnv(env);
  else if (INT.test(k!)) index = Number(k);
  else throw new UsageError(`--shard must be K/N, auto/N or auto, got ${JSON.stringify(value)}`);
  if (index < 1 || index > count) throw new UsageError(`--shard ${index}/${count}: K must be between 1 and ${count}`);
  return { index, count };
}

/** The 1-based shard index from the environment of a Kubernetes Indexed Job or a Slurm array task. */
function indexFromEnv(env: Readonly<Record<string, string | undefined>>): number {
  const k8s = env.JOB_COMPLETION_INDEX;
  if (k8s !== undefined) {
    if (!INT.test(k8s)) throw new UsageError(`JOB_COMPLETION_INDEX must be a non-negative integer, got ${JSON.stringify(k8s)}`);
    return Number(k8s) + 1;
  }
  const slurm = env.SLURM_ARRAY_TASK_ID;
  if (slurm !== undefined) {
    const min = env.SLURM_ARRAY_TASK_MIN ?? '0';
    if (!INT.test(slurm) || !INT.test(min)) throw new UsageError(`SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_MIN must be integers, got ${JSON.stringify(slurm)}, ${JSON.stringify(min)}`);
    return Number(slurm) - Number(min) + 1;
  }
  throw new UsageError('--shard auto: neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor SLURM_ARRAY_TASK_ID (Slurm array) is set');
}

/** The items of shard `shard`, in their order. */
export function shardOf<T>(items: readonly T[], shard: Shard | null): T[] {
  return shard ? items.filter((_, i) => i % shard.count === shard.index - 1) : [...items];
}
