/**
 * A rate that varies with time, in events per second: the request rate of a
 * long-running service (read by the dynamics work of issue 5: autoscaling,
 * load-dependent behaviour) and the arrival rate of a non-homogeneous Poisson
 * process. Plain data, validated by zod, evaluated by `rateAt`.
 *
 * - `{kind: constant, rate}`: rate(t) = rate.
 * - `{kind: sinusoid, mean, amplitude, period, peak}`:
 *   rate(t) = mean · (1 + amplitude · cos(2π (t − peak) / period)),
 *   0 ≤ amplitude ≤ 1; highest (mean·(1 + amplitude)) at t = peak (mod period),
 *   lowest half a period later. Defaults: period 86400 s (a day), peak 50400 s (14:00).
 * - `{kind: piecewise, points: [[t, rate], ...], period?}`: linear interpolation
 *   between points (times strictly increasing). Without `period`, constant
 *   before the first point and after the last. With `period`, the times must lie
 *   in [0, period) and the curve repeats: between the last point and the first
 *   point of the next period it interpolates linearly across the wrap.
 *
 * Time is simulated seconds from the start of the workload (t = 0 is midnight
 * when the curve is read as a daily cycle).
 */
import { z } from 'zod';
import { maxOf } from '../sim/arrays.ts';

const rate = z.number().nonnegative().finite();

/** The three basic curve kinds; workloads/services/rate-curve.ts extends them (steps, scaled, bursty). */
export const ConstantCurveSchema = z.strictObject({ kind: z.literal('constant'), rate });
export const SinusoidCurveSchema = z.strictObject({
  kind: z.literal('sinusoid'),
  mean: rate,
  amplitude: z.number().min(0).max(1),
  period: z.number().positive().finite().default(86_400),
  peak: z.number().finite().default(50_400),
});
export const PiecewiseCurveSchema = z
  .strictObject({
    kind: z.literal('piecewise'),
    points: z.array(z.tuple([z.number().finite(), rate])).min(1),
    period: z.number().positive().finite().optional(),
  })
  .refine((c) => c.points.every((p, i) => i === 0 || p[0] > c.points[i - 1]![0]), {
    message: 'point times must be strictly increasing',
    path: ['points'],
  })
  .refine((c) => c.period === undefined || c.points.every((p) => p[0] >= 0 && p[0] < c.period!), {
    message: 'with a period, point times must lie in [0, period)',
    path: ['points'],
  });

export const RateCurveSchema = z.discriminatedUnion('kind', [ConstantCurveSchema, SinusoidCurveSchema, PiecewiseCurveSchema]);

export type RateCurve = z.infer<typeof RateCurveSchema>;
export type RateCurveInput = z.input<typeof RateCurveSchema>;

/** The rate at time t, events per second. */
export function rateAt(curve: RateCurve, t: number): number {
  switch (curve.kind) {
    case 'constant':
      return curve.rate;
    case 'sinusoid':
      return curve.mean * (1 + curve.amplitude * Math.cos((2 * Math.PI * (t - curve.peak)) / curve.period));
    case 'piecewise':
      return piecewiseAt(curve.points, curve.period, t);
  }
}

function piecewiseAt(points: readonly (readonly [number, number])[], period: number | undefined, t: number): number {
  const n = points.length;
  if (period === undefined) {
    if (t <= points[0]![0]) return points[0]![1];
    if (t >= points[n - 1]![0]) return points[n - 1]![1];
  } else {
    t = ((t % period) + period) % period;
    const [t0, r0] = points[0]!;
    const [tn, rn] = points[n - 1]!;
    if (t < t0 || t >= tn) {
      // Across the wrap: from the last point to the first point one period later.
      const from = tn;
      const to = t0 + period;
      const x = t >= tn ? t : t + period;
      return to === from ? r0 : rn + ((r0 - rn) * (x - from)) / (to - from);
    }
  }
  // Binary search for the segment [points[i], points[i + 1]] holding t.
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid]![0] <= t) lo = mid;
    else hi = mid;
  }
  const [ta, ra] = points[lo]!;
  const [tb, rb] = points[hi]!;
  return ra + ((rb - ra) * (t - ta)) / (tb - ta);
}

/** An upper bound of the rate over all times (exact: the curve's maximum). */
export function maxRate(curve: RateCurve): number {
  switch (curve.kind) {
    case 'constant':
      return curve.rate;
    case 'sinusoid':
      return curve.mean * (1 + curve.amplitude);
    case 'piecewise':
      return maxOf(curve.points.map((p) => p[1]));
  }
}
