/**
 * Runtimes of the Lublin–Feitelson model (C: time_from_nodes and hyper_gamma):
 * ln(runtime) is hyper-gamma, Gamma(a1, b1) with probability p and Gamma(a2, b2)
 * otherwise, p = pa · nodes + pb clipped to [0, 1], so larger jobs run longer
 * (pa < 0). Draws above maxLogRuntime are redrawn; the runtime is ⌊e^x⌋ seconds
 * (the C code converts to an unsigned integer), at least 1 since x > 0.
 * The C code draws gammas by Jain's method; we use Marsaglia–Tsang, which
 * gives the same distribution.
 */
import type { Random } from '../../sim/rng.ts';
import { gammaVariate } from '../distributions/gamma.ts';
import { LUBLIN_CONSTANTS, type LublinParams } from './params.ts';

/** p of the hyper-gamma for a job of `nodes` nodes. */
export function firstGammaProbability(p: Readonly<LublinParams>, nodes: number): number {
  return Math.min(1, Math.max(0, p.pa * nodes + p.pb));
}

/** ln(runtime) of a job of `nodes` nodes, before rounding. */
export function lublinLogRuntime(random: Random, p: Readonly<LublinParams>, nodes: number): number {
  const prob = firstGammaProbability(p, nodes);
  for (;;) {
    const first = random() <= prob;
    const x = first ? gammaVariate(random, p.a1, p.b1) : gammaVariate(random, p.a2, p.b2);
    if (x <= LUBLIN_CONSTANTS.maxLogRuntime) return x;
  }
}

export function lublinRuntime(random: Random, p: Readonly<LublinParams>, nodes: number): number {
  return Math.max(1, Math.floor(Math.exp(lublinLogRuntime(random, p, nodes))));
}
