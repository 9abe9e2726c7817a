/**
 * Service outages against the k-of-n closed forms. n replicas, one per node
 * (each node holds exactly one), instant detection, readiness and propagation:
 * the service is up while at least k nodes are up.
 *
 * Independent exponential failures (rate λ) and repairs (rate μ), node
 * availability A = μ / (λ + μ) (e.g. Trivedi, Probability and Statistics with
 * Reliability, Queuing and Computer Science Applications, k-of-n systems):
 *   availability  A_sys = Σ_{i≥k} C(n,i) A^i (1 − A)^(n−i)
 *   frequency     f = C(n,k) A^k (1 − A)^(n−k) · kλ  (leaving the state with exactly k up)
 *   mean outage   (1 − A_sys) / f;  mean time between outages 1 / f.
 * With c shared repair crews the number of failed nodes is a birth-death chain
 * (failures (n − j)λ, repairs min(j, c)μ); its stationary law gives the same
 * three measures with π_{n−k} in place of the binomial term.
 *
 * Confidence: every outage begins with k − 1 nodes up and every up period
 * with k, so the (up, down) cycles are i.i.d. (regenerative). With m the
 * number of outages the run counted, the standard error of the mean cycle
 * (1/f) is sd(U + D)/√m, of the mean outage sd(D)/√m, and of the availability
 * sd((1 − A_sys)U − A_sys D)/(√m (Ū + D̄)) (delta method); sd from the observed
 * cycles. Every check allows z = 4 standard errors (a false alarm below 1e-4 per
 * check under the normal approximation).
 */
import { describe, expect, it } from 'vitest';
import { failurePolicies } from '../../../schedulers/failures/registry.ts';
import { MINUTES_PER_YEAR } from '../../../schedulers/services/outages.ts';
import { serviceSummary } from '../../../experiments/scenario/summary.ts';
import { nodes, runDynamic, servicePeriods } from '../../helpers/dynamics.ts';

const Z = 4;

function choose(n: number, k: number): number {
  let c = 1;
  for (let j = 0; j < k; j++) c = (c * (n - j)) / (j + 1);
  return c;
}

interface Theory {
  availability: number;
  frequency: number;
  meanOutage: number;
}

/** Independent nodes: the binomial closed forms. */
function kOfN(n: number, k: number, lambda: number, mu: number): Theory {
  const A = mu / (lambda + mu);
  let availability = 0;
  for (let i = k; i <= n; i++) availability += choose(n, i) * A ** i * (1 - A) ** (n - i);
  const frequency = choose(n, k) * A ** k * (1 - A) ** (n - k) * k * lambda;
  return { availability, frequency, meanOutage: (1 - availability) / frequency };
}

/** c shared repair crews: the birth-death chain of the number of failed nodes. */
function kOfNCrews(n: number, k: number, lambda: number, mu: number, c: number): Theory {
  const pi = [1];
  for (let j = 1; j <= n; j++) pi.push((pi[j - 1]! * (n - j + 1) * lambda) / (Math.min(j, c) * mu));
  const total = pi.reduce((s, x) => s + x, 0);
  let availability = 0;
  for (let j = 0; j <= n - k; j++) availability += pi[j]! / total;
  const frequency = (pi[n - k]! / total) * k * lambda;
  return { availability, frequency, meanOutage: (1 - availability) / frequency };
}

function simulate(n: number, k: number, mtbf: number, mttr: number, horizon: number, repairCrews?: number) {
  const { periods, observer: watch, attach } = servicePeriods(k);
  const r = runDynamic({
    cluster: nodes(n, { cpu: 1 }),
    horizon,
    metricsInterval: 0,
    services: [{ name: 'web', replicas: n, request: { cpu: 1 }, readinessDelay: 0, capacity: 10, minAvailable: k, requestRate: { kind: 'constant', rate: 5 } }],
    controllers: (world, rng, _rec, s) => {
      attach(s);
      const exp = (mean: number) => ({ distribution: 'exponential', mean });
      return [failurePolicies.create({ policy: 'node-failures', timeToFailure: exp(mtbf), timeToRepair: exp(mttr), ...(repairCrews ? { repairCrews } : {}) }, { world, rng, horizon })];
    },
    observers: [watch],
  });
  return { summary: serviceSummary(r.services!.services[0]!), periods, time: r.services!.services[0]!.totals.time };
}

const sd = (xs: readonly number[]) => {
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1));
};

function check(theory: Theory, run: ReturnType<typeof simulate>): void {
  const { summary, periods, time } = run;
  const m = summary.outages!;
  // The summary counts the down periods the observer saw.
  expect(m).toBe(periods.filter((p) => !p.up).length);
  expect(m).toBeGreaterThan(300);
  const cycles: { u: number; d: number }[] = [];
  for (let i = periods[0]!.up ? 0 : 1; i + 1 < periods.length; i += 2) cycles.push({ u: periods[i]!.length, d: periods[i + 1]!.length });
  const P = theory.availability;
  const seCycle = sd(cycles.map((c) => c.u + c.d)) / Math.sqrt(m);
  const seDown = sd(cycles.map((c) => c.d)) / Math.sqrt(m);
  const meanCycle = cycles.reduce((s, c) => s + c.u + c.d, 0) / cycles.length;
  const seAvail = sd(cycles.map((c) => (1 - P) * c.u - P * c.d)) / (Math.sqrt(m) * meanCycle);
  expect(Math.abs(summary.mean_time_between_outages! - 1 / theory.frequency)).toBeLessThan(Z * seCycle);
  expect(Math.abs(summary.mean_outage! - theory.meanOutage)).toBeLessThan(Z * seDown);
  expect(Math.abs(summary.availability! - P)).toBeLessThan(Z * seAvail);
  // The other measures follow from the same outages.
  const longest = periods.reduce((x, p) => (p.up ? x : Math.max(x, p.length)), 0);
  expect(summary.max_outage).toBeCloseTo(longest, 6);
  expect(summary.mean_time_between_outages).toBeCloseTo(time / m, 6);
  expect(summary.downtime_minutes_per_year! / MINUTES_PER_YEAR).toBeCloseTo(1 - summary.availability!, 9);
}

describe('service outages against the k-of-n closed forms', () => {
  const cases: [n: number, k: number, mtbf: number, mttr: number, horizon: number][] = [
    [1, 1, 1000, 100, 1e6],
    [2, 1, 1000, 250, 2e6],
    [3, 2, 1000, 100, 2e6],
    [5, 3, 1000, 200, 2e6],
    [10, 8, 2000, 100, 3e6],
  ];
  for (const [n, k, mtbf, mttr, horizon] of cases) {
    it(`${k} of ${n}, MTBF ${mtbf}, MTTR ${mttr}: availability, outage frequency and mean outage within ${Z} standard errors`, () => {
      check(kOfN(n, k, 1 / mtbf, 1 / mttr), simulate(n, k, mtbf, mttr, horizon));
    });
  }

  it('2 of 3 with one repair crew: the birth-death closed form (and not the independent one)', () => {
    const theory = kOfNCrews(3, 2, 1 / 1000, 1 / 200, 1);
    const independent = kOfN(3, 2, 1 / 1000, 1 / 200);
    // The crew matters: the two availabilities are far apart (0.847 against 0.926).
    expect(independent.availability - theory.availability).toBeGreaterThan(0.07);
    check(theory, simulate(3, 2, 1000, 200, 1e6, 1));
  });

  it('with as many crews as nodes, the birth-death form is the binomial one', () => {
    const a = kOfNCrews(5, 3, 1 / 1000, 1 / 200, 5);
    const b = kOfN(5, 3, 1 / 1000, 1 / 200);
    expect(a.availability).toBeCloseTo(b.availability, 12);
    expect(a.frequency).toBeCloseTo(b.frequency, 15);
  });

  it('no outage: zero count, zero mean and max, no mean time between outages', () => {
    const r = simulate(3, 1, 1e12, 1, 1e5);
    expect(r.summary).toMatchObject({ outages: 0, mean_outage: 0, max_outage: 0, mean_time_between_outages: null, downtime_minutes_per_year: 0, availability: 1 });
  });
});
