/** Estimate models: the factor model's distribution, the walltime ladder, caps. */
import { describe, expect, it } from 'vitest';
import { Rng } from '../../sim/rng.ts';
import { estimateFor, EstimateSchema, roundUpToWalltime, WALLTIME_LADDER } from '../../workloads/estimates.ts';
import { draw, ksCritical, ksStatistic, mean } from './stats.ts';

const est = (spec: unknown, runtime: number, random = new Rng(1).stream('e')) => estimateFor(EstimateSchema.parse(spec), random, runtime);

describe('estimates', () => {
  it('exact is the runtime', () => {
    expect(est({ model: 'exact' }, 1234)).toBe(1234);
  });

  it('factor without rounding: estimate/runtime is uniform on [1, f] (mean within 4 SE, KS)', () => {
    const random = new Rng(2).stream('e');
    const ratios = draw(20_000, () => est({ model: 'factor', f: 5, round: 'none' }, 100, random) / 100);
    expect(Math.min(...ratios)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...ratios)).toBeLessThan(5);
    expect(Math.abs(mean(ratios) - 3)).toBeLessThan(4 * Math.sqrt(16 / 12 / ratios.length));
    expect(ksStatistic(ratios, (x) => (x - 1) / 4)).toBeLessThan(ksCritical(ratios.length));
  });

  it('factor with walltimes: the smallest ladder value at or above runtime·(1 + (f − 1)u)', () => {
    const u = draw(50, new Rng(3).stream('e'));
    const random = new Rng(3).stream('e');
    for (let i = 0; i < 50; i++) {
      const runtime = 37 * (i + 1) ** 2;
      const e = est({ model: 'factor', f: 3 }, runtime, random);
      const raw = runtime * (1 + 2 * u[i]!);
      expect(e).toBeGreaterThanOrEqual(raw);
      expect(WALLTIME_LADDER).toContain(e);
      expect(WALLTIME_LADDER.filter((w) => w >= raw && w < e)).toEqual([]);
    }
  });

  it.each([
    [1, 60],
    [60, 60],
    [61, 120],
    [2000, 2700],
    [3601, 5400],
    [50_000, 57_600],
    [604_800, 604_800],
    [604_801, 691_200],
  ])('roundUpToWalltime(%d) = %d', (x, expected) => {
    expect(roundUpToWalltime(x)).toBe(expected);
  });

  it('max caps the estimate, even below the runtime; fixed gives the value', () => {
    expect(est({ model: 'factor', f: 2, max: 3600 }, 10_000)).toBe(3600);
    expect(est({ model: 'fixed', value: 7200 }, 10)).toBe(7200);
    expect(est({ model: 'fixed', value: 7200, max: 3600 }, 10)).toBe(3600);
  });

  it('rejects f below 1 and unknown models', () => {
    expect(EstimateSchema.safeParse({ model: 'factor', f: 0.5 }).success).toBe(false);
    expect(EstimateSchema.safeParse({ model: 'tsafrir' }).success).toBe(false);
  });
});
