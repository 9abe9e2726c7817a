/**
 * The Lublin–Feitelson model as a job source: arrival time, job type, size
 * and runtime of each job, from three kinds of streams (arrivals per type,
 * sizes, runtimes), so that changing e.g. the runtime parameters leaves the
 * arrivals and sizes of a seed unchanged.
 */
import { z } from 'zod';
import type { Random } from '../../sim/rng.ts';
import { LublinArrivals, type LublinJobType } from './arrivals.ts';
import { LUBLIN_BATCH, LUBLIN_INTERACTIVE, LUBLIN_TYPELESS, scaleToMachine, type LublinParams } from './params.ts';
import { lublinRuntime } from './runtimes.ts';
import { lublinSize } from './sizes.ts';

export * from './params.ts';
export { dailyWeights, DailyCycleClock, LublinArrivals, type LublinJobType } from './arrivals.ts';
export { lublinSize, twoStageUniform } from './sizes.ts';
export { lublinLogRuntime, lublinRuntime, firstGammaProbability } from './runtimes.ts';

const probability = z.number().min(0).max(1);
const positive = z.number().positive().finite();

/** Any parameter of LublinParams may be overridden. */
export const LublinOverridesSchema = z.strictObject({
  serialProb: probability.optional(),
  pow2Prob: probability.optional(),
  uLow: z.number().nonnegative().finite().optional(),
  uMed: z.number().nonnegative().finite().optional(),
  uHi: z.number().nonnegative().finite().optional(),
  uProb: probability.optional(),
  a1: positive.optional(),
  b1: positive.optional(),
  a2: positive.optional(),
  b2: positive.optional(),
  pa: z.number().finite().optional(),
  pb: z.number().finite().optional(),
  aarr: positive.optional(),
  barr: positive.optional(),
  anum: positive.optional(),
  bnum: positive.optional(),
  arar: positive.optional(),
});

export const LublinSpecSchema = z.strictObject({
  /** `both`: batch and interactive jobs, each with its parameters (the C code's default); `typeless`: the whole-sample parameters. */
  types: z.enum(['both', 'typeless']).default('both'),
  /** Hour of the day at time 0 (C: START). */
  startHour: z.number().int().min(0).max(23).default(0),
  /** Move the size distribution to the machine size (see scaleToMachine); false keeps the 128-node values. */
  scaleToMachine: z.boolean().default(true),
  batch: LublinOverridesSchema.optional(),
  interactive: LublinOverridesSchema.optional(),
  typeless: LublinOverridesSchema.optional(),
});

export type LublinSpec = z.infer<typeof LublinSpecSchema>;

/** The parameters of each job type present, after machine scaling and overrides (overrides win). */
export function lublinParameters(spec: LublinSpec, machineNodes: number): Map<LublinJobType, LublinParams> {
  const resolve = (base: Readonly<LublinParams>, overrides: Partial<LublinParams> | undefined): LublinParams => {
    const scaled = spec.scaleToMachine ? scaleToMachine(base, machineNodes) : { ...base };
    const clean = Object.fromEntries(Object.entries(overrides ?? {}).filter(([, v]) => v !== undefined));
    return { ...scaled, ...clean };
  };
  const out = new Map<LublinJobType, LublinParams>();
  if (spec.types === 'both') {
    out.set('batch', resolve(LUBLIN_BATCH, spec.batch));
    out.set('interactive', resolve(LUBLIN_INTERACTIVE, spec.interactive));
  } else {
    // The C code runs the typeless model as interactive jobs only.
    out.set('interactive', resolve(LUBLIN_TYPELESS, spec.typeless));
  }
  return out;
}

export interface LublinJob {
  submit: number;
  type: LublinJobType;
  nodes: number;
  runtime: number;
}

export interface LublinStreams {
  arrivals: (type: LublinJobType) => Random;
  sizes: Random;
  runtimes: Random;
}

/**
 * Jobs of the model, in arrival order, without end. Sizes above `maxNodes`
 * (possible when rounding lands above the machine) are redrawn; `onRedraw` counts them.
 */
export function* lublinJobs(
  params: ReadonlyMap<LublinJobType, LublinParams>,
  streams: LublinStreams,
  maxNodes: number,
  startHour = 0,
  onRedraw: () => void = () => {},
): Generator<LublinJob> {
  const types = new Map<LublinJobType, { params: LublinParams; random: Random }>();
  for (const [type, p] of params) types.set(type, { params: p, random: streams.arrivals(type) });
  const arrivals = new LublinArrivals(types, startHour);
  for (;;) {
    const { time, type } = arrivals.next();
    const p = params.get(type)!;
    let nodes = lublinSize(streams.sizes, p);
    for (let tries = 0; nodes > maxNodes; tries++) {
      if (tries > 10_000) throw new RangeError(`the Lublin size parameters give no size of at most ${maxNodes} nodes`);
      onRedraw();
      nodes = lublinSize(streams.sizes, p);
    }
    yield { submit: time, type, nodes, runtime: lublinRuntime(streams.runtimes, p, nodes) };
  }
}
