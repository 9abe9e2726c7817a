/**
 * Replayed arrivals: the submit times of a trace (or a given list), sorted,
 * shifted so that the first arrival is at `start` when `shift` is on (the
 * default). Finite: a generator asking for more jobs than the trace has gets
 * as many as the trace has. Uses no random numbers.
 */
import { z } from 'zod';

export const ReplaySchema = z
  .strictObject({
    process: z.literal('replay'),
    /** Path of a trace (any format clusterlab reads), relative to the spec file. */
    trace: z.string().min(1).optional(),
    times: z.array(z.number().finite()).min(1).optional(),
    shift: z.boolean().default(true),
  })
  .refine((s) => (s.trace === undefined) !== (s.times === undefined), { message: 'give either trace or times, not both', path: ['trace'] });

export function* replayArrivals(times: readonly number[], shift: boolean, start = 0): Generator<number> {
  const sorted = times.slice().sort((a, b) => a - b);
  const offset = shift && sorted.length > 0 ? start - sorted[0]! : 0;
  for (const t of sorted) yield t + offset;
}
