/**
 * Service autoscalers: given what the metrics pipeline shows of a service,
 * the desired replica count. One autoscaler per service; the autoscaling
 * controller (controller.ts) calls it every `syncPeriod` seconds and applies
 * its answer through the service controller.
 */
import type { MetricSample } from '../services/controller.ts';

/** What an autoscaler sees of one service at a sync. */
export interface ServiceMetrics {
  readonly now: number;
  readonly name: string;
  /** The current desired count (the Deployment's spec.replicas). */
  readonly desired: number;
  /** Replicas ready, with metrics. */
  readonly readyPods: number;
  /** Replicas pending or not yet ready (the HPA's unready pods). */
  readonly unreadyPods: number;
  /** Replicas on failed nodes: no metrics (the HPA's missing pods). */
  readonly missingPods: number;
  /** Requests per second one replica serves. */
  readonly capacity: number;
  /** One replica's cpu request in millicores (0 when it requests no cpu): the HPA's utilization denominator. */
  readonly cpuRequestMilli: number;
  /** The latest metric sample taken at or before `time` (metrics arrive with a lag), or null. */
  sampleAt(time: number): MetricSample | null;
  /** The samples taken in (from, to]. */
  samplesBetween(from: number, to: number): readonly MetricSample[];
}

export interface ServiceAutoscaler {
  readonly name: string;
  /** Seconds between two decisions. */
  readonly syncPeriod: number;
  /** The desired replica count now: `m.desired` when nothing should change. */
  decide(m: ServiceMetrics): number;
}
