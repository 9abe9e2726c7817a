/**
 * The request model of a service: its ready replicas are the c servers of an
 * M/M/c/K queue (Poisson arrivals at rate λ, exponential service at rate μ per
 * replica, at most K = c + c·queueLimit requests in the system; arrivals that
 * find it full are dropped). This is the "M/M/c-style approximation" of
 * docs/dynamics.md: a load balancer that spreads requests evenly over identical replicas
 * behaves close to one shared queue when queues are short.
 *
 * With q_n = aⁿ/n! (a = λ/μ), ρ = a/c, B the Erlang B loss probability of
 * M/M/c/c (q_c / Σ_{n≤c} q_n), m = K − c waiting places and G = Σ_{k=1}^{m} ρᵏ,
 * the stationary probabilities relative to Σ_{n≤c} q_n are q_n for n ≤ c and
 * q_c ρ^{n−c} above, so (Kleinrock, Queueing Systems I, §3.6; Gross & Harris):
 *   norm = 1 + B·G,  p_c = B / norm,  p_K = B ρᵐ / norm (blocking, PASTA),
 *   L_q = p_c Σ_{k=1}^{m} k ρᵏ,  throughput X = λ (1 − p_K),
 *   W_q = L_q / X (Little),  mean response W = W_q + 1/μ.
 * B comes from the stable recursion B(0) = 1, B(n) = a B(n−1) / (n + a B(n−1)).
 * For ρ > 1 the sums are rewritten in powers of 1/ρ so nothing overflows.
 */

export interface QueueResult {
  /** Fraction of arrivals dropped because the system was full. */
  blocking: number;
  /** Requests served per second. */
  throughput: number;
  /** Mean busy fraction of a server (replica): throughput / (c μ). */
  utilization: number;
  /** Mean time waiting in the queue, seconds (of requests served). */
  meanWait: number;
  /** Mean response time (wait + service), seconds. */
  meanResponse: number;
  /** Fraction of served requests that waited. */
  waitProbability: number;
}

/** Erlang B: probability that all c servers are busy in M/M/c/c with offered load a = λ/μ. */
export function erlangB(c: number, a: number): number {
  let b = 1;
  for (let n = 1; n <= c; n++) b = (a * b) / (n + a * b);
  return b;
}

/** Erlang C: probability of waiting in M/M/c with offered load a < c. */
export function erlangC(c: number, a: number): number {
  const b = erlangB(c, a);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

/**
 * M/M/c/K with c servers, arrival rate λ, service rate μ per server and
 * `waiting` places in the queue (K = c + waiting). c = 0 drops everything.
 */
export function mmck(c: number, lambda: number, mu: number, waiting: number): QueueResult {
  if (!(mu > 0)) throw new RangeError(`service rate must be positive, got ${mu}`);
  if (!(waiting >= 0) || !Number.isFinite(waiting)) throw new RangeError(`waiting places must be a finite non-negative number, got ${waiting}`);
  if (lambda <= 0) return { blocking: 0, throughput: 0, utilization: 0, meanWait: 0, meanResponse: 1 / mu, waitProbability: 0 };
  if (c <= 0) return { blocking: 1, throughput: 0, utilization: 0, meanWait: 0, meanResponse: 1 / mu, waitProbability: 0 };
  const a = lambda / mu;
  const rho = a / c;
  const m = Math.floor(waiting);
  const B = erlangB(c, a);
  let pc: number; // P(n = c)
  let pK: number; // P(n = K)
  let pWaitOrFull: number; // P(n >= c) including full
  let S1: number; // Σ_{k=1}^{m} k ρ^k, scaled like pc (see below)
  let Lq: number;
  if (m === 0) {
    pc = B;
    pK = B;
    pWaitOrFull = B;
    Lq = 0;
  } else if (Math.abs(rho - 1) < 1e-9) {
    const norm = 1 + B * m;
    pc = B / norm;
    pK = B / norm;
    pWaitOrFull = (B * (1 + m)) / norm;
    S1 = (m * (m + 1)) / 2;
    Lq = pc * S1;
  } else if (rho < 1) {
    const rm = rho ** m;
    const G = (rho * (1 - rm)) / (1 - rho);
    const norm = 1 + B * G;
    pc = B / norm;
    pK = (B * rm) / norm;
    pWaitOrFull = (B * (1 + G)) / norm;
    S1 = (rho * (1 - (m + 1) * rm + m * rm * rho)) / ((1 - rho) * (1 - rho));
    Lq = pc * S1;
  } else {
    // ρ > 1: divide numerator and denominator by ρ^m, with s = 1/ρ < 1.
    const s = 1 / rho;
    const sm = s ** m;
    const geo = (1 - sm) / (1 - s); // Σ_{j=0}^{m-1} s^j
    const D = sm + B * geo; // norm / ρ^m
    pc = (B * sm) / D;
    pK = B / D;
    pWaitOrFull = (B * (sm + geo)) / D;
    // Σ_{k=1}^{m} k ρ^k = ρ^m [m·geo − Σ_{j=0}^{m-1} j s^j]
    const sumJ = (s * (1 - m * s ** (m - 1) + (m - 1) * sm)) / ((1 - s) * (1 - s));
    Lq = (B * (m * geo - sumJ)) / D;
  }
  const throughput = lambda * (1 - pK);
  const meanWait = throughput > 0 ? Lq / throughput : 0;
  const served = 1 - pK;
  return {
    blocking: pK,
    throughput,
    utilization: throughput / (c * mu),
    meanWait,
    meanResponse: meanWait + 1 / mu,
    waitProbability: served > 0 ? Math.max(0, (pWaitOrFull - pK) / served) : 0,
  };
}
