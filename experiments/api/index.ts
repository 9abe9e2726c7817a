/**
 * The library: `import { readTrace, simulate, ... } from 'clusterlab'`.
 * Each function is what the command line runs (the commands call them), so a
 * script gets the same bytes as `clusterlab simulate`, `run` and `compare`.
 * Schedulers are written against 'clusterlab/policy'; the parsers and the
 * simulation for a browser are in 'clusterlab/browser'.
 */
import { join } from 'node:path';
import { readStudy, summaryFor, type StudyResults } from '../study/read-results.ts';
import { runStudy as runStudyFiles, type StudyResult } from '../study/study.ts';
import { Progress } from '../study/progress.ts';
import { loadConfigFile } from '../study/config-file.ts';
import type { StudySummary } from '../results/results-schema.ts';
import { generateWorkload as generate } from '../../workloads/generate.ts';
import { validateGeneratorSpec, type GeneratorSpecInput } from '../../workloads/spec.ts';
import type { Workload } from '../../workloads/workload.ts';

export { readTrace, transformTrace, type ReadTraceOptions, type Trace } from './trace.ts';
export type { TransformSpecInput } from '../../workloads/transforms/index.ts';
export { simulate, writeResults, type SimulateOptions, type SimulationRun } from './simulate.ts';
export { clusterFor } from '../run/load.ts';
export { estimate, pairedDifference, type Estimate, type PairedEstimate } from '../results/statistics.ts';
export { compareRows, renderComparison, DEFAULT_METRICS, type CompareFormat, type CompareRow } from '../study/compare.ts';
export { InputError, SimulationError, UsageError } from '../../sim/errors.ts';
export type { ClusterSpec } from '../../sim/cluster.ts';
export type { RunMetrics } from '../../sim/metrics.ts';
export type { Workload } from '../../workloads/workload.ts';
export type { GeneratorSpecInput } from '../../workloads/spec.ts';
export type { StudySummary } from '../results/results-schema.ts';
export type { StudyResults } from '../study/read-results.ts';
export type { StudyResult } from '../study/study.ts';
export { VERSION } from '../results/version.ts';

/**
 * A synthetic workload from a generator spec (as `clusterlab workload
 * generate` reads from a file: the object the YAML gives) and a seed.
 */
export function generateWorkload(spec: GeneratorSpecInput, seed: number): Workload {
  return generate(validateGeneratorSpec(spec, '<spec>'), seed);
}

export interface RunStudyOptions {
  /** Worker threads (default 1). */
  workers?: number;
  /** Results directory (default results/<study name>). */
  out?: string;
  /** Finish a study already in `out`. */
  resume?: boolean;
  /** Status lines; by default none. */
  log?: (line: string) => void;
  /** Show the progress on stderr (default false). */
  progress?: boolean;
  signal?: AbortSignal;
}

/** Progress that says nothing (a script's own output stays its own). */
class Silent extends Progress {
  override start(): void {}
  override end(): void {}
  override stop(): void {}
}

/** Runs every variant x grid point x seed of an experiment config file, as `clusterlab run` does; returns where and what. */
export async function runStudy(configFile: string, options: RunStudyOptions = {}): Promise<StudyResult & { out: string }> {
  const out = options.out ?? join('results', loadConfigFile(configFile).config.name);
  const result = await runStudyFiles({
    configFile,
    out,
    workers: options.workers ?? 1,
    resume: options.resume,
    signal: options.signal,
    log: options.log,
    progress: options.progress ? undefined : new Silent(),
  });
  return { ...result, out };
}

/** A finished study's runs and its summary (means, intervals, paired differences with `baseline`), as `clusterlab compare` reads them. */
export function readResults(dir: string, baseline?: string): { study: StudyResults; summary: StudySummary } {
  const study = readStudy(dir);
  return { study, summary: summaryFor(dir, study, baseline) };
}
