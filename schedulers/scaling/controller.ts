/**
 * The autoscaling controller: runs each service's autoscaler every sync period
 * (services with the same period are synced at the same instants, as the HPA
 * controller does with its one loop) and applies the decisions through the
 * service controller.
 */
import type { ControlContext, Controller } from '../../sim/controller.ts';
import type { MetricSample, ServiceController, ServiceState } from '../services/controller.ts';
import type { ServiceAutoscaler, ServiceMetrics } from './policy.ts';

export class AutoscalingController implements Controller {
  readonly name = 'autoscaler';
  private readonly services: ServiceController;
  /** Autoscalers grouped by sync period, in the order given: one timer per group. */
  private readonly groups: { period: number; members: { service: ServiceState; scaler: ServiceAutoscaler }[] }[] = [];
  private ctx!: ControlContext;

  constructor(services: ServiceController, scalers: { service: ServiceState; scaler: ServiceAutoscaler }[]) {
    this.services = services;
    for (const s of scalers) {
      let g = this.groups.find((x) => x.period === s.scaler.syncPeriod);
      if (!g) this.groups.push((g = { period: s.scaler.syncPeriod, members: [] }));
      g.members.push(s);
    }
  }

  start(ctx: ControlContext): void {
    this.ctx = ctx;
    this.groups.forEach((g, i) => ctx.at(ctx.now + g.period, i));
  }

  onTimer(i: number): void {
    const g = this.groups[i]!;
    const ctx = this.ctx;
    for (const { service, scaler } of g.members) {
      const desired = scaler.decide(metricsOf(service, ctx.now));
      if (desired !== service.desired) this.services.setDesired(service, desired, scaler.name);
    }
    ctx.at(ctx.now + g.period, i);
  }
}

export function metricsOf(s: ServiceState, now: number): ServiceMetrics {
  return new MetricsView(s, now);
}

/** A class rather than an object of closures: built for every service at every sync. */
class MetricsView implements ServiceMetrics {
  readonly name: string;
  readonly desired: number;
  readonly readyPods: number;
  readonly unreadyPods: number;
  readonly missingPods: number;
  readonly capacity: number;
  readonly cpuRequestMilli: number;

  constructor(
    private readonly s: ServiceState,
    readonly now: number,
  ) {
    this.name = s.name;
    this.desired = s.desired;
    this.readyPods = s.ready;
    this.unreadyPods = s.unready;
    this.missingPods = s.missing;
    this.capacity = s.spec.capacity;
    this.cpuRequestMilli = Math.round((s.spec.request.cpu ?? 0) * 1000);
  }

  sampleAt(time: number): MetricSample | null {
    return this.s.sampleAt(time);
  }

  samplesBetween(from: number, to: number): readonly MetricSample[] {
    return this.s.samplesBetween(from, to);
  }
}
