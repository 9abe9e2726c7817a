/** Target tracking and the predictive autoscaler on scripted metrics. */
import { describe, expect, it } from 'vitest';
import type { MetricSample } from '../../../schedulers/services/controller.ts';
import type { ServiceMetrics } from '../../../schedulers/scaling/policy.ts';
import { autoscalers } from '../../../schedulers/scaling/registry.ts';

/** A view whose samples come from `utilization(t)` and `rate(t)`, one every 15 s. */
function viewer(utilization: (t: number) => number, rate: (t: number) => number) {
  return (now: number, desired: number): ServiceMetrics => {
    const sample = (t: number): MetricSample => ({ time: t, utilization: utilization(t), rate: rate(t), ready: desired });
    return {
      now,
      name: 'web',
      desired,
      readyPods: desired,
      unreadyPods: 0,
      missingPods: 0,
      capacity: 10,
      cpuRequestMilli: 1000,
      sampleAt: (t) => sample(Math.floor(t / 15) * 15),
      samplesBetween: (from, to) => {
        const out: MetricSample[] = [];
        for (let t = Math.floor(from / 15) * 15 + 15; t <= to; t += 15) out.push(sample(t));
        return out;
      },
    };
  };
}

describe('target tracking', () => {
  it('scales out after 3 periods above target, proportionally; waits out the cooldown; scales in after 15 periods below 90%', () => {
    const tt = autoscalers.create({ policy: 'target-tracking', maxReplicas: 50, targetValue: 50, metricLag: 0 }, undefined);
    let level = 0.8;
    const view = viewer(() => level, () => 0);
    let n = 10;
    const at: [number, number][] = [];
    for (let t = 60; t <= 3600; t += 60) {
      if (t === 1200) level = 0.3;
      const next = tt.decide(view(t, n));
      if (next !== n) at.push([t, next]);
      n = next;
    }
    // 80% > 50% at 60, 120, 180: ⌈10 × 80/50⌉ = 16 at 180. The load does not follow the replicas here (scripted),
    // so it scales out again after the 300 s cooldown (480: ⌈16 × 1.6⌉ = 26), and at 780, 1080.
    expect(at.slice(0, 2)).toEqual([[180, 16], [480, 26]]);
    // From 1200, 30% < 45%: 15 periods later (2040) ⌈n × 30/50⌉.
    const ins = at.filter(([t]) => t >= 1200);
    expect(ins[0]![0]).toBe(1200 + 14 * 60);
  });
});

describe('predictive', () => {
  it('with a season of history it sizes for the rate a lead time ahead (before a daily peak, above the reactive count)', () => {
    const day = 86400;
    const rate = (t: number) => 100 * (1 + 0.8 * Math.cos((2 * Math.PI * (t - 50400)) / day));
    const p = autoscalers.create({ policy: 'predictive', maxReplicas: 100, targetUtilization: 50, leadTime: 1800, syncPeriod: 60 }, undefined);
    const view = viewer(() => 0.5, rate);
    let n = 10;
    let checked = false;
    for (let t = 60; t <= 2 * day; t += 60) {
      n = p.decide(view(t, n));
      if (t === day + 36000) {
        // 10:00 on day 2: rising toward the 14:00 peak; the forecast is the rate at 10:30 of day 1.
        const reactive = Math.ceil(rate(t) / 5);
        expect(n).toBeGreaterThan(reactive);
        expect(n).toBe(Math.ceil((rate(36000 + 1800) * (rate(t) / rate(36000))) / 5));
        checked = true;
      }
    }
    expect(checked).toBe(true);
  });

  it('without a season it follows the linear trend', () => {
    const p = autoscalers.create({ policy: 'predictive', maxReplicas: 100, targetUtilization: 100, leadTime: 600, season: null, syncPeriod: 60 }, undefined);
    const view = viewer(() => 0.5, (t) => t / 60); // +1 req/s per minute
    let n = 1;
    for (let t = 60; t <= 1200; t += 60) n = p.decide(view(t, n));
    // The samples of each sync average the last minute (rate t/60 − 0.375 at t); ten minutes ahead: ≈ 20 + 10 more.
    expect(n).toBe(Math.ceil((1200 + 600) / 60 / 10 - 0.375 / 10));
  });
});
