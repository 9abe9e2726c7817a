/**
 * Seeded sampling of jobs, keeping their order:
 * - `fraction: p`: each job is kept independently with probability p (one
 *   uniform per job, in input order: kept when u < p);
 * - `count: n`: exactly n jobs, every subset of size n equally likely (a
 *   partial Fisher–Yates shuffle of the positions).
 * Removed jobs are counted in `dropped.not_sampled`.
 */
import { z } from 'zod';
import type { Random } from '../../sim/rng.ts';
import type { Workload } from '../workload.ts';
import { num, withJobs, type TransformResult } from './types.ts';

export const SampleSchema = z
  .strictObject({
    type: z.literal('sample'),
    fraction: z.number().gt(0).max(1).optional(),
    count: z.number().int().nonnegative().optional(),
  })
  .refine((s) => (s.fraction === undefined) !== (s.count === undefined), { message: 'give either fraction or count', path: ['fraction'] });

export type SampleSpec = z.infer<typeof SampleSchema>;

export function sample(workload: Workload, spec: Omit<SampleSpec, 'type'>, random: Random): TransformResult {
  const n = workload.jobs.length;
  let keep: boolean[];
  if (spec.fraction !== undefined) {
    const p = spec.fraction;
    keep = workload.jobs.map(() => random() < p);
  } else {
    const k = Math.min(spec.count!, n);
    const positions = workload.jobs.map((_, i) => i);
    keep = new Array<boolean>(n).fill(false);
    for (let i = 0; i < k; i++) {
      const j = i + Math.floor(random() * (n - i));
      const t = positions[i]!;
      positions[i] = positions[j]!;
      positions[j] = t;
      keep[positions[i]!] = true;
    }
  }
  const kept = workload.jobs.filter((_, i) => keep[i]);
  const how = spec.fraction !== undefined ? `fraction ${num(spec.fraction)}` : `count ${spec.count}`;
  return {
    workload: withJobs(workload, kept, 'not_sampled', n - kept.length),
    record: { type: 'sample', summary: `sample ${how}: kept ${kept.length} of ${n} jobs`, jobsIn: n, jobsOut: kept.length },
  };
}
