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
  private readonly scalers: { service: ServiceState; scaler: ServiceAutoscaler }[];
  private ctx!: ControlContext;
  /** Desired replicas summed over autoscaled services after each decision, for the record. */
  decisions = 0;

  constructor(services: ServiceController, scalers: { service: ServiceState; scaler: ServiceAutoscaler }[]) {
    this.services = services;
    this.scalers = scalers;
  }

  start(ctx: ControlContext): void {
    this.ctx = ctx;
    this.scalers.forEach((s, i) => ctx.at(ctx.now + s.scaler.syncPeriod, i));
  }

  onTimer(i: number): void {
    const { service, scaler } = this.scalers[i]!;
    const ctx = this.ctx;
    const desired = scaler.decide(metricsOf(service, ctx.now));
    this.decisions++;
    if (desired !== service.desired) this.services.setDesired(service, desired, scaler.name);
    ctx.at(ctx.now + scaler.syncPeriod, i);
  }
}

export function metricsOf(s: ServiceState, now: number): ServiceMetrics {
  return {
    now,
    name: s.name,
    desired: s.desired,
    readyPods: s.ready,
    unreadyPods: s.unready,
    missingPods: s.missing,
    capacity: s.spec.capacity,
    sampleAt: (time) => s.sampleAt(time),
    samplesBetween: (from, to) => s.samples.filter((x: MetricSample) => x.time > from + 1e-9 && x.time <= to + 1e-9),
  };
}
