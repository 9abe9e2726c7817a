/**
 * Reading a finished study back (for `compare`): the manifest and runs.csv,
 * summarized with any baseline. The statistics are those of summary.json
 * (summarize.ts), recomputed, so another baseline costs nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { InputError, UsageError } from '../../sim/errors.ts';
import { FAILURE, readManifest, RUNS_CSV, runDir } from './layout.ts';
import { runRowFromRecord, runsCsvColumns, type ExperimentManifest, type RunRow, type StudySummary } from '../results/results-schema.ts';
import { summarize } from '../results/summarize.ts';

export interface StudyResults {
  manifest: ExperimentManifest;
  rows: RunRow[];
  metrics: string[];
}

export function readStudy(dir: string): StudyResults {
  const manifest = readManifest(dir);
  if (!manifest) throw new InputError('not a clusterlab results directory (no manifest.json)', { file: dir });
  const path = join(dir, RUNS_CSV);
  if (!existsSync(path)) throw new InputError('no runs.csv: the study has not finished (resume it), or its shards are not merged yet (clusterlab merge)', { file: dir });
  const records = parse(readFileSync(path, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const header = (parse(readFileSync(path, 'utf8'), { to_line: 1 }) as string[][])[0] ?? [];
  const gridKeys = manifest.config.grid.map((a) => a.key);
  const fixed = runsCsvColumns(gridKeys, []);
  if (fixed.some((c, i) => header[i] !== c)) throw new InputError(`unexpected columns: expected ${fixed.join(',')} first`, { file: path, line: 1 });
  const metrics = header.slice(fixed.length);
  const planned = new Map(manifest.runs.map((r) => [r.run_id, r]));
  const rows = records.map((rec, i) => {
    const p = planned.get(rec.run_id!);
    if (!p) throw new InputError('run not in the manifest', { file: path, line: i + 2, field: 'run_id', value: rec.run_id });
    return runRowFromRecord(rec, p, metrics);
  });
  return { manifest, rows, metrics };
}

/** The summary of a study for `baseline` (default: the config's). */
export function summaryFor(dir: string, study: StudyResults, baseline?: string): StudySummary {
  const variants = study.manifest.config.variants.map((v) => v.name);
  if (baseline !== undefined && !variants.includes(baseline)) throw new UsageError(`--baseline: unknown variant ${JSON.stringify(baseline)}; valid: ${variants.join(', ')}`);
  const reasons = new Map<string, string>();
  for (const r of study.rows) {
    const f = join(runDir(dir, r.run_id), FAILURE);
    if (r.status === 'failed' && existsSync(f)) reasons.set(r.run_id, JSON.parse(readFileSync(f, 'utf8')).reason);
  }
  return summarize({ manifest: study.manifest, rows: study.rows, metrics: study.metrics, reasons, baseline });
}
