/**
 * What the service controller knows of each service: its replicas and their
 * phases, its versions and their targets, the running rollout, the live counts
 * the request model reads, the run's totals and a ring of metric samples for
 * the autoscalers. The controller (controller.ts), the replicas' lifecycle
 * (replicas.ts) and the request model (traffic.ts) all read and write it; it
 * holds no behaviour of its own beyond the metric ring.
 */
import type { RateFunction } from '../../workloads/rate-curve.ts';
import type { ServiceSpec } from '../../workloads/services/service.ts';
import type { DeploymentStrategy, Rollout } from '../deployment/policy.ts';
import { OutageTracker } from './outages.ts';


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
  /** The request model has been integrated up to this time (see RequestModel.settle in traffic.ts). */
  accountedTo = 0;
  /** The next cut of a varying rate's integration (see RequestModel.settle in traffic.ts). */
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

/** A replica that serves what reaches it: not dead, and ready or in its graceful termination. */
export function isLive(rep: Replica): boolean {
  return !rep.dead && (rep.phase === 'ready' || rep.phase === 'terminating');
}
