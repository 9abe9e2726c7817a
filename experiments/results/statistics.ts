/**
 * Statistics of replications: mean, standard deviation, the Student t
 * confidence interval of the mean, and the paired t test of the differences
 * between two variants at the same seeds (common random numbers make the
 * pairs' difference far less variable than either variant).
 *
 *   mean  = Σx / n,  sd = sqrt(Σ(x − mean)² / (n − 1))
 *   CI    = mean ± t(1 − α/2, n − 1) · sd / √n
 *   paired: d_i = x_i − y_i (same seed), the CI of mean(d); t = mean(d) / (sd(d)/√n),
 *           p two-sided from Student's t with n − 1 degrees of freedom.
 *
 * When every d_i is the same (sd(d) = 0; typically the seeds change nothing, as
 * when a trace is replayed as it is), there is no variance to test against: the
 * difference is exact but not a statistical finding. Then t and p are null,
 * `significant` is false and `identical` is true, so nothing reads "p < 0.001"
 * off n identical runs.
 *
 * A pair whose difference is within a relative 1e-9 of its values
 * (|x − y| ≤ 1e-9 · max(|x|, |y|)) counts as no difference: the same failures
 * summed in another order give an availability that differs by 2e-16, and that
 * is rounding, not an effect of the variant (NOISE_TOLERANCE).
 *
 * The t distribution is computed here (regularized incomplete beta by its
 * continued fraction, Numerical Recipes §6.4), so there is no dependency and
 * the browser can use the module as it is. Pure: no Node imports.
 */

export const CONFIDENCE = 0.95;

/** Relative size below which a paired difference is rounding noise and counts as 0. */
export const NOISE_TOLERANCE = 1e-9;

/** x − y, or 0 when the two differ only by floating-point rounding (NOISE_TOLERANCE). */
export function pairDifference(x: number, y: number): number {
  const d = x - y;
  return Math.abs(d) <= NOISE_TOLERANCE * Math.max(Math.abs(x), Math.abs(y)) ? 0 : d;
}

export interface Estimate {
  /** Number of values (runs that finished with this metric). */
  n: number;
  mean: number | null;
  /** Sample standard deviation; null when n < 2. */
  sd: number | null;
  /** Confidence interval of the mean; null when n < 2. */
  ci_low: number | null;
  ci_high: number | null;
}

export interface PairedEstimate extends Estimate {
  /** t statistic; null when n < 2 or every difference is equal. */
  t: number | null;
  /** Two-sided p value; null when n < 2. */
  p: number | null;
  /** True when the interval excludes 0 (p < 1 − confidence); never when `identical`. */
  significant: boolean;
  /** True when n ≥ 2 and every difference is the same: the runs are identical across seeds up to that constant. */
  identical: boolean;
}

export function estimate(values: readonly number[], confidence = CONFIDENCE): Estimate {
  const n = values.length;
  if (n === 0) return { n, mean: null, sd: null, ci_low: null, ci_high: null };
  // Equal values: their mean is that value and sd is 0, exactly. Summed in floating point, ten
  // 0.1s average to 0.09999999999999999 and leave an sd of 1e-17, which would make identical runs
  // look like a distribution and a constant difference a "significant" one.
  if (n >= 2 && values.every((x) => x === values[0])) return { n, mean: values[0]!, sd: 0, ci_low: values[0]!, ci_high: values[0]! };
  let sum = 0;
  for (const x of values) sum += x;
  const mean = sum / n;
  if (n < 2) return { n, mean, sd: null, ci_low: null, ci_high: null };
  let ss = 0;
  for (const x of values) ss += (x - mean) * (x - mean);
  const sd = Math.sqrt(ss / (n - 1));
  const half = tQuantile(1 - (1 - confidence) / 2, n - 1) * (sd / Math.sqrt(n));
  return { n, mean, sd, ci_low: mean - half, ci_high: mean + half };
}

/** The paired comparison of x against y (same length, pair i at the same seed): estimates x − y. */
export function pairedDifference(x: readonly number[], y: readonly number[], confidence = CONFIDENCE): PairedEstimate {
  if (x.length !== y.length) throw new RangeError(`paired samples of different sizes: ${x.length} and ${y.length}`);
  const d = x.map((xi, i) => pairDifference(xi, y[i]!));
  const e = estimate(d, confidence);
  if (e.n < 2 || e.sd === null) return { ...e, t: null, p: null, significant: false, identical: false };
  // Every pair differs by the same amount: the interval is that value, exactly, and there is nothing to test.
  if (e.sd === 0) return { ...e, t: null, p: null, significant: false, identical: true };
  const t = e.mean! / (e.sd / Math.sqrt(e.n));
  const p = tTwoSidedP(t, e.n - 1);
  return { ...e, t, p, significant: p < 1 - confidence, identical: false };
}

/** P(|T| ≥ |t|) for Student's t with `df` degrees of freedom. */
export function tTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return 0;
  return incompleteBeta(df / (df + t * t), df / 2, 0.5);
}

/** P(T ≤ t). */
export function tCdf(t: number, df: number): number {
  const tail = 0.5 * tTwoSidedP(t, df);
  return t >= 0 ? 1 - tail : tail;
}

const quantileCache = new Map<string, number>();

/** The p-quantile of Student's t with `df` degrees of freedom (0 < p < 1), by bisection on the CDF. */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) throw new RangeError(`tQuantile(${p}, ${df})`);
  const key = `${p}:${df}`;
  const cached = quantileCache.get(key);
  if (cached !== undefined) return cached;
  if (p < 0.5) return -tQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  const q = (lo + hi) / 2;
  quantileCache.set(key, q);
  return q;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7, n = 9; about 15 significant digits). */
export function logGamma(x: number): number {
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  x -= 1;
  let a = c[0]!;
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** The regularized incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
  if (x < (a + 1) / (a + b + 2)) return (front * betaFraction(x, a, b)) / a;
  return 1 - (front * betaFraction(1 - x, b, a)) / b;
}

/** Continued fraction of the incomplete beta, modified Lentz's method. */
function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return h;
}
