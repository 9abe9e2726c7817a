/**
 * The request model of the services (see workloads/services/queueing.ts),
 * integrated between changes: the load balancer spreads the request rate λ(t)
 * evenly over the N listed endpoints; the share sent to the N − L dead ones
 * fails; the L live ones form an M/M/L/K queue with service rate `capacity` per
 * replica and `queueLimit` waiting places per replica: arrivals finding it full
 * are dropped, the others are served with the mean response time of the queue;
 * a version's `errorRate` fails that fraction of what its replicas serve.
 * Per-replica utilization (the HPA's CPU utilization) is the mean busy fraction
 * of the ready replicas.
 *
 * The state it reads (the live counts of ServiceState) is constant between two
 * changes, so each service is integrated lazily (settle) up to the instant of a
 * change, a metric sample or a time-series bucket boundary. What it integrates
 * goes to the service's totals, its metric integrals and the time-series bucket
 * whose columns are listed in `columns`.
 */
import { mmck } from '../../workloads/services/queueing.ts';
import { isLive, type ServiceState } from './service-state.ts';

/** The time-series bucket's fields for all services together (listed in flush); two more per service follow. */
const BUCKET_FIELDS = 8;

export class RequestModel {
  readonly columns: readonly string[];
  private readonly services: readonly ServiceState[];
  /** Seconds between metric samples: the longest piece over which a varying rate is integrated. */
  private readonly metricsInterval: number;
  private readonly perService: boolean;
  private readonly bucket: number[];

  constructor(services: readonly ServiceState[], metricsInterval: number, perService: boolean) {
    this.services = services;
    this.metricsInterval = metricsInterval;
    this.perService = perService;
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

  /**
   * Integrates a service's request model up to time t. The queue's response
   * time is not linear in the rate, so a varying rate is integrated in pieces
   * no longer than `metricsInterval`, cut on the grid start + k × interval (the
   * instants of the metric samples, whether or not samples are taken); a
   * constant rate needs no cuts.
   */
  settle(s: ServiceState, t: number): void {
    if (t <= s.accountedTo) return;
    if (s.spec.requestRate.kind !== 'constant' && this.metricsInterval > 0) {
      for (; s.nextCut < t; s.nextCut += this.metricsInterval) {
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
}
