/**
 * Runs one simulation and writes its results directory, every file whole.
 * If the run fails, the temporary files are removed and nothing is left
 * half-written.
 */
import { join } from 'node:path';
import type { ClusterSpec } from '../sim/cluster.ts';
import type { Workload } from '../workloads/workload.ts';
import { csvRow } from './csv.ts';
import { EventsCsv } from './events-csv.ts';
import { AtomicLineWriter, toJson, writeFileAtomic } from './files.ts';
import { jobsHeader, jobsRows, summaryOf } from './results.ts';
import { runSimulation, type SimulationOptions, type SimulationOutput } from './simulate.ts';

export interface WrittenRun {
  output: SimulationOutput;
  summary: Record<string, unknown>;
}

/** Which files a run directory holds besides summary.json and manifest.json (experiments choose). */
export interface RunFileChoice {
  explainDecisions?: boolean;
  /** jobs.csv and timeseries.csv are written unless set to false. */
  keepJobs?: boolean;
  keepTimeseries?: boolean;
  /** events.csv (experiments/events-csv.ts). */
  keepEvents?: boolean;
}

/**
 * Runs and, when `outDir` is given, writes jobs.csv, timeseries.csv,
 * summary.json, decisions.jsonl (with `explain`), events.csv (with
 * `keepEvents`) and manifest.json (last, so its presence means the directory
 * is complete).
 */
export function simulateToDirectory(
  workload: Workload,
  cluster: ClusterSpec,
  options: SimulationOptions & RunFileChoice,
  outDir: string | null,
  manifest: Record<string, unknown>,
): WrittenRun {
  const writers: AtomicLineWriter[] = [];
  const open = (name: string) => {
    const w = new AtomicLineWriter(join(outDir!, name));
    writers.push(w);
    return w;
  };
  try {
    const series = outDir && options.keepTimeseries !== false ? open('timeseries.csv') : null;
    const decisions = outDir && options.explainDecisions ? open('decisions.jsonl') : null;
    const events = outDir && options.keepEvents ? open('events.csv') : null;
    const output = runSimulation(workload, cluster, {
      ...options,
      observers: events ? [...(options.observers ?? []), new EventsCsv((text) => events.write(text))] : options.observers,
      timeseries: series ? { columns: (names) => series.write(csvRow(names)), row: (values) => series.write(csvRow(values)) } : undefined,
      explain: decisions ? (record) => decisions.write(`${JSON.stringify(record)}\n`) : undefined,
    });
    const summary = summaryOf(output, workload, options);
    if (outDir) {
      if (options.keepJobs !== false) {
        const jobs = open('jobs.csv');
        jobs.write(jobsHeader(output.result.jobs.resources));
        for (const row of jobsRows(output)) jobs.write(row);
      }
      for (const w of writers) w.commit();
      writers.length = 0;
      writeFileAtomic(join(outDir, 'summary.json'), toJson(summary));
      writeFileAtomic(join(outDir, 'manifest.json'), toJson(manifest));
    }
    return { output, summary };
  } catch (err) {
    for (const w of writers) w.abort();
    throw err;
  }
}
