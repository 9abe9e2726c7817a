/** Statistics: Student t against published tables, interval coverage on a known distribution, the paired test by hand. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng.ts';
import { estimate, incompleteBeta, pairedDifference, tCdf, tQuantile, tTwoSidedP } from '../../experiments/results/statistics.ts';
import { summarize } from '../../experiments/results/summarize.ts';
import type { ExperimentManifest, RunRow } from '../../experiments/results/results-schema.ts';

/** Standard normal variates by Box-Muller from a seeded stream. */
function normals(seed: number, count: number): number[] {
  const u = new Rng(seed).stream('normal');
  const out: number[] = [];
  while (out.length < count) {
    const r = Math.sqrt(-2 * Math.log(1 - u()));
    const a = 2 * Math.PI * u();
    out.push(r * Math.cos(a), r * Math.sin(a));
  }
  return out.slice(0, count);
}

describe('Student t distribution', () => {
  it('gives the 97.5% quantiles of the published tables', () => {
    // Abramowitz & Stegun table 26.10 / R qt(0.975, df).
    const table: [number, number][] = [
      [1, 12.7062047361747],
      [2, 4.30265272974946],
      [3, 3.18244630528371],
      [4, 2.77644510519779],
      [5, 2.57058183563631],
      [9, 2.2621571627982],
      [10, 2.22813885198627],
      [19, 2.09302405440831],
      [30, 2.04227245630124],
      [100, 1.98397151852355],
    ];
    for (const [df, q] of table) expect(tQuantile(0.975, df)).toBeCloseTo(q, 10);
    expect(tQuantile(0.995, 7)).toBeCloseTo(3.49948329735049, 10);
    expect(tQuantile(0.025, 4)).toBeCloseTo(-2.77644510519779, 10);
  });

  it('gives the CDF and two-sided p values of R (pt)', () => {
    expect(tCdf(0, 5)).toBeCloseTo(0.5, 14);
    expect(tCdf(1, 1)).toBeCloseTo(0.75, 12); // Cauchy: 1/2 + atan(1)/pi
    expect(tTwoSidedP(2, 10)).toBeCloseTo(0.0733880347707404, 12);
    expect(tTwoSidedP(0.5, 3)).toBeCloseTo(0.651447964848151, 12);
    // I_x(2, 3) = Σ_{j=2..4} C(4, j) x^j (1 − x)^(4 − j) = 0.2646 + 0.0756 + 0.0081 at x = 0.3
    expect(incompleteBeta(0.3, 2, 3)).toBeCloseTo(0.3483, 12);
  });
});

describe('confidence intervals', () => {
  it('estimate: mean, sample sd and the t interval by hand', () => {
    const e = estimate([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(e.n).toBe(8);
    expect(e.mean).toBe(5);
    expect(e.sd).toBeCloseTo(Math.sqrt(32 / 7), 14);
    const half = 2.36462425159278 * (Math.sqrt(32 / 7) / Math.sqrt(8)); // qt(0.975, 7)
    expect(e.ci_low).toBeCloseTo(5 - half, 12);
    expect(e.ci_high).toBeCloseTo(5 + half, 12);
    expect(estimate([3])).toEqual({ n: 1, mean: 3, sd: null, ci_low: null, ci_high: null });
    expect(estimate([])).toEqual({ n: 0, mean: null, sd: null, ci_low: null, ci_high: null });
  });

  for (const n of [3, 5, 10]) {
    it(`covers the true mean of a normal distribution about 95% of the time (n = ${n}, 4000 samples)`, () => {
      const trials = 4000;
      const mu = 10;
      let covered = 0;
      for (let s = 0; s < trials; s++) {
        const xs = normals(1000 * n + s, n).map((z) => mu + 3 * z);
        const e = estimate(xs);
        if (e.ci_low! <= mu && mu <= e.ci_high!) covered++;
      }
      const rate = covered / trials;
      const se = Math.sqrt((0.95 * 0.05) / trials); // about 0.0034
      expect(Math.abs(rate - 0.95)).toBeLessThan(4 * se);
    });
  }

  it('a normal-quantile interval (1.96) would undercover at n = 3, so the t quantile matters', () => {
    let covered = 0;
    for (let s = 0; s < 4000; s++) {
      const xs = normals(77 + s, 3);
      const m = (xs[0]! + xs[1]! + xs[2]!) / 3;
      const sd = Math.sqrt(xs.reduce((a, x) => a + (x - m) ** 2, 0) / 2);
      if (Math.abs(m) <= (1.96 * sd) / Math.sqrt(3)) covered++;
    }
    expect(covered / 4000).toBeLessThan(0.85);
  });
});

describe('paired differences', () => {
  it('match a t test worked by hand', () => {
    // x − y = 2, 1, 0, 4: mean 1.75; Σ(d − 1.75)² = 0.0625 + 0.5625 + 3.0625 + 5.0625 = 8.75;
    // sd = sqrt(8.75 / 3) = 1.7078251; se = sd / 2 = 0.8539126; t = 1.75 / se = 2.0493902;
    // qt(0.975, 3) = 3.1824463: CI 1.75 ± 2.7175309 = [-0.9675309, 4.4675309]; p = 2 pt(-2.0494, 3) = 0.1328418
    const d = pairedDifference([10, 12, 9, 14], [8, 11, 9, 10]);
    expect(d.n).toBe(4);
    expect(d.mean).toBe(1.75);
    expect(d.sd).toBeCloseTo(1.7078251276599, 12);
    expect(d.t).toBeCloseTo(2.04939015319192, 12);
    expect(d.ci_low).toBeCloseTo(-0.967530883796, 10);
    expect(d.ci_high).toBeCloseTo(4.467530883796, 10);
    expect(d.p).toBeCloseTo(0.1328418405598, 10);
    expect(d.significant).toBe(false);
  });

  it('are significant when the interval excludes 0, and pairing removes the common noise', () => {
    // y = noise, x = noise + 0.5: unpaired the noise (sd 10) hides the shift, paired it is exact.
    const noise = normals(5, 6).map((z) => 10 * z);
    const x = noise.map((v, i) => v + 0.5 + 0.01 * (i % 2));
    const d = pairedDifference(x, noise);
    expect(d.significant).toBe(true);
    expect(d.ci_low! > 0).toBe(true);
    const unpaired = estimate(x.map((v, i) => v - noise[(i + 1) % 6]!));
    expect(unpaired.ci_low! < 0 && unpaired.ci_high! > 0).toBe(true);
  });

  it('handle equal differences (no variance) and too few pairs', () => {
    expect(pairedDifference([3, 4, 5], [1, 2, 3])).toMatchObject({ n: 3, mean: 2, sd: 0, ci_low: 2, ci_high: 2, t: null, p: null, significant: false, identical: true });
    expect(pairedDifference([3, 3], [3, 3])).toMatchObject({ mean: 0, t: null, p: null, significant: false, identical: true });
    expect(pairedDifference([3, 4.5, 5], [1, 2, 3]).identical).toBe(false);
    expect(pairedDifference([1, 2], [1, 2])).toMatchObject({ mean: 0, p: null, significant: false, identical: true });
    expect(pairedDifference([1], [2])).toMatchObject({ n: 1, mean: -1, ci_low: null, p: null, significant: false });
    expect(() => pairedDifference([1, 2], [1])).toThrow(/different sizes/);
    // Rounding noise is no difference: the same failures summed in another order differ by an ulp.
    const a = [0.1 + 0.2, 0.7 + 0.1, 0.9];
    const b = [0.3, 0.8, 0.9 - 2.5e-16];
    expect(a.map((x, i) => x - b[i]!).some((d) => d !== 0)).toBe(true);
    expect(pairedDifference(a, b)).toMatchObject({ mean: 0, sd: 0, p: null, significant: false, identical: true });
    // ... but a real difference of one part in 10^8 is kept.
    expect(pairedDifference([1 + 1e-8, 1 + 2e-8, 1 + 3e-8], [1, 1, 1]).identical).toBe(false);
  });

  it('treat values that are all equal as exactly equal, whatever floating-point sums would give', () => {
    // Ten 0.1s sum to 0.9999999999999999: a summed mean is off by an ulp and leaves a tiny sd.
    expect(estimate(Array(10).fill(0.1))).toMatchObject({ n: 10, mean: 0.1, sd: 0, ci_low: 0.1, ci_high: 0.1 });
    // A trace replayed at every seed: bounded slowdowns equal at each seed, their differences too.
    const fcfs = Array(10).fill(7514.418232);
    const easy = Array(10).fill(91.43105);
    expect(pairedDifference(fcfs, easy)).toMatchObject({ sd: 0, t: null, p: null, significant: false, identical: true });
  });
});

describe('summarize', () => {
  const manifest = {
    study_sha256: 'x',
    config: { baseline: 'a', variants: [{ name: 'a' }, { name: 'b' }], grid: [] },
    runs: ['a', 'b'].flatMap((v) => [1, 2, 3].map((seed) => ({ run_id: `${v}.s${seed}`, variant: v, point: 0, params: {}, seed }))),
  } as unknown as ExperimentManifest;
  const row = (variant: string, seed: number, wait: number | null, status: 'ok' | 'failed' = 'ok'): RunRow => ({
    run_id: `${variant}.s${seed}`,
    variant,
    point: 0,
    params: {},
    seed,
    status,
    metrics: new Map(status === 'ok' ? [['mean_wait', wait]] : []),
  });

  it('pairs runs by seed and leaves failed runs out of both sides', () => {
    const rows = [row('a', 1, 10), row('a', 2, 20), row('a', 3, 30), row('b', 1, 8), row('b', 2, 0, 'failed'), row('b', 3, 27)];
    const s = summarize({ manifest, rows, metrics: ['mean_wait'], reasons: new Map([['b.s2', 'boom']]) });
    expect(s.variants.map((v) => [v.variant, v.n, v.metrics.mean_wait!.mean])).toEqual([
      ['a', 3, 20],
      ['b', 2, 17.5],
    ]);
    // Pairs at seeds 1 and 3 only: differences -2 and -3.
    expect(s.differences).toHaveLength(1);
    expect(s.differences[0]!.metrics.mean_wait).toMatchObject({ n: 2, mean: -2.5 });
    expect(s.failures).toEqual([{ run_id: 'b.s2', variant: 'b', point: 0, params: {}, seed: 2, reason: 'boom' }]);
    expect(s.runs).toEqual({ total: 6, ok: 5, failed: 1 });
  });

  it('takes another baseline on request and refuses an unknown one', () => {
    const rows = [row('a', 1, 10), row('a', 2, 20), row('a', 3, 30), row('b', 1, 8), row('b', 2, 18), row('b', 3, 27)];
    const s = summarize({ manifest, rows, metrics: ['mean_wait'], reasons: new Map(), baseline: 'b' });
    expect(s.differences.map((d) => [d.variant, d.baseline, d.metrics.mean_wait!.mean])).toEqual([['a', 'b', 7 / 3]]);
    expect(() => summarize({ manifest, rows, metrics: ['mean_wait'], reasons: new Map(), baseline: 'c' })).toThrow(/unknown baseline/);
  });
});
