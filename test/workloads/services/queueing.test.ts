/** The M/M/c/K request model against a brute-force solution of its birth-death chain. */
import { describe, expect, it } from 'vitest';
import { erlangB, erlangC, mmck } from '../../../workloads/services/queueing.ts';

/** Stationary distribution of M/M/c/K by summing the unnormalized terms directly. */
function bruteForce(c: number, lambda: number, mu: number, waiting: number) {
  const K = c + waiting;
  const p: number[] = [1];
  for (let n = 1; n <= K; n++) p.push((p[n - 1]! * lambda) / (Math.min(n, c) * mu));
  const total = p.reduce((s, x) => s + x, 0);
  const pi = p.map((x) => x / total);
  const blocking = pi[K]!;
  let lq = 0;
  for (let n = c + 1; n <= K; n++) lq += (n - c) * pi[n]!;
  const throughput = lambda * (1 - blocking);
  return { blocking, throughput, meanWait: lq / throughput, meanResponse: lq / throughput + 1 / mu };
}

describe('M/M/c/K', () => {
  const cases: [number, number, number, number][] = [
    // c, λ, μ, waiting places
    [1, 0.5, 1, 5],
    [1, 1, 1, 5], // ρ = 1 exactly
    [1, 3, 1, 4], // overloaded
    [4, 3, 1, 8],
    [4, 6, 1, 8],
    [10, 9.5, 1, 100],
    [16, 40, 1, 160], // ρ = 2.5, many places: the scaled branch
    [3, 2, 1, 0], // pure loss: Erlang B
    [50, 45, 1, 500],
  ];
  for (const [c, lambda, mu, waiting] of cases) {
    it(`c=${c} λ=${lambda} μ=${mu} waiting=${waiting} agrees with the chain`, () => {
      const got = mmck(c, lambda, mu, waiting);
      const want = bruteForce(c, lambda, mu, waiting);
      expect(got.blocking).toBeCloseTo(want.blocking, 10);
      expect(got.throughput).toBeCloseTo(want.throughput, 9);
      expect(got.meanWait).toBeCloseTo(want.meanWait, 9);
      expect(got.meanResponse).toBeCloseTo(want.meanResponse, 9);
      expect(got.utilization).toBeCloseTo(want.throughput / (c * mu), 12);
    });
  }

  it('tends to Erlang C as the queue grows (M/M/c)', () => {
    const c = 8;
    const a = 6;
    const wq = erlangC(c, a) / (c - a); // μ = 1
    expect(mmck(c, a, 1, 10_000).meanWait).toBeCloseTo(wq, 9);
    expect(mmck(c, a, 1, 10_000).waitProbability).toBeCloseTo(erlangC(c, a), 9);
  });

  it('Erlang B from the recursion matches the closed form for small c', () => {
    const a = 2.5;
    const terms = [1, a, a ** 2 / 2, a ** 3 / 6];
    expect(erlangB(3, a)).toBeCloseTo(terms[3]! / terms.reduce((s, x) => s + x, 0), 12);
  });

  it('handles no servers, no load, and huge overloads without overflow', () => {
    expect(mmck(0, 5, 1, 10).blocking).toBe(1);
    expect(mmck(3, 0, 2, 10)).toMatchObject({ blocking: 0, throughput: 0, meanResponse: 0.5 });
    const r = mmck(200, 2000, 1, 20_000);
    expect(r.blocking).toBeCloseTo(0.9, 6); // (ρ - 1)/ρ with ρ = 10
    expect(r.throughput).toBeCloseTo(200, 6);
    expect(Number.isFinite(r.meanWait)).toBe(true);
  });
});
