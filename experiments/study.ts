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
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError, UsageError } from '../sim/errors.ts';
import type { ExperimentConfig } from './config.ts';
import { loadConfigFile } from './config-file.ts';
import { toJson, writeFileAtomicShared } from './files.ts';
import { describeInput, type InputRecord } from './inputs.ts';
import { buildManifest, MANIFEST, readFailure, readManifest, removeStaleTemporaries, runDir, runState, writeFailure } from './layout.ts';
import { writeStudyFiles } from './merge.ts';
import { gridPoints, planRuns, runSettings, type PlannedRun, type RunSettings } from './plan.ts';
import { WorkerPool } from './pool.ts';
import { Progress } from './progress.ts';
import type { ExperimentManifest, StudySummary } from './results-schema.ts';
import { workloadKey, type RunSpec } from './run-one.ts';
import { shardOf, type Shard } from './shard.ts';

export interface StudyOptions {
  configFile: string;
  out: string;
  workers: number;
  resume?: boolean;
  /** Also rerun runs that failed before (they count as done otherwise). */
  retryFailed?: boolean;
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
  if (s.workload.trace !== undefined) s.workload.trace = resolve(baseDir, s.workload.trace);
  if (typeof s.workload.generate === 'string') s.workload.generate = resolve(baseDir, s.workload.generate);
  if (s.cluster?.file !== undefined) s.cluster.file = resolve(baseDir, s.cluster.file);
  return s;
}

/** The input files a run reads, as [role, absolute path]. */
function inputPaths(settings: RunSettings): [string, string][] {
  const paths: [string, string][] = [];
  if (settings.workload.trace !== undefined) paths.push(['trace', settings.workload.trace]);
  if (typeof settings.workload.generate === 'string') paths.push(['generator', settings.workload.generate]);
  if (settings.cluster?.file !== undefined) paths.push(['cluster', settings.cluster.file]);
  return paths;
}

interface Prepared {
  config: ExperimentConfig;
  manifest: ExperimentManifest;
  planned: PlannedRun[];
  specOf(run: PlannedRun, out: string): RunSpec;
  budgets: { wall_seconds: number | null; memory_mb: number | null };
}

/** Loads the config and hashes its inputs: everything a run, a shard or `validate` needs. */
export async function prepareStudy(configFile: string): Promise<Prepared> {
  const { config, budgets, baseDir } = loadConfigFile(configFile);
  const planned = planRuns(config);
  const points = gridPoints(config.grid);
  const settings = new Map<string, RunSettings>();
  const settingsOf = (variant: string, point: number) => {
    const key = `${variant}\u0000${point}`;
    let s = settings.get(key);
    if (!s) settings.set(key, (s = absolutize(runSettings(config, config.variants.find((v) => v.name === variant)!, points[point]!), baseDir)));
    return s;
  };
  const records = new Map<string, InputRecord>();
  for (const run of planned) {
    for (const [role, path] of inputPaths(settingsOf(run.variant, run.point))) {
      if (records.has(`${role}:${path}`)) continue;
      if (!existsSync(path)) throw new InputError(`${role} file not found: ${path}`, { file: configFile });
      records.set(`${role}:${path}`, await describeInput(role, path));
    }
  }
  const manifest = buildManifest(config, [...records.values()], planned);
  return {
    config,
    manifest,
    planned,
    budgets,
    specOf(run, out) {
      const s = settingsOf(run.variant, run.point);
      return {
        run_id: run.run_id,
        variant: run.variant,
        params: run.params,
        seed: run.seed,
        settings: s,
        base_dir: baseDir,
        outputs: config.outputs,
        run_dir: resolve(runDir(out, run.run_id)),
        inputs: inputPaths(s).map(([role, path]) => records.get(`${role}:${path}`)!),
        study_sha256: manifest.study_sha256,
      };
    },
  };
}

/** Checks that `out` may receive this study; throws a UsageError saying what to do otherwise. */
function checkDirectory(out: string, manifest: ExperimentManifest, mayContinue: boolean): void {
  const existing = readManifest(out);
  if (existing) {
    if (existing.study_sha256 !== manifest.study_sha256) {
      throw new UsageError(
        `${out} holds results of another study (study_sha256 ${existing.study_sha256.slice(0, 12)}…; this config gives ${manifest.study_sha256.slice(0, 12)}…): a different config, input or clusterlab version; choose another --out`,
      );
    }
    if (!mayContinue) throw new UsageError(`${out} already holds results of this study; pass --resume to finish it (finished runs are kept), or choose another --out`);
  } else if (existsSync(out) && readdirSync(out).some((name) => name !== 'runs' && !/^manifest\.json\..*\.tmp$/.test(name))) {
    // (runs/ and a manifest being written are what another shard starting at the same moment leaves.)
    throw new UsageError(`${out} exists and is not a clusterlab results directory (no manifest.json); choose another --out`);
  }
}

export async function runStudy(options: StudyOptions): Promise<StudyResult> {
  const log = options.log ?? (() => {});
  const prepared = await prepareStudy(options.configFile);
  const { manifest, planned, config } = prepared;
  const shard = options.shard && options.shard.count > 1 ? options.shard : null;
  const out = options.out;
  checkDirectory(out, manifest, Boolean(options.resume) || shard !== null);
  writeFileAtomicShared(join(out, MANIFEST), toJson(manifest));

  const mine = shardOf(planned, shard);
  const todo = mine.filter((r) => {
    const state = runState(out, r.run_id, config.outputs);
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
    const pool = new WorkerPool({
      workers: options.workers,
      wallSeconds: options.wallSeconds !== undefined ? options.wallSeconds : prepared.budgets.wall_seconds,
      memoryMb: options.memoryMb !== undefined ? options.memoryMb : prepared.budgets.memory_mb,
    });
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
      await pool.close();
    }
  }
  const result: StudyResult = { manifest, selected: mine.length, skipped: mine.length - todo.length, ran, failures: [], interrupted, summary: null };
  if (interrupted) return result;
  if (shard) {
    for (const r of mine) {
      if (runState(out, r.run_id, config.outputs) === 'failed') result.failures.push({ run_id: r.run_id, reason: readFailure(out, r.run_id).reason });
    }
    return result;
  }
  removeStaleTemporaries(out);
  result.summary = writeStudyFiles(out, manifest);
  result.failures = result.summary.failures.map((f) => ({ run_id: f.run_id, reason: f.reason }));
  return result;
}
