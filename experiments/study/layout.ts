/**
 * Where things are in a study's results directory, and the state of each run
 * as the files say (the files are the only record: a run is finished when
 * every file it keeps is there, failed when failure.json is).
 *
 *   DIR/manifest.json  DIR/runs.csv  DIR/summary.json  DIR/runs/<run_id>/...
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../sim/errors.ts';
import type { ExperimentConfig, Outputs } from './config.ts';
import { toJson, writeFileAtomic } from '../results/files.ts';
import type { InputRecord } from '../results/inputs.ts';
import type { PlannedRun } from './plan.ts';
import { EXPERIMENT_FORMAT, ExperimentManifestSchema, FailureSchema, LAYOUT_VERSION, type ExperimentManifest, type Failure } from '../results/results-schema.ts';
import { runFiles } from './run-one.ts';
import { VERSION } from '../results/version.ts';

export const MANIFEST = 'manifest.json';
export const RUNS_CSV = 'runs.csv';
export const SUMMARY = 'summary.json';
export const RUNS = 'runs';
export const FAILURE = 'failure.json';

export function runDir(out: string, runId: string): string {
  return join(out, RUNS, runId);
}

/**
 * The study manifest. Its `study_sha256` hashes every other field, so two
 * manifests with the same hash describe the same study: same resolved config,
 * same input bytes, same clusterlab version, same runs.
 */
export function buildManifest(config: ExperimentConfig, inputs: InputRecord[], runs: PlannedRun[]): ExperimentManifest {
  const body = {
    format: EXPERIMENT_FORMAT,
    version: LAYOUT_VERSION,
    clusterlab: VERSION,
    name: config.name,
    config,
    inputs,
    runs: runs.map((r) => ({ run_id: r.run_id, variant: r.variant, point: r.point, params: r.params, seed: r.seed })),
  };
  const study_sha256 = createHash('sha256').update(JSON.stringify(body)).digest('hex');
  const { format, version, clusterlab, ...rest } = body;
  return { format, version, clusterlab, study_sha256, ...rest } as ExperimentManifest;
}

/** The manifest of the study in `out`, or null when there is none. */
export function readManifest(out: string): ExperimentManifest | null {
  const path = join(out, MANIFEST);
  if (!existsSync(path)) return null;
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(`not a study manifest: ${(err as Error).message}`, { file: path });
  }
  const parsed = ExperimentManifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`not a study manifest: ${issue.message}`, { file: path, field: issue.path.join('.') || '(manifest)' });
  }
  return parsed.data as ExperimentManifest;
}

export type RunState = 'ok' | 'failed' | 'missing';

/** `dynamic`: a scenario study's run (it also writes system-events.csv). */
export function runState(out: string, runId: string, outputs: Outputs, dynamic = false): RunState {
  const dir = runDir(out, runId);
  if (existsSync(join(dir, FAILURE))) return 'failed';
  return runFiles(outputs, dynamic).every((f) => existsSync(join(dir, f))) ? 'ok' : 'missing';
}

/** Records a failed run: its directory holds only failure.json. */
export function writeFailure(out: string, runId: string, studySha: string, reason: string): void {
  const dir = runDir(out, runId);
  rmSync(dir, { recursive: true, force: true });
  const failure: Failure = { run_id: runId, study_sha256: studySha, status: 'failed', reason };
  writeFileAtomic(join(dir, FAILURE), toJson(failure));
}

export function readFailure(out: string, runId: string): Failure {
  const path = join(runDir(out, runId), FAILURE);
  const parsed = FailureSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new InputError(`not a failure record: ${parsed.error.issues[0]!.message}`, { file: path });
  return parsed.data;
}

/** Run directories present in `out` (finished, failed or partial). */
export function listRunDirs(out: string): string[] {
  const dir = join(out, RUNS);
  return existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name) : [];
}

/** Removes temporary files a killed process left at the top of `out` (never inside runs: those are rewritten). */
export function removeStaleTemporaries(out: string): void {
  if (!existsSync(out)) return;
  for (const name of readdirSync(out)) if (name.endsWith('.tmp')) rmSync(join(out, name), { force: true });
}
