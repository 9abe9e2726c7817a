/**
 * What every transform is: a pure function from a workload (and the cluster
 * it will run on, and a random stream for the seeded ones) to a new workload,
 * plus a record of what it did. Inputs are never modified.
 */
import type { ClusterSpec } from '../../sim/cluster.ts';
import type { Random } from '../../sim/rng.ts';
import type { Job } from '../job.ts';
import type { Workload } from '../workload.ts';

export interface TransformContext {
  cluster: ClusterSpec;
  /** This transform's own stream (applyTransforms names it after the transform). */
  random: Random;
}

export interface TransformRecord {
  type: string;
  /** One line saying what was done, with the numbers. */
  summary: string;
  jobsIn: number;
  jobsOut: number;
}

export interface TransformResult {
  workload: Workload;
  record: TransformRecord;
}

/** A copy of `workload` with `jobs`, counting `removed` records under `reason` in `dropped`. */
export function withJobs(workload: Workload, jobs: Job[], reason: string, removed: number): Workload {
  const dropped = { ...workload.dropped };
  if (removed > 0) dropped[reason] = (dropped[reason] ?? 0) + removed;
  return { ...workload, jobs, dropped };
}

/** Job positions in the engine's order: by submit time, ties in input order. */
export function submitOrder(jobs: readonly Job[]): number[] {
  const order = jobs.map((_, i) => i);
  order.sort((a, b) => jobs[a]!.submit - jobs[b]!.submit || a - b);
  return order;
}

/** In-place Fisher–Yates shuffle (Durstenfeld), one uniform per position from the end. */
export function shuffle<T>(items: T[], random: Random): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = items[i]!;
    items[i] = items[j]!;
    items[j] = t;
  }
  return items;
}

/** Numbers in summaries: at most 6 significant digits, no exponent for ordinary sizes. */
export function num(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6)));
}
