/**
 * Statistics for the generator tests, written independently of the code under
 * test. Tolerances come from the sample size: a sample mean is within 4
 * standard errors of the true mean (σ/√n), a sample variance within 4 of its
 * asymptotic standard error √((μ₄ − σ⁴)/n); a Kolmogorov–Smirnov statistic
 * below the 0.1% critical value 1.949/√n (Kolmogorov's limit law); a
 * chi-square below its 0.1% quantile (Wilson–Hilferty approximation).
 * The seeds are pinned, so each check passes or fails the same way every run;
 * the tolerances say how unlikely a failure of a correct generator would be.
 */

export function mean(xs: readonly number[]): number {
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Unbiased sample variance. */
export function variance(xs: readonly number[]): number {
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) ** 2;
  return s / (xs.length - 1);
}

/** Mean, variance and fourth central moment from the raw moments E[X], E[X²], E[X³], E[X⁴]. */
export function centralMoments(m1: number, m2: number, m3: number, m4: number): { mean: number; variance: number; mu4: number } {
  return {
    mean: m1,
    variance: m2 - m1 * m1,
    mu4: m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 ** 4,
  };
}

/** Checks the sample mean and variance against the theory, 4 standard errors each; returns a message or null. */
export function momentsMismatch(xs: readonly number[], theory: { mean: number; variance: number; mu4: number }): string | null {
  const n = xs.length;
  const m = mean(xs);
  const v = variance(xs);
  const seMean = Math.sqrt(theory.variance / n);
  const seVar = Math.sqrt((theory.mu4 - theory.variance ** 2) / n);
  if (Math.abs(m - theory.mean) > 4 * seMean) return `mean ${m} vs ${theory.mean} (4 SE = ${4 * seMean})`;
  if (Math.abs(v - theory.variance) > 4 * seVar) return `variance ${v} vs ${theory.variance} (4 SE = ${4 * seVar})`;
  return null;
}

/** Two-sided Kolmogorov–Smirnov statistic D of a sample against a continuous CDF. */
export function ksStatistic(xs: readonly number[], cdf: (x: number) => number): number {
  const s = xs.slice().sort((a, b) => a - b);
  const n = s.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(s[i]!);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}

/** 0.1% critical value of D for n observations (asymptotic, with Stephens' small-sample correction). */
export function ksCritical(n: number): number {
  return 1.949 / (Math.sqrt(n) + 0.12 + 0.11 / Math.sqrt(n));
}

/** Pearson's chi-square of observed counts against expected counts. */
export function chiSquare(observed: readonly number[], expected: readonly number[]): number {
  let x = 0;
  for (let i = 0; i < observed.length; i++) x += (observed[i]! - expected[i]!) ** 2 / expected[i]!;
  return x;
}

/** 0.1% upper quantile of chi-square with df degrees of freedom (Wilson–Hilferty). */
export function chiSquareCritical(df: number): number {
  const z = 3.0902; // standard normal 0.999 quantile
  const a = 2 / (9 * df);
  return df * (1 - a + z * Math.sqrt(a)) ** 3;
}

/** Counts of each key of `xs`, over `keys` (in order), and the chi-square test against probabilities `p`. */
export function chiSquareTest<T>(xs: readonly T[], keys: readonly T[], p: readonly number[]): { stat: number; critical: number } {
  const index = new Map(keys.map((k, i) => [k, i] as const));
  const observed = new Array<number>(keys.length).fill(0);
  for (const x of xs) {
    const i = index.get(x);
    if (i === undefined) throw new Error(`value ${String(x)} is not one of the expected keys`);
    observed[i]!++;
  }
  const expected = p.map((q) => q * xs.length);
  return { stat: chiSquare(observed, expected), critical: chiSquareCritical(keys.length - 1) };
}

/** erf by Abramowitz and Stegun 7.1.26 (absolute error below 1.5e-7, enough for KS at these sample sizes). */
export function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return sign * y;
}

export function normalCdf(z: number): number {
  return 0.5 * (1 + erf(z / Math.SQRT2));
}

/** n draws of `sample` from one stream. */
export function draw(n: number, sample: () => number): number[] {
  return Array.from({ length: n }, sample);
}
