/**
 * Arrival processes by name, as a spec writes them: `{process: <name>, ...}`.
 * Each returns the arrival times after the start, increasing (equal times
 * possible only for replayed traces).
 *
 * | process   | parameters | definition |
 * |-----------|------------|------------|
 * | `poisson` | rate | exponential gaps of mean 1/rate |
 * | `diurnal` | rate, amplitude, period = 86400, peak = 50400 | Poisson of rate rate·(1 + amplitude·cos(2π(t − peak)/period)), by thinning |
 * | `curve`   | curve (a rate curve) | Poisson of that rate, by thinning |
 * | `mmpp`    | rates [λ0, λ1], sojourn [m0, m1], initial | two-state Markov-modulated Poisson |
 * | `replay`  | trace or times, shift = true | the given submit times |
 */
import { z } from 'zod';
import type { Random } from '../../sim/rng.ts';
import type { TraceTable } from '../distributions/index.ts';
import { mmppArrivals, MmppSchema } from './mmpp.ts';
import { CurveArrivalsSchema, diurnalCurve, DiurnalSchema, thinnedArrivals } from './nhpp.ts';
import { poissonArrivals, PoissonSchema } from './poisson.ts';
import { replayArrivals, ReplaySchema } from './replay.ts';

export const ArrivalSchema = z.discriminatedUnion('process', [PoissonSchema, DiurnalSchema, CurveArrivalsSchema, MmppSchema, ReplaySchema]);

export type ArrivalSpec = z.infer<typeof ArrivalSchema>;

export function arrivalTimes(spec: ArrivalSpec, random: Random, start = 0, traces: TraceTable = new Map()): Iterator<number> {
  switch (spec.process) {
    case 'poisson':
      return poissonArrivals(random, spec, start);
    case 'diurnal':
      return thinnedArrivals(random, diurnalCurve(spec), start);
    case 'curve':
      return thinnedArrivals(random, spec.curve, start);
    case 'mmpp':
      return mmppArrivals(random, spec, start);
    case 'replay': {
      if (spec.times) return replayArrivals(spec.times, spec.shift, start);
      const workload = traces.get(spec.trace!);
      if (!workload) throw new RangeError(`trace ${JSON.stringify(spec.trace)} was not read before generating`);
      return replayArrivals(
        workload.jobs.map((j) => j.submit),
        spec.shift,
        start,
      );
    }
  }
}
