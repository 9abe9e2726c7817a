/**
 * Fill mode, as in GPU-sharing studies on the Alibaba openb traces: the pods of
 * the trace are replicated or thinned until the GPUs they request reach a
 * multiple of the cluster's GPU capacity, then placed one after another and
 * never leave.
 *
 * Definition (amounts in milli-GPU, so sums are exact integers):
 * - g(pod) = round(1000 · tasks · request.gpu), 0 for pods without GPU;
 *   C = 1000 · Σ over nodes of capacity.gpu; target T = multiple · C (rounded to
 *   1e-6 against floating-point noise); G = Σ g.
 * - G < T: copies are added one at a time, each of a pod drawn uniformly (with
 *   replacement) from the trace's pods, until G ≥ T. So G ≥ T and G − g(last copy) < T.
 * - G > T: the pods are visited in a random order and each is removed while
 *   G − g(pod) ≥ T; the first pod whose removal would take G below T stops it.
 *   So G ≥ T and G − g(that pod) < T. (Pods without GPU met before it are removed too.)
 * - G = T: nothing is added or removed.
 * - Then every pod (originals and copies) is shuffled (Fisher–Yates) and
 *   submitted at 0, step, 2·step… (distinct increasing times), with runtime and
 *   estimate Infinity: no departures.
 *
 * A copy is the original with everything kept (request, gpu device shape,
 * constraints, labels, tenant, priority and class, user, group, queue, kind)
 * except: id `<id>#k` for its k-th copy; no dependencies; no gang (a copy does
 * not join the original's gang); logStatus and logWait null (not from the log).
 * Uses the transform's stream for the draws, the removal order and the shuffle.
 */
import { z } from 'zod';
import type { ClusterSpec } from '../../sim/cluster.ts';
import { UsageError } from '../../sim/errors.ts';
import type { Random } from '../../sim/rng.ts';
import type { Job } from '../job.ts';
import type { Workload } from '../workload.ts';
import { clusterCapacity } from './load.ts';
import { num, shuffle, withJobs, type TransformResult } from './types.ts';

export const FillSchema = z.strictObject({
  type: z.literal('fill'),
  /** Requested GPUs as a multiple of the cluster's GPU capacity, e.g. 1.3. */
  multiple: z.number().positive().finite(),
  /** Seconds between consecutive submissions. */
  step: z.number().positive().finite().default(1),
});

export type FillSpec = z.infer<typeof FillSchema>;

/** A pod's GPU request in milli-GPU. */
export function milliGpu(job: Job): number {
  return Math.round(1000 * job.tasks * (job.request['gpu'] ?? 0));
}

export function copyOf(job: Job, id: string): Job {
  const copy: Job = structuredClone(job);
  copy.id = id;
  copy.dependencies = [];
  delete copy.gang;
  copy.logStatus = null;
  copy.logWait = null;
  return copy;
}

export function fill(workload: Workload, cluster: ClusterSpec, spec: Omit<FillSpec, 'type'>, random: Random): TransformResult {
  const capacity = Math.round(1000 * (clusterCapacity(cluster).get('gpu') ?? 0));
  if (!(capacity > 0)) throw new UsageError('fill: the cluster has no GPU capacity (resource "gpu")');
  // Rounded to 1e-6 milli-GPU so that e.g. 1.1 × 4000 is 4400, not 4400.000000000001.
  const target = Math.round(spec.multiple * capacity * 1e6) / 1e6;
  const pods = workload.jobs;
  let total = pods.reduce((s, p) => s + milliGpu(p), 0);
  const totalBefore = total;
  let kept: Job[] = pods.slice();
  let added = 0;
  let removed = 0;
  if (total < target) {
    if (!pods.some((p) => milliGpu(p) > 0)) throw new UsageError('fill: no pod of the workload requests a GPU, so copies cannot reach the target');
    const copies = new Map<string, number>();
    while (total < target) {
      const original = pods[Math.floor(random() * pods.length)]!;
      const k = (copies.get(original.id) ?? 0) + 1;
      copies.set(original.id, k);
      kept.push(copyOf(original, `${original.id}#${k}`));
      total += milliGpu(original);
      added++;
    }
  } else if (total > target) {
    const order = shuffle(
      pods.map((_, i) => i),
      random,
    );
    const gone = new Set<number>();
    for (const i of order) {
      const g = milliGpu(pods[i]!);
      if (total - g < target) break;
      total -= g;
      gone.add(i);
    }
    kept = pods.filter((_, i) => !gone.has(i));
    removed = gone.size;
  }
  shuffle(kept, random);
  const jobs = kept.map((p, k) => ({ ...p, submit: k * spec.step, runtime: Infinity, estimate: Infinity }));
  const gpus = (m: number) => num(m / 1000);
  return {
    workload: withJobs(workload, jobs, 'fill_removed', removed),
    record: {
      type: 'fill',
      summary:
        `fill x${num(spec.multiple)} of ${gpus(capacity)} GPUs (target ${gpus(target)}): ` +
        `${pods.length} pods requesting ${gpus(totalBefore)} GPUs, ${added} copies added, ${removed} removed, ` +
        `${jobs.length} pods requesting ${gpus(total)} GPUs`,
      jobsIn: pods.length,
      jobsOut: jobs.length,
    },
  };
}
