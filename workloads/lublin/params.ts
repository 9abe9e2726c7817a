/**
 * Parameters of the Lublin–Feitelson model of rigid parallel jobs:
 *
 *   U. Lublin and D. G. Feitelson, "The workload on parallel supercomputers:
 *   modeling the characteristics of rigid jobs", Journal of Parallel and
 *   Distributed Computing 63(11):1105–1122, 2003.
 *
 * Every value below is copied from the authors' C implementation `m_lublin99.c`
 * ("A Workload Model for Parallel Computer Systems", Uri Lublin and Dror
 * Feitelson), distributed on the Parallel Workloads Archive models page
 * (https://www.cs.huji.ac.il/labs/parallel/workload/models.html) and bundled in
 * public repositories (e.g. the Python wrapper `parallelworkloads`,
 * https://github.com/renatolfc/parallelworkloads). The constant names of the C
 * code are given beside each field. The values were fitted to a machine of 128
 * nodes (UHI = 7); see `scaleToMachine` for other sizes.
 *
 * Model, per job type (batch or interactive; or one "typeless" set):
 * - size: serial (1 node) with probability serialProb; otherwise
 *   x ~ two-stage uniform (uniform on [uLow, uMed] with probability uProb, on
 *   [uMed, uHi] otherwise), rounded to an integer when the job is a power-of-two
 *   job (probability pow2Prob), and the size is round(2^x);
 * - runtime: ln(runtime) ~ hyper-gamma: Gamma(a1, b1) with probability p,
 *   Gamma(a2, b2) otherwise, where p = pa·nodes + pb clipped to [0, 1] (the
 *   size–runtime correlation); values of ln(runtime) above 12 are redrawn
 *   (TOO_MUCH_TIME: no more than e^12 s ≈ 1.9 days), and runtime = ⌊e^x⌋ s;
 * - arrivals: a daily cycle of 48 half-hour buckets whose weights come from
 *   the Gamma(anum, bnum) CDF; gaps in "rush-hour" time are e^g seconds with
 *   g ~ Gamma(aarr · arar, barr), redrawn above 13 (TOO_MUCH_ARRIVE_TIME), and
 *   are stretched through the cycle (see arrivals.ts).
 */

export interface LublinParams {
  /** Probability of a serial (one-node) job. C: SERIAL_PROB */
  serialProb: number;
  /** Probability of a power-of-two parallel job. C: POW2_PROB */
  pow2Prob: number;
  /** log2 of the smallest parallel size (with ±0.2 tuning the weight of size 2). C: ULOW */
  uLow: number;
  /** Change point of the two-stage uniform. C: UMED */
  uMed: number;
  /** log2 of the largest size (the machine). C: UHI */
  uHi: number;
  /** Weight of the first uniform stage [uLow, uMed]. C: UPROB */
  uProb: number;
  /** Shape and scale of the first gamma of ln(runtime). C: A1, B1 */
  a1: number;
  b1: number;
  /** Shape and scale of the second gamma of ln(runtime). C: A2, B2 */
  a2: number;
  b2: number;
  /** p = pa · nodes + pb: probability of the first gamma. C: PA, PB */
  pa: number;
  pb: number;
  /** Shape and scale of the gamma of ln(rush-hour inter-arrival time). C: AARR, BARR */
  aarr: number;
  barr: number;
  /** Shape and scale (in buckets) of the gamma giving the daily cycle. C: ANUM, BNUM */
  anum: number;
  bnum: number;
  /** Arrive-Rush-All Ratio: the shape actually used is aarr · arar. C: ARAR */
  arar: number;
}

/** Batch jobs (C: *_BATCH). */
export const LUBLIN_BATCH: Readonly<LublinParams> = Object.freeze({
  serialProb: 0.2927,
  pow2Prob: 0.6686,
  uLow: 1.2,
  uMed: 5,
  uHi: 7,
  uProb: 0.875,
  a1: 6.57,
  b1: 0.823,
  a2: 639.1,
  b2: 0.0156,
  pa: -0.003,
  pb: 0.6986,
  aarr: 6.0415,
  barr: 0.8531,
  anum: 6.1271,
  bnum: 5.274,
  arar: 1.0519,
});

/** Interactive jobs (C: *_ACTIVE). */
export const LUBLIN_INTERACTIVE: Readonly<LublinParams> = Object.freeze({
  serialProb: 0.1541,
  pow2Prob: 0.625,
  uLow: 1,
  uMed: 3,
  uHi: 5.5,
  uProb: 0.705,
  a1: 3.8351,
  b1: 0.6605,
  a2: 7.073,
  b2: 0.6856,
  pa: -0.0118,
  pb: 0.9156,
  aarr: 6.551,
  barr: 0.6621,
  anum: 8.9186,
  bnum: 3.668,
  arar: 0.9797,
});

/** The "whole sample" set, used when jobs are not split by type (C: INCLUDE_JOBS_TYPE 0). */
export const LUBLIN_TYPELESS: Readonly<LublinParams> = Object.freeze({
  serialProb: 0.244,
  pow2Prob: 0.576,
  uLow: 0.8,
  uMed: 4.5,
  uHi: 7,
  uProb: 0.86,
  a1: 4.2,
  b1: 0.94,
  a2: 312,
  b2: 0.03,
  pa: -0.0054,
  pb: 0.78,
  aarr: 10.2303,
  barr: 0.4871,
  anum: 8.1737,
  bnum: 3.9631,
  arar: 1.0225,
});

/** Constants of the C code. */
export const LUBLIN_CONSTANTS = Object.freeze({
  /** Largest ln(runtime); larger draws are redrawn. C: TOO_MUCH_TIME */
  maxLogRuntime: 12,
  /** Largest ln(inter-arrival); larger draws are redrawn. C: TOO_MUCH_ARRIVE_TIME */
  maxLogInterarrival: 13,
  /** Half-hour buckets per day. C: BUCKETS */
  buckets: 48,
  /** Seconds per bucket. C: SECONDS_IN_BUCKET */
  secondsPerBucket: 1800,
  /** First bucket index of the fitted day; the C code uses it as a bucket index. C: CYCLIC_DAY_START */
  cyclicDayStart: 11,
  /** Machine size the parameters were fitted to (2^UHI of the batch and typeless sets). */
  machineNodes: 128,
});

/**
 * The parameters for a machine of `nodes` nodes. The published values describe
 * 128 nodes and are returned unchanged for that size. For another size the
 * size distribution is moved along the log2 axis: uMed and uHi gain
 * Δ = log2(nodes) − 7, as the C code's advice (UHI = log2 of the system size,
 * UMED in [UHI − 3.5, UHI − 1.5]) implies; uLow stays (smallest parallel job 2
 * nodes), and uMed is kept ≥ uLow. Our rule, not the paper's: recorded in the
 * workload header.
 */
export function scaleToMachine(params: Readonly<LublinParams>, nodes: number): LublinParams {
  const delta = Math.log2(nodes) - Math.log2(LUBLIN_CONSTANTS.machineNodes);
  if (delta === 0) return { ...params };
  const uHi = params.uHi + delta;
  const uMed = Math.max(params.uLow, Math.min(uHi, params.uMed + delta));
  return { ...params, uMed, uHi };
}
