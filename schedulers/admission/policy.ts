/**
 * The admission step in the run: a scheduling policy (batch or
 * Kubernetes-style) wrapped so that a job admission rejected is refused at
 * its submission, before the scheduler ever sees it, with upstream's
 * message; every submission and rejection is counted per tenant for
 * summary.json (`admission`).
 */
import type { SchedulingPolicy } from '../../sim/policy.ts';
import type { Job } from '../../workloads/job.ts';
import type { AdmissionPlan, RejectReason } from './admit.ts';

interface TenantCounts {
  submitted: number;
  admitted: number;
  defaulted: number;
  rejected: Partial<Record<RejectReason, number>>;
}

/** Counts per configured tenant, in the order the tenants are listed. */
export class AdmissionLog {
  private readonly counts = new Map<string, TenantCounts>();

  constructor(tenants: readonly string[]) {
    for (const t of tenants) this.counts.set(t, { submitted: 0, admitted: 0, defaulted: 0, rejected: {} });
  }

  record(tenant: string, outcome: RejectReason | 'admitted' | 'defaulted'): void {
    const c = this.counts.get(tenant);
    if (!c) return;
    c.submitted++;
    if (outcome === 'admitted' || outcome === 'defaulted') {
      c.admitted++;
      if (outcome === 'defaulted') c.defaulted++;
    } else c.rejected[outcome] = (c.rejected[outcome] ?? 0) + 1;
  }

  /** summary.json's `admission`: rejections by tenant and reason, and each tenant's submissions. */
  summary(): Record<string, unknown> {
    const rejected: Record<string, Record<string, number>> = {};
    const tenants: Record<string, Omit<TenantCounts, 'rejected'>> = {};
    for (const [t, c] of this.counts) {
      rejected[t] = { ...c.rejected };
      tenants[t] = { submitted: c.submitted, admitted: c.admitted, defaulted: c.defaulted };
    }
    return { rejected, tenants };
  }
}

export function withAdmission(inner: SchedulingPolicy, plan: AdmissionPlan, log: AdmissionLog): SchedulingPolicy {
  /** Jobs of the plan (not the replicas services create during the run). */
  const planned = new Set(plan.jobs.map((j) => j.id));
  const refused: number[] = [];
  const wrapped: SchedulingPolicy & { close?: () => void } = {
    name: inner.name,
    onSubmit(job, ctx) {
      const id = ctx.jobs.ids[job]!;
      if (planned.has(id)) {
        const rejection = plan.rejected.get(id);
        log.record(plan.tenantOf(ctx.jobs.input[job] as Job), rejection?.reason ?? (plan.defaulted.has(id) ? 'defaulted' : 'admitted'));
        if (rejection) return void refused.push(job);
      }
      inner.onSubmit?.(job, ctx);
    },
    onEnd: inner.onEnd && ((job, ctx) => inner.onEnd!(job, ctx)),
    onRequeue: inner.onRequeue && ((job, ctx) => inner.onRequeue!(job, ctx)),
    schedule(ctx) {
      for (const job of refused) {
        const r = plan.rejected.get(ctx.jobs.ids[job]!)!;
        ctx.reject(job, r.message);
        if (ctx.explaining) ctx.explain({ time: ctx.now, job: ctx.jobs.ids[job], decision: 'rejected', reason: r.message, admission: r.reason, tenant: r.tenant });
      }
      refused.length = 0;
      inner.schedule(ctx);
    },
  };
  const close = (inner as { close?: () => void }).close;
  if (close) wrapped.close = () => close.call(inner);
  return wrapped;
}
