/**
 * The Kubernetes Horizontal Pod Autoscaler, as the upstream controller
 * computes it (pkg/controller/podautoscaler: replica_calculator.go and
 * horizontal.go, autoscaling/v2 with behaviors):
 *
 * 1. Replicas from a metric (GetResourceReplicas / calcPlainMetricReplicas):
 *    usageRatio = current / target, in upstream's integer milli-units: the
 *    current utilization is int32(Σ usage milli × 100 / Σ request milli) over
 *    the ready pods (see replicasForMetric). Without unready
 *    pods (when scaling up) and missing pods: if |1 − usageRatio| ≤ tolerance
 *    (0.1) nothing changes, else desired = ⌈usageRatio × readyPods⌉. Otherwise
 *    missing pods count as using 100% (or the target if higher) on a scale-down
 *    and 0% on a scale-up, unready pods 0% on a scale-up; the ratio is computed
 *    again, and nothing changes if it is within tolerance or flips direction.
 *    With several metrics, the largest proposal wins.
 * 2. Outside [minReplicas, maxReplicas] the count is brought back inside first.
 * 3. Stabilization: the recommendation is kept between the lowest proposal of
 *    the last scaleUp.stabilizationWindowSeconds and the highest of the last
 *    scaleDown.stabilizationWindowSeconds (and the current count in between).
 * 4. Rate limits: each policy (Pods: value pods, Percent: value % per
 *    periodSeconds) bounds the change from the count at the start of its period
 *    (current − added + removed in the period); selectPolicy Max takes the
 *    policy allowing the largest change, Min the smallest, Disabled none.
 * Defaults are upstream's: tolerance 0.1, sync period 15 s; scaleUp: no
 * stabilization, max(4 pods, 100%) per 15 s; scaleDown: 300 s stabilization,
 * 100% per 15 s. `metricLag` delays what the metrics show (the metrics
 * pipeline's scrape and window).
 */
import { z } from 'zod';
import type { PolicyEntry } from '../control/registry.ts';
import type { ServiceAutoscaler, ServiceMetrics } from './policy.ts';

const scalingPolicy = z.strictObject({
  type: z.enum(['Pods', 'Percent']),
  value: z.number().int().positive(),
  periodSeconds: z.number().int().positive().max(1800),
});

const rules = (window: number, policies: z.input<typeof scalingPolicy>[]) =>
  z
    .strictObject({
      stabilizationWindowSeconds: z.number().int().nonnegative().max(3600).default(window),
      selectPolicy: z.enum(['Max', 'Min', 'Disabled']).default('Max'),
      policies: z.array(scalingPolicy).min(1).default(policies),
    })
    .default({ stabilizationWindowSeconds: window, selectPolicy: 'Max', policies });

const UP_POLICIES: z.input<typeof scalingPolicy>[] = [
  { type: 'Pods', value: 4, periodSeconds: 15 },
  { type: 'Percent', value: 100, periodSeconds: 15 },
];
const DOWN_POLICIES: z.input<typeof scalingPolicy>[] = [{ type: 'Percent', value: 100, periodSeconds: 15 }];

const metric = z.discriminatedUnion('type', [
  /** Resource metric: average CPU utilization of the pods, percent of their request. */
  z.strictObject({ type: z.literal('Resource'), name: z.literal('cpu').default('cpu'), averageUtilization: z.number().int().positive() }),
  /** Pods metric: average requests per second per pod. */
  z.strictObject({ type: z.literal('Pods'), name: z.literal('requests_per_second').default('requests_per_second'), averageValue: z.number().positive() }),
]);

const schema = z.object({
  minReplicas: z.number().int().nonnegative().default(1),
  maxReplicas: z.number().int().positive(),
  metrics: z.array(metric).min(1).default([{ type: 'Resource', name: 'cpu', averageUtilization: 80 }]),
  behavior: z
    .strictObject({ scaleUp: rules(0, UP_POLICIES), scaleDown: rules(300, DOWN_POLICIES) })
    .default({
      scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: UP_POLICIES },
      scaleDown: { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: DOWN_POLICIES },
    } as never),
  /** --horizontal-pod-autoscaler-tolerance */
  tolerance: z.number().min(0).max(1).default(0.1),
  /** --horizontal-pod-autoscaler-sync-period */
  syncPeriod: z.number().positive().default(15),
  /** Seconds by which the metrics lag behind the load. */
  metricLag: z.number().nonnegative().default(15),
});

export type HpaParams = z.infer<typeof schema>;
export type HpaRules = HpaParams['behavior']['scaleUp'];
export type HpaMetric = HpaParams['metrics'][number];

/** What the replica calculator sees: ready pods' mean usage per pod, in the metric's unit. */
export interface MetricReading {
  /** Resource: mean utilization of the ready pods (fraction of request); Pods: mean value per ready pod. */
  perPod: number;
  readyPods: number;
  unreadyPods: number;
  missingPods: number;
  /** Resource metrics: each pod's cpu request in millicores (upstream needs one; none means no decision). */
  requestMilli?: number;
}

/**
 * A quantity in milli-units as the metrics pipeline hands it to the HPA: usage
 * is measured in nano-units (metrics-server's nanocores; the simulation's float
 * rounded there) and Quantity.MilliValue() rounds up to milli-units.
 */
export function milliValue(x: number): number {
  return Math.ceil(Math.round(x * 1e9) / 1e6);
}

/**
 * Replicas proposed by one metric, in upstream's integer arithmetic
 * (replica_calculator.go GetResourceReplicas / calcPlainMetricReplicas and
 * metrics/utilization.go):
 *   Resource: utilization = int32(Σ usage milli × 100 / Σ request milli), usageRatio = utilization / target;
 *   Pods: currentUsage = Σ value milli / pods (int64 division), usageRatio = currentUsage / target milli.
 * Without unready pods (when scaling up) or missing pods: |1 − usageRatio| ≤
 * tolerance keeps the count, else ⌈usageRatio × readyPods⌉. Otherwise missing
 * pods count request × max(100, target) / 100 (plain metrics: the target) on a
 * scale-down and 0 on a scale-up, unready pods 0 on a scale-up; the ratio is
 * computed again over all of them, and nothing changes within tolerance, when
 * the direction would flip, or when the new count goes the other way.
 */
export function replicasForMetric(current: number, metric: HpaMetric, r: MetricReading, tolerance: number): number | null {
  if (r.readyPods === 0) return null; // "did not receive metrics for targeted pods": no decision
  const resource = metric.type === 'Resource';
  // No closure here: this runs for every service at every sync period (the hot path of dynamic runs).
  let target: number;
  let podValue: number;
  let podRequest: number;
  let missingDown: number;
  if (resource) {
    const req = r.requestMilli ?? 0;
    if (!(req > 0)) return null; // "missing request for cpu": upstream cannot compute a utilization
    target = metric.averageUtilization;
    podRequest = Math.round(req);
    podValue = milliValue((r.perPod * podRequest) / 1000);
    missingDown = Math.floor((podRequest * Math.max(100, target)) / 100);
  } else {
    target = milliValue(metric.averageValue);
    podRequest = 1; // the denominator counts pods
    podValue = milliValue(r.perPod);
    missingDown = target;
  }
  const usageRatio = usageRatioOf(resource, podValue * r.readyPods, podRequest * r.readyPods, target);
  const scaleUpWithUnready = r.unreadyPods > 0 && usageRatio > 1;
  if (!scaleUpWithUnready && r.missingPods === 0) {
    if (Math.abs(1 - usageRatio) <= tolerance) return current;
    return Math.ceil(usageRatio * r.readyPods);
  }
  let total = podValue * r.readyPods;
  let pods = r.readyPods;
  if (r.missingPods > 0) {
    if (usageRatio < 1) {
      total += missingDown * r.missingPods;
      pods += r.missingPods;
    } else if (usageRatio > 1) pods += r.missingPods; // 0 on a scale-up
  }
  if (scaleUpWithUnready) pods += r.unreadyPods; // 0 on a scale-up
  const newRatio = usageRatioOf(resource, total, podRequest * pods, target);
  if (Math.abs(1 - newRatio) <= tolerance || (usageRatio < 1 && newRatio > 1) || (usageRatio > 1 && newRatio < 1)) return current;
  const proposed = Math.ceil(newRatio * pods);
  if ((newRatio < 1 && proposed > current) || (newRatio > 1 && proposed < current)) return current;
  return proposed;
}

/** Resource: int32(total milli × 100 / requests milli) / target utilization; Pods: int64(total milli / pods) / target milli. */
function usageRatioOf(resource: boolean, total: number, denominator: number, target: number): number {
  return resource ? Math.floor((total * 100) / denominator) / target : Math.floor(total / denominator) / target;
}

interface Timestamped {
  value: number;
  time: number;
  outdated?: boolean;
}

/** getReplicasChangePerPeriod: the replicas changed by events within (now − period, now]. */
function changeIn(period: number, events: readonly Timestamped[], now: number): number {
  let n = 0;
  for (const e of events) if (e.time > now - period) n += e.value;
  return n;
}

/** The scaling limit of one direction's rules (calculateScaleUpLimitWithScalingRules / ...ScaleDownLimitWithBehaviors). */
export function scaleLimit(direction: 'up' | 'down', current: number, upEvents: readonly Timestamped[], downEvents: readonly Timestamped[], rules: HpaRules, now: number): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const pickMax = direction === 'up' ? rules.selectPolicy === 'Max' : rules.selectPolicy !== 'Max';
  let result = pickMax ? -Infinity : Infinity;
  for (const p of rules.policies) {
    const start = current - changeIn(p.periodSeconds, upEvents, now) + changeIn(p.periodSeconds, downEvents, now);
    let proposed: number;
    if (direction === 'up') proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    else proposed = p.type === 'Pods' ? start - p.value : Math.trunc(start * (1 - p.value / 100));
    result = pickMax ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** The HPA's state for one target: recommendations and scale events, as the upstream controller keeps them. */
export class HorizontalPodAutoscaler implements ServiceAutoscaler {
  readonly name = 'hpa';
  readonly params: HpaParams;
  readonly syncPeriod: number;
  readonly recommendations: Timestamped[] = [];
  readonly upEvents: Timestamped[] = [];
  readonly downEvents: Timestamped[] = [];

  constructor(params: HpaParams) {
    this.params = params;
    this.syncPeriod = params.syncPeriod;
  }

  decide(m: ServiceMetrics): number {
    const p = this.params;
    const now = m.now;
    const current = m.desired;
    if (this.recommendations.length === 0) this.recommendations.push({ value: current, time: now });
    let desired: number;
    if (current === 0 && p.minReplicas !== 0) return current; // scaling disabled
    if (current > p.maxReplicas) desired = p.maxReplicas;
    else if (current < p.minReplicas) desired = p.minReplicas;
    else {
      const sample = m.sampleAt(now - p.metricLag);
      if (!sample) return current;
      let proposal = -1;
      for (const metric of p.metrics) {
        const perPod = metric.type === 'Resource' ? sample.utilization : sample.ready > 0 ? sample.rate / sample.ready : 0;
        const r = replicasForMetric(current, metric, { perPod, readyPods: m.readyPods, unreadyPods: m.unreadyPods, missingPods: m.missingPods, requestMilli: m.cpuRequestMilli }, p.tolerance);
        if (r !== null && r > proposal) proposal = r;
      }
      if (proposal < 0) return current;
      desired = this.normalize(current, proposal, now);
    }
    if (desired !== current) this.storeScaleEvent(current, desired, now);
    return desired;
  }

  /** normalizeDesiredReplicasWithBehaviors: stabilization, then the rate limits and min/max. */
  normalize(current: number, proposal: number, now: number): number {
    const { scaleUp, scaleDown } = this.params.behavior;
    // stabilizeRecommendationWithBehaviors
    let up = proposal;
    let down = proposal;
    const upCutoff = now - scaleUp.stabilizationWindowSeconds;
    const downCutoff = now - scaleDown.stabilizationWindowSeconds;
    let old = -1;
    const recs = this.recommendations;
    for (let i = 0; i < recs.length; i++) {
      const rec = recs[i]!;
      if (rec.time > upCutoff) up = Math.min(rec.value, up);
      if (rec.time > downCutoff) down = Math.max(rec.value, down);
      if (rec.time < upCutoff && rec.time < downCutoff) old = i;
    }
    let stabilized = current;
    if (stabilized < up) stabilized = up;
    if (stabilized > down) stabilized = down;
    if (old >= 0) this.recommendations[old] = { value: proposal, time: now };
    else this.recommendations.push({ value: proposal, time: now });
    // convertDesiredReplicasWithBehaviorRate
    const { minReplicas, maxReplicas } = this.params;
    if (stabilized > current) {
      let limit = scaleLimit('up', current, this.upEvents, this.downEvents, scaleUp, now);
      if (limit < current) limit = current;
      const maxAllowed = Math.min(maxReplicas, limit);
      if (stabilized > maxAllowed) return maxAllowed;
    } else if (stabilized < current) {
      let limit = scaleLimit('down', current, this.upEvents, this.downEvents, scaleDown, now);
      if (limit > current) limit = current;
      const minAllowed = Math.max(minReplicas, limit);
      if (stabilized < minAllowed) return minAllowed;
    }
    return stabilized;
  }

  /** storeScaleEvent: adds the change, reusing a slot older than the longest policy period. */
  private storeScaleEvent(prev: number, next: number, now: number): void {
    const up = next > prev;
    const events = up ? this.upEvents : this.downEvents;
    const rules = up ? this.params.behavior.scaleUp : this.params.behavior.scaleDown;
    let longest = -Infinity;
    for (const policy of rules.policies) if (policy.periodSeconds > longest) longest = policy.periodSeconds;
    let old = -1;
    for (let i = 0; i < events.length; i++) {
      const e = events[i]!;
      if (e.time < now - longest) e.outdated = true;
      if (e.outdated) old = i;
    }
    const event = { value: Math.abs(next - prev), time: now, outdated: false };
    if (old >= 0) events[old] = event;
    else events.push(event);
  }
}

export const hpa: PolicyEntry<HpaParams, ServiceAutoscaler> = {
  name: 'hpa',
  description: 'Kubernetes Horizontal Pod Autoscaler (autoscaling/v2 with behaviors), as the upstream controller computes it',
  params: schema,
  example: { maxReplicas: 10 },
  create: (params) => new HorizontalPodAutoscaler(params),
};
