/**
 * A synthetic parallel workload for benchmarks, written as SWF: Poisson
 * arrivals, job sizes log-uniform over powers of two, lognormal runtimes and
 * estimates that overestimate by a uniform factor in [1, 5]. The arrival rate
 * is set for a target offered load on the machine.
 */
import { Rng, exponential } from '../sim/rng.ts';

export interface SyntheticSpec {
  jobs: number;
  procs: number;
  load: number;
  seed: number;
}

export function* syntheticSwfLines(spec: SyntheticSpec): Generator<string> {
  const rng = new Rng(spec.seed);
  const arrivals = rng.stream('arrivals');
  const sizes = rng.stream('sizes');
  const runtimes = rng.stream('runtimes');
  const estimates = rng.stream('estimates');
  const maxLog = Math.log2(Math.min(256, spec.procs));
  // E[size] for 2^U, U uniform on [0, maxLog] rounded down to an integer exponent
  let meanSize = 0;
  for (let k = 0; k <= maxLog; k++) meanSize += 2 ** k / (Math.floor(maxLog) + 1);
  const mu = 6.5;
  const sigma = 1.6;
  const meanRuntime = Math.exp(mu + (sigma * sigma) / 2);
  const meanGap = (meanSize * meanRuntime) / (spec.load * spec.procs);
  yield `; MaxProcs: ${spec.procs}`;
  yield `; MaxNodes: ${spec.procs}`;
  yield `; Note: synthetic benchmark workload, ${spec.jobs} jobs, offered load ${spec.load}, seed ${spec.seed}`;
  let t = 0;
  for (let i = 1; i <= spec.jobs; i++) {
    t += exponential(arrivals, meanGap);
    const size = 2 ** Math.floor(sizes() * (Math.floor(maxLog) + 1));
    // Box-Muller for a normal variate
    const z = Math.sqrt(-2 * Math.log(1 - runtimes())) * Math.cos(2 * Math.PI * runtimes());
    const runtime = Math.max(1, Math.round(Math.exp(mu + sigma * z)));
    const estimate = Math.round(runtime * (1 + 4 * estimates()));
    yield `${i} ${Math.floor(t)} -1 ${runtime} ${size} -1 -1 ${size} ${estimate} -1 1 ${1 + (i % 97)} 1 -1 -1 -1 -1 -1`;
  }
}
