/**
 * Special functions the generators need: the log of the gamma function and
 * the regularized lower incomplete gamma function P(a, x), which is the CDF
 * of a gamma distribution (the Lublin model's daily cycle is built from it).
 * Pure numerics, no randomness.
 */

// Lanczos approximation, g = 7, n = 9 (coefficients as published by Godfrey;
// relative error about 1e-15 for positive arguments).
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  if (x < 0.5) {
    // Reflection: Γ(x) Γ(1 - x) = π / sin(πx).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const MAX_ITERATIONS = 10_000;
const EPS = 1e-15;

/**
 * The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a),
 * i.e. the CDF at x of a gamma distribution of shape a and scale 1.
 * Series for x < a + 1, Lentz's continued fraction for Q = 1 - P otherwise
 * (the split every numerical library uses: each converges fast on its side).
 */
export function gammaP(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`gammaP needs a > 0, got ${a}`);
  if (x <= 0) return 0;
  if (x === Infinity) return 1;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    return Math.min(1, sum * Math.exp(logPrefix));
  }
  // Continued fraction for Q(a, x), modified Lentz.
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return Math.max(0, 1 - Math.exp(logPrefix) * h);
}

/** CDF of a gamma distribution of shape `shape` and scale `scale` at x. */
export function gammaCdf(x: number, shape: number, scale: number): number {
  return gammaP(shape, x / scale);
}

/** Γ(x) for x > 0 (the same Lanczos approximation, without the logarithm; relative error below 1e-13). */
export function gammaFunction(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gammaFunction(1 - x));
  const y = x - 1;
  let a = LANCZOS[0]!;
  const t = y + 7.5; // y + g + 0.5
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (y + i);
  return Math.sqrt(2 * Math.PI) * t ** (y + 0.5) * Math.exp(-t) * a;
}
