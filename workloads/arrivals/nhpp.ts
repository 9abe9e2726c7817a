/**
 * Non-homogeneous Poisson arrivals with a time-varying rate λ(t), by thinning
 * (Lewis and Shedler, "Simulation of nonhomogeneous Poisson processes by
 * thinning", Naval Research Logistics Quarterly 26(3), 1979): candidates come
 * from a Poisson process of rate λmax ≥ λ(t), and a candidate at t is kept with
 * probability λ(t)/λmax. Each candidate uses two uniforms.
 *
 * `diurnal` is the sinusoidal daily cycle, λ(t) = rate · (1 + amplitude ·
 * cos(2π (t − peak) / period)); `curve` takes any rate curve (workloads/rate-curve.ts).
 */
import { z } from 'zod';
import type { Random } from '../../sim/rng.ts';
import { openUnit } from '../distributions/sampler.ts';
import { BasicRateCurveSchema, compileRate, type BasicRateCurve } from '../rate-curve.ts';

export const DiurnalSchema = z.strictObject({
  process: z.literal('diurnal'),
  /** Mean arrivals per second over a period. */
  rate: z.number().positive().finite(),
  /** Relative swing, in [0, 1]: the rate goes from rate·(1 − amplitude) to rate·(1 + amplitude). */
  amplitude: z.number().min(0).max(1),
  /** Seconds; a day by default. */
  period: z.number().positive().finite().default(86_400),
  /** Time of the highest rate within the period, seconds; 14:00 by default. */
  peak: z.number().finite().default(50_400),
});

export const CurveArrivalsSchema = z.strictObject({
  process: z.literal('curve'),
  curve: BasicRateCurveSchema,
});

export function diurnalCurve(spec: z.infer<typeof DiurnalSchema>): BasicRateCurve {
  return { kind: 'sinusoid', mean: spec.rate, amplitude: spec.amplitude, period: spec.period, peak: spec.peak };
}

/** Arrival times after `start` of a Poisson process of rate `curve`, increasing; ends only if the rate is 0 everywhere. */
export function* thinnedArrivals(random: Random, curve: BasicRateCurve, start = 0): Generator<number> {
  const rate = compileRate(curve);
  const lambdaMax = rate.max;
  if (!(lambdaMax > 0)) return;
  let t = start;
  for (;;) {
    t += -Math.log(openUnit(random)) / lambdaMax;
    if (random() * lambdaMax < rate.at(t)) yield t;
  }
}
