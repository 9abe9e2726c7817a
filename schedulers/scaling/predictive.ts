/**
 * A simple predictive autoscaler: it sizes the service for the request rate
 * expected `leadTime` seconds ahead (long enough for a new replica to be
 * placed and become ready), and never below what the current rate needs:
 *   desired = ⌈max(forecast, current rate) / (capacity × targetUtilization)⌉.
 * The forecast is seasonal-naive when a season of history exists (the rate one
 * `season` earlier at now + leadTime, scaled by how the recent level compares
 * with the same time a season ago, the ratio kept within [0.5, 2]); else a
 * linear trend fitted by least squares over the last `trendWindow` seconds.
 * Scale-downs take the highest recommendation of the last
 * `scaleDownStabilization` seconds, like the HPA's.
 */
import { z } from 'zod';
import type { PolicyEntry } from '../control/registry.ts';
import type { ServiceAutoscaler, ServiceMetrics } from './policy.ts';
import { maxOf } from '../../sim/arrays.ts';

const schema = z.object({
  minReplicas: z.number().int().nonnegative().default(1),
  maxReplicas: z.number().int().positive(),
  /** Target busy fraction of a replica, percent. */
  targetUtilization: z.number().positive().max(100).default(70),
  leadTime: z.number().nonnegative().default(120),
  season: z.number().positive().nullable().default(86_400),
  trendWindow: z.number().positive().default(900),
  syncPeriod: z.number().positive().default(60),
  scaleDownStabilization: z.number().nonnegative().default(300),
});

export const predictive: PolicyEntry<z.infer<typeof schema>, ServiceAutoscaler> = {
  name: 'predictive',
  description: 'forecast the request rate a lead time ahead (seasonal naive, else linear trend) and size for it',
  params: schema,
  example: { maxReplicas: 10 },
  create(p) {
    const times: number[] = [];
    const rates: number[] = [];
    const recs: { time: number; value: number }[] = [];
    const keep = (p.season ?? 0) + p.leadTime + 2 * p.trendWindow;
    /** The recorded rate nearest to time t (binary search), or NaN outside the history. */
    const rateAt = (t: number): number => {
      if (times.length === 0 || t < times[0]! - p.syncPeriod || t > times[times.length - 1]! + p.syncPeriod) return NaN;
      let lo = 0;
      let hi = times.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (times[mid]! < t) lo = mid + 1;
        else hi = mid;
      }
      if (lo > 0 && Math.abs(times[lo - 1]! - t) <= Math.abs(times[lo]! - t)) lo--;
      return rates[lo]!;
    };
    const trend = (now: number, at: number): number => {
      let n = 0;
      let sx = 0;
      let sy = 0;
      let sxx = 0;
      let sxy = 0;
      for (let i = times.length - 1; i >= 0 && times[i]! > now - p.trendWindow; i--) {
        const x = times[i]! - now;
        n++;
        sx += x;
        sy += rates[i]!;
        sxx += x * x;
        sxy += x * rates[i]!;
      }
      if (n === 0) return 0;
      const d = n * sxx - sx * sx;
      const slope = d > 0 ? (n * sxy - sx * sy) / d : 0;
      const intercept = (sy - slope * sx) / n;
      return Math.max(0, intercept + slope * (at - now));
    };
    return {
      name: 'predictive',
      syncPeriod: p.syncPeriod,
      decide(m: ServiceMetrics) {
        const samples = m.samplesBetween(m.now - p.syncPeriod, m.now);
        if (samples.length === 0) return m.desired;
        const rate = samples.reduce((s, x) => s + x.rate, 0) / samples.length;
        times.push(m.now);
        rates.push(rate);
        while (times.length > 0 && times[0]! < m.now - keep) {
          times.shift();
          rates.shift();
        }
        const at = m.now + p.leadTime;
        let forecast = NaN;
        if (p.season !== null) {
          const past = rateAt(at - p.season);
          const then = rateAt(m.now - p.season);
          if (!Number.isNaN(past) && !Number.isNaN(then)) {
            const level = then > 0 ? Math.min(2, Math.max(0.5, rate / then)) : 1;
            forecast = past * level;
          }
        }
        if (Number.isNaN(forecast)) forecast = trend(m.now, at);
        const perReplica = (m.capacity * p.targetUtilization) / 100;
        let desired = Math.ceil(Math.max(forecast, rate) / perReplica);
        desired = Math.min(p.maxReplicas, Math.max(p.minReplicas, desired));
        recs.push({ time: m.now, value: desired });
        while (recs.length > 0 && recs[0]!.time <= m.now - p.scaleDownStabilization) recs.shift();
        if (desired < m.desired) desired = Math.min(m.desired, maxOf(recs.map((r) => r.value)));
        return desired;
      },
    };
  },
};
