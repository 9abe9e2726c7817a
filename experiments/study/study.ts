/**
 * Running a study (or one shard of it) into a results directory:
 *
 *  1. load and resolve the config; hash the inputs; build the manifest, whose
 *     study_sha256 identifies the study;
 *  2. check the directory: empty, or holding this very study (with --resume,
 *     or always for a shard, so a retried shard picks up where it stopped);
 *  3. write the manifest, then run every run of this shard that has no
 *     finished (or failed) directory yet, in the worker pool;
 *  4. without shards, write runs.csv and summary.json from the run
 *     directories (merge.ts), exactly as `clusterlab merge` would.
 *
 * An abort (Ctrl-C) terminates the workers and leaves the directory as it is:
 * finished runs stay, partial ones are rewritten on resume.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { fsReason } from '../../sim/fs-errors.ts';
import { dirname, join, resolve } from 'node:path';
import { InputError, UsageError } from '../../sim/errors.ts';
import { valueAt, type ExperimentConfig, type GridValue } from './config.ts';
import { loadConfigFile, type LoadedConfig } from './config-file.ts';
import { toJson, writeFileAtomicShared } from '../results/files.ts';
import { describeInput, type InputRecord } from '../results/inputs.ts';
import { claimOutDir, resultsOf } from '../results/out-dir.ts';
import { buildManifest, MANIFEST, readFailure, readManifest, removeStaleTemporaries, runDir, runState, writeFailure } from './layout.ts';
import { writeStudyFiles } from './merge.ts';
import { gridPoints, planRuns, runSettings, type PlannedRun, type RunSettings } from './plan.ts';
import { WorkerPool } from './pool.ts';
import { workerBundle } from './worker-bundle.ts';
import { Progress } from './progress.ts';
import type { ExperimentManifest, StudySummary } from '../results/results-schema.ts';
import { workloadKey, type RunSpec } from './run-one.ts';
import { shardOf, type Shard } from './shard.ts';
import { machineProblem } from '../run/machine-check.ts';
import { mapFileParams, POLICY_KINDS } from './policy-kinds.ts';
import type { Scenario } from '../scenario/schema.ts';
import { readBaseScenario, resolveScenario, scenarioFiles } from './scenario-study.ts';
import { expandPaths } from '../../traces/node-read.ts';
import { traceReferences } from '../../workloads/generate.ts';
import { parseGeneratorSpec, type GeneratorSpec } from '../../workloads/spec.ts';
import { appendAll } from '../../sim/arrays.ts';

export interface StudyOptions {
  configFile: string;
  out: string;
  workers: number;
  resume?: boolean;
  /** Also rerun runs that failed before (they count as done otherwise). */
  retryFailed?: boolean;
  /** Replace whatever --out holds (another study, this study's runs, other files) whole. */
  force?: boolean;
  shard?: Shard | null;
  /** Override the config's budgets (undefined: keep the config's). */
  wallSeconds?: number | null;
  memoryMb?: number | null;
  progress?: Progress;
  /** Aborting stops the study cleanly (Ctrl-C). */
  signal?: AbortSignal;
  /** Status lines (stderr). */
  log?: (line: string) => void;
}

export interface StudyResult {
  manifest: ExperimentManifest;
  /** Runs of this invocation's shard (all runs without shards). */
  selected: number;
  /** Of those, already done before this invocation. */
  skipped: number;
  /** Runs that ended in this invocation. */
  ran: number;
  /** Failed runs of the shard (of the study without shards), with reasons. */
  failures: { run_id: string; reason: string }[];
  interrupted: boolean;
  /** The study summary, when this invocation wrote the study files. */
  summary: StudySummary | null;
}

/** Paths of a run's settings made absolute, from the config file's directory. */
function absolutize(settings: RunSettings, baseDir: string): RunSettings {
  const s = structuredClone(settings);
  if (s.workload?.trace !== undefined) s.workload.trace = resolve(baseDir, s.workload.trace);
  if (typeof s.workload?.generate === 'string') s.workload.generate = resolve(baseDir, s.workload.generate);
  if (s.cluster?.file !== undefined) s.cluster.file = resolve(baseDir, s.cluster.file);
  if (s.scenario) s.scenario.file = resolve(baseDir, s.scenario.file);
  s.policies = mapFileParams(s.policies, (path) => resolve(baseDir, path));
  return s;
}

/** An input file of a run: its role, absolute path, and the config field that names it (for errors). */
interface InputRef {
  role: string;
  path: string;
  /** The config path as written (`workload.trace`, `scheduler.params.config`), or a grid axis's. */
  field: string[];
}

/** The input files a run's settings name directly, as [role, absolute path, config field]. */
function namedInputs(settings: RunSettings): InputRef[] {
  const refs: InputRef[] = [];
  if (settings.workload?.trace !== undefined) refs.push({ role: 'trace', path: settings.workload.trace, field: ['workload', 'trace'] });
  if (typeof settings.workload?.generate === 'string') refs.push({ role: 'generator', path: settings.workload.generate, field: ['workload', 'generate'] });
  if (settings.cluster?.file !== undefined) refs.push({ role: 'cluster', path: settings.cluster.file, field: ['cluster', 'file'] });
  if (settings.scenario) refs.push({ role: 'scenario', path: settings.scenario.file, field: ['scenario'] });
  for (const kind of POLICY_KINDS) {
    const ref = settings.policies[kind.key];
    for (const p of kind.fileParams ?? []) {
      if (ref && typeof ref.params[p] === 'string') refs.push({ role: `${kind.key}-${p}`, path: ref.params[p] as string, field: [kind.key, 'params', p] });
    }
  }
  return refs;
}

interface Prepared {
  config: ExperimentConfig;
  manifest: ExperimentManifest;
  planned: PlannedRun[];
  specOf(run: PlannedRun, out: string): RunSpec;
  budgets: { wall_seconds: number | null; memory_mb: number | null };
}

/**
 * Loads the config, checks what only the files can tell (they exist, the
 * machine is known, a generator spec or a scenario is valid for every variant
 * and grid point) and hashes the inputs: everything a run, a shard or
 * `validate` needs. Problems name the config file, line and field.
 */
export async function prepareStudy(configFile: string, loaded: LoadedConfig = loadConfigFile(configFile)): Promise<Prepared> {
  const { config, budgets, baseDir } = loaded;
  const planned = planRuns(config);
  const points = gridPoints(config.grid);
  const variantIndex = new Map(config.variants.map((v, i) => [v.name, i]));
  const settings = new Map<string, RunSettings>();
  const settingsOf = (variant: string, point: number) => {
    const key = `${variant}\u0000${point}`;
    let s = settings.get(key);
    if (!s) settings.set(key, (s = absolutize(runSettings(config, config.variants[variantIndex.get(variant)!]!, points[point]!), baseDir)));
    return s;
  };
  const study: StudyBeingPrepared = { loaded, points, variantIndex, records: new Map(), hashes: new Map(), checkedMachines: new Set(), bases: new Map() };
  const runInputs = new Map<string, string[]>(); // (variant, point) → its input files, for the run manifest
  const scenarios = new Map<string, Scenario>();
  for (const run of planned) {
    const key = `${run.variant}\u0000${run.point}`;
    if (runInputs.has(key)) continue;
    const { inputs, scenario } = await checkPoint(study, settingsOf(run.variant, run.point), run);
    runInputs.set(key, inputs);
    if (scenario) scenarios.set(key, scenario);
  }
  const manifest = buildManifest(config, [...study.records.values()], planned);
  const hashTable = Object.fromEntries([...study.hashes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    config,
    manifest,
    planned,
    budgets,
    specOf(run, out) {
      const key = `${run.variant}\u0000${run.point}`;
      const s = settingsOf(run.variant, run.point);
      const scenario = scenarios.get(key);
      return {
        run_id: run.run_id,
        variant: run.variant,
        params: run.params,
        seed: run.seed,
        settings: s,
        scenario: scenario ? { file: s.scenario!.file, resolved: scenario } : null,
        base_dir: baseDir,
        outputs: config.outputs,
        run_dir: resolve(runDir(out, run.run_id)),
        inputs: runInputs.get(key)!.map((k) => study.records.get(k)!),
        hashes: hashTable,
        study_sha256: manifest.study_sha256,
      };
    },
  };
}

/** What prepareStudy gathers while it checks each (variant, grid point). */
interface StudyBeingPrepared {
  loaded: LoadedConfig;
  points: GridValue[][];
  variantIndex: Map<string, number>;
  /** `role:absolute path` → the input's record, in the order first read. */
  records: Map<string, InputRecord>;
  /** Absolute path → sha256. */
  hashes: Map<string, string>;
  checkedMachines: Set<string>;
  /** Scenario file → its base scenario, read once. */
  bases: Map<string, Record<string, unknown>>;
}

/**
 * The input files (`role:path`) of one (variant, grid point), each hashed once,
 * and its scenario resolved; throws the config problem that makes its runs
 * impossible (a missing file, an unknown machine, an invalid spec or scenario).
 */
async function checkPoint(study: StudyBeingPrepared, s: RunSettings, run: PlannedRun): Promise<{ inputs: string[]; scenario: Scenario | null }> {
  const { config, baseDir } = study.loaded;
  const mine: string[] = [];
  for (const ref of namedInputs(s)) appendAll(mine, (await recordInput(study, ref.role, ref.path, fieldOf(study, ref.field, run.variant, run.point))).map((f) => `${ref.role}:${f}`));
  if (s.workload) {
    const w = s.workload;
    const field = fieldOf(study, w.trace !== undefined ? ['workload', 'trace'] : ['workload', 'generate'], run.variant, run.point);
    // The machine must be known before anything runs (else every run fails the same way).
    if (w.trace !== undefined && s.cluster === null && !study.checkedMachines.has(`${w.trace}\u0000${w.format}`)) {
      study.checkedMachines.add(`${w.trace}\u0000${w.format}`);
      const message = await machineProblem(w.trace, w.format);
      if (message) throw study.loaded.problem({ path: field, message, value: configValue(study, field) });
    }
    // A generator spec is checked now, and the traces it names are inputs of the study.
    if (w.generate !== undefined) {
      const spec = typeof w.generate === 'string' ? readSpec(w.generate) : (w.generate as GeneratorSpec);
      const dir = typeof w.generate === 'string' ? dirname(w.generate) : baseDir;
      for (const t of traceReferences(spec)) appendAll(mine, (await recordInput(study, 'trace', resolve(dir, t), field)).map((f) => `trace:${f}`));
    }
  }
  let scenario: Scenario | null = null;
  if (s.scenario) {
    let base = study.bases.get(s.scenario.file);
    if (!base) study.bases.set(s.scenario.file, (base = readBaseScenario(s.scenario.file)));
    const variantIndex = study.variantIndex.get(run.variant)!;
    scenario = resolveScenario(base, s, { variantIndex, variant: config.variants[variantIndex]!, grid: config.grid, point: study.points[run.point]!, problem: study.loaded.problem });
    // Files the scenario reads, unless the config names them already (a scheduler config set by a variant).
    const named = new Set(mine.map((k) => k.slice(k.indexOf(':') + 1)));
    for (const f of scenarioFiles(scenario, s.scenario.file, config.seeds[0]!)) {
      if (!named.has(f)) appendAll(mine, (await recordInput(study, 'data', f, ['scenario'])).map((x) => `data:${x}`));
    }
  }
  return { inputs: [...new Set(mine)], scenario };
}

/** Hashes a file (or every trace file of a directory) once; returns the absolute paths. */
async function recordInput(study: StudyBeingPrepared, role: string, path: string, field: (string | number)[]): Promise<string[]> {
  if (!existsSync(path)) throw study.loaded.problem({ path: field, message: `file not found: ${path}`, value: configValue(study, field) ?? path });
  const files = statSync(path).isDirectory() ? (await expandPaths([path])).map((f) => f.path) : [path];
  for (const f of files) {
    if (!study.records.has(`${role}:${f}`)) {
      const r = await describeInput(role, f);
      study.records.set(`${role}:${f}`, r);
      study.hashes.set(f, r.sha256);
    }
  }
  return files;
}

/** The config field behind a setting: the grid axis that sets it at this point, else the variant's or the config's own. */
function fieldOf(study: StudyBeingPrepared, field: string[], variant: string, point: number): (string | number)[] {
  const { config } = study.loaded;
  const key = field.join('.');
  const axis = config.grid.findIndex((a) => a.key === key);
  if (axis >= 0) return ['grid', key, config.grid[axis]!.values.indexOf(study.points[point]![axis]!)];
  return POLICY_KINDS.some((k) => k.key === field[0]) ? ['variants', study.variantIndex.get(variant)!, ...field] : field;
}

/** The value of a config field as written in the config, for error messages. */
function configValue(study: StudyBeingPrepared, field: (string | number)[]): unknown {
  const { config } = study.loaded;
  if (field[0] === 'grid') return config.grid.find((a) => a.key === field[1])!.values[field[2] as number];
  if (field[0] === 'variants') return valueAt(config.variants[field[1] as number]!.policies, field.slice(2));
  return valueAt(config, field);
}

function readSpec(path: string): GeneratorSpec {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read the generator spec: ${fsReason(err)}`, { file: path });
  }
  return parseGeneratorSpec(text, path);
}

/**
 * Checks that `out` may receive this study; throws a UsageError saying what to do otherwise.
 * The rule of every command (out-dir.ts) but one difference: results of this very study are not
 * replaced by a plain rerun, since a study can hold hours of runs; --resume finishes them and
 * --force starts over.
 */
function checkDirectory(out: string, manifest: ExperimentManifest, mayContinue: boolean, force: boolean): void {
  if (force) {
    claimOutDir(out, { command: 'run', force: true });
    return;
  }
  const existing = readManifest(out);
  if (existing) {
    if (existing.study_sha256 !== manifest.study_sha256) {
      throw new UsageError(
        `${out} holds results of another study (study_sha256 ${existing.study_sha256.slice(0, 12)}…; this config gives ${manifest.study_sha256.slice(0, 12)}…): a different config, input or clusterlab version; choose another --out, or pass --force to replace it`,
      );
    }
    if (!mayContinue) throw new UsageError(`${out} already holds results of this study; pass --resume to finish it (finished runs are kept), --force to start over, or choose another --out`);
  } else if (existsSync(out) && !statSync(out).isDirectory()) {
    throw new UsageError(`${out}: is a file; --out names a directory`);
  } else if (existsSync(out) && readdirSync(out).some((name) => name !== 'runs' && !/^manifest\.json\..*\.tmp$/.test(name))) {
    // (runs/ and a manifest being written are what another shard starting at the same moment leaves.)
    const holds = resultsOf(out);
    throw new UsageError(`${out} holds ${holds === 'other' ? 'files that are not clusterlab results' : `results of clusterlab ${holds}`} (no study manifest); choose another --out, or pass --force to replace its content`);
  }
}

export async function runStudy(options: StudyOptions): Promise<StudyResult> {
  const log = options.log ?? (() => {});
  const loaded = loadConfigFile(options.configFile);
  const pool = new WorkerPool({
    entry: await workerBundle(),
    workers: options.workers,
    wallSeconds: options.wallSeconds !== undefined ? options.wallSeconds : loaded.budgets.wall_seconds,
    memoryMb: options.memoryMb !== undefined ? options.memoryMb : loaded.budgets.memory_mb,
  });
  try {
    // The workers start while the inputs are hashed and the directory is checked.
    pool.warm(Math.min(options.workers, shardOf(planRuns(loaded.config), options.shard && options.shard.count > 1 ? options.shard : null).length));
    return await runPrepared(options, await prepareStudy(options.configFile, loaded), pool, log);
  } finally {
    await pool.close();
  }
}

async function runPrepared(options: StudyOptions, prepared: Prepared, pool: WorkerPool, log: (line: string) => void): Promise<StudyResult> {
  const { manifest, planned, config } = prepared;
  const shard = options.shard && options.shard.count > 1 ? options.shard : null;
  const out = options.out;
  if (options.force && (options.resume || shard)) {
    // Shards of one study start at once into one --out: one shard's --force would remove another's runs.
    throw new UsageError(`--force cannot be combined with ${options.resume ? '--resume' : '--shard'}: it replaces ${out} whole${shard ? '; clear it once before starting the shards' : ''}`);
  }
  checkDirectory(out, manifest, Boolean(options.resume) || shard !== null, Boolean(options.force));
  writeFileAtomicShared(join(out, MANIFEST), toJson(manifest));

  const mine = shardOf(planned, shard);
  const dynamic = config.scenario !== null;
  const todo = mine.filter((r) => {
    const state = runState(out, r.run_id, config.outputs, dynamic);
    return state === 'missing' || (state === 'failed' && options.retryFailed);
  });
  const shape = `${config.variants.length} variant(s) x ${gridPoints(config.grid).length} grid point(s) x ${config.seeds.length} seed(s)`;
  log(
    `${config.name}: ${planned.length} runs (${shape})${shard ? `; shard ${shard.index}/${shard.count}: ${mine.length} runs` : ''}` +
      `${mine.length > todo.length ? `; ${mine.length - todo.length} already done` : ''}; running ${todo.length} on ${Math.min(options.workers, todo.length)} worker(s)`,
  );

  let interrupted = false;
  let ran = 0;
  if (todo.length > 0) {
    const onAbort = () => {
      interrupted = true;
      pool.cancel();
    };
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const progress = options.progress ?? new Progress();
    progress.start(todo.length);
    try {
      await pool.run(
        todo.map((r) => prepared.specOf(r, out)),
        workloadKey,
        (spec, outcome) => {
          ran++;
          if (outcome.ok) progress.end({ run_id: spec.run_id, ok: true, events: outcome.report.events, seconds: outcome.report.seconds });
          else {
            writeFailure(out, spec.run_id, manifest.study_sha256, outcome.reason);
            progress.end({ run_id: spec.run_id, ok: false, reason: outcome.reason });
          }
        },
      );
    } finally {
      progress.stop();
      options.signal?.removeEventListener('abort', onAbort);
    }
  }
  const result: StudyResult = { manifest, selected: mine.length, skipped: mine.length - todo.length, ran, failures: [], interrupted, summary: null };
  if (interrupted) return result;
  if (shard) {
    for (const r of mine) {
      if (runState(out, r.run_id, config.outputs, dynamic) === 'failed') result.failures.push({ run_id: r.run_id, reason: readFailure(out, r.run_id).reason });
    }
    return result;
  }
  removeStaleTemporaries(out);
  result.summary = writeStudyFiles(out, manifest);
  result.failures = result.summary.failures.map((f) => ({ run_id: f.run_id, reason: f.reason }));
  return result;
}
