/**
 * Distributions by name, as every file writes them (workload generator specs,
 * scenario workloads, failure models: lifetime.ts): `{distribution: <name>, ...parameters}`.
 * The one parser and sampler of distributions.
 *
 * | distribution  | parameters        | definition |
 * |---------------|-------------------|------------|
 * | `constant`    | value             | always value |
 * | `uniform`     | min, max          | uniform on [min, max) |
 * | `exponential` | mean              | F(x) = 1 − e^(−x/mean) |
 * | `lognormal`   | mu, sigma         | exp(mu + sigma·Z), Z ~ N(0, 1) |
 * | `weibull`     | shape k, scale λ  | F(x) = 1 − e^(−(x/λ)^k) |
 * | `pareto`      | shape α, scale xm | F(x) = 1 − (xm/x)^α, x ≥ xm |
 * | `gamma`       | shape k, scale θ  | mean kθ, variance kθ² |
 * | `uniform-int` | min, max          | integers of [min, max], equally likely |
 * | `pow2`        | min, max          | 2^k, k uniform over the integers of [log2 min, log2 max] |
 * | `choice`      | values, weights?  | one of values, probability ∝ weight |
 * | `empirical`   | values, or trace + field | one observed value, equally likely |
 */
import { z } from 'zod';
import type { Workload } from '../workload.ts';
import { choiceSampler, ChoiceSchema, PowerOfTwoSchema, powerOfTwoSampler, UniformIntSchema, uniformIntSampler } from './discrete.ts';
import { EmpiricalSchema, empiricalSampler, traceValues } from './empirical.ts';
import { exponentialSampler, ExponentialSchema } from './exponential.ts';
import { gammaSampler, GammaSchema } from './gamma.ts';
import { lognormalSampler, LognormalSchema } from './lognormal.ts';
import { paretoSampler, ParetoSchema } from './pareto.ts';
import type { Sampler } from './sampler.ts';
import { constantSampler, ConstantSchema, uniformSampler, UniformSchema } from './uniform.ts';
import { weibullSampler, WeibullSchema } from './weibull.ts';

export type { Sampler } from './sampler.ts';

/**
 * The message when a distribution is written with the key `dist` (the
 * generators' key before both vocabularies were one; `distribution` was
 * chosen as the whole word, and it is what the scenario files already had).
 * Other mistakes keep zod's own message.
 */
export function wrongKeyError(issue: { input?: unknown }): string | undefined {
  const v = issue.input;
  if (typeof v === 'object' && v !== null && 'dist' in v && !('distribution' in v)) return '"dist" is not a key here; write "distribution"';
  return undefined;
}

export const DistributionSchema = z.discriminatedUnion('distribution', [
  ConstantSchema,
  UniformSchema,
  ExponentialSchema,
  LognormalSchema,
  WeibullSchema,
  ParetoSchema,
  GammaSchema,
  UniformIntSchema,
  PowerOfTwoSchema,
  ChoiceSchema,
  EmpiricalSchema,
], { error: wrongKeyError });

export type DistributionSpec = z.infer<typeof DistributionSchema>;

/** Traces already read, by the path written in the spec (empirical distributions and replayed arrivals use them). */
export type TraceTable = ReadonlyMap<string, Workload>;

export function samplerFor(spec: DistributionSpec, traces: TraceTable = new Map()): Sampler {
  switch (spec.distribution) {
    case 'constant':
      return constantSampler(spec);
    case 'uniform':
      return uniformSampler(spec);
    case 'exponential':
      return exponentialSampler(spec);
    case 'lognormal':
      return lognormalSampler(spec);
    case 'weibull':
      return weibullSampler(spec);
    case 'pareto':
      return paretoSampler(spec);
    case 'gamma':
      return gammaSampler(spec);
    case 'uniform-int':
      return uniformIntSampler(spec);
    case 'pow2':
      return powerOfTwoSampler(spec);
    case 'choice':
      return choiceSampler(spec);
    case 'empirical': {
      if (spec.values) return empiricalSampler(spec.values);
      const workload = traces.get(spec.trace!);
      if (!workload) throw new RangeError(`trace ${JSON.stringify(spec.trace)} was not read before generating`);
      const values = traceValues(workload, spec.field);
      if (values.length === 0) throw new RangeError(`trace ${JSON.stringify(spec.trace)} has no values of ${spec.field}`);
      return empiricalSampler(values);
    }
  }
}
