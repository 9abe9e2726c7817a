/** The HPA against the upstream formula, on hand-computed cases and load steps. */
import { describe, expect, it } from 'vitest';
import type { Controller } from '../../../sim/controller.ts';
import { hpa, HorizontalPodAutoscaler, replicasForMetric, type HpaMetric } from '../../../schedulers/scaling/hpa.ts';
import { AutoscalingController } from '../../../schedulers/scaling/controller.ts';
import { autoscalers } from '../../../schedulers/scaling/registry.ts';
import type { ServiceMetrics } from '../../../schedulers/scaling/policy.ts';
import { nodes, runDynamic } from '../../helpers/dynamics.ts';

const cpu = (averageUtilization: number): HpaMetric => ({ type: 'Resource', name: 'cpu', averageUtilization });
const rps = (averageValue: number): HpaMetric => ({ type: 'Pods', name: 'requests_per_second', averageValue });

describe('replica calculator (replica_calculator.go), in upstream integer milli-units', () => {
  // Readings of Resource metrics are for pods requesting 1000m cpu unless a case says otherwise.
  const cases: [string, number, HpaMetric, { perPod: number; readyPods: number; unreadyPods: number; missingPods: number; requestMilli?: number }, number | null][] = [
    // name, current, metric, reading, expected
    ['scale up: ⌈50/30 × 3⌉', 3, cpu(30), { perPod: 0.5, readyPods: 3, unreadyPods: 0, missingPods: 0 }, 5],
    ['within the 10% tolerance: no change', 3, cpu(30), { perPod: 0.32, readyPods: 3, unreadyPods: 0, missingPods: 0 }, 3],
    ['just outside the tolerance', 3, cpu(30), { perPod: 0.34, readyPods: 3, unreadyPods: 0, missingPods: 0 }, 4],
    ['scale down: ⌈10/30 × 3⌉', 3, cpu(30), { perPod: 0.1, readyPods: 3, unreadyPods: 0, missingPods: 0 }, 1],
    // 3 × 700m over 3 × 1000m: int32(2100 × 100 / 3000) = 70; 70/63 = 1.111 → ⌈3.33⌉ = 4 (in floating point,
    // 100 × 0.7 × 3 / 3 = 69.99…, truncated to 69: 69/63 = 1.095, within the tolerance, and 3 replicas stayed).
    ['3 pods at 70% for a 63% target: utilization 70 (integer), 70/63 → ⌈3.33⌉', 3, cpu(63), { perPod: 0.7, readyPods: 3, unreadyPods: 0, missingPods: 0 }, 4],
    // usage reaches the HPA in milli-units rounded up (Quantity.MilliValue): 599.9m is 600m, 60% → ⌈1.2 × 4⌉
    ['usage rounds up to milli-units: 599.9m of 1000m is 60%', 4, cpu(50), { perPod: 0.5999, readyPods: 4, unreadyPods: 0, missingPods: 0 }, 5],
    // 3 × 100m over 3 × 300m: int32(300 × 100 / 900) = 33 (33.3 truncated); 33/30 = 1.1: outside the tolerance by float, ⌈3.3⌉
    ['utilization truncates: 100m of 300m is 33%', 3, cpu(30), { perPod: 1 / 3, readyPods: 3, unreadyPods: 0, missingPods: 0, requestMilli: 300 }, 4],
    // 250m requests, usage 0.9 → 225m: 90%; 90/60 = 1.5 → ⌈1.5 × 2⌉ = 3
    ['a 250m request', 2, cpu(60), { perPod: 0.9, readyPods: 2, unreadyPods: 0, missingPods: 0, requestMilli: 250 }, 3],
    ['pods without a cpu request: no decision (upstream: missing request for cpu)', 3, cpu(50), { perPod: 0.9, readyPods: 3, unreadyPods: 0, missingPods: 0, requestMilli: 0 }, null],
    ['missing pods count 100% on a scale-down, which then stays within direction', 3, cpu(50), { perPod: 0.1, readyPods: 2, unreadyPods: 0, missingPods: 1 }, 3],
    ['missing pods on a scale-down: (4 × 100m + 1000m) × 100 / 5000m = 28%: ⌈28/50 × 5⌉', 5, cpu(50), { perPod: 0.1, readyPods: 4, unreadyPods: 0, missingPods: 1 }, 3],
    ['unready pods count 0% on a scale-up: the direction flips, no change', 4, cpu(50), { perPod: 0.9, readyPods: 2, unreadyPods: 2, missingPods: 0 }, 4],
    ['unready pods count 0% on a scale-up: ⌈75/50 × 4⌉', 4, cpu(50), { perPod: 1.0, readyPods: 3, unreadyPods: 1, missingPods: 0 }, 6],
    ['unready pods are ignored on a scale-down', 4, cpu(50), { perPod: 0.1, readyPods: 3, unreadyPods: 1, missingPods: 0 }, 1],
    ['missing pods count 0% on a scale-up', 4, cpu(50), { perPod: 1.0, readyPods: 3, unreadyPods: 0, missingPods: 1 }, 6],
    ['Pods metric: 120 rps per pod for a target of 100', 5, rps(100), { perPod: 120, readyPods: 5, unreadyPods: 0, missingPods: 0 }, 6],
    ['no ready pods: no decision', 3, cpu(50), { perPod: 0, readyPods: 0, unreadyPods: 3, missingPods: 0 }, null],
  ];
  for (const [name, current, metric, reading, expected] of cases) {
    it(name, () => expect(replicasForMetric(current, metric, { requestMilli: 1000, ...reading }, 0.1)).toBe(expected));
  }
});

/** A fake view of a service whose metric sample shows `utilization` at every time. */
function view(now: number, desired: number, utilization: number, ready = desired): ServiceMetrics {
  const sample = { time: now, utilization, rate: 0, ready };
  return { now, name: 'web', desired, readyPods: ready, unreadyPods: 0, missingPods: 0, capacity: 1, cpuRequestMilli: 1000, sampleAt: () => sample, samplesBetween: () => [sample] };
}

describe('behaviors: stabilization windows and rate policies (horizontal.go)', () => {
  it('default behavior on load steps, worked by hand', () => {
    const h = new HorizontalPodAutoscaler(hpa.params.parse({ minReplicas: 1, maxReplicas: 20, metrics: [cpu(50)], metricLag: 0 }) as never);
    // t=15: 100% on 4 pods: ⌈2 × 4⌉ = 8; scale-up limit max(4 + 4, ⌈4 × 2⌉) = 8.
    expect(h.decide(view(15, 4, 1))).toBe(8);
    // t=30: 100% on 8: 16; the event at 15 is not within (15, 30], so the limit is from 8: max(12, 16) = 16.
    expect(h.decide(view(30, 8, 1))).toBe(16);
    // t=45: 100% on 16: 32, capped by maxReplicas 20.
    expect(h.decide(view(45, 16, 1))).toBe(20);
    // t=60: 20% on 20: 8, but the highest recommendation of the last 300 s is 32: hold at 20.
    expect(h.decide(view(60, 20, 0.2))).toBe(20);
    // t=360: nothing newer than t=60 except itself in the window (60, 360]: 8; scale-down limit 100% allows it.
    expect(h.decide(view(360, 20, 0.2))).toBe(8);
    // t=375: 49% on 8: within tolerance; stabilization keeps 8.
    expect(h.decide(view(375, 8, 0.49))).toBe(8);
  });

  it('scale-up policies with selectPolicy Min and a stabilization window; scale-down by Pods per period', () => {
    const h = new HorizontalPodAutoscaler(
      hpa.params.parse({
        minReplicas: 2,
        maxReplicas: 100,
        metrics: [cpu(50)],
        metricLag: 0,
        behavior: {
          scaleUp: { stabilizationWindowSeconds: 30, selectPolicy: 'Min', policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }, { type: 'Percent', value: 50, periodSeconds: 60 }] },
          scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] },
        },
      }) as never,
    );
    // t=0: the first sync records the current count (10) as a recommendation; 100% asks 20;
    // up-stabilization: the lowest of the last 30 s, (−30, 0] holds 10 and 20: 10 = current, no change.
    expect(h.decide(view(0, 10, 1))).toBe(10);
    // t=31: window (1, 31] holds only 20 itself: 20; Min of (10 + 2, ⌈10 × 1.5⌉ = 15) = 12.
    expect(h.decide(view(31, 10, 1))).toBe(12);
    // t=62: 12 at 100% asks 24; window (32, 62] holds 24: 24; the period (2, 62] has +2 at 31:
    // start = 10, Min(12, 15) = 12 is not above current 12: held at 12.
    expect(h.decide(view(62, 12, 1))).toBe(12);
    // t=92: (32, 92] holds 24 and 24; period (32, 92] no event: start 12, Min(14, 18) = 14.
    expect(h.decide(view(92, 12, 1))).toBe(14);
    // t=100: 10% on 14 asks ⌈0.2 × 14⌉ = 3; no down-stabilization, and the up-window (70, 100] holds 24 and 3: 3.
    // 1 pod per 60 s counts from the count at the period's start: 14 − 2 (added at 92) = 12, so 11.
    expect(h.decide(view(100, 14, 0.1))).toBe(11);
    // t=130: in (70, 130] +2 at 92 and −3 at 100: the period began at 11 − 2 + 3 = 12, 12 − 1 = 11: held.
    expect(h.decide(view(130, 11, 0.1))).toBe(11);
    // t=161: no change within (101, 161]: 11 − 1 = 10.
    expect(h.decide(view(161, 11, 0.1))).toBe(10);
  });

  it('outside [min, max] the count is brought back first', () => {
    const h = new HorizontalPodAutoscaler(hpa.params.parse({ minReplicas: 3, maxReplicas: 6, metrics: [cpu(50)] }) as never);
    expect(h.decide(view(15, 1, 0.5))).toBe(3);
    expect(h.decide(view(30, 9, 0.5))).toBe(6);
    expect(h.decide(view(45, 0, 1))).toBe(0); // spec.replicas 0 disables autoscaling
  });

  it('rejects bad parameters with their path', () => {
    const r = autoscalers.schema().safeParse({ policy: 'hpa', maxReplicas: 5, behavior: { scaleUp: { policies: [{ type: 'Pod', value: 1, periodSeconds: 15 }] } } });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['behavior', 'scaleUp', 'policies', 0, 'type']);
  });
});

describe('the HPA in a run: a step of load', () => {
  it('scales up after the step within a few syncs, and down only after the 300 s window', () => {
    // 4 replicas of capacity 10 req/s; the rate steps from 10 to 60 at t=600 and back at t=1800. Target 50%.
    const r = runDynamic({
      cluster: nodes(20, { cpu: 1 }),
      horizon: 3600,
      services: [
        {
          name: 'web',
          replicas: 4,
          request: { cpu: 1 },
          readinessDelay: 5,
          capacity: 10,
          requestRate: { kind: 'steps', step: 600, rates: [10, 60, 60, 10, 10, 10] },
        },
      ],
      controllers: (_w, _rng, _rec, s): Controller[] => {
        const service = s!.services[0]!;
        return [new AutoscalingController(s!, [{ service, scaler: autoscalers.create({ policy: 'hpa', minReplicas: 1, maxReplicas: 20, metrics: [{ type: 'Resource', averageUtilization: 50 }] }, undefined) }])];
      },
    });
    const scale = r.events.filter((e) => e.type === 'scale-up' || e.type === 'scale-down').map((e) => [e.time, e.data!.to]);
    // Before the step: 10 req/s on 4 replicas = 25%: scale down (after the initial window, at 300 s + 15 s lag) to ⌈0.25/0.5 × 4⌉ = 2.
    expect(scale[0]).toEqual([315, 2]);
    // After the step the metric (lag 15 s) shows 60 req/s: scale-up starts at 630 and reaches 12 = 60 / (10 × 0.5).
    const ups = scale.filter(([t]) => (t as number) >= 600 && (t as number) < 1800);
    expect(ups[0]![0]).toBe(630);
    expect(ups[ups.length - 1]![1]).toBe(12);
    // Back down after 1800 only once 300 s of lower recommendations passed.
    const downs = scale.filter(([t]) => (t as number) >= 1800);
    expect(downs[0]![0]).toBeGreaterThanOrEqual(1800 + 300);
    expect(downs[downs.length - 1]![1]).toBe(2);
  });
});
