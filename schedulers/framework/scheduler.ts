/**
 * A kube-scheduler-style scheduler as a clusterlab SchedulingPolicy.
 *
 * At each pass the queued pods are taken in queue-sort order and each gets one
 * scheduling cycle (a job of k tasks: k cycles, its pods assumed one after the
 * other, then bound together, or none):
 *   PreFilter → Filter over the nodes from a round-robin start until enough
 *   feasible nodes are found (percentageOfNodesToScore) → PostFilter
 *   (preemption) when none → PreScore → Score, NormalizeScore, × weight →
 *   select host (highest total; ties broken by reservoir sampling on the run's
 *   seeded tie-break stream, as upstream's selectHost does with math/rand) →
 *   devices (GPU-shaped pods) → bind through ctx.start.
 *
 * The parts: shared.ts (snapshot, profiles, decoded pods), queue.ts (which
 * pods get a cycle, and when a failed one is tried again), cycle.ts and
 * select-host.ts (one scheduling cycle), attempt.ts (a job's cycles, bind,
 * preemption), gang.ts (all or nothing of a gang, deadlines). ResourceQuotas
 * are checked at submission; see docs/batch-schedulers.md "Gangs, quotas and
 * fairness".
 */
import { JobState, type SchedulingContext, type SchedulingPolicy } from '../../sim/policy.ts';
import type { Random } from '../../sim/rng.ts';
import { PodAttempts } from './attempt.ts';
import type { ProfileConfig } from './config.ts';
import { SchedulingCycle } from './cycle.ts';
import { Gangs } from './gang.ts';
import { emptyObjects, type Objects } from './objects.ts';
import type { PodInfo } from './pod.ts';
import { Readiness, SchedulingQueue, type UnschedulableMode } from './queue.ts';
import { SchedulerShared } from './shared.ts';

export type { UnschedulableMode } from './queue.ts';
export { numFeasibleNodesToFind } from './cycle.ts';

export interface FrameworkOptions {
  /**
   * The configuration's profiles. A pod is scheduled by the profile named by
   * its schedulerName (default-scheduler when it has none), as upstream; a pod
   * that names no profile here is rejected, saying so (upstream would leave it
   * Pending for another scheduler, which a simulation of this one cannot run),
   * unless it is already bound (nodeName: a snapshot's running pod), which
   * stays on its node whoever scheduled it.
   * They share one queue, ordered by the first profile's queueSort (the
   * configuration requires the same queueSort for all).
   */
  profiles: readonly ProfileConfig[];
  /** The run's tie-break stream. */
  random: Random;
  objects?: Objects;
  /**
   * What happens to a pod no node can take: `wait` (stay pending, as
   * kube-scheduler), `reject` (at once), or `auto` (default): reject when no
   * running job will ever end (pods that never depart, e.g. fill mode), where
   * waiting could only stall, else wait.
   */
  unschedulable?: UnschedulableMode;
  /** Scored nodes listed per explained attempt (the best by total). */
  explainNodes?: number;
  /** Name in errors and outputs. */
  name?: string;
}

export function createFrameworkScheduler(options: FrameworkOptions): SchedulingPolicy {
  if (options.profiles.length === 0) throw new Error('createFrameworkScheduler: no profile');
  const name = options.name ?? `kube-scheduler(${options.profiles.map((p) => p.schedulerName).join(',')})`;
  const shared = new SchedulerShared(name, options.profiles, options.objects ?? emptyObjects(), options.random, options.explainNodes ?? 10);
  const queue = new SchedulingQueue(shared, options.unschedulable ?? 'auto');
  const attempts = new PodAttempts(shared, new SchedulingCycle(shared), queue);
  const gangs = new Gangs(shared, attempts, queue);

  /** Why a just-submitted job can never run, or its pod when it may. */
  const hopelessReason = (job: number, ctx: SchedulingContext): string | PodInfo => {
    const jobs = ctx.jobs;
    const unknown = jobs.unknownResources[job];
    if (unknown) return `requests ${unknown.join(', ')}, which no node has`;
    const fit = ctx.cluster.tasksThatFitEmpty(jobs.requestOf(job));
    if (fit < jobs.tasks[job]!) return `needs ${jobs.tasks[job]} pod(s); the empty cluster holds at most ${fit}`;
    let pod: PodInfo;
    try {
      pod = shared.podOf(job);
    } catch (err) {
      return (err as Error).message;
    }
    if (!shared.built.has(pod.schedulerName) && pod.nodeName === undefined) {
      return `schedulerName ${JSON.stringify(pod.schedulerName)} names no profile of this configuration (profiles: ${[...shared.built.keys()].join(', ')})`;
    }
    const quota = shared.profileOf(pod).quotaCheck?.(pod);
    return quota ? quota : pod;
  };

  return {
    name,

    onSubmit(job, ctx) {
      shared.init(ctx);
      const r = hopelessReason(job, ctx);
      if (typeof r === 'string') queue.markHopeless(job, r);
      else if (r.gang) gangs.add(r, ctx.now);
    },

    onEnd(job) {
      if (shared.initialized) shared.snapshot.remove(job);
      queue.freed();
    },

    onRequeue(job) {
      if (shared.initialized) shared.snapshot.remove(job);
      queue.freed();
    },

    schedule(ctx) {
      shared.init(ctx);
      shared.snapshot.sync();
      shared.fitCheck.newPass();
      queue.beginPass(ctx);
      gangs.expire(ctx);
      const list = queue.pending(ctx);
      const done = new Set<number>();
      const failures = new Map<number, string>();
      for (let i = 0; i < list.length; i++) {
        const pod = queue.next(list, i);
        if (done.has(pod.job) || ctx.state(pod.job) !== JobState.Queued) continue;
        done.add(pod.job);
        const readiness = queue.readiness(ctx, pod);
        if (readiness === Readiness.Unchanged) failures.set(pod.job, 'unschedulable (nothing changed since the last attempt)');
        if (readiness !== Readiness.Ready) continue;
        queue.attempted(pod.job);
        if (pod.gang) {
          gangs.schedule(ctx, pod, done);
          continue;
        }
        for (const v of attempts.schedule(ctx, pod, failures)) if (ctx.state(v) === JobState.Queued) list.push(shared.podOf(v));
      }
      queue.endPass(ctx, failures);
    },
  };
}
