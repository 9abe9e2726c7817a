import type { SchedulingContext } from '../../sim/policy.ts';
import type { QueueOrder } from '../types.ts';

/**
 * Dominant Resource Fairness (Ghodsi et al., NSDI 2011) as a queue order:
 * jobs of the owner (tenant, else user, else "-") with the smallest dominant
 * share go first; an owner's dominant share is the largest, over resources,
 * of its running jobs' requests divided by the cluster's capacity. Shares are
 * taken at the start of each pass (an instant), not after each start within
 * it; the Kubernetes-style scheduler's DominantResourceFairness queue sort
 * re-picks after every pod. Ties: earlier submit, then input order.
 */
export function ownerOf(job: number, ctx: { jobs: SchedulingContext['jobs'] }): string {
  const input = ctx.jobs.input[job] as { tenant?: string };
  return input.tenant ?? ctx.jobs.users[job] ?? '-';
}

export function createDrf(): QueueOrder {
  const shares = new Map<string, number>();
  let ctxRef: SchedulingContext | null = null;
  return {
    name: 'drf',
    dynamic: true,
    prepare(ctx) {
      ctxRef = ctx;
      shares.clear();
      const R = ctx.jobs.resources.length;
      const usage = new Map<string, Float64Array>();
      for (const j of ctx.running()) {
        const o = ownerOf(j, ctx);
        let u = usage.get(o);
        if (!u) usage.set(o, (u = new Float64Array(R)));
        for (let r = 0; r < R; r++) u[r]! += ctx.jobs.total[j * R + r]!;
      }
      for (const [o, u] of usage) {
        let s = 0;
        for (let r = 0; r < R; r++) {
          const cap = ctx.cluster.totalCapacity(r);
          if (cap > 0) s = Math.max(s, u[r]! / cap);
        }
        shares.set(o, s);
      }
    },
    key(job) {
      return ctxRef ? (shares.get(ownerOf(job, ctxRef)) ?? 0) : 0;
    },
  };
}
