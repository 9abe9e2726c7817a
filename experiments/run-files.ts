/**
 * Runs one simulation and writes its results directory, every file whole.
 * If the run fails, the temporary files are removed and nothing is left
 * half-written.
 */
import { join } from 'node:path';
import type { ClusterSpec } from '../sim/cluster.ts';
import type { Workload } from '../workloads/workload.ts';
import { csvRow } from './csv.ts';
import { AtomicLineWriter, toJson, writeFileAtomic } from './files.ts';
import type { Observer } from '../sim/recorder.ts';
import { jobsHeader, jobsRows, summaryOf } from './results.ts';
import { runSimulation, type SimulationOptions, type SimulationOutput } from './simulate.ts';

/** system-events.csv: one row per system event (failure, detection, scale event, rollout step...), in the order they happened. */
export const SYSTEM_EVENTS_COLUMNS = ['time', 'type', 'source', 'node', 'job', 'detail'] as const;

export interface WrittenRun {
  output: SimulationOutput;
  summary: Record<string, unknown>;
}

/**
 * Runs and, when `outDir` is given, writes jobs.csv, timeseries.csv,
 * summary.json, decisions.jsonl (with `explain`) and manifest.json (last, so
 * its presence means the directory is complete).
 */
export function simulateToDirectory(
  workload: Workload,
  cluster: ClusterSpec,
  options: SimulationOptions & {
    explainDecisions?: boolean;
    /** Also write system-events.csv. */
    systemEvents?: boolean;
    /** More keys for summary.json (scenario runs add `scenario` and `dynamics`), from the finished run. */
    summaryExtra?: (output: SimulationOutput) => { before?: Record<string, unknown>; after?: Record<string, unknown> };
  },
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
    const series = outDir ? open('timeseries.csv') : null;
    const decisions = outDir && options.explainDecisions ? open('decisions.jsonl') : null;
    const events = outDir && options.systemEvents ? open('system-events.csv') : null;
    events?.write(csvRow(SYSTEM_EVENTS_COLUMNS));
    const eventObserver: Observer | null = events
      ? {
          onSystemEvent: (e) =>
            events.write(csvRow([e.time, e.type, e.source, e.node ?? null, e.job ?? null, e.data && Object.keys(e.data).length > 0 ? JSON.stringify(e.data) : null])),
        }
      : null;
    const output = runSimulation(workload, cluster, {
      ...options,
      observers: eventObserver ? [...(options.observers ?? []), eventObserver] : options.observers,
      timeseries: series ? { columns: (names) => series.write(csvRow(names)), row: (values) => series.write(csvRow(values)) } : undefined,
      explain: decisions ? (record) => decisions.write(`${JSON.stringify(record)}\n`) : undefined,
    });
    const extra = options.summaryExtra?.(output);
    const summary = extra ? { ...extra.before, ...summaryOf(output, workload, options), ...extra.after } : summaryOf(output, workload, options);
    if (outDir) {
      const jobs = open('jobs.csv');
      jobs.write(jobsHeader(output.result.jobs.resources));
      for (const row of jobsRows(output)) jobs.write(row);
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
