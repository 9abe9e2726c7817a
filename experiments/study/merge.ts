/**
 * The study-level files, built from the run directories alone: runs.csv and
 * summary.json. A single-machine run ends with this step; `clusterlab merge`
 * runs it over the directories the shards wrote, after checking that every
 * run is there and belongs to this study. Both read the same files in the
 * same order, so they write the same bytes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../sim/errors.ts';
import { csvRow } from '../results/csv.ts';
import { toJson, writeFileAtomic } from '../results/files.ts';
import { listRunDirs, readFailure, RUNS_CSV, runDir, runState, SUMMARY } from './layout.ts';
import { runMetrics, RunManifestSchema, RunSummarySchema, runsCsvColumns, type ExperimentManifest, type RunRow, type StudySummary } from '../results/results-schema.ts';
import { metricNames, summarize } from '../results/summarize.ts';

export interface Collected {
  rows: RunRow[];
  reasons: Map<string, string>;
  /** Runs of the manifest with no finished or failed directory. */
  missing: string[];
}

/** Reads every run of the manifest from its directory, checking it belongs to this study. */
export function collectRuns(out: string, manifest: ExperimentManifest): Collected {
  const rows: RunRow[] = [];
  const reasons = new Map<string, string>();
  const missing: string[] = [];
  const outputs = manifest.config.outputs;
  for (const planned of manifest.runs) {
    const id = planned.run_id;
    const state = runState(out, id, outputs, manifest.config.scenario !== null);
    if (state === 'missing') {
      missing.push(id);
      continue;
    }
    const base = { run_id: id, variant: planned.variant, point: planned.point, params: planned.params, seed: planned.seed };
    if (state === 'failed') {
      const failure = readFailure(out, id);
      checkStudy(failure.study_sha256, manifest, join(runDir(out, id), 'failure.json'));
      reasons.set(id, failure.reason);
      rows.push({ ...base, status: 'failed', metrics: new Map() });
      continue;
    }
    const runManifest = readJson(join(runDir(out, id), 'manifest.json'), RunManifestSchema);
    checkStudy(runManifest.experiment.study_sha256, manifest, join(runDir(out, id), 'manifest.json'));
    const summary = readJson(join(runDir(out, id), 'summary.json'), RunSummarySchema);
    rows.push({ ...base, status: 'ok', metrics: runMetrics(summary) });
  }
  return { rows, reasons, missing };
}

function checkStudy(sha: string, manifest: ExperimentManifest, file: string): void {
  if (sha !== manifest.study_sha256) {
    throw new InputError(`belongs to another study (study_sha256 ${sha.slice(0, 12)}…, the manifest's is ${manifest.study_sha256.slice(0, 12)}…): the parts were run with different configs, inputs or versions`, { file });
  }
}

function readJson<T>(path: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: { issues: { message: string; path: PropertyKey[] }[] } } }): T {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new InputError(`unreadable: ${(err as Error).message}`, { file: path });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(issue.message, { file: path, field: issue.path.join('.') });
  }
  return parsed.data;
}

/** runs.csv: run_id, variant, grid values, seed, status, then every metric (empty for failed runs). */
export function runsCsv(manifest: ExperimentManifest, rows: readonly RunRow[], metrics: readonly string[]): string {
  const gridKeys = manifest.config.grid.map((a) => a.key);
  let text = csvRow(runsCsvColumns(gridKeys, metrics));
  for (const r of rows) {
    text += csvRow([r.run_id, r.variant, ...gridKeys.map((k) => String(r.params[k])), r.seed, r.status, ...metrics.map((m) => r.metrics.get(m) ?? null)]);
  }
  return text;
}

/**
 * Writes runs.csv and summary.json for a complete study. Throws an InputError
 * listing the missing runs when some have not run yet, and when a run
 * directory does not belong to the study.
 */
export function writeStudyFiles(out: string, manifest: ExperimentManifest): StudySummary {
  const planned = new Set(manifest.runs.map((r) => r.run_id));
  const foreign = listRunDirs(out).filter((d) => !planned.has(d));
  if (foreign.length > 0) {
    throw new InputError(`${foreign.length} run director${foreign.length === 1 ? 'y is' : 'ies are'} not in the manifest (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', ...' : ''}): parts of another study were copied in`, { file: join(out, 'runs') });
  }
  const { rows, reasons, missing } = collectRuns(out, manifest);
  if (missing.length > 0) {
    throw new InputError(
      `incomplete: ${missing.length} of ${manifest.runs.length} runs have not finished (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', ...' : ''}); run the missing shards, or resume`,
      { file: out },
    );
  }
  const metrics = metricNames(rows);
  const summary = summarize({ manifest, rows, metrics, reasons });
  writeFileAtomic(join(out, RUNS_CSV), runsCsv(manifest, rows, metrics));
  writeFileAtomic(join(out, SUMMARY), toJson(summary));
  return summary;
}

