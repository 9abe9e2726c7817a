/**
 * The Lublin–Feitelson model: published parameters, the exact size
 * distribution (computed here from the model's definition) against generated
 * sizes, the truncated hyper-gamma of ln(runtime), the daily cycle and the mix
 * of job types.
 */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng.ts';
import { gammaP } from '../../workloads/distributions/special.ts';
import {
  dailyWeights,
  DailyCycleClock,
  LUBLIN_BATCH,
  LUBLIN_CONSTANTS,
  LUBLIN_INTERACTIVE,
  LUBLIN_TYPELESS,
  LublinArrivals,
  lublinJobs,
  lublinLogRuntime,
  lublinParameters,
  lublinSize,
  LublinSpecSchema,
  scaleToMachine,
  type LublinParams,
} from '../../workloads/lublin/index.ts';
import { centralMoments, chiSquareTest, draw, ksCritical, ksStatistic, mean, momentsMismatch } from './stats.ts';

describe('published parameters (m_lublin99.c, Lublin and Feitelson, JPDC 2003)', () => {
  // Copied from the #define lines of m_lublin99.c, in its order:
  // SERIAL_PROB POW2_PROB ULOW UMED UHI UPROB A1 B1 A2 B2 PA PB AARR BARR ANUM BNUM ARAR
  const fromC = (v: number[]): LublinParams => {
    const keys = ['serialProb', 'pow2Prob', 'uLow', 'uMed', 'uHi', 'uProb', 'a1', 'b1', 'a2', 'b2', 'pa', 'pb', 'aarr', 'barr', 'anum', 'bnum', 'arar'] as const;
    return Object.fromEntries(keys.map((k, i) => [k, v[i]!])) as unknown as LublinParams;
  };
  it.each([
    ['batch (*_BATCH)', LUBLIN_BATCH as LublinParams, [0.2927, 0.6686, 1.2, 5, 7, 0.875, 6.57, 0.823, 639.1, 0.0156, -0.003, 0.6986, 6.0415, 0.8531, 6.1271, 5.274, 1.0519]],
    ['interactive (*_ACTIVE)', LUBLIN_INTERACTIVE, [0.1541, 0.625, 1, 3, 5.5, 0.705, 3.8351, 0.6605, 7.073, 0.6856, -0.0118, 0.9156, 6.551, 0.6621, 8.9186, 3.668, 0.9797]],
    ['typeless', LUBLIN_TYPELESS, [0.244, 0.576, 0.8, 4.5, 7, 0.86, 4.2, 0.94, 312, 0.03, -0.0054, 0.78, 10.2303, 0.4871, 8.1737, 3.9631, 1.0225]],
  ])('%s', (_name, params, values) => {
    expect(params).toEqual(fromC(values as number[]));
  });
  it('constants: TOO_MUCH_TIME 12, TOO_MUCH_ARRIVE_TIME 13, 48 buckets of 1800 s, CYCLIC_DAY_START 11', () => {
    expect(LUBLIN_CONSTANTS).toMatchObject({ maxLogRuntime: 12, maxLogInterarrival: 13, buckets: 48, secondsPerBucket: 1800, cyclicDayStart: 11 });
  });
  it('scaling to the machine: unchanged at 128 nodes, uMed and uHi moved by log2(nodes/128) otherwise', () => {
    expect(scaleToMachine(LUBLIN_BATCH, 128)).toEqual(LUBLIN_BATCH);
    expect(scaleToMachine(LUBLIN_BATCH, 256)).toMatchObject({ uLow: 1.2, uMed: 6, uHi: 8 });
    expect(scaleToMachine(LUBLIN_INTERACTIVE, 1024)).toMatchObject({ uLow: 1, uMed: 6, uHi: 8.5 });
    // uMed never below uLow on small machines
    expect(scaleToMachine(LUBLIN_BATCH, 8)).toMatchObject({ uLow: 1.2, uMed: 1.2, uHi: 3 });
    const p = lublinParameters(LublinSpecSchema.parse({ batch: { serialProb: 0.5 } }), 256);
    expect(p.get('batch')).toMatchObject({ serialProb: 0.5, uHi: 8 });
    expect([...lublinParameters(LublinSpecSchema.parse({ types: 'typeless' }), 128).keys()]).toEqual(['interactive']);
  });
});

/** P(size = m) under the model, from its definition: serial, power-of-two round(2^round(x)), or round(2^x). */
function sizePmf(p: LublinParams, maxSize: number): Map<number, number> {
  const tsuCdf = (x: number) =>
    p.uProb * Math.min(1, Math.max(0, (x - p.uLow) / (p.uMed - p.uLow))) + (1 - p.uProb) * Math.min(1, Math.max(0, (x - p.uMed) / (p.uHi - p.uMed)));
  const between = (a: number, b: number) => tsuCdf(b) - tsuCdf(a);
  const pmf = new Map<number, number>();
  const add = (m: number, q: number) => q > 0 && pmf.set(m, (pmf.get(m) ?? 0) + q);
  add(1, p.serialProb);
  for (let k = 0; 2 ** k <= maxSize; k++) add(2 ** k, p.pow2Prob * between(k - 0.5, k + 0.5));
  const other = 1 - p.serialProb - p.pow2Prob;
  for (let m = 1; m <= maxSize; m++) add(m, other * between(Math.log2(m - 0.5), Math.log2(m + 0.5)));
  return pmf;
}

describe('sizes', () => {
  const SETS: Record<string, LublinParams> = { batch: LUBLIN_BATCH, interactive: LUBLIN_INTERACTIVE, typeless: LUBLIN_TYPELESS };
  it.each(Object.keys(SETS))('%s: the chi-square of 20,000 sizes against the exact distribution passes at p = 0.001', (name) => {
    const params = SETS[name]!;
    const pmf = sizePmf(params, 128);
    expect([...pmf.values()].reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    const random = new Rng(3).stream('sizes');
    const n = 20_000;
    const xs = draw(n, () => lublinSize(random, params));
    // Pool sizes expected fewer than 5 times into one class (key 0).
    const keys = [...pmf.keys()].filter((m) => pmf.get(m)! * n >= 5).sort((a, b) => a - b);
    const pooled = xs.map((m) => (keys.includes(m) ? m : 0));
    const probs = keys.map((m) => pmf.get(m)!);
    const rest = 1 - probs.reduce((a, b) => a + b, 0);
    const t = rest * n > 1e-6 ? chiSquareTest(pooled, [...keys, 0], [...probs, rest]) : chiSquareTest(pooled, keys, probs);
    expect(t.stat).toBeLessThan(t.critical);
    expect(Math.max(...xs)).toBeLessThanOrEqual(params.uHi === 5.5 ? 64 : 128);
  });
});

describe('runtimes: ln(runtime) is a hyper-gamma truncated at 12', () => {
  // E[X^n; X ≤ c] for X ~ Gamma(k, θ) is θ^n k(k+1)…(k+n−1) P(k + n, c/θ).
  const partial = (k: number, th: number, c: number, n: number) => {
    let f = th ** n;
    for (let i = 0; i < n; i++) f *= k + i;
    return f * gammaP(k + n, c / th);
  };
  const c = 12;
  const CASES: [string, LublinParams, number][] = [
    ['batch, 1 node', LUBLIN_BATCH, 1],
    ['batch, 64 nodes', LUBLIN_BATCH, 64],
    ['interactive, 1 node', LUBLIN_INTERACTIVE, 1],
    ['interactive, 32 nodes', LUBLIN_INTERACTIVE, 32],
  ];
  it.each(CASES.map((c) => c[0]))('%s: moments within 4 SE and KS at p = 0.001', (name) => {
    const [, p, nodes] = CASES.find((c) => c[0] === name)!;
    const q = Math.min(1, Math.max(0, p.pa * nodes + p.pb));
    const mass = q * gammaP(p.a1, c / p.b1) + (1 - q) * gammaP(p.a2, c / p.b2);
    const raw = [1, 2, 3, 4].map((n) => (q * partial(p.a1, p.b1, c, n) + (1 - q) * partial(p.a2, p.b2, c, n)) / mass) as [number, number, number, number];
    const cdf = (x: number) => (q * gammaP(p.a1, Math.min(x, c) / p.b1) + (1 - q) * gammaP(p.a2, Math.min(x, c) / p.b2)) / mass;
    const random = new Rng(9).stream('runtimes');
    const xs = draw(20_000, () => lublinLogRuntime(random, p, nodes));
    expect(Math.max(...xs)).toBeLessThanOrEqual(12);
    expect(momentsMismatch(xs, centralMoments(...raw))).toBeNull();
    expect(ksStatistic(xs, cdf)).toBeLessThan(ksCritical(xs.length));
  });
  it('larger jobs run longer (pa < 0)', () => {
    const r = new Rng(9).stream('runtimes');
    const small = mean(draw(5000, () => lublinLogRuntime(r, LUBLIN_BATCH, 1)));
    const large = mean(draw(5000, () => lublinLogRuntime(r, LUBLIN_BATCH, 128)));
    expect(large).toBeGreaterThan(small + 0.5);
  });
});

describe('daily cycle', () => {
  it('weights average 1 and peak at the mode of Gamma(anum, bnum): 13:00 for batch, 14:00 for interactive', () => {
    for (const [p, peak] of [
      [LUBLIN_BATCH, 26],
      [LUBLIN_INTERACTIVE, 28],
    ] as const) {
      const w = dailyWeights(p.anum, p.bnum);
      expect(w).toHaveLength(48);
      expect(w.reduce((a, b) => a + b) / 48).toBeCloseTo(1, 12);
      // mode (anum − 1)·bnum = 27.0 and 29.0 buckets after bucket 0 of the C loop, stored at index i − 1
      expect(w.indexOf(Math.max(...w))).toBe(peak);
    }
  });

  it('the clock: a bucket of weight w lasts 1800 s and costs w points (hand-computed)', () => {
    const w = new Array<number>(48).fill(1);
    w[0] = 2;
    const clock = new DailyCycleClock(w);
    clock.advance(1); // half of bucket 0 (weight 2)
    expect(clock.time).toBeCloseTo(900, 9);
    clock.advance(1.5); // the other point of bucket 0, then half of bucket 1
    expect(clock.time).toBeCloseTo(2700, 9);
    clock.advance(47); // 0.5 of bucket 1, buckets 2..47 (46), then 0.5 point = a quarter of bucket 0 (weight 2)
    expect(clock.time).toBeCloseTo(86_400 + 450, 9);
    const late = new DailyCycleClock(w, 12);
    late.advance(0.5);
    expect(late.time).toBeCloseTo(900, 9); // starts in bucket 24, of weight 1
  });

  it('arrivals per half hour are proportional to the weights (batch means over 40 batches, 4 SE)', () => {
    const p = LUBLIN_TYPELESS;
    const arrivals = new LublinArrivals(new Map([['interactive', { params: p, random: new Rng(21).stream('a') }]]));
    const w = dailyWeights(p.anum, p.bnum);
    const day = (b: number) => b >= 16 && b < 36; // 08:00–18:00
    const expected = w.filter((_, b) => day(b)).reduce((a, b) => a + b) / 48;
    const batches = 40;
    const per = 1000;
    const fractions: number[] = [];
    for (let i = 0; i < batches; i++) {
      let inDay = 0;
      for (let j = 0; j < per; j++) if (day(Math.floor((arrivals.next().time % 86_400) / 1800))) inDay++;
      fractions.push(inDay / per);
    }
    const m = mean(fractions);
    const se = Math.sqrt(fractions.reduce((s, f) => s + (f - m) ** 2, 0) / (batches - 1) / batches);
    expect(Math.abs(m - expected)).toBeLessThan(4 * se);
    expect(m).toBeGreaterThan(20 / 48 + 0.1); // clearly more than a flat day would give
  });

  it('the mix of types: batch jobs are (1/E_b)/(1/E_b + 1/E_i) of all, E the mean truncated e^g gap', () => {
    // Per day both clocks pay 48 points, so each type arrives 86400/E[e^g | g ≤ 13] times a day;
    // E[e^g; g ≤ c] = (1 − θ)^(−k) P(k, c(1 − θ)/θ) for g ~ Gamma(k, θ), θ < 1.
    const E = (p: LublinParams) => {
      const k = p.aarr * p.arar;
      const th = p.barr;
      return ((1 - th) ** -k * gammaP(k, (13 * (1 - th)) / th)) / gammaP(k, 13 / th);
    };
    const expected = 1 / E(LUBLIN_BATCH) / (1 / E(LUBLIN_BATCH) + 1 / E(LUBLIN_INTERACTIVE));
    const rng = new Rng(4);
    const jobs = lublinJobs(
      new Map([
        ['batch', LUBLIN_BATCH],
        ['interactive', LUBLIN_INTERACTIVE],
      ]),
      { arrivals: (t) => rng.stream(`a:${t}`), sizes: rng.stream('s'), runtimes: rng.stream('r') },
      128,
    );
    const fractions: number[] = [];
    let last = 0;
    for (let b = 0; b < 40; b++) {
      let batch = 0;
      for (let j = 0; j < 1000; j++) {
        const job = jobs.next().value!;
        expect(job.submit).toBeGreaterThanOrEqual(last);
        last = job.submit;
        if (job.type === 'batch') batch++;
      }
      fractions.push(batch / 1000);
    }
    const m = mean(fractions);
    const se = Math.sqrt(fractions.reduce((s, f) => s + (f - m) ** 2, 0) / 39 / 40);
    expect(Math.abs(m - expected)).toBeLessThan(4 * se);
  });
});
