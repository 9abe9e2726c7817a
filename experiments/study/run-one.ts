/**
 * One run of a study: `runOne(spec)` reads (or reuses) the workload, runs the
 * simulation and writes the run's directory, exactly as `clusterlab simulate
 * --out` does (run-files.ts). The worker threads call it; so can anything
 * in-process (tests). A RunSpec is plain JSON, so it crosses thread and
 * process boundaries unchanged.
 */
import { readFileSync, rmSync } from 'node:fs';
import { fsReason } from '../../sim/fs-errors.ts';
import { basename, dirname, relative, resolve, sep } from 'node:path';
import { InputError } from '../../sim/errors.ts';
import type { Workload } from '../../workloads/workload.ts';
import type { GridValue, Outputs } from './config.ts';
import type { InputRecord } from '../results/inputs.ts';
import { loadWorkload } from '../run/load.ts';
import type { RunSettings } from './plan.ts';
import { mapFileParams } from './policy-kinds.ts';
import { manifestOf } from '../run/results.ts';
import { simulateToFiles, type RunFileChoice } from '../run/run-files.ts';
import { inputsKey, runInputs } from '../run/run-inputs.ts';
import type { Scenario } from '../scenario/schema.ts';
import type { SimulationOptions } from '../run/simulate.ts';
import { VERSION } from '../results/version.ts';

export interface RunSpec {
  run_id: string;
  variant: string;
  params: Record<string, GridValue>;
  seed: number;
  /** Workload, cluster, simulation and policies, with absolute paths. */
  settings: RunSettings;
  /** Scenario studies: the scenario of this variant and grid point, resolved and validated (scenario-study.ts). */
  scenario: { file: string; resolved: Scenario } | null;
  /** Directory of the config file (an inline generator spec reads its traces from there). */
  base_dir: string;
  outputs: Outputs;
  /** Absolute directory of this run's files (DIR/runs/<run_id>). */
  run_dir: string;
  /** The input files, for the run's manifest (names without directories, sizes, sha256). */
  inputs: InputRecord[];
  /** sha256 of every input file of the study by absolute path: what the workers' caches are keyed by. */
  hashes: Record<string, string>;
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

/** Files a finished run's directory holds, in the order its manifest lists them; `dynamic` for scenario runs. */
export function runFiles(outputs: Outputs, dynamic = false): string[] {
  return [
    ...(outputs.jobs ? ['jobs.csv', 'nodes.csv'] : []),
    'summary.json',
    ...(outputs.timeseries ? ['timeseries.csv'] : []),
    ...(outputs.events ? ['events.csv'] : []),
    ...(dynamic ? ['system-events.csv'] : []),
    ...(outputs.decisions ? ['decisions.jsonl'] : []),
    'manifest.json',
  ];
}

/** Runs with the same key share a workload (the pool sends them to the same worker when it can). */
export function workloadKey(spec: RunSpec): string {
  if (spec.scenario) return JSON.stringify({ scenario: spec.scenario.file, batch: spec.scenario.resolved.batch?.trace ?? null });
  const { workload, cluster } = spec.settings;
  return inputsKey({ workload: workload!, cluster, seed: spec.seed, baseDir: spec.base_dir, hashes: spec.hashes });
}

/** Reads (or generates) what the run needs into the worker's caches; the pool calls it before the wall-time budget starts. */
export async function prepareRun(spec: RunSpec): Promise<void> {
  if (spec.scenario) await scenarioTraceJobs(spec);
  else await runInputs({ workload: spec.settings.workload!, cluster: spec.settings.cluster, seed: spec.seed, baseDir: spec.base_dir, hashes: spec.hashes });
}

/** The batch jobs of a scenario's `batch.trace`, read once per worker (keyed by the file's sha256). */
const scenarioTraces = new Map<string, Promise<Workload>>();
function scenarioTraceJobs(spec: RunSpec): Promise<Workload | null> {
  const trace = spec.scenario!.resolved.batch?.trace;
  if (!trace) return Promise.resolve(null);
  const path = resolve(dirname(spec.scenario!.file), trace);
  const key = spec.hashes[path] ?? path;
  let p = scenarioTraces.get(key);
  if (!p) {
    if (scenarioTraces.size >= 2) scenarioTraces.delete(scenarioTraces.keys().next().value!);
    scenarioTraces.set(key, (p = loadWorkload(path)));
    p.catch(() => scenarioTraces.delete(key));
  }
  return p;
}

/**
 * The Kubernetes-style scheduler of a variant, when it chose `scheduler: kube`.
 * (Its modules, like the scenario builder's, are imported when a run needs
 * them: a worker that replays traces under batch schedulers starts faster,
 * and worker start-up is time the pool cannot overlap with runs.)
 */
async function kubeChoice(settings: RunSettings): Promise<Pick<SimulationOptions, 'policy' | 'schedulerDescription' | 'unschedulable'>> {
  const ref = settings.policies.scheduler;
  if (!ref || ref.name !== 'kube') return {};
  const { frameworkFromConfig } = await import('../run/scheduler-choice.ts');
  const file = ref.params.config as string | undefined;
  let text: string | null = null;
  if (file !== undefined) {
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new InputError(`cannot read: ${fsReason(err)}`, { file });
    }
  }
  const unschedulable = (ref.params.unschedulable as 'auto' | 'wait' | 'reject' | undefined) ?? 'auto';
  return {
    policy: frameworkFromConfig(text, file ?? '<default profile>', { unschedulable }),
    // The file's name only: results do not depend on where the config lives (its bytes are in `inputs`).
    schedulerDescription: { kind: 'kube', config: file === undefined ? null : basename(file) },
    unschedulable,
  };
}

/**
 * The policies as a run's manifest records them: file parameters (a scheduler
 * config) relative to the config file's directory, as written. Results must
 * not depend on where the study lives (shards on other machines mount it
 * elsewhere); the files' bytes are in `inputs`.
 */
function recordedPolicies(policies: RunSettings['policies'], baseDir: string): RunSettings['policies'] {
  return mapFileParams(policies, (path) => relative(baseDir, path).split(sep).join('/'));
}

export async function runOne(spec: RunSpec): Promise<RunReport> {
  if (spec.scenario) return runScenarioSpec(spec);
  const { workload, cluster } = await runInputs({ workload: spec.settings.workload!, cluster: spec.settings.cluster, seed: spec.seed, baseDir: spec.base_dir, hashes: spec.hashes });
  if (workload.jobs.length === 0) throw new InputError(`no jobs to simulate (dropped: ${JSON.stringify(workload.dropped)})`, { file: workload.source.file });
  const { simulation, policies, workload: w } = spec.settings;
  const options: SimulationOptions & RunFileChoice = {
    queue: policies.queue!.name,
    backfill: policies.backfill!.name,
    placement: policies.placement!.name,
    overrun: simulation.overrun,
    sampleStep: simulation.sample_step!,
    seed: spec.seed,
    maxSteps: simulation.max_steps ?? undefined,
    keepJobs: spec.outputs.jobs,
    keepTimeseries: spec.outputs.timeseries,
    keepEvents: spec.outputs.events,
    explainDecisions: spec.outputs.decisions,
    ...(await kubeChoice(spec.settings)),
  };
  const reader = {
    format: workload.source.format,
    ...(w!.swf ?? {}),
    // The machine size given to the SWF reader, as `simulate` records it.
    machineProcs: spec.settings.cluster?.procs,
    procsPerNode: spec.settings.cluster?.procs_per_node,
    ...(w!.transforms && w!.transforms.length > 0 ? { transforms: w!.transforms } : {}),
  };
  const manifest = {
    ...manifestOf('run', VERSION, spec.inputs, options, reader),
    files: runFiles(spec.outputs),
    experiment: { study_sha256: spec.study_sha256, run_id: spec.run_id, variant: spec.variant, params: spec.params, seed: spec.seed, policies: recordedPolicies(policies, spec.base_dir) },
  };
  // A run that was interrupted may have left files; a run's directory is always written from scratch.
  rmSync(spec.run_dir, { recursive: true, force: true });
  const t0 = performance.now();
  const { output } = simulateToFiles(workload, cluster, options, spec.run_dir, manifest);
  return { run_id: spec.run_id, events: output.result.events, instants: output.result.steps, seconds: (performance.now() - t0) / 1000 };
}

/** A run of a scenario study: built from the resolved scenario and the run's seed, written as `clusterlab scenario --out` writes a variant. */
async function runScenarioSpec(spec: RunSpec): Promise<RunReport> {
  const { file, resolved } = spec.scenario!;
  const { simulation, policies } = spec.settings;
  const scenario: Scenario = simulation.sample_step === null ? resolved : { ...resolved, sampleStep: simulation.sample_step };
  const dir = dirname(file);
  const [{ buildScenario }, { readTextFile }, { scenarioSimulationOptions, scenarioSummaryKeys, scenarioWorkload }] = await Promise.all([
    import('../scenario/build.ts'),
    import('../scenario/load.ts'),
    import('../scenario/run.ts'),
  ]);
  const traceJobs = (await scenarioTraceJobs(spec))?.jobs;
  const built = buildScenario(scenario, { seed: spec.seed, readText: (path) => readTextFile(resolve(dir, path)), traceJobs });
  const options = {
    ...scenarioSimulationOptions(built, spec.seed, { maxSteps: simulation.max_steps ?? undefined }),
    keepJobs: spec.outputs.jobs,
    keepTimeseries: spec.outputs.timeseries,
    keepEvents: spec.outputs.events,
    explainDecisions: spec.outputs.decisions,
    systemEvents: true,
    summaryExtra: (out: { result: Parameters<typeof scenarioSummaryKeys>[2] }) => scenarioSummaryKeys(built, spec.variant, out.result),
  };
  const manifest = {
    clusterlab: VERSION,
    command: 'run',
    inputs: spec.inputs,
    reader: { format: 'scenario' },
    options: { scheduler: scenario.scheduler, sample_step: scenario.sampleStep, horizon: scenario.horizon },
    seed: spec.seed,
    files: runFiles(spec.outputs, true),
    experiment: { study_sha256: spec.study_sha256, run_id: spec.run_id, variant: spec.variant, params: spec.params, seed: spec.seed, policies: recordedPolicies(policies, spec.base_dir) },
  };
  rmSync(spec.run_dir, { recursive: true, force: true });
  const t0 = performance.now();
  const { output } = simulateToFiles(scenarioWorkload(built), built.cluster, options, spec.run_dir, manifest);
  return { run_id: spec.run_id, events: output.result.events, instants: output.result.steps, seconds: (performance.now() - t0) / 1000 };
}
