/**
 * A scheduler written against clusterlab's policy interface, loaded in process:
 *
 *   clusterlab simulate --trace traces/samples/KTH-SP2-1996-2.1-cln.swf.gz --scheduler examples/my-scheduler.ts
 *   clusterlab check-scheduler examples/my-scheduler.ts
 *
 * Smallest job first (fewest tasks, then earliest submit) with first fit and
 * no reservations: at every decision point it starts every queued job that
 * fits, smallest first. Jobs that can never fit are rejected; so are jobs that
 * do not fit when nothing running will ever end (pods that never depart).
 * Ties among equal jobs are broken at random, from the run's seeded stream, to
 * show how a policy gets randomness without losing determinism.
 */
import type { SchedulingPolicy } from '../sim/policy.ts';
import type { UserSchedulerContext } from '../schedulers/user.ts';

export default function createScheduler(context: UserSchedulerContext): SchedulingPolicy {
  const random = context.random('tiebreak');
  const salt = new Map<number, number>();
  return {
    name: 'smallest-first (examples/my-scheduler.ts)',
    onSubmit(job) {
      salt.set(job, random());
    },
    schedule(ctx) {
      const { jobs, cluster } = ctx;
      const queued = [...ctx.queued()].sort((a, b) => jobs.tasks[a]! - jobs.tasks[b]! || jobs.submit[a]! - jobs.submit[b]! || salt.get(a)! - salt.get(b)! || a - b);
      const waiting: number[] = [];
      for (const job of queued) {
        const req = jobs.requestOf(job);
        const gpu = jobs.gpuCount[job]! > 0 ? { count: jobs.gpuCount[job]!, milli: jobs.gpuMilli[job]! } : undefined;
        if (jobs.unknownResources[job] || cluster.tasksThatFitEmpty(req) < jobs.tasks[job]!) {
          ctx.reject(job, 'can never fit on this cluster');
          continue;
        }
        const placement = cluster.firstFitPlacement(req, jobs.tasks[job]!, gpu);
        if (placement) ctx.start(job, placement);
        else waiting.push(job);
      }
      // Nothing running will ever end (pods that never depart): waiting would stall the run.
      if (ctx.running().every((j) => !Number.isFinite(ctx.expectedEnd(j)))) {
        for (const job of waiting) ctx.reject(job, 'does not fit, and nothing running will ever end');
      }
    },
  };
}
