/**
 * The service controller: Kubernetes' ReplicaSet and Deployment controllers,
 * the endpoints controller and kube-proxy, plus the request model of each
 * service. This file holds the desired state and its reconciliation: the
 * replica count an autoscaler sets, the rollouts a deployment asks for, and
 * the passes that bring every version of a service to its target.
 *
 * The controller keeps, for every version of a service, as many replicas as the
 * version's target (the desired count, or what a rollout asks for): a replica
 * lost to a node failure (evicted, see World) is replaced at once, surplus
 * replicas are terminated (pending first, then dead, then not ready, then the
 * most recently ready, like the ReplicaSet controller).
 *
 * The rest lives beside it, one concern to a file: service-state.ts (what is
 * known of each service), replicas.ts (each replica's lifecycle and endpoint,
 * the live counts), traffic.ts (the request model and the time-series columns).
 */
import type { ControlContext, Controller } from '../../sim/controller.ts';
import type { RateFunction } from '../../workloads/rate-curve.ts';
import type { ServiceSpec } from '../../workloads/services/service.ts';
import type { Meter } from '../control/recorder.ts';
import type { JobOwner, World } from '../control/world.ts';
import type { DeploymentStrategy, RolloutView, VersionCounts } from '../deployment/policy.ts';
import { Replicas } from './replicas.ts';
import { type Replica, type RolloutRecord, ServiceState, type VersionState } from './service-state.ts';
import { RequestModel } from './traffic.ts';

// The types importers know the controller by.
export type { MetricSample, Replica, RolloutRecord, ServiceState, ServiceTotals, VersionState } from './service-state.ts';

export interface ServiceControllerOptions {
  world: World;
  services: { spec: ServiceSpec; curve: RateFunction }[];
  /** Seconds for an endpoint change to reach the load balancers. */
  propagationDelay: number;
  /** Seconds between metric samples (the metrics pipeline's resolution), and the longest piece over which a varying request rate is integrated. */
  metricsInterval: number;
  /** Take metric samples (a timer every metricsInterval): only when an autoscaler reads them. */
  sample?: boolean;
  /** Samples kept per service (enough for the largest metric lag and window). */
  keepSamples?: number;
  /** Per-service time-series columns (replicas_<name>, ready_<name>). */
  perServiceColumns?: boolean;
}

/** The metric-sample timer's tag; a rollout's wake-up is -2 - service index; replica timers are ≥ 0 (replicas.ts). */
const METRICS = -1;

export class ServiceController implements Controller, JobOwner, Meter {
  readonly name = 'service-controller';
  readonly services: ServiceState[];
  readonly rollouts: RolloutRecord[] = [];
  readonly columns: readonly string[];
  private readonly options: ServiceControllerOptions;
  private readonly requests: RequestModel;
  private readonly replicas: Replicas;
  private ctxRef: ControlContext | null = null;
  private reconciling = new Set<ServiceState>();
  private dirty = new Set<ServiceState>();

  constructor(options: ServiceControllerOptions) {
    this.options = options;
    this.services = options.services.map((s, i) => new ServiceState(i, s.spec, s.curve));
    const perService = options.perServiceColumns ?? this.services.length <= 20;
    this.requests = new RequestModel(this.services, options.metricsInterval, perService);
    this.replicas = new Replicas(this, options.world, this.requests, options.propagationDelay);
    this.columns = this.requests.columns;
  }

  /** Replicas that ended without this controller deciding it (should stay empty: checked by the invariants). */
  get unaccounted(): readonly string[] {
    return this.replicas.unaccounted;
  }

  get ctx(): ControlContext {
    return this.ctxRef!;
  }

  service(name: string): ServiceState {
    const s = this.services.find((x) => x.name === name);
    if (!s) throw new Error(`no service ${name}`);
    return s;
  }

  start(ctx: ControlContext): void {
    this.ctxRef = ctx;
    for (const s of this.services) {
      s.accountedTo = ctx.now;
      s.nextCut = ctx.now + this.options.metricsInterval;
    }
    this.replicas.watchNodes();
    for (const s of this.services) this.reconcile(s);
    if (this.options.metricsInterval > 0 && (this.options.sample ?? true)) ctx.at(ctx.now + this.options.metricsInterval, METRICS);
  }

  // ---- desired state (autoscalers, rollouts) ----

  /** Sets a service's desired replica count (an autoscaler's decision). */
  setDesired(s: ServiceState, replicas: number, source: string): void {
    const n = Math.max(0, Math.round(replicas));
    if (n === s.desired) return;
    this.settle(s, this.ctx.now);
    if (n > s.desired) s.totals.scaleUps++;
    else s.totals.scaleDowns++;
    this.ctx.record({ type: n > s.desired ? 'scale-up' : 'scale-down', data: { service: s.name, from: s.desired, to: n, by: source } });
    s.desired = n;
    s.totals.minDesired = Math.min(s.totals.minDesired, n);
    s.totals.maxDesired = Math.max(s.totals.maxDesired, n);
    this.reconcile(s);
  }

  /** Starts rolling the service out to a new version (queued if a rollout is running). */
  beginRollout(s: ServiceState, strategy: DeploymentStrategy, errorRate: number): void {
    if (s.rollout) {
      s.queuedRollouts.push({ strategy, errorRate });
      return;
    }
    this.settle(s, this.ctx.now);
    const to = s.nextVersion++;
    const from = s.currentVersion;
    s.versions.set(to, { version: to, target: 0, errorRate, active: 0, available: 0, served: 0, failed: 0 });
    for (const v of s.versions.values()) {
      v.served = 0;
      v.failed = 0;
    }
    const record: RolloutRecord = {
      service: s.name,
      strategy: strategy.name,
      from,
      to,
      start: this.ctx.now,
      end: NaN,
      minAvailable: s.ready,
      desired: s.desired,
      outcome: 'unfinished',
      requests: 0,
      requestsFailed: 0,
    };
    this.rollouts.push(record);
    s.rollout = { rollout: strategy.begin(to, this.ctx.now), strategy: strategy.name, to, serving: null, record, wakeAt: NaN };
    this.ctx.record({ type: 'rollout-start', data: { service: s.name, strategy: strategy.name, from, to } });
    this.reconcile(s);
  }

  // ---- reconciliation ----

  /** Brings every version of the service to its target (re-entrant calls are folded into one more pass). */
  reconcile(s: ServiceState): void {
    if (this.reconciling.has(s)) {
      this.dirty.add(s);
      return;
    }
    this.reconciling.add(s);
    try {
      for (let pass = 0; pass < 100; pass++) {
        this.dirty.delete(s);
        this.planTargets(s);
        for (const v of [...s.versions.values()]) this.converge(s, v);
        if (!this.dirty.has(s)) break;
      }
    } finally {
      this.reconciling.delete(s);
    }
  }

  private planTargets(s: ServiceState): void {
    const r = s.rollout;
    if (!r) {
      for (const v of s.versions.values()) v.target = v.version === s.currentVersion ? s.desired : 0;
      return;
    }
    const view: RolloutView = {
      now: this.ctx.now,
      desired: s.desired,
      to: r.to,
      versions: [...s.versions.values()].map((v): VersionCounts => ({ version: v.version, target: v.target, active: v.active, available: v.available, served: v.served, failed: v.failed })),
    };
    const plan = r.rollout.plan(view);
    for (const v of s.versions.values()) {
      const target = plan.targets.get(v.version) ?? 0;
      // Plan again after a change, as the Deployment controller syncs again when it changed a ReplicaSet.
      if (target !== v.target) this.dirty.add(s);
      v.target = target;
    }
    if (plan.step) this.ctx.record({ type: 'rollout-step', data: { service: s.name, to: r.to, step: plan.step } });
    if (!sameSet(plan.serving, r.serving)) {
      r.serving = plan.serving;
      for (const rep of s.replicas) this.replicas.refreshWanted(rep);
    }
    if (plan.wakeAt !== undefined && plan.wakeAt > this.ctx.now && plan.wakeAt !== r.wakeAt) {
      r.wakeAt = plan.wakeAt;
      this.ctx.at(plan.wakeAt, -2 - s.index);
    }
    if (plan.done) {
      this.settle(s, this.ctx.now);
      const rec = r.record;
      rec.end = this.ctx.now;
      rec.outcome = plan.aborted ? 'aborted' : 'completed';
      if (!plan.aborted) s.currentVersion = r.to;
      s.rollout = null;
      this.ctx.record({ type: plan.aborted ? 'rollout-aborted' : 'rollout-complete', data: { service: s.name, to: r.to, duration: rec.end - rec.start } });
      for (const v of s.versions.values()) v.target = v.version === s.currentVersion ? s.desired : 0;
      for (const rep of s.replicas) this.replicas.refreshWanted(rep);
      const next = s.queuedRollouts.shift();
      if (next) {
        this.dirty.add(s);
        this.beginRollout(s, next.strategy, next.errorRate);
      }
    }
  }

  private converge(s: ServiceState, v: VersionState): void {
    while (v.active < v.target) this.replicas.create(s, v.version);
    if (v.active > v.target) {
      const victims = [...s.replicas].filter((r) => r.version === v.version && r.phase !== 'terminating' && r.phase !== 'gone').sort(deletionOrder);
      for (const rep of victims.slice(0, v.active - v.target)) this.replicas.terminate(rep, s.rollout ? 'rollout' : 'scaled-down');
    }
    if (v.target === 0 && v.active === 0 && v.version !== s.currentVersion && v.version !== s.rollout?.to) {
      let any = false;
      for (const r of s.replicas) if (r.version === v.version) any = true;
      if (!any) s.versions.delete(v.version);
    }
  }

  // ---- engine hooks ----

  onJobStart(job: number): void {
    this.replicas.onJobStart(job);
  }

  onJobEnd(job: number, ctx: ControlContext): void {
    this.replicas.onJobEnd(job, ctx);
  }

  onTimer(tag: number): void {
    const ctx = this.ctx;
    if (tag === METRICS) {
      const keep = this.options.keepSamples ?? 64;
      for (const s of this.services) {
        this.settle(s, ctx.now);
        s.takeSample(ctx.now, keep);
      }
      ctx.at(ctx.now + this.options.metricsInterval, METRICS);
      return;
    }
    if (tag < 0) {
      const s = this.services[-2 - tag]!;
      if (s.rollout && s.rollout.wakeAt === ctx.now) this.reconcile(s);
      return;
    }
    this.replicas.onTimer(tag);
  }

  // ---- JobOwner: what happens to replicas on failed or drained nodes (replicas.ts) ----

  evict(job: number): void {
    this.replicas.evict(job);
  }

  nodeBack(job: number): void {
    this.replicas.nodeBack(job);
  }

  crashed(job: number): void {
    this.replicas.crashed(job);
  }

  drain(job: number): 'moved' | 'wait' {
    return this.replicas.drain(job);
  }

  // ---- the request model (traffic.ts) as the run's Meter ----

  /**
   * Pieces between events: nothing to do here. Each service's request model is
   * integrated lazily (settle) over the interval since its last change, when it
   * changes, at every metric sample and at every time-series bucket boundary;
   * its state is constant over such an interval and the rate's integral is exact.
   */
  integrate(): void {}

  /** Integrates a service's request model up to time t (see RequestModel.settle). */
  settle(s: ServiceState, t: number): void {
    this.requests.settle(s, t);
  }

  /** Brings every service up to time t (the end of the run, a bucket boundary). */
  finish(t: number): void {
    this.requests.finish(t);
  }

  flush(start: number, length: number): number[] {
    return this.requests.flush(start, length);
  }

  // ---- for invariants and metrics ----

  replicaOf(job: number): Replica | undefined {
    return this.replicas.get(job);
  }

  /** Checks that every version has exactly its target of active replicas; returns a problem or null. */
  checkTargets(): string | null {
    for (const s of this.services) {
      for (const v of s.versions.values()) {
        let active = 0;
        for (const r of s.replicas) if (r.version === v.version && r.phase !== 'terminating' && r.phase !== 'gone') active++;
        if (active !== v.active) return `service ${s.name} v${v.version}: ${active} active replicas, counted ${v.active}`;
        if (active !== v.target) return `service ${s.name} v${v.version}: ${active} active replicas for a target of ${v.target} (a lost replica was not replaced)`;
      }
    }
    return null;
  }
}

/** The ReplicaSet controller's order for deleting pods: unscheduled, dead, not ready, then the most recently ready. */
function deletionOrder(a: Replica, b: Replica): number {
  return deletionRank(a) - deletionRank(b) || (b.readySince || 0) - (a.readySince || 0) || b.job - a.job;
}

function deletionRank(r: Replica): number {
  return r.phase === 'pending' ? 0 : r.dead ? 1 : r.phase !== 'ready' ? 2 : 3;
}

function sameSet(a: ReadonlySet<number> | null, b: ReadonlySet<number> | null): boolean {
  if (a === b) return true;
  if (!a || !b || a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
