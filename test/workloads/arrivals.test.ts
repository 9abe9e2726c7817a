/**
 * Arrival processes: counts within 4 standard deviations of the theory, the
 * shape of gaps and daily phases by Kolmogorov–Smirnov, MMPP burstiness by its
 * index of dispersion, rate curves by hand-computed values.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng.ts';
import { ArrivalSchema, arrivalTimes, type ArrivalSpec } from '../../workloads/arrivals/index.ts';
import { BasicRateCurveSchema, compileRate } from '../../workloads/rate-curve.ts';
import { draw, ksCritical, ksStatistic, mean, variance } from './stats.ts';

function until(spec: unknown, horizon: number, seed = 5): number[] {
  const it = arrivalTimes(ArrivalSchema.parse(spec) as ArrivalSpec, new Rng(seed).stream('arrivals'));
  const out: number[] = [];
  for (let r = it.next(); !r.done && r.value < horizon; r = it.next()) out.push(r.value);
  return out;
}

const gaps = (t: readonly number[]) => t.slice(1).map((x, i) => x - t[i]!);

describe('rate curves', () => {
  const at = (c: unknown, t: number) => compileRate(BasicRateCurveSchema.parse(c)).at(t);
  it('constant and sinusoid', () => {
    expect(at({ kind: 'constant', rate: 3 }, 123)).toBe(3);
    const s = { kind: 'sinusoid', mean: 100, amplitude: 0.5, period: 86400, peak: 50400 } as const;
    expect(at(s, 50400)).toBeCloseTo(150, 12);
    expect(at(s, 50400 + 86400)).toBeCloseTo(150, 12);
    expect(at(s, 50400 - 43200)).toBeCloseTo(50, 12);
    expect(at(s, 50400 + 21600)).toBeCloseTo(100, 12);
    expect(compileRate(BasicRateCurveSchema.parse(s)).max).toBe(150);
  });
  it('piecewise: linear between points, flat outside without a period', () => {
    const c = { kind: 'piecewise', points: [[100, 10], [200, 30], [400, 0]] } as const;
    expect([0, 100, 150, 200, 300, 400, 1000].map((t) => at(c, t))).toEqual([10, 10, 20, 30, 15, 0, 0]);
  });
  it('piecewise with a period: interpolates across the wrap', () => {
    const c = { kind: 'piecewise', points: [[3600, 10], [7200, 20]], period: 10800 } as const;
    // 9000 lies between (7200, 20) and (3600 + 10800, 10): 20 − 10·1800/7200
    expect(at(c, 9000)).toBeCloseTo(17.5, 12);
    // 1800 lies between (7200 − 10800, 20) and (3600, 10): 20 − 10·5400/7200
    expect(at(c, 1800)).toBeCloseTo(12.5, 12);
    expect(at(c, 1800 + 3 * 10800)).toBeCloseTo(12.5, 9);
    expect(at(c, 5400)).toBeCloseTo(15, 12);
  });
  it('rejects unordered points and points outside the period', () => {
    expect(BasicRateCurveSchema.safeParse({ kind: 'piecewise', points: [[2, 1], [1, 1]] }).success).toBe(false);
    expect(BasicRateCurveSchema.safeParse({ kind: 'piecewise', points: [[0, 1], [90, 1]], period: 90 }).success).toBe(false);
    expect(BasicRateCurveSchema.safeParse({ kind: 'sinusoid', mean: 1, amplitude: 1.5 }).success).toBe(false);
  });
});

describe('Poisson arrivals', () => {
  it('are cumulative exponential gaps of the stream (pinned seed)', () => {
    const u = draw(4, new Rng(5).stream('arrivals'));
    let t = 0;
    const expected = u.map((x) => (t += -Math.log(1 - x) / 0.25));
    expect(until({ process: 'poisson', rate: 0.25 }, expected[3]! + 1e-9)).toEqual(expected);
  });

  it('count within 4 standard deviations of rate·T; exponential gaps (KS)', () => {
    const rate = 0.05;
    const T = 400_000;
    const t = until({ process: 'poisson', rate }, T);
    expect(Math.abs(t.length - rate * T)).toBeLessThan(4 * Math.sqrt(rate * T));
    expect(ksStatistic(gaps(t), (x) => 1 - Math.exp(-rate * x))).toBeLessThan(ksCritical(t.length - 1));
  });
});

describe('diurnal arrivals (thinning)', () => {
  const rate = 0.02;
  const a = 0.8;
  const P = 86_400;
  const peak = 50_400;
  const days = 20;
  const t = until({ process: 'diurnal', rate, amplitude: a }, days * P);

  it('count over whole days is Poisson with mean rate·T', () => {
    const expected = rate * days * P;
    expect(Math.abs(t.length - expected)).toBeLessThan(4 * Math.sqrt(expected));
  });

  it('times of day follow the density 1 + a·cos(2π(φ − peak)/P) (KS)', () => {
    const k = (2 * Math.PI) / P;
    const cdf = (phi: number) => (phi + (a / k) * (Math.sin(k * (phi - peak)) + Math.sin(k * peak))) / P;
    const phases = t.map((x) => x % P);
    expect(ksStatistic(phases, cdf)).toBeLessThan(ksCritical(phases.length));
    // and the check has power: uniform phases are rejected
    expect(ksStatistic(phases, (phi) => phi / P)).toBeGreaterThan(ksCritical(phases.length));
  });

  it('a piecewise curve: a triangular day gives (0 + peak rate)/2 per second on average', () => {
    const arrivals = until({ process: 'curve', curve: { kind: 'piecewise', points: [[0, 0], [43200, 0.04]], period: P } }, 10 * P);
    const expected = 0.02 * 10 * P;
    expect(Math.abs(arrivals.length - expected)).toBeLessThan(4 * Math.sqrt(expected));
    const firstHalf = arrivals.filter((x) => x % P < 21600).length;
    // ∫₀^21600 of the ramp 0 → 0.02 is a quarter of the first half-day's ∫₀^43200: 1/8 of a day's arrivals
    expect(Math.abs(firstHalf - expected / 8)).toBeLessThan(4 * Math.sqrt(expected / 8));
  });
});

describe('MMPP-2 arrivals', () => {
  // Fischer and Meier-Hellstern 1993: with switch rates σ0 = 1/sojourn0, σ1 = 1/sojourn1,
  // mean rate λ̄ = (λ0σ1 + λ1σ0)/(σ0 + σ1) and index of dispersion of counts
  // I(t) = 1 + A(1 − (1 − e^(−st))/(st)), s = σ0 + σ1, A = 2σ0σ1(λ0 − λ1)² / (s² (λ0σ1 + λ1σ0)).
  const l0 = 0.01;
  const l1 = 0.2;
  const s0 = 1 / 3000;
  const s1 = 1 / 600;
  const s = s0 + s1;
  const lbar = (l0 * s1 + l1 * s0) / s;
  const A = (2 * s0 * s1 * (l0 - l1) ** 2) / (s * s * (l0 * s1 + l1 * s0));
  const idc = (w: number) => 1 + A * (1 - (1 - Math.exp(-s * w)) / (s * w));
  const T = 5_000_000;
  const t = until({ process: 'mmpp', rates: [l0, l1], sojourn: [3000, 600] }, T);

  it('long-run rate within 4 standard deviations (variance λ̄·T·I(T))', () => {
    expect(Math.abs(t.length - lbar * T)).toBeLessThan(4 * Math.sqrt(lbar * T * idc(T)));
  });

  it('is bursty: the index of dispersion of counts in 20,000 s windows matches the theory', () => {
    const w = 20_000;
    const counts = new Array<number>(T / w).fill(0);
    for (const x of t) counts[Math.floor(x / w)]!++;
    const observed = variance(counts) / mean(counts);
    const k = counts.length;
    // Windows are much longer than the 1/s = 500 s memory, so nearly independent:
    // the sample variance has relative standard error about √(2/(k − 1)).
    expect(Math.abs(observed / idc(w) - 1)).toBeLessThan(4 * Math.sqrt(2 / (k - 1)));
    expect(observed).toBeGreaterThan(50); // a Poisson process would give about 1
  });

  it('a fixed initial state with a zero rate delays the first arrival', () => {
    const first = until({ process: 'mmpp', rates: [0, 1], sojourn: [1e6, 1], initial: 0 }, 1e9, 3)[0]!;
    expect(first).toBeGreaterThan(1000);
  });
});

describe('replayed arrivals', () => {
  it('sorts and shifts the first arrival to 0, or keeps the times', () => {
    expect(until({ process: 'replay', times: [5, 3, 9] }, Infinity)).toEqual([0, 2, 6]);
    expect(until({ process: 'replay', times: [5, 3, 9], shift: false }, Infinity)).toEqual([3, 5, 9]);
  });
});
