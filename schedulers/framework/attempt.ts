/**
 * One attempt to schedule a pod (a job of k tasks): k scheduling cycles, the
 * pods assumed one after the other in the snapshot, then bound together
 * through ctx.start, or none; when the first pod fits nowhere, the profile's
 * post-filters (preemption) nominate a node and victims, and the job is tried
 * once more. Explanation records for each decision.
 */
import type { Placement } from '../../sim/cluster.ts';
import type { SchedulingContext } from '../../sim/policy.ts';
import { appendAll } from '../../sim/arrays.ts';
import { isFailure, type CycleFailure, type CycleResult, type SchedulingCycle } from './cycle.ts';
import { tallyToJson } from './explain.ts';
import type { PodInfo } from './pod.ts';
import type { SchedulingQueue } from './queue.ts';
import type { SchedulerShared } from './shared.ts';
import { CycleState } from './types.ts';

export type Assumed = { placements: CycleResult[] } | { failure: CycleFailure; at: number };

export class PodAttempts {
  private readonly shared: SchedulerShared;
  private readonly cycle: SchedulingCycle;
  private readonly queue: SchedulingQueue;

  constructor(shared: SchedulerShared, cycle: SchedulingCycle, queue: SchedulingQueue) {
    this.shared = shared;
    this.cycle = cycle;
    this.queue = queue;
  }

  /** Assumes every pod of a job; on failure forgets them and returns the failure. */
  assume(ctx: SchedulingContext, pod: PodInfo, explaining: boolean): Assumed {
    const snapshot = this.shared.snapshot;
    if (pod.tasks > 1) {
      // A job that cannot fit whole fails without assuming any pod (job-fit.ts): no cycles, no tie-break draws.
      const short = this.shared.fitCheck.shortfall(pod, this.shared.profileOf(pod), this.queue.detailsUnread);
      if (short) return { failure: { tally: short.tally, statuses: short.statuses, message: short.message, examined: snapshot.nodeCount, preFilter: false }, at: short.placed };
    }
    const placements: CycleResult[] = [];
    this.cycle.beginJob(pod);
    for (let t = 0; t < pod.tasks; t++) {
      const r = this.cycle.run(ctx, pod, explaining);
      if (isFailure(r)) {
        this.cycle.endJob();
        snapshot.remove(pod.job);
        return { failure: r, at: t };
      }
      snapshot.add(pod, r.node, 1, r.devices, true);
      this.cycle.assumedOn(r.node);
      placements.push(r);
    }
    this.cycle.endJob();
    return { placements };
  }

  /** Binds the assumed pods of a job: one placement through ctx.start. */
  bind(ctx: SchedulingContext, pod: PodInfo, placements: readonly CycleResult[]): void {
    const order: number[] = [];
    const count = new Map<number, number>();
    const devs = new Map<number, number[]>();
    for (const r of placements) {
      if (!count.has(r.node)) order.push(r.node);
      count.set(r.node, (count.get(r.node) ?? 0) + 1);
      if (r.devices) {
        const d = devs.get(r.node) ?? [];
        appendAll(d, r.devices);
        devs.set(r.node, d);
      }
    }
    const placement: Placement = pod.gpu
      ? { nodes: order, counts: order.map((x) => count.get(x)!), devices: order.flatMap((x) => devs.get(x) ?? []) }
      : { nodes: order, counts: order.map((x) => count.get(x)!) };
    ctx.start(pod.job, placement);
    this.shared.snapshot.bind(pod.job);
    this.shared.fitCheck.forget(pod.job);
    this.queue.started(pod.job);
  }

  /** One pod (all its tasks): schedule, else try preemption, else record the failure. Returns requeued victims. */
  schedule(ctx: SchedulingContext, pod: PodInfo, failures: Map<number, string>): readonly number[] {
    const explaining = ctx.explaining;
    const r = this.assume(ctx, pod, explaining);
    if ('placements' in r) {
      this.bind(ctx, pod, r.placements);
      if (explaining) this.explainScheduled(ctx, pod, r.placements);
      return [];
    }
    const f = r.failure;
    // PostFilter (preemption) for the first pod of the job only: later pods failing means the job is too wide right now.
    const postFilters = this.shared.profileOf(pod).postFilters;
    if (r.at === 0 && f.statuses && postFilters.length > 0 && pod.preemptionPolicy !== 'Never') {
      for (const pf of postFilters) {
        const nominated = pf.postFilter(new CycleState(), pod, f.statuses, this.cycle);
        if (!nominated) continue;
        for (const v of nominated.victims) ctx.preempt(v, `preempted by ${pod.id} (priority ${pod.priority}) on node ${this.shared.snapshot.nodeName(nominated.node)}`);
        this.queue.freed();
        if (explaining) {
          const detail = { nominated_node: this.shared.snapshot.nodeName(nominated.node), victims: nominated.victims.map((v) => ctx.jobs.ids[v]), ...nominated.detail };
          this.explainFailure(ctx, pod, f, 'preempting', detail);
        }
        const again = this.assume(ctx, pod, explaining);
        if ('placements' in again) {
          this.bind(ctx, pod, again.placements);
          if (explaining) this.explainScheduled(ctx, pod, again.placements, { after_preemption: true });
          return nominated.victims;
        }
        failures.set(pod.job, again.failure.message);
        this.queue.failed(pod.job, ctx.now);
        return nominated.victims;
      }
    }
    if (explaining) this.explainFailure(ctx, pod, f, 'unschedulable', r.at > 0 ? { placed_before_failure: r.at, tasks: pod.tasks } : {});
    failures.set(pod.job, r.at > 0 ? `${f.message} (${r.at} of ${pod.tasks} pods placed; the job needs all)` : f.message);
    this.queue.failed(pod.job, ctx.now);
    return [];
  }

  explainScheduled(ctx: SchedulingContext, pod: PodInfo, placements: readonly CycleResult[], extra: Record<string, unknown> = {}): void {
    const snapshot = this.shared.snapshot;
    const first = placements[0]!;
    ctx.explain({
      time: ctx.now,
      pod: pod.id,
      decision: 'scheduled',
      node: snapshot.nodeName(first.node),
      ...(placements.length > 1 ? { nodes: placements.map((r) => snapshot.nodeName(r.node)) } : {}),
      ...(first.devices && first.devices.length ? { devices: first.devices } : {}),
      evaluated: first.examined,
      feasible: first.feasible,
      filtered: first.tally ? tallyToJson(first.tally) : {},
      scores: first.scores ?? [],
      ...extra,
    });
  }

  private explainFailure(ctx: SchedulingContext, pod: PodInfo, f: CycleFailure, decision: string, extra: Record<string, unknown> = {}): void {
    ctx.explain({ time: ctx.now, pod: pod.id, decision, message: f.message, evaluated: f.examined, filtered: tallyToJson(f.tally), ...extra });
  }
}
