/**
 * The service controller: Kubernetes' ReplicaSet and Deployment controllers,
 * the endpoints controller and kube-proxy, plus the request model of each
 * service, in one place because they share the replicas' states.
 *
 * Replicas. Each replica is a job of one task that never ends by itself,
 * submitted through the ControlContext and placed by the scheduler. It is
 * pending until placed, starting until `readinessDelay` has passed, then ready.
 * The controller keeps, for every version of a service, as many replicas as the
 * version's target (the desired count, or what a rollout asks for): a replica
 * lost to a node failure (evicted, see World) is replaced at once, surplus
 * replicas are terminated (pending first, then dead, then not ready, then the
 * most recently ready, like the ReplicaSet controller).
 *
 * Service discovery. A replica is wanted as an endpoint while it is ready, not
 * known to be dead, and of a version that receives traffic; every change of
 * that reaches the load balancers `propagationDelay` seconds later. So a new
 * replica takes traffic readinessDelay + propagationDelay after its start; a
 * replica on a failed node keeps receiving traffic until the failure is
 * detected plus the propagation delay, and those requests fail; a terminating
 * replica (scale-down, rollout, drain) is taken out first and stops once the
 * removal has propagated, so graceful terminations lose no requests.
 *
 * Requests (see workloads/services/queueing.ts): the load balancer spreads the
 * request rate λ(t) evenly over the N listed endpoints; the share sent to the
 * N − L dead ones fails; the L live ones form an M/M/L/K queue with service rate
 * `capacity` per replica and `queueLimit` waiting places per replica: arrivals
 * finding it full are dropped, the others are served with the mean response
 * time of the queue; a version's `errorRate` fails that fraction of what its
 * replicas serve. Per-replica utilization (the HPA's CPU utilization) is the
 * mean busy fraction of the ready replicas.
 */
import type { ControlContext, Controller } from '../../sim/controller.ts';
import type { SimJob } from '../../sim/jobs.ts';
import { JobState } from '../../sim/policy.ts';
import { mmck } from '../../workloads/services/queueing.ts';
import type { RateFunction } from '../../workloads/rate-curve.ts';
import type { ServiceSpec } from '../../workloads/services/service.ts';
import type { Meter } from '../control/recorder.ts';
import type { JobOwner, World } from '../control/world.ts';
import { OutageTracker } from './outages.ts';
import type { DeploymentStrategy, Rollout, RolloutView, VersionCounts } from '../deployment/policy.ts';

type Phase = 'pending' | 'starting' | 'ready' | 'terminating' | 'gone';

export interface Replica {
  readonly job: number;
  readonly service: ServiceState;
  readonly version: number;
  phase: Phase;
  /** Its node failed (or it was placed on a failed node): it serves nothing. */
  dead: boolean;
  /** The failure has been detected: it is no longer wanted as an endpoint. */
  deadKnown: boolean;
  wanted: boolean;
  listed: boolean;
  pendingFlips: number;
  readyDue: number;
  stopDue: number;
  readySince: number;
  /** Why it ended (evicted, scaled-down, rollout, drained), once it did. */
  fate: string;
}

export interface VersionState {
  version: number;
  target: number;
  errorRate: number;
  active: number;
  available: number;
  served: number;
  failed: number;
}

export interface MetricSample {
  time: number;
  /** Mean busy fraction of the ready replicas over the sample interval (0..1). */
  utilization: number;
  /** Mean request rate over the interval, per second. */
  rate: number;
  /** Mean number of ready replicas over the interval. */
  ready: number;
}

export interface RolloutRecord {
  service: string;
  strategy: string;
  from: number;
  to: number;
  start: number;
  end: number;
  /** Fewest available (ready, live) replicas at any time during the rollout. */
  minAvailable: number;
  /** The desired count when the rollout began. */
  desired: number;
  outcome: 'completed' | 'aborted' | 'unfinished';
  /** Requests offered and failed or dropped during the rollout. */
  requests: number;
  requestsFailed: number;
}

/** Totals of one service over the run. */
export interface ServiceTotals {
  time: number;
  offered: number;
  served: number;
  failed: number;
  dropped: number;
  /** Requests that reached a live replica and were not dropped (served, or failed by the version's error rate). */
  ok: number;
  /** Σ ok × mean response time. */
  latencySum: number;
  busy: number;
  readyTime: number;
  availableTime: number;
  violationTime: number;
  desiredTime: number;
  minDesired: number;
  maxDesired: number;
  created: number;
  evicted: number;
  drained: number;
  scaledDown: number;
  rolledOut: number;
  scaleUps: number;
  scaleDowns: number;
}

export class ServiceState {
  readonly index: number;
  readonly spec: ServiceSpec;
  readonly curve: RateFunction;
  desired: number;
  currentVersion = 1;
  readonly versions = new Map<number, VersionState>();
  readonly replicas = new Set<Replica>();
  rollout: { rollout: Rollout; strategy: string; to: number; serving: ReadonlySet<number> | null; record: RolloutRecord; wakeAt: number } | null = null;
  /** A rollout asked for while another was running starts when it ends. */
  queuedRollouts: { strategy: DeploymentStrategy; errorRate: number }[] = [];
  nextVersion = 2;
  serial = 0;
  // Live counts (kept exact by the controller).
  pods = 0;
  unready = 0;
  missing = 0;
  ready = 0;
  listed = 0;
  listedLive = 0;
  listedLiveError = 0;
  readonly totals: ServiceTotals;
  /** Intervals with fewer than minAvailable ready replicas. */
  readonly outages = new OutageTracker();
  // Cumulative integrals for metric samples.
  cumBusy = 0;
  cumReady = 0;
  cumOffered = 0;
  /** Metric samples: a ring of (time, utilization, rate, ready) × keep. */
  private ring = new Float64Array(0);
  private ringNext = 0;
  private ringCount = 0;
  /** The request model has been integrated up to this time (see ServiceController.settle). */
  accountedTo = 0;
  /** The next cut of a varying rate's integration (see ServiceController.settle). */
  nextCut = 0;
  private lastSample = { time: 0, busy: 0, ready: 0, offered: 0 };

  constructor(index: number, spec: ServiceSpec, curve: RateFunction) {
    this.index = index;
    this.spec = spec;
    this.curve = curve;
    this.desired = spec.replicas;
    this.versions.set(1, { version: 1, target: spec.replicas, errorRate: spec.errorRate, active: 0, available: 0, served: 0, failed: 0 });
    this.totals = {
      time: 0,
      offered: 0,
      served: 0,
      failed: 0,
      dropped: 0,
      ok: 0,
      latencySum: 0,
      busy: 0,
      readyTime: 0,
      availableTime: 0,
      violationTime: 0,
      desiredTime: 0,
      minDesired: spec.replicas,
      maxDesired: spec.replicas,
      created: 0,
      evicted: 0,
      drained: 0,
      scaledDown: 0,
      rolledOut: 0,
      scaleUps: 0,
      scaleDowns: 0,
    };
  }

  get name(): string {
    return this.spec.name;
  }

  /** Takes a metric sample covering the time since the previous one (kept in a ring of `keep`). */
  takeSample(now: number, keep: number): void {
    const last = this.lastSample;
    const dt = now - last.time;
    if (dt <= 0) return;
    if (this.ring.length !== 4 * keep) {
      this.ring = new Float64Array(4 * keep);
      this.ringCount = 0;
      this.ringNext = 0;
    }
    const ready = this.cumReady - last.ready;
    const k = 4 * this.ringNext;
    this.ring[k] = now;
    this.ring[k + 1] = ready > 0 ? (this.cumBusy - last.busy) / ready : 0;
    this.ring[k + 2] = (this.cumOffered - last.offered) / dt;
    this.ring[k + 3] = ready / dt;
    this.ringNext = (this.ringNext + 1) % keep;
    if (this.ringCount < keep) this.ringCount++;
    last.time = now;
    last.busy = this.cumBusy;
    last.ready = this.cumReady;
    last.offered = this.cumOffered;
  }

  /** The i-th newest sample (0 = the latest). */
  private sampleFromNewest(i: number): MetricSample {
    const keep = this.ring.length / 4;
    const k = 4 * ((this.ringNext - 1 - i + 2 * keep) % keep);
    return { time: this.ring[k]!, utilization: this.ring[k + 1]!, rate: this.ring[k + 2]!, ready: this.ring[k + 3]! };
  }

  /** The latest sample taken at or before `time` (metrics lag), or null. */
  sampleAt(time: number): MetricSample | null {
    const keep = this.ring.length / 4;
    for (let i = 0; i < this.ringCount; i++) {
      const k = 4 * ((this.ringNext - 1 - i + 2 * keep) % keep);
      if (this.ring[k]! <= time + 1e-9) return this.sampleFromNewest(i);
    }
    return null;
  }

  /** The samples taken in (from, to], oldest first. */
  samplesBetween(from: number, to: number): MetricSample[] {
    const out: MetricSample[] = [];
    for (let i = this.ringCount - 1; i >= 0; i--) {
      const x = this.sampleFromNewest(i);
      if (x.time > from + 1e-9 && x.time <= to + 1e-9) out.push(x);
    }
    return out;
  }
}

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

const READY = 0;
const FLIP = 1;
const STOP = 2;
const REPLICA_TIMERS = 4;
const METRICS = -1;
const BUCKET_FIELDS = 8;

export class ServiceController implements Controller, JobOwner, Meter {
  readonly name = 'service-controller';
  readonly services: ServiceState[];
  readonly rollouts: RolloutRecord[] = [];
  /** Replicas that ended without this controller deciding it (should stay empty: checked by the invariants). */
  readonly unaccounted: string[] = [];
  readonly columns: readonly string[];
  private readonly world: World;
  private readonly options: ServiceControllerOptions;
  private readonly replicas = new Map<number, Replica>();
  private ctxRef: ControlContext | null = null;
  private reconciling = new Set<ServiceState>();
  private dirty = new Set<ServiceState>();
  private readonly perService: boolean;
  private bucket: number[];

  constructor(options: ServiceControllerOptions) {
    this.options = options;
    this.world = options.world;
    this.services = options.services.map((s, i) => new ServiceState(i, s.spec, s.curve));
    this.perService = options.perServiceColumns ?? this.services.length <= 20;
    this.columns = [
      'replicas',
      'replicas_ready',
      'requests',
      'requests_failed',
      'requests_dropped',
      'latency',
      'slo_violations',
      ...(this.perService ? this.services.flatMap((s) => [`replicas_${s.name}`, `ready_${s.name}`]) : []),
    ];
    this.bucket = new Array<number>(BUCKET_FIELDS + (this.perService ? 2 * this.services.length : 0)).fill(0);
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
    this.world.listeners.push({
      nodeFailed: (node) => {
        for (const job of this.world.jobsOn(node)) {
          const rep = this.replicas.get(job);
          if (rep && !rep.dead) this.update(rep, () => (rep.dead = true));
        }
      },
      nodeDetected: (node) => {
        for (const job of this.world.jobsOn(node)) {
          const rep = this.replicas.get(job);
          if (rep && !rep.deadKnown) this.update(rep, () => (rep.deadKnown = true));
        }
      },
    });
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
      for (const rep of s.replicas) this.refreshWanted(rep);
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
      for (const rep of s.replicas) this.refreshWanted(rep);
      const next = s.queuedRollouts.shift();
      if (next) {
        this.dirty.add(s);
        this.beginRollout(s, next.strategy, next.errorRate);
      }
    }
  }

  private converge(s: ServiceState, v: VersionState): void {
    while (v.active < v.target) this.create(s, v.version);
    if (v.active > v.target) {
      const victims = [...s.replicas].filter((r) => r.version === v.version && r.phase !== 'terminating' && r.phase !== 'gone').sort(deletionOrder);
      for (const rep of victims.slice(0, v.active - v.target)) this.terminate(rep, s.rollout ? 'rollout' : 'scaled-down');
    }
    if (v.target === 0 && v.active === 0 && v.version !== s.currentVersion && v.version !== s.rollout?.to) {
      let any = false;
      for (const r of s.replicas) if (r.version === v.version) any = true;
      if (!any) s.versions.delete(v.version);
    }
  }

  private create(s: ServiceState, version: number): void {
    const spec = s.spec;
    const job = {
      id: `${spec.name}-v${version}-${s.serial++}`,
      submit: this.ctx.now,
      tasks: 1,
      request: spec.request,
      runtime: Infinity,
      estimate: Infinity,
      priority: spec.priority,
      kind: 'pod',
      labels: { app: spec.name, version: `v${version}` },
    } satisfies SimJob & Record<string, unknown>;
    const rep: Replica = {
      job: -1,
      service: s,
      version,
      phase: 'pending',
      dead: false,
      deadKnown: false,
      wanted: false,
      listed: false,
      pendingFlips: 0,
      readyDue: NaN,
      stopDue: NaN,
      readySince: NaN,
      fate: '',
    };
    const index = this.ctx.submit(job);
    (rep as { job: number }).job = index;
    this.replicas.set(index, rep);
    this.world.owners.set(index, this);
    s.replicas.add(rep);
    s.totals.created++;
    this.count(rep, 1);
  }

  /** Graceful termination: out of the endpoints first, stopped once that has propagated. */
  private terminate(rep: Replica, fate: string): void {
    const s = rep.service;
    if (fate === 'scaled-down') s.totals.scaledDown++;
    else if (fate === 'rollout') s.totals.rolledOut++;
    else if (fate === 'drained') s.totals.drained++;
    rep.fate = fate;
    if (rep.phase === 'pending') {
      this.update(rep, () => (rep.phase = 'terminating'));
      this.ctx.fail(rep.job, `replica ${fate}`);
      return;
    }
    this.update(rep, () => (rep.phase = 'terminating'));
    const delay = rep.listed || rep.pendingFlips > 0 ? this.options.propagationDelay : 0;
    if (delay <= 0) this.ctx.fail(rep.job, `replica ${fate}`);
    else {
      rep.stopDue = this.ctx.now + delay;
      this.ctx.at(rep.stopDue, rep.job * REPLICA_TIMERS + STOP);
    }
  }

  // ---- replica states and counts ----

  private count(rep: Replica, sign: 1 | -1): void {
    const s = rep.service;
    // The request model holds the state until now: integrate it before anything changes.
    this.settle(s, this.ctx.now);
    const v = s.versions.get(rep.version);
    if (rep.phase !== 'gone' && rep.phase !== 'terminating') {
      if (v) v.active += sign;
      s.pods += sign;
      if (rep.dead) s.missing += sign;
      else if (rep.phase === 'ready') {
        if (v) v.available += sign;
        s.ready += sign;
      } else s.unready += sign;
    }
    if (rep.listed) {
      s.listed += sign;
      if (isLive(rep)) {
        s.listedLive += sign;
        s.listedLiveError += sign * (v?.errorRate ?? 0);
      }
    }
  }

  /** Changes a replica, keeping the counts exact, then updates its endpoint. */
  private update(rep: Replica, apply: () => void): void {
    this.count(rep, -1);
    apply();
    this.count(rep, 1);
    this.refreshWanted(rep);
  }

  private refreshWanted(rep: Replica): void {
    const serving = rep.service.rollout?.serving;
    const wanted = rep.phase === 'ready' && !rep.deadKnown && (!serving || serving.has(rep.version));
    if (wanted === rep.wanted) return;
    rep.wanted = wanted;
    if (this.options.propagationDelay <= 0) {
      this.count(rep, -1);
      rep.listed = wanted;
      this.count(rep, 1);
      this.forgetIfDone(rep);
    } else {
      rep.pendingFlips++;
      this.ctx.at(this.ctx.now + this.options.propagationDelay, rep.job * REPLICA_TIMERS + FLIP);
    }
  }

  private forgetIfDone(rep: Replica): void {
    if (rep.phase === 'gone' && !rep.listed && rep.pendingFlips === 0) {
      this.replicas.delete(rep.job);
      rep.service.replicas.delete(rep);
    }
  }

  private becomeReady(rep: Replica): void {
    this.update(rep, () => {
      rep.phase = 'ready';
      rep.readySince = this.ctx.now;
      rep.readyDue = NaN;
    });
    this.reconcile(rep.service);
  }

  private beginStarting(rep: Replica): void {
    const delay = rep.service.spec.readinessDelay;
    this.update(rep, () => {
      rep.phase = 'starting';
      rep.readyDue = this.ctx.now + delay;
    });
    if (delay <= 0) this.becomeReady(rep);
    else this.ctx.at(rep.readyDue, rep.job * REPLICA_TIMERS + READY);
  }

  // ---- engine hooks ----

  onJobStart(job: number): void {
    const rep = this.replicas.get(job);
    if (!rep || rep.phase !== 'pending') return;
    if (this.world.stalled.has(job)) {
      // Placed on a node that failed unnoticed: it never starts for real.
      this.update(rep, () => {
        rep.phase = 'starting';
        rep.dead = true;
      });
      return;
    }
    this.beginStarting(rep);
  }

  onJobEnd(job: number, ctx: ControlContext): void {
    const rep = this.replicas.get(job);
    if (!rep || ctx.state(job) === JobState.Running) return;
    if (!rep.fate) {
      rep.fate = 'ended';
      this.unaccounted.push(`${ctx.jobs.ids[job]} at ${ctx.now}`);
    }
    this.update(rep, () => (rep.phase = 'gone'));
    this.forgetIfDone(rep);
    this.reconcile(rep.service);
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
    const job = Math.floor(tag / REPLICA_TIMERS);
    const kind = tag % REPLICA_TIMERS;
    const rep = this.replicas.get(job);
    if (!rep) return;
    if (kind === READY) {
      if (rep.phase === 'starting' && !rep.dead && rep.readyDue === ctx.now) this.becomeReady(rep);
    } else if (kind === FLIP) {
      rep.pendingFlips--;
      this.count(rep, -1);
      rep.listed = !rep.listed;
      this.count(rep, 1);
      this.forgetIfDone(rep);
    } else if (kind === STOP) {
      if (rep.phase === 'terminating' && rep.stopDue === ctx.now && ctx.state(job) === JobState.Running) ctx.fail(job, `replica ${rep.fate}`);
    }
  }

  // ---- JobOwner: what happens to replicas on failed or drained nodes ----

  evict(job: number): void {
    const rep = this.replicas.get(job)!;
    rep.fate = 'evicted';
    rep.service.totals.evicted++;
    this.ctx.record({ type: 'replica-lost', job: this.ctx.jobs.ids[job]!, data: { service: rep.service.name } });
    this.ctx.fail(job, 'replica evicted: node failure');
  }

  nodeBack(job: number): void {
    const rep = this.replicas.get(job)!;
    this.world.restart(this.ctx, job, 'node back: container restarted', 0);
    this.update(rep, () => {
      rep.dead = false;
      rep.deadKnown = false;
    });
    if (rep.phase === 'terminating') {
      this.ctx.fail(job, `replica ${rep.fate}`);
      return;
    }
    this.beginStarting(rep);
  }

  crashed(job: number): void {
    // Containers restart in place (restartPolicy Always); the replica is not ready until its probe passes again.
    const rep = this.replicas.get(job)!;
    this.world.restart(this.ctx, job, 'container restarted', 0);
    if (rep.phase !== 'terminating') this.beginStarting(rep);
  }

  drain(job: number): 'moved' | 'wait' {
    const rep = this.replicas.get(job)!;
    if (rep.phase !== 'terminating') {
      // An eviction: the replica is deleted gracefully and the ReplicaSet creates a replacement elsewhere.
      this.terminate(rep, 'drained');
      this.reconcile(rep.service);
    }
    return 'moved';
  }

  // ---- the request model, integrated between changes ----

  /**
   * Pieces between events: nothing to do here. Each service's request model is
   * integrated lazily (settle) over the interval since its last change, when it
   * changes, at every metric sample and at every time-series bucket boundary;
   * its state is constant over such an interval and the rate's integral is exact.
   */
  integrate(): void {}

  /**
   * Integrates a service's request model up to time t. The queue's response
   * time is not linear in the rate, so a varying rate is integrated in pieces
   * no longer than `metricsInterval`, cut on the grid start + k × interval (the
   * instants of the metric samples, whether or not samples are taken); a
   * constant rate needs no cuts.
   */
  settle(s: ServiceState, t: number): void {
    if (t <= s.accountedTo) return;
    if (s.spec.requestRate.kind !== 'constant' && this.options.metricsInterval > 0) {
      for (; s.nextCut < t; s.nextCut += this.options.metricsInterval) {
        if (s.nextCut <= s.accountedTo) continue;
        this.account(s, s.accountedTo, s.nextCut);
        s.accountedTo = s.nextCut;
      }
    }
    this.account(s, s.accountedTo, t);
    s.accountedTo = t;
  }

  /** Brings every service up to time t (the end of the run, a bucket boundary). */
  finish(t: number): void {
    for (const s of this.services) this.settle(s, t);
  }

  private account(s: ServiceState, from: number, to: number): void {
    const dt = to - from;
    const b = this.bucket;
    const t = s.totals;
    const offered = s.curve.integral(from, to);
    let failed = 0;
    let dropped = 0;
    let served = 0;
    let latency = 0;
    let busy = 0;
    if (offered > 0) {
      const N = s.listed;
      const L = s.listedLive;
      if (N === 0) failed = offered;
      else {
        const live = L / N;
        failed = offered * (1 - live);
        if (L > 0) {
          const q = mmck(L, (offered / dt) * live, s.spec.capacity, s.spec.queueLimit * L);
          const reached = offered * live;
          dropped = reached * q.blocking;
          const ok = reached - dropped;
          const errors = (ok * s.listedLiveError) / L;
          failed += errors;
          served = ok - errors;
          latency = q.meanResponse;
          t.ok += ok;
          t.latencySum += ok * q.meanResponse;
          b[5]! += ok * q.meanResponse;
          b[7]! += ok;
          busy = (q.throughput / s.spec.capacity) * dt;
          if (s.rollout) this.attributeToVersions(s, ok);
        }
      }
    }
    t.time += dt;
    t.offered += offered;
    t.failed += failed;
    t.dropped += dropped;
    t.served += served;
    t.busy += busy;
    t.readyTime += s.ready * dt;
    t.desiredTime += s.desired * dt;
    const available = s.ready >= s.spec.minAvailable;
    if (available) t.availableTime += dt;
    s.outages.piece(available, dt);
    const bad = offered > 0 && ((failed + dropped) / offered > 1 - s.spec.slo.successRatio + 1e-12 || (served > 0 && latency > s.spec.slo.latency));
    if (bad) {
      t.violationTime += dt;
      b[6]! += dt;
    }
    s.cumBusy += busy;
    s.cumReady += s.ready * dt;
    s.cumOffered += offered;
    if (s.rollout) {
      const rec = s.rollout.record;
      rec.minAvailable = Math.min(rec.minAvailable, s.ready);
      rec.requests += offered;
      rec.requestsFailed += failed + dropped;
    }
    b[0]! += s.desired * dt;
    b[1]! += s.ready * dt;
    b[2]! += offered;
    b[3]! += failed;
    b[4]! += dropped;
    if (this.perService) {
      const k = BUCKET_FIELDS + 2 * s.index;
      b[k]! += s.desired * dt;
      b[k + 1]! += s.ready * dt;
    }
  }

  /** Splits what the live endpoints served among versions, by their share of live endpoints. */
  private attributeToVersions(s: ServiceState, ok: number): void {
    const live = new Map<number, number>();
    for (const rep of s.replicas) if (rep.listed && isLive(rep)) live.set(rep.version, (live.get(rep.version) ?? 0) + 1);
    for (const [version, n] of live) {
      const v = s.versions.get(version);
      if (!v) continue;
      const share = n / s.listedLive;
      const vErrors = ok * share * v.errorRate;
      v.failed += vErrors;
      v.served += ok * share - vErrors;
    }
  }

  flush(start: number, length: number): number[] {
    this.finish(start + length);
    // Bucket fields: ∫desired, ∫ready, offered, failed, dropped, Σ ok × latency, ∫violating services, Σ ok; then per service ∫desired, ∫ready.
    const b = this.bucket;
    const avg = (x: number) => (length > 0 ? x / length : 0);
    const row = [avg(b[0]!), avg(b[1]!), b[2]!, b[3]!, b[4]!, b[7]! > 0 ? b[5]! / b[7]! : 0, avg(b[6]!)];
    for (let k = BUCKET_FIELDS; k < b.length; k++) row.push(avg(b[k]!));
    b.fill(0);
    return row;
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

function isLive(rep: Replica): boolean {
  return !rep.dead && (rep.phase === 'ready' || rep.phase === 'terminating');
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
