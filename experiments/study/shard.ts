/**
 * Shards: the runs of a study split into N parts, part K (1-based) taking the
 * runs whose position in the run list is K − 1 modulo N. Round robin spreads
 * the variants (fast and slow) evenly over the parts.
 *
 *   --shard K/N     explicit
 *   --shard auto/N  K from JOB_COMPLETION_INDEX (Kubernetes Indexed Job, 0-based) or
 *                   the Slurm array's task: (SLURM_ARRAY_TASK_ID − MIN) / STEP + 1
 *   --shard auto    as auto/N, N from SLURM_ARRAY_TASK_COUNT
 *
 * A Slurm array must be an evenly stepped range (`--array=0-7`, `--array=0-8:4`,
 * `--array=10-13`): Slurm then sets MIN, MAX, STEP and COUNT and task IDs map
 * one to one onto 1..COUNT. A list (`--array=1,3,10`) or a range whose IDs do
 * not fall on the step cannot be told apart from a wrong index, so it is an
 * error asking for an explicit --shard K/N.
 */
import { UsageError } from '../../sim/errors.ts';

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
  if (slurm !== undefined) return slurmIndex(env);
  throw new UsageError('--shard auto: neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor SLURM_ARRAY_TASK_ID (Slurm array) is set');
}

/** The items of shard `shard`, in their order. */
export function shardOf<T>(items: readonly T[], shard: Shard | null): T[] {
  return shard ? items.filter((_, i) => i % shard.count === shard.index - 1) : [...items];
}

/**
 * The 1-based shard of a Slurm array task. Every variable is checked rather
 * than defaulted: a missing SLURM_ARRAY_TASK_MIN taken as 0 would give task 5
 * of `--array=5-7` the index 6, past the end, or worse, a wrong shard in range.
 */
function slurmIndex(env: Readonly<Record<string, string | undefined>>): number {
  const explicit = 'pass --shard K/N explicitly (K from 1 to N)';
  const int = (name: string, required: boolean): number | undefined => {
    const v = env[name];
    if (v === undefined) {
      if (required) throw new UsageError(`--shard auto: ${name} is not set (a Slurm array task sets it); ${explicit}`);
      return undefined;
    }
    if (!INT.test(v)) throw new UsageError(`--shard auto: ${name} must be a non-negative integer, got ${JSON.stringify(v)}; ${explicit}`);
    return Number(v);
  };
  const id = int('SLURM_ARRAY_TASK_ID', true)!;
  const min = int('SLURM_ARRAY_TASK_MIN', true)!;
  const step = int('SLURM_ARRAY_TASK_STEP', false) ?? 1;
  const max = int('SLURM_ARRAY_TASK_MAX', false);
  const count = int('SLURM_ARRAY_TASK_COUNT', false);
  if (step < 1) throw new UsageError(`--shard auto: SLURM_ARRAY_TASK_STEP must be at least 1, got ${step}; ${explicit}`);
  if (id < min || (id - min) % step !== 0) {
    throw new UsageError(`--shard auto: task ${id} is not on the array's range (SLURM_ARRAY_TASK_MIN ${min}, SLURM_ARRAY_TASK_STEP ${step}); ${explicit}`);
  }
  if (max !== undefined && count !== undefined && ((max - min) % step !== 0 || (max - min) / step + 1 !== count)) {
    throw new UsageError(
      `--shard auto: the Slurm array is not an evenly stepped range (MIN ${min}, MAX ${max}, STEP ${step}, but COUNT ${count}: a list such as --array=1,3,10?); ${explicit}, or submit --array=0-${count - 1}`,
    );
  }
  return (id - min) / step + 1;
}
