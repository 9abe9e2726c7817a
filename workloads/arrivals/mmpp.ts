/**
 * Bursty arrivals: a two-state Markov-modulated Poisson process (MMPP-2;
 * Fischer and Meier-Hellstern, "The Markov-modulated Poisson process (MMPP)
 * cookbook", Performance Evaluation 18(2), 1993). A hidden state alternates
 * between 0 and 1, staying in state i for an exponential time of mean
 * `sojourn[i]` seconds (switch rate r_i = 1/sojourn[i]); while in state i,
 * jobs arrive as a Poisson process of rate `rates[i]`.
 *
 * Long-run rate: (rates[0]·sojourn[0] + rates[1]·sojourn[1]) / (sojourn[0] + sojourn[1]).
 * The initial state is drawn from the stationary law (probability of state i
 * sojourn[i] / (sojourn[0] + sojourn[1])) unless `initial` fixes it.
 *
 * Because both clocks are memoryless, at each step the next arrival and the
 * next switch are drawn afresh: whichever comes first happens.
 */
import { z } from 'zod';
import type { Random } from '../../sim/rng.ts';
import { openUnit } from '../distributions/sampler.ts';

export const MmppSchema = z
  .strictObject({
    process: z.literal('mmpp'),
    /** Arrivals per second in state 0 and in state 1. */
    rates: z.tuple([z.number().nonnegative().finite(), z.number().nonnegative().finite()]),
    /** Mean seconds spent in state 0 and in state 1 before switching. */
    sojourn: z.tuple([z.number().positive().finite(), z.number().positive().finite()]),
    initial: z.union([z.literal(0), z.literal(1), z.literal('stationary')]).default('stationary'),
  })
  .refine((s) => s.rates[0] > 0 || s.rates[1] > 0, { message: 'at least one rate must be positive', path: ['rates'] });

export type MmppSpec = z.infer<typeof MmppSchema>;

export function* mmppArrivals(random: Random, spec: Omit<MmppSpec, 'process'>, start = 0): Generator<number> {
  const { rates, sojourn } = spec;
  let state: 0 | 1 = spec.initial === 'stationary' ? (random() * (sojourn[0] + sojourn[1]) < sojourn[0] ? 0 : 1) : spec.initial;
  let t = start;
  let nextSwitch = t - sojourn[state] * Math.log(openUnit(random));
  for (;;) {
    const rate = rates[state];
    const gap = rate > 0 ? -Math.log(openUnit(random)) / rate : Infinity;
    if (t + gap < nextSwitch) {
      t += gap;
      yield t;
    } else {
      t = nextSwitch;
      state = state === 0 ? 1 : 0;
      nextSwitch = t - sojourn[state] * Math.log(openUnit(random));
    }
  }
}
