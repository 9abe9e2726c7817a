/**
 * Runs one simulation and writes its results directory, every file whole.
 * If the run fails, the temporary files are removed and nothing is left
 * half-written.
 */
import { join } from 'node:path';
import type { ClusterSpec } from '../sim/cluster.ts';
import type { Workload } from '../workloads/workload.ts';
import { CsvEncoder, csvRow } from './csv.ts';
import { EventsCsv } from './events-csv.ts';
import { AtomicLineWriter, toJson, writeFileAtomic } from './files.ts';
import type { StagedOutput, StagedWriter } from './staged-output.ts';
import type { Observer } from '../sim/recorder.ts';
import { summaryOf, writeJobsCsv } from './results.ts';
import { runSimulation, type SimulationOptions, type SimulationOutput } from './simulate.ts';

/** Every file a run directory may hold (their temporaries are `<name>.tmp` until complete). */
export const RUN_FILE_NAMES = ['timeseries.csv', 'decisions.jsonl', 'system-events.csv', 'events.csv', 'jobs.csv', 'summary.json', 'manifest.json'] as const;

/** system-events.csv: one row per system event (failure, detection, scale event, rollout step...), in the order they happened. */
export const SYSTEM_EVENTS_COLUMNS = ['time', 'type', 'source', 'node', 'job', 'detail'] as const;

/** Where a command's run goes: `dir` inside the command's staged output. */
export interface StagedRun {
  stage: StagedOutput;
  dir: string;
}

type RunWriter = AtomicLineWriter | StagedWriter;

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
 * summary.json, decisions.jsonl (with `explain`), events.csv (job events, with
 * `keepEvents`), system-events.csv (failures, scale events..., with
 * `systemEvents`) and manifest.json (last, so its presence means the
 * directory is complete).
 */
export function simulateToDirectory(
  workload: Workload,
  cluster: ClusterSpec,
  options: SimulationOptions &
    RunFileChoice & {
      /** Also write system-events.csv. */
      systemEvents?: boolean;
      /** More keys for summary.json (scenario runs add `scenario` and `dynamics`), from the finished run. */
      summaryExtra?: (output: SimulationOutput) => { before?: Record<string, unknown>; after?: Record<string, unknown> };
    },
  outDir: string | StagedRun | null,
  manifest: Record<string, unknown>,
): WrittenRun {
  // A study's run directory (a path) is written in place, file by file; a command's output is
  // staged and placed whole by the command (staged-output.ts), after its other runs.
  const staged = typeof outDir === 'string' ? null : outDir;
  const writers: RunWriter[] = [];
  const open = (name: string): RunWriter => {
    const w = staged ? staged.stage.writer(join(staged.dir, name)) : new AtomicLineWriter(join(outDir as string, name));
    writers.push(w);
    return w;
  };
  const writeText = (name: string, text: string) => (staged ? staged.stage.text(join(staged.dir, name), text) : writeFileAtomic(join(outDir as string, name), text));
  try {
    const series = outDir && options.keepTimeseries !== false ? open('timeseries.csv') : null;
    const seriesCsv = series ? new CsvEncoder((bytes) => series.writeBytes(bytes)) : null;
    const decisions = outDir && options.explainDecisions ? open('decisions.jsonl') : null;
    const system = outDir && options.systemEvents ? open('system-events.csv') : null;
    system?.write(csvRow(SYSTEM_EVENTS_COLUMNS));
    const observers: Observer[] = [...(options.observers ?? [])];
    if (system) {
      observers.push({
        onSystemEvent: (e) =>
          system.write(csvRow([e.time, e.type, e.source, e.node ?? null, e.job ?? null, e.data && Object.keys(e.data).length > 0 ? JSON.stringify(e.data) : null])),
      });
    }
    const events = outDir && options.keepEvents ? open('events.csv') : null;
    if (events) observers.push(new EventsCsv((text) => events.write(text)));
    const output = runSimulation(workload, cluster, {
      ...options,
      observers,
      timeseries: seriesCsv ? { columns: (names) => seriesCsv.row(names), row: (values) => seriesCsv.row(values) } : undefined,
      explain: decisions ? (record) => decisions.write(`${JSON.stringify(record)}\n`) : undefined,
    });
    const extra = options.summaryExtra?.(output);
    const summary = extra ? { ...extra.before, ...summaryOf(output, workload, options), ...extra.after } : summaryOf(output, workload, options);
    if (outDir) {
      if (options.keepJobs !== false) {
        const jobs = open('jobs.csv');
        const csv = new CsvEncoder((bytes) => jobs.writeBytes(bytes));
        writeJobsCsv(output, csv);
        csv.flush();
      }
      seriesCsv?.flush();
      for (const w of writers) if (w instanceof AtomicLineWriter) w.commit();
      writers.length = 0;
      writeText('summary.json', toJson(summary));
      writeText('manifest.json', toJson(manifest));
    }
    return { output, summary };
  } catch (err) {
    for (const w of writers) (w instanceof AtomicLineWriter ? w.abort() : w.close());
    throw err;
  }
}
