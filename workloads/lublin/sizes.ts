/**
 * Job sizes of the Lublin–Feitelson model (C: calc_number_of_nodes and
 * two_stage_uniform): serial with probability serialProb; otherwise
 * x ~ two-stage uniform, x rounded to the nearest integer for power-of-two
 * jobs, size = round(2^x). One uniform picks the class (u ≤ serialProb:
 * serial; u ≤ serialProb + pow2Prob: power of two; else any size), as in the C
 * code, then two uniforms draw x.
 */
import type { Random } from '../../sim/rng.ts';
import type { LublinParams } from './params.ts';

/** Uniform on [low, med] with probability prob, on [med, hi] otherwise. */
export function twoStageUniform(random: Random, low: number, med: number, hi: number, prob: number): number {
  const first = random() <= prob;
  const a = first ? low : med;
  const b = first ? med : hi;
  return a + random() * (b - a);
}

export function lublinSize(random: Random, p: Readonly<LublinParams>): number {
  const u = random();
  if (u <= p.serialProb) return 1;
  let x = twoStageUniform(random, p.uLow, p.uMed, p.uHi, p.uProb);
  if (u <= p.serialProb + p.pow2Prob) x = Math.floor(x + 0.5);
  return Math.floor(2 ** x + 0.5);
}
