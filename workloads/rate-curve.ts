/**
 * A rate that varies with time, in events per second over simulated seconds:
 * the arrival rate of a non-homogeneous Poisson process (workloads/arrivals/),
 * the request rate of a service (a generated service job's `requestRate`, a
 * scenario service's). Plain data validated by zod, compiled by `compileRate`
 * into a function with an exact integral (so requests counted over an
 * interval do not depend on how the interval is cut). The one evaluator of
 * rate curves.
 *
 * Kinds (the first three are the basic curves of workload specs,
 * `BasicRateCurveSchema`; scenario services take them all, `RateCurveSchema`):
 * - `constant {rate}`: rate(t) = rate;
 * - `sinusoid {mean, amplitude, period = 86400, peak = 50400}`:
 *   mean · (1 + amplitude · cos(2π (t − peak) / period)), 0 ≤ amplitude ≤ 1;
 *   highest (mean·(1 + amplitude)) at t = peak (mod period), lowest half a
 *   period later; the defaults are a day and 14:00;
 * - `piecewise {points: [[t, rate]...], period?}`: linear between points
 *   (times strictly increasing), constant before the first and after the
 *   last; with `period`, the times lie in [0, period) and the curve repeats,
 *   interpolating linearly across the wrap from the last point to the first
 *   point of the next period;
 * - `steps {step, rates, start = 0, period?}`: rate `rates[i]` on
 *   [start + i·step, start + (i+1)·step); repeats when `period` is given
 *   (a trace's arrivals counted per bucket become one of these);
 * - `scaled {curve, factor}`: another curve times a constant;
 * - `bursty {base, burstRate, burstDuration, factor}`: the base curve, times
 *   `factor` during bursts that start as a Poisson process (`burstRate` per
 *   hour) and last an exponential time of mean `burstDuration`; the bursts are
 *   drawn once, when the curve is compiled, from the stream it is given.
 *
 * Time is simulated seconds from the start of the workload (t = 0 is midnight
 * when the curve is read as a daily cycle).
 */
import { z } from 'zod';
import { maxOf } from '../sim/arrays.ts';
import type { Random } from '../sim/rng.ts';
import { exponential } from '../sim/rng.ts';

const rate = z.number().nonnegative().finite();

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

/** The basic curves: what a workload spec's arrivals and services take. */
export const BasicRateCurveSchema = z.discriminatedUnion('kind', [ConstantCurveSchema, SinusoidCurveSchema, PiecewiseCurveSchema]);

export type BasicRateCurve = z.infer<typeof BasicRateCurveSchema>;

const stepsSchema = z
  .strictObject({
    kind: z.literal('steps'),
    step: z.number().positive().finite(),
    rates: z.array(rate).min(1),
    start: z.number().finite().default(0),
    period: z.number().positive().finite().optional(),
  })
  .refine((c) => c.period === undefined || Math.abs(c.period - c.step * c.rates.length) < 1e-9 * c.period, {
    message: 'period must equal step × number of rates',
    path: ['period'],
  });

export type RateCurve =
  | BasicRateCurve
  | z.infer<typeof stepsSchema>
  | { kind: 'scaled'; curve: RateCurve; factor: number }
  | { kind: 'bursty'; base: RateCurve; burstRate: number; burstDuration: number; factor: number };

/** Every kind: what a scenario service takes. */
export const RateCurveSchema: z.ZodType<RateCurve, unknown> = z.lazy(() =>
  z.union([
    ConstantCurveSchema,
    SinusoidCurveSchema,
    PiecewiseCurveSchema,
    stepsSchema,
    z.strictObject({ kind: z.literal('scaled'), curve: RateCurveSchema, factor: z.number().nonnegative().finite() }),
    z.strictObject({
      kind: z.literal('bursty'),
      base: RateCurveSchema,
      /** Bursts per hour. */
      burstRate: z.number().nonnegative().finite(),
      /** Mean burst length, seconds. */
      burstDuration: z.number().positive().finite(),
      factor: z.number().nonnegative().finite(),
    }),
  ]),
) as z.ZodType<RateCurve, unknown>;

/** A compiled curve: the rate at t and its exact integral over [a, b]. */
export interface RateFunction {
  at(t: number): number;
  integral(a: number, b: number): number;
  /** An upper bound of the rate over all times. */
  readonly max: number;
}

export interface CompileOptions {
  /** Random stream for the bursts of `bursty` curves (required when there are any). */
  random?: Random;
  /** Bursts are drawn over [0, horizon). */
  horizon?: number;
}

export function compileRate(curve: RateCurve, options: CompileOptions = {}): RateFunction {
  switch (curve.kind) {
    case 'constant':
      return { at: () => curve.rate, integral: (a, b) => curve.rate * (b - a), max: curve.rate };
    case 'sinusoid': {
      const { mean, amplitude, period, peak } = curve;
      const w = (2 * Math.PI) / period;
      return {
        at: (t) => mean * (1 + amplitude * Math.cos(w * (t - peak))),
        integral: (a, b) => mean * (b - a + (amplitude / w) * (Math.sin(w * (b - peak)) - Math.sin(w * (a - peak)))),
        max: mean * (1 + amplitude),
      };
    }
    case 'piecewise':
      return piecewise(curve.points, curve.period);
    case 'steps':
      return steps(curve.step, curve.rates, curve.start, curve.period);
    case 'scaled': {
      const inner = compileRate(curve.curve, options);
      return { at: (t) => curve.factor * inner.at(t), integral: (a, b) => curve.factor * inner.integral(a, b), max: curve.factor * inner.max };
    }
    case 'bursty': {
      const base = compileRate(curve.base, options);
      const horizon = options.horizon ?? 0;
      if (curve.burstRate > 0 && !options.random) throw new RangeError('a bursty rate curve needs a random stream');
      const bursts: [number, number][] = [];
      if (curve.burstRate > 0) {
        const gap = 3600 / curve.burstRate;
        for (let t = exponential(options.random!, gap); t < horizon; t += exponential(options.random!, gap)) {
          const end = t + exponential(options.random!, curve.burstDuration);
          bursts.push([t, end]);
          t = end;
        }
      }
      const extra = curve.factor - 1;
      const inBurst = (t: number) => {
        let lo = 0;
        let hi = bursts.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (bursts[mid]![1] <= t) lo = mid + 1;
          else hi = mid;
        }
        return lo < bursts.length && bursts[lo]![0] <= t;
      };
      return {
        at: (t) => base.at(t) * (inBurst(t) ? curve.factor : 1),
        integral: (a, b) => {
          let total = base.integral(a, b);
          for (const [s, e] of bursts) {
            if (e <= a) continue;
            if (s >= b) break;
            total += extra * base.integral(Math.max(a, s), Math.min(b, e));
          }
          return total;
        },
        max: base.max * Math.max(1, curve.factor),
      };
    }
  }
}

/** Rate `rates[i]` on [start + i·step, start + (i+1)·step); outside: the first or last rate, or periodic. */
function steps(step: number, rates: readonly number[], start: number, period: number | undefined): RateFunction {
  const n = rates.length;
  const cumulative = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cumulative[i + 1] = cumulative[i]! + rates[i]! * step;
  const total = cumulative[n]!;
  const span = n * step;
  // F(t): integral from `start` to t.
  const F = (t: number): number => {
    let x = t - start;
    let base = 0;
    if (period !== undefined) {
      const k = Math.floor(x / span);
      base = k * total;
      x -= k * span;
    } else {
      if (x <= 0) return x * rates[0]!;
      if (x >= span) return total + (x - span) * rates[n - 1]!;
    }
    const i = Math.min(n - 1, Math.floor(x / step));
    return base + cumulative[i]! + (x - i * step) * rates[i]!;
  };
  return {
    at: (t) => {
      let x = t - start;
      if (period !== undefined) x -= Math.floor(x / span) * span;
      else if (x < 0) return rates[0]!;
      return rates[Math.min(n - 1, Math.max(0, Math.floor(x / step)))]!;
    },
    integral: (a, b) => F(b) - F(a),
    max: maxOf(rates),
  };
}

/** Linear between points; constant outside (no period) or repeating across the wrap (period). */
function piecewise(points: readonly (readonly [number, number])[], period: number | undefined): RateFunction {
  // With a period, unroll one period into explicit points from t0 to t0 + period (the wrap segment included).
  const pts: [number, number][] = points.map(([t, r]) => [t, r]);
  if (period !== undefined) pts.push([points[0]![0] + period, points[0]![1]]);
  const n = pts.length;
  const cumulative = new Float64Array(n);
  for (let i = 1; i < n; i++) cumulative[i] = cumulative[i - 1]! + ((pts[i]![1] + pts[i - 1]![1]) / 2) * (pts[i]![0] - pts[i - 1]![0]);
  const t0 = pts[0]![0];
  const tn = pts[n - 1]![0];
  const segment = (x: number): number => {
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (pts[mid]![0] <= x) lo = mid;
      else hi = mid;
    }
    return lo;
  };
  const inner = (x: number): [number, number] => {
    // Rate and integral from t0 at x in [t0, tn].
    if (n === 1) return [pts[0]![1], 0];
    const i = segment(x);
    const [ta, ra] = pts[i]!;
    const [tb, rb] = pts[i + 1]!;
    const r = ra + ((rb - ra) * (x - ta)) / (tb - ta);
    return [r, cumulative[i]! + ((ra + r) / 2) * (x - ta)];
  };
  const total = cumulative[n - 1]!;
  const F = (t: number): number => {
    if (period !== undefined) {
      const k = Math.floor((t - t0) / period);
      return k * total + inner(t - k * period)[1];
    }
    if (t <= t0) return (t - t0) * pts[0]![1];
    if (t >= tn) return total + (t - tn) * pts[n - 1]![1];
    return inner(t)[1];
  };
  return {
    at: (t) => {
      if (period !== undefined) return inner(t - Math.floor((t - t0) / period) * period)[0];
      if (t <= t0) return pts[0]![1];
      if (t >= tn) return pts[n - 1]![1];
      return inner(t)[0];
    },
    integral: (a, b) => F(b) - F(a),
    max: maxOf(pts.map((p) => p[1])),
  };
}
