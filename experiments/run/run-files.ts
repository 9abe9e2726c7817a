/**
 * Runs one simulation and writes its results directory, every file whole.
 * If the run fails, the temporary files are removed and nothing is left
 * half-written, but for decisions.jsonl when the run explains decisions and
 * the simulation failed (a policy's impossible decision): it is kept, whole up
 * to the failure, and ends with a `failed` record (time, source, error). The
 * same files can be kept in memory instead (the library's simulate(),
 * experiments/api/): the same code writes the same bytes.
 */
import { join } from 'node:path';
import type { ClusterSpec } from '../../sim/cluster.ts';
import { SimulationError } from '../../sim/errors.ts';
import type { Workload } from '../../workloads/workload.ts';
import { CsvEncoder, csvRow } from '../results/csv.ts';
import { EventsCsv } from '../results/events-csv.ts';
import { AtomicLineWriter, toJson, writeFileAtomic } from '../results/files.ts';
import type { StagedOutput } from '../results/staged-output.ts';
import type { Observer } from '../../sim/recorder.ts';
import { summaryOf, writeJobsCsv } from './results.ts';
import { runSimulation, type SimulationOptions, type SimulationOutput } from './simulate.ts';

/** Every file a run directory may hold (their temporaries are `<name>.tmp` until complete). */
export const RUN_FILE_NAMES = ['timeseries.csv', 'decisions.jsonl', 'system-events.csv', 'events.csv', 'jobs.csv', 'nodes.csv', 'summary.json', 'manifest.json'] as const;

/** nodes.csv: `node,name`, one row per node of the run (nodes added during it included), by index. */
export function writeNodesCsv(nodeIds: readonly string[], csv: CsvEncoder): void {
  csv.row(['node', 'name']);
  for (let i = 0; i < nodeIds.length; i++) csv.row([i, nodeIds[i]!]);
}

/** system-events.csv: one row per system event (failure, detection, scale event, rollout step...), in the order they happened. */
export const SYSTEM_EVENTS_COLUMNS = ['time', 'type', 'source', 'node', 'job', 'detail'] as const;

export interface WrittenRun {
  output: SimulationOutput;
  summary: Record<string, unknown>;
}

/** A file of a run written as the run goes: complete at `commit`, dropped at `abort`, or `keep`-t whole after a failure. */
export interface RunFileWriter {
  write(text: string): void;
  writeBytes(bytes: Uint8Array): void;
  commit(): void;
  abort(): void;
  /** Keeps what was written although the run failed (decisions.jsonl, to show why): placed at once. */
  keep(): void;
}

/** Where a run's files go: a file written line by line, and a file written at once. */
export interface RunFileSink {
  open(name: string): RunFileWriter;
  whole(name: string, text: string): void;
}

/** Files under `dir`, each written to a temporary name and renamed when complete. */
export function directorySink(dir: string): RunFileSink {
  return {
    open(name) {
      const w = new AtomicLineWriter(join(dir, name));
      return { write: (t) => w.write(t), writeBytes: (b) => w.writeBytes(b), commit: () => w.commit(), abort: () => w.abort(), keep: () => w.commit() };
    },
    whole: (name, text) => writeFileAtomic(join(dir, name), text),
  };
}

/**
 * A command's output (staged-output.ts): files staged under `dir` of the stage, placed all at once when the
 * command commits the stage after its runs; nothing is placed before, so a kill leaves the output as it was.
 */
export function stagedSink(stage: StagedOutput, dir: string): RunFileSink {
  return {
    open(name) {
      const w = stage.writer(join(dir, name));
      return { write: (t) => w.write(t), writeBytes: (b) => w.writeBytes(b), commit: () => {}, abort: () => w.close(), keep: () => w.place() };
    },
    whole: (name, text) => stage.text(join(dir, name), text),
  };
}

/** Files as strings in `files` (name -> content), each set once complete. */
export function memorySink(files: Record<string, string>): RunFileSink {
  return {
    open(name) {
      const parts: string[] = [];
      const decoder = new TextDecoder();
      return {
        write: (text) => void parts.push(text),
        writeBytes: (bytes) => void parts.push(decoder.decode(bytes, { stream: true })),
        commit: () => void (files[name] = parts.join('') + decoder.decode()),
        abort: () => void (parts.length = 0),
        keep: () => void (files[name] = parts.join('') + decoder.decode()),
      };
    },
    whole: (name, text) => void (files[name] = text),
  };
}

/** Which files a run directory holds besides summary.json and manifest.json (experiments choose). */
export interface RunFileChoice {
  explainDecisions?: boolean;
  /** jobs.csv and timeseries.csv are written unless set to false. */
  keepJobs?: boolean;
  keepTimeseries?: boolean;
  /** events.csv (experiments/results/events-csv.ts). */
  keepEvents?: boolean;
}

/**
 * Runs and, when `outDir` is given, writes jobs.csv, timeseries.csv,
 * summary.json, decisions.jsonl (with `explain`), events.csv (job events, with
 * `keepEvents`), system-events.csv (failures, scale events..., with
 * `systemEvents`) and manifest.json (last, so its presence means the
 * directory is complete).
 */
export function simulateToFiles(
  workload: Workload,
  cluster: ClusterSpec,
  options: SimulationOptions &
    RunFileChoice & {
      /** Also write system-events.csv. */
      systemEvents?: boolean;
      /** More keys for summary.json (scenario runs add `scenario` and `dynamics`), from the finished run. */
      summaryExtra?: (output: SimulationOutput) => { before?: Record<string, unknown>; after?: Record<string, unknown> };
    },
  outDir: string | RunFileSink | null,
  manifest: Record<string, unknown>,
): WrittenRun {
  const sink = typeof outDir === 'string' ? directorySink(outDir) : outDir;
  const writers: RunFileWriter[] = [];
  const open = (name: string) => {
    const w = sink!.open(name);
    writers.push(w);
    return w;
  };
  let decisions: RunFileWriter | null = null;
  try {
    const series = outDir && options.keepTimeseries !== false ? open('timeseries.csv') : null;
    const seriesCsv = series ? new CsvEncoder((bytes) => series.writeBytes(bytes)) : null;
    const decisionLog = outDir && options.explainDecisions ? open('decisions.jsonl') : null;
    decisions = decisionLog;
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
      explain: decisionLog ? (record) => decisionLog.write(`${JSON.stringify(record)}\n`) : undefined,
    });
    const extra = options.summaryExtra?.(output);
    const summary = extra ? { ...extra.before, ...summaryOf(output, workload, options), ...extra.after } : summaryOf(output, workload, options);
    if (outDir) {
      if (options.keepJobs !== false) {
        const jobs = open('jobs.csv');
        const csv = new CsvEncoder((bytes) => jobs.writeBytes(bytes));
        writeJobsCsv(output, csv);
        csv.flush();
        // jobs.csv names nodes by index (ranges stay short); nodes.csv maps each index to the node's name.
        const nodes = open('nodes.csv');
        const names = new CsvEncoder((bytes) => nodes.writeBytes(bytes));
        writeNodesCsv(output.cluster.nodeIds, names);
        names.flush();
      }
      seriesCsv?.flush();
      for (const w of writers) w.commit();
      writers.length = 0;
      sink!.whole('summary.json', toJson(summary));
      sink!.whole('manifest.json', toJson(manifest));
    }
    return { output, summary };
  } catch (err) {
    // A failed run (an impossible decision) keeps its decision log, up to the failure and a record of it, to show why.
    if (decisions && err instanceof SimulationError) {
      decisions.write(`${JSON.stringify({ time: err.time, decision: 'failed', source: err.source, error: err.message })}\n`);
      decisions.keep();
    }
    for (const w of writers) if (w !== decisions) w.abort();
    throw err;
  }
}
