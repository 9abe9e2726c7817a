import type { SchedulingContext } from '../../sim/policy.ts';
import type { QueueOrder } from '../types.ts';

/**
 * Dominant Resource Fairness (Ghodsi et al., NSDI 2011) as a queue order, with
 * progressive filling: jobs of the owner (tenant, else user, else "-") with the
 * smallest dominant share go first, and after every start the started job's
 * owner's share grows and the jobs not yet looked at are re-sorted (so two
 * tenants submitting at once alternate, as the paper's allocation does). An
 * owner's dominant share is the largest, over resources, of its running jobs'
 * requests divided by the cluster's capacity. Ties: earlier submit, then input
 * order. The Kubernetes-style scheduler's DominantResourceFairness queue sort
 * re-picks after every pod the same way.
 */
export function ownerOf(job: number, ctx: { jobs: SchedulingContext['jobs'] }): string {
  const input = ctx.jobs.input[job] as { tenant?: string };
  return input.tenant ?? ctx.jobs.users[job] ?? '-';
}

export function createDrf(): QueueOrder {
  /** Per owner: resources held by its running jobs, and the dominant share they give. */
  const usage = new Map<string, Float64Array>();
  const shares = new Map<string, number>();
  let ctxRef: SchedulingContext | null = null;
  const add = (j: number, ctx: SchedulingContext) => {
    const R = ctx.jobs.resources.length;
    const o = ownerOf(j, ctx);
    let u = usage.get(o);
    if (!u) usage.set(o, (u = new Float64Array(R)));
    let s = 0;
    for (let r = 0; r < R; r++) {
      u[r]! += ctx.jobs.total[j * R + r]!;
      const cap = ctx.cluster.totalCapacity(r);
      if (cap > 0) s = Math.max(s, u[r]! / cap);
    }
    shares.set(o, s);
  };
  return {
    name: 'drf',
    dynamic: true,
    progressive: true,
    prepare(ctx) {
      ctxRef = ctx;
      usage.clear();
      shares.clear();
      for (const j of ctx.running()) add(j, ctx);
    },
    onStart(job, ctx) {
      add(job, ctx);
    },
    key(job) {
      return ctxRef ? (shares.get(ownerOf(job, ctxRef)) ?? 0) : 0;
    },
  };
}
