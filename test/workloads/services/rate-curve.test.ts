import { describe, expect, it } from 'vitest';
import { Rng } from '../../../sim/rng.ts';
import { arrivalsToCurve, azureArrivals } from '../../../workloads/services/azure-trace.ts';
import { compileRate, RateCurveSchema, type RateCurve } from '../../../workloads/rate-curve.ts';

/** Midpoint-rule integral with many steps, to check the closed forms. */
function numeric(f: (t: number) => number, a: number, b: number, n = 20_000): number {
  const h = (b - a) / n;
  let s = 0;
  for (let i = 0; i < n; i++) s += f(a + (i + 0.5) * h);
  return s * h;
}

const curves: [string, RateCurve][] = [
  ['constant', { kind: 'constant', rate: 3 }],
  ['sinusoid', RateCurveSchema.parse({ kind: 'sinusoid', mean: 10, amplitude: 0.5 })],
  ['piecewise', { kind: 'piecewise', points: [[100, 1], [200, 5], [400, 2]] }],
  ['piecewise periodic', { kind: 'piecewise', points: [[0, 1], [30, 4], [50, 2]], period: 60 }],
  ['steps', { kind: 'steps', step: 10, rates: [1, 3, 2], start: 5 }],
  ['steps periodic', { kind: 'steps', step: 10, rates: [1, 3, 2], start: 0, period: 30 }],
  ['scaled', { kind: 'scaled', factor: 2, curve: { kind: 'steps', step: 10, rates: [1, 3], start: 0 } }],
];

describe('rate curves', () => {
  for (const [name, curve] of curves) {
    it(`${name}: the exact integral agrees with a numeric one over arbitrary intervals`, () => {
      const f = compileRate(curve);
      for (const [a, b] of [[0, 1000], [37, 91], [-50, 20], [395, 405], [1234.5, 2000]] as const) {
        // The midpoint rule errs by at most (jumps × largest jump × step); relative 1e-4 covers it here.
        const want = numeric(f.at, a, b, 200_000);
        expect(Math.abs(f.integral(a, b) - want)).toBeLessThan(1e-4 * Math.abs(want) + 1e-6);
      }
      for (let t = -100; t < 1000; t += 7) expect(f.at(t)).toBeLessThanOrEqual(f.max + 1e-12);
    });
  }

  it('sinusoid peaks at `peak` and bottoms out half a period later', () => {
    const f = compileRate(RateCurveSchema.parse({ kind: 'sinusoid', mean: 10, amplitude: 0.6, period: 86400, peak: 50400 }));
    expect(f.at(50400)).toBeCloseTo(16, 12);
    expect(f.at(50400 - 43200)).toBeCloseTo(4, 12);
    expect(f.integral(0, 86400)).toBeCloseTo(864000, 6);
  });

  it('bursty: bursts come from the stream, the same for one seed, and multiply the base', () => {
    const curve: RateCurve = { kind: 'bursty', base: { kind: 'constant', rate: 10 }, burstRate: 2, burstDuration: 300, factor: 3 };
    const a = compileRate(curve, { random: new Rng(1).stream('bursts'), horizon: 86400 });
    const b = compileRate(curve, { random: new Rng(1).stream('bursts'), horizon: 86400 });
    const c = compileRate(curve, { random: new Rng(2).stream('bursts'), horizon: 86400 });
    expect(a.integral(0, 86400)).toBe(b.integral(0, 86400));
    expect(a.integral(0, 86400)).not.toBe(c.integral(0, 86400));
    // About 48 bursts of 300 s: the mean rate is 10 × (1 + 2 × 48 × 300 / 86400) ≈ 13.3.
    const mean = a.integral(0, 86400) / 86400;
    expect(mean).toBeGreaterThan(11);
    expect(mean).toBeLessThan(16);
    const want = numeric(a.at, 0, 86400, 200_000);
    expect(Math.abs(a.integral(0, 86400) - want) / want).toBeLessThan(1e-4);
  });

  it('rejects bad curves with the path of the field', () => {
    const r = RateCurveSchema.safeParse({ kind: 'piecewise', points: [[10, 1], [5, 2]] });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path).toEqual(['points']);
  });
});

describe('Azure LLM inference arrivals', () => {
  const text = [
    'TIMESTAMP,ContextTokens,GeneratedTokens',
    '2023-11-16 18:17:03.9799600,4808,10',
    '2023-11-16 18:17:04.0319600,3180,8',
    '2023-11-16 18:17:14.5000000,110,27',
    '2023-11-16 18:18:03.9799600,7433,14',
    '',
  ].join('\n');

  it('counts arrivals per bucket from the first request', () => {
    const times = azureArrivals(text);
    expect(times[0]).toBe(0);
    expect(times[3]).toBeCloseTo(60, 9);
    const curve = arrivalsToCurve(times, 30, { repeat: true });
    expect(curve).toEqual({ kind: 'steps', step: 30, rates: [3 / 30, 0, 1 / 30], start: 0, period: 90 });
  });

  it('names the line of a bad timestamp', () => {
    expect(() => azureArrivals(text.replace('18:17:14.5', '18:17:1x.5'), 'code.csv')).toThrow(/code\.csv:4: bad timestamp/);
    expect(() => azureArrivals('a,b\n1,2', 'x.csv')).toThrow(/x\.csv:1: not an Azure/);
  });
});
