/**
 * sim/arrays.ts: the loops that replace spreads into calls give what the spread gave
 * (same order, same -Infinity / Infinity / NaN / -0 cases) and keep working at sizes
 * where the spread threw `RangeError: Maximum call stack size exceeded`.
 */
import { describe, expect, it } from 'vitest';
import { appendAll, maxOf, minOf } from '../../sim/arrays.ts';

/** Past V8's argument limit (about 1.2·10^5 on Node 20 with the default stack). */
const BIG = 200_000;
const big = Array.from({ length: BIG }, (_, i) => (i * 7919) % BIG);

describe('sim/arrays', () => {
  it('the spread itself overflows at this size (so the tests below test something)', () => {
    expect(() => [].push(...(big as never[]))).toThrow(RangeError);
    expect(() => Math.max(...big)).toThrow(RangeError);
  });

  it('appendAll appends in order and returns the target', () => {
    const target = [1, 2];
    expect(appendAll(target, [3, 4])).toBe(target);
    expect(target).toEqual([1, 2, 3, 4]);
    expect(appendAll([0], new Set([5, 6]))).toEqual([0, 5, 6]);
    const out: number[] = [-1];
    appendAll(out, big);
    expect(out.length).toBe(BIG + 1);
    expect(out[1]).toBe(big[0]);
    expect(out[BIG]).toBe(big[BIG - 1]);
  });

  it('maxOf and minOf equal Math.max and Math.min over the same values', () => {
    const cases: number[][] = [[], [3], [2, 9, -4], [1, NaN, 5], [-0, 0], [0, -0], [-0], [-Infinity, Infinity], [7, 7, 7]];
    for (const xs of cases) {
      expect(Object.is(maxOf(xs), Math.max(...xs)), `max of ${xs}`).toBe(true);
      expect(Object.is(minOf(xs), Math.min(...xs)), `min of ${xs}`).toBe(true);
    }
  });

  it('maxOf and minOf at 200,000 values', () => {
    expect(maxOf(big)).toBe(BIG - 1);
    expect(minOf(big)).toBe(0);
    expect(maxOf(new Set(big))).toBe(BIG - 1);
  });
});
