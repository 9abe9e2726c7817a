/**
 * One run of a study: `runOne(spec)` reads (or reuses) the workload, runs the
 * simulation and writes the run's directory, exactly as `clusterlab simulate
 * --out` does (run-files.ts). The worker threads call it; so can anything
 * in-process (tests). A RunSpec is plain JSON, so it crosses thread and
 * process boundaries unchanged.
 */
import { rmSync } from 'node:fs';
import { InputError } from '../sim/errors.ts';
import type { Workload } from '../workloads/workload.ts';
import type { GridValue, Outputs } from './config.ts';
import type { InputRecord } from './inputs.ts';
import type { RunSettings } from './plan.ts';
import { manifestOf } from './results.ts';
import { simulateToDirectory, type RunFileChoice } from './run-files.ts';
import type { SimulationOptions } from './simulate.ts';
import { VERSION } from './version.ts';
import { resolveCluster, resolveWorkload, workloadUsesSeed } from './workload-spec.ts';

export interface RunSpec {
  run_id: string;
  variant: string;
  params: Record<string, GridValue>;
  seed: number;
  /** Workload, cluster, simulation and policies, with absolute paths. */
  settings: RunSettings;
  /** Directory of the config file (generators resolve their own relative paths from it). */
  base_dir: string;
  outputs: Outputs;
  /** Absolute directory of this run's files (DIR/runs/<run_id>). */
  run_dir: string;
  /** The input files, for the run's manifest (names without directories, sizes, sha256). */
  inputs: InputRecord[];
  study_sha256: string;
}

/** What the pool learns of a finished run: for progress only (its results are on disk). */
export interface RunReport {
  run_id: string;
  events: number;
  instants: number;
  /** Wall time of the simulation and writing, seconds; goes to stderr, never into results. */
  seconds: number;
}

/** Files a finished run's directory holds, in the order its manifest lists them. */
export function runFiles(outputs: Outputs): string[] {
  return [
    ...(outputs.jobs ? ['jobs.csv'] : []),
    'summary.json',
    ...(outputs.timeseries ? ['timeseries.csv'] : []),
    ...(outputs.events ? ['events.csv'] : []),
    ...(outputs.decisions ? ['decisions.jsonl'] : []),
    'manifest.json',
  ];
}

/**
 * Loaded workloads, most recent last. A worker usually runs many runs of one
 * workload (the variants of a seed, or every run of a trace replay), so
 * reading it once per worker saves most of a run's time on small studies.
 */
const cache = new Map<string, Promise<Workload>>();
const CACHE_SIZE = 2;

/** Runs with the same key share a workload (the pool sends them to the same worker when it can). */
export function workloadKey(spec: RunSpec): string {
  const { workload, cluster } = spec.settings;
  // The cluster matters to the SWF reader (jobs wider than `procs` are dropped).
  return JSON.stringify({ workload, cluster, seed: workloadUsesSeed(workload) ? spec.seed : null });
}

/** The workload of `spec`, read once per worker and kept for the next runs. */
export function workloadFor(spec: RunSpec): Promise<Workload> {
  const key = workloadKey(spec);
  let entry = cache.get(key);
  if (entry) cache.delete(key);
  else {
    entry = resolveWorkload(spec.settings.workload, spec.settings.cluster ?? undefined, spec.seed, spec.base_dir);
    entry.catch(() => cache.delete(key));
  }
  cache.set(key, entry);
  while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return entry;
}

export async function runOne(spec: RunSpec): Promise<RunReport> {
  const workload = await workloadFor(spec);
  if (workload.jobs.length === 0) throw new InputError(`no jobs to simulate (dropped: ${JSON.stringify(workload.dropped)})`, { file: workload.source.file });
  const cluster = await resolveCluster(spec.settings.cluster ?? undefined, workload);
  const { simulation, policies, workload: w } = spec.settings;
  const options: SimulationOptions & RunFileChoice = {
    queue: policies.queue!.name,
    backfill: policies.backfill!.name,
    placement: policies.placement!.name,
    overrun: simulation.overrun,
    sampleStep: simulation.sample_step,
    seed: spec.seed,
    maxSteps: simulation.max_steps ?? undefined,
    keepJobs: spec.outputs.jobs,
    keepTimeseries: spec.outputs.timeseries,
    keepEvents: spec.outputs.events,
    explainDecisions: spec.outputs.decisions,
  };
  const manifest = {
    // The reader's options as `simulate` records them (the machine size given to the SWF reader included).
    ...manifestOf('run', VERSION, spec.inputs, options, { format: workload.source.format, ...(w.swf ?? {}), machineProcs: spec.settings.cluster?.procs, procsPerNode: spec.settings.cluster?.procs_per_node }),
    files: runFiles(spec.outputs),
    experiment: { study_sha256: spec.study_sha256, run_id: spec.run_id, variant: spec.variant, params: spec.params, seed: spec.seed, policies },
  };
  // A run that was interrupted may have left files; a run's directory is always written from scratch.
  rmSync(spec.run_dir, { recursive: true, force: true });
  const t0 = performance.now();
  const { output } = simulateToDirectory(workload, cluster, options, spec.run_dir, manifest);
  return { run_id: spec.run_id, events: output.result.events, instants: output.result.steps, seconds: (performance.now() - t0) / 1000 };
}
