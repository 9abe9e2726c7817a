/**
 * The replicas of the services, as the ReplicaSet controller, the endpoints
 * controller and kube-proxy see them: each replica's phase, its endpoint
 * listing, and the live counts of its service, kept exact on every change
 * because the request model (traffic.ts) reads them.
 *
 * Each replica is a job of one task that never ends by itself, submitted
 * through the ControlContext and placed by the scheduler. It is pending until
 * placed, starting until `readinessDelay` has passed, then ready. A replica is
 * wanted as an endpoint while it is ready, not known to be dead, and of a
 * version that receives traffic; every change of that reaches the load
 * balancers `propagationDelay` seconds later. So a new replica takes traffic
 * readinessDelay + propagationDelay after its start; a replica on a failed node
 * keeps receiving traffic until the failure is detected plus the propagation
 * delay, and those requests fail; a terminating replica (scale-down, rollout,
 * drain) is taken out first and stops once the removal has propagated, so
 * graceful terminations lose no requests.
 *
 * It also decides what happens to replicas on failed, recovered and drained
 * nodes, for the controller, their JobOwner in the World; how many replicas
 * each version should have is the controller's business (controller.ts), which
 * it asks again (reconcile) whenever a replica's change may call for another.
 */
import type { ControlContext } from '../../sim/controller.ts';
import type { SimJob } from '../../sim/jobs.ts';
import { JobState } from '../../sim/policy.ts';
import type { JobOwner, World } from '../control/world.ts';
import { isLive, type Replica, type ServiceState } from './service-state.ts';
import type { RequestModel } from './traffic.ts';

/** Replica timers are tagged job × REPLICA_TIMERS + kind, so every tag of theirs is ≥ 0 (the controller's own are negative). */
const READY = 0;
const FLIP = 1;
const STOP = 2;
const REPLICA_TIMERS = 4;

/** What the replicas need of their controller: the run's context, a new reconciliation of a service, and the JobOwner registered for them. */
export interface ReplicaHost extends JobOwner {
  readonly ctx: ControlContext;
  reconcile(s: ServiceState): void;
}

export class Replicas {
  /** Replicas that ended without this controller deciding it (should stay empty: checked by the invariants). */
  readonly unaccounted: string[] = [];
  private readonly byJob = new Map<number, Replica>();
  private readonly host: ReplicaHost;
  private readonly world: World;
  private readonly requests: RequestModel;
  /** Seconds for an endpoint change to reach the load balancers. */
  private readonly propagationDelay: number;

  constructor(host: ReplicaHost, world: World, requests: RequestModel, propagationDelay: number) {
    this.host = host;
    this.world = world;
    this.requests = requests;
    this.propagationDelay = propagationDelay;
  }

  private get ctx(): ControlContext {
    return this.host.ctx;
  }

  get(job: number): Replica | undefined {
    return this.byJob.get(job);
  }

  /** Follows node failures and their detection: a replica there serves nothing, then stops being wanted as an endpoint. */
  watchNodes(): void {
    this.world.listeners.push({
      nodeFailed: (node) => {
        for (const job of this.world.jobsOn(node)) {
          const rep = this.byJob.get(job);
          if (rep && !rep.dead) this.update(rep, () => (rep.dead = true));
        }
      },
      nodeDetected: (node) => {
        for (const job of this.world.jobsOn(node)) {
          const rep = this.byJob.get(job);
          if (rep && !rep.deadKnown) this.update(rep, () => (rep.deadKnown = true));
        }
      },
    });
  }

  // ---- creation and graceful termination ----

  create(s: ServiceState, version: number): void {
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
    this.byJob.set(index, rep);
    this.world.owners.set(index, this.host);
    s.replicas.add(rep);
    s.totals.created++;
    this.count(rep, 1);
  }

  /** Graceful termination: out of the endpoints first, stopped once that has propagated. */
  terminate(rep: Replica, fate: string): void {
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
    const delay = rep.listed || rep.pendingFlips > 0 ? this.propagationDelay : 0;
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
    this.requests.settle(s, this.ctx.now);
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
  update(rep: Replica, apply: () => void): void {
    this.count(rep, -1);
    apply();
    this.count(rep, 1);
    this.refreshWanted(rep);
  }

  refreshWanted(rep: Replica): void {
    const serving = rep.service.rollout?.serving;
    const wanted = rep.phase === 'ready' && !rep.deadKnown && (!serving || serving.has(rep.version));
    if (wanted === rep.wanted) return;
    rep.wanted = wanted;
    if (this.propagationDelay <= 0) {
      this.count(rep, -1);
      rep.listed = wanted;
      this.count(rep, 1);
      this.forgetIfDone(rep);
    } else {
      rep.pendingFlips++;
      this.ctx.at(this.ctx.now + this.propagationDelay, rep.job * REPLICA_TIMERS + FLIP);
    }
  }

  private forgetIfDone(rep: Replica): void {
    if (rep.phase === 'gone' && !rep.listed && rep.pendingFlips === 0) {
      this.byJob.delete(rep.job);
      rep.service.replicas.delete(rep);
    }
  }

  private becomeReady(rep: Replica): void {
    this.update(rep, () => {
      rep.phase = 'ready';
      rep.readySince = this.ctx.now;
      rep.readyDue = NaN;
    });
    this.host.reconcile(rep.service);
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

  // ---- engine hooks (forwarded by the controller) ----

  onJobStart(job: number): void {
    const rep = this.byJob.get(job);
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
    const rep = this.byJob.get(job);
    if (!rep || ctx.state(job) === JobState.Running) return;
    if (!rep.fate) {
      rep.fate = 'ended';
      this.unaccounted.push(`${ctx.jobs.ids[job]} at ${ctx.now}`);
    }
    this.update(rep, () => (rep.phase = 'gone'));
    this.forgetIfDone(rep);
    this.host.reconcile(rep.service);
  }

  /** A replica timer fired (a tag ≥ 0): readiness reached, an endpoint change propagated, or a graceful stop due. */
  onTimer(tag: number): void {
    const ctx = this.ctx;
    const job = Math.floor(tag / REPLICA_TIMERS);
    const kind = tag % REPLICA_TIMERS;
    const rep = this.byJob.get(job);
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

  // ---- what happens to replicas on failed or drained nodes (the controller's JobOwner calls) ----

  evict(job: number): void {
    const rep = this.byJob.get(job)!;
    rep.fate = 'evicted';
    rep.service.totals.evicted++;
    this.ctx.record({ type: 'replica-lost', job: this.ctx.jobs.ids[job]!, data: { service: rep.service.name } });
    this.ctx.fail(job, 'replica evicted: node failure');
  }

  nodeBack(job: number): void {
    const rep = this.byJob.get(job)!;
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
    const rep = this.byJob.get(job)!;
    this.world.restart(this.ctx, job, 'container restarted', 0);
    if (rep.phase !== 'terminating') this.beginStarting(rep);
  }

  drain(job: number): 'moved' | 'wait' {
    const rep = this.byJob.get(job)!;
    if (rep.phase !== 'terminating') {
      // An eviction: the replica is deleted gracefully and the ReplicaSet creates a replacement elsewhere.
      this.terminate(rep, 'drained');
      this.host.reconcile(rep.service);
    }
    return 'moved';
  }
}
