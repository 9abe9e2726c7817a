/**
 * One run in the browser, exactly as `clusterlab simulate --out` makes it: the
 * workload transforms applied with the run's seed (applyTransforms with a new
 * Rng(seed), as simulate does for --fill and the other transform flags), then
 * the same runSimulation, jobsCsvText and summaryOf, the same JSON format, so
 * summary.json has the same bytes as the CLI's for the same inputs. Returns
 * the files' text and the run as the views read it (parsed by the same loader
 * as a results directory). Pure; the worker wraps it.
 */
import { csvRow } from '../../experiments/results/csv.ts';
import { jobsCsvText, manifestOf, summaryOf } from '../../experiments/run/results.ts';
import { DEFAULT_OPTIONS, runSimulation, type SimulationOptions } from '../../experiments/run/simulate.ts';
import type { ClusterSpec } from '../../sim/cluster.ts';
import type { Observer } from '../../sim/recorder.ts';
import { Rng } from '../../sim/rng.ts';
import { applyTransforms, type TransformSpec } from '../../workloads/transforms/index.ts';
import type { Workload } from '../../workloads/workload.ts';
import { parseCsv } from '../data/csv.ts';
import { toJson } from '../data/json.ts';
import { flattenNumbers, jobsOf, seriesOf, variantOf } from '../data/load.ts';
import type { RunData } from '../data/model.ts';

export interface RunSpec {
  id: string;
  queue: string;
  backfill: string;
  placement: string;
  seed: number;
  overrun?: 'run' | 'cut';
  sampleStep?: number;
}

/** An input file as the manifest records it (experiments/results/inputs.ts describeInput). */
export interface InputRecord {
  role: 'trace' | 'cluster';
  file: string;
  bytes: number;
  sha256: string;
}

export interface BrowserRun {
  run: RunData;
  /** summary.json, manifest.json and timeseries.csv as the CLI writes them. */
  files: Record<string, string>;
  /** sha256 of jobs.csv (hex), to compare with the CLI's without carrying the file. */
  jobsSha256: string;
}

export function optionsOf(spec: RunSpec): SimulationOptions {
  return {
    ...DEFAULT_OPTIONS,
    queue: spec.queue,
    backfill: spec.backfill,
    placement: spec.placement,
    seed: spec.seed,
    overrun: spec.overrun ?? DEFAULT_OPTIONS.overrun,
    sampleStep: spec.sampleStep ?? DEFAULT_OPTIONS.sampleStep,
  };
}

/** Calls `onProgress` with the fraction of jobs done, about a hundred times per run. */
function progressObserver(total: number, onProgress: (fraction: number) => void): Observer {
  let done = 0;
  const every = Math.max(1, Math.floor(total / 100));
  const tick = () => {
    done++;
    if (done % every === 0) onProgress(done / total);
  };
  return { onEnd: tick, onReject: tick };
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export interface RunContext {
  inputs: InputRecord[];
  /** The reader's options, as the manifest records them (format, SWF and importer options). */
  reader: Record<string, unknown>;
  /** Workload transforms (simulate's --fill and the other transform flags, as data). */
  transforms?: readonly TransformSpec[];
  /** clusterlab's version, recorded in the manifest. */
  version: string;
}

export async function simulateRun(trace: Workload, cluster: ClusterSpec, spec: RunSpec, context: RunContext, onProgress: (f: number) => void = () => {}): Promise<BrowserRun> {
  const { inputs, reader, version } = context;
  const transforms = context.transforms ?? [];
  const options = optionsOf(spec);
  const workload = transforms.length ? applyTransforms(trace, cluster, transforms, new Rng(spec.seed)).workload : trace;
  if (workload.jobs.length === 0) throw new Error('no jobs left after the transforms');
  let series = '';
  const out = runSimulation(workload, cluster, {
    ...options,
    timeseries: { columns: (names) => (series += csvRow(names)), row: (values) => (series += csvRow(values)) },
    observers: [progressObserver(workload.jobs.length, onProgress)],
  });
  const jobs = jobsCsvText(out);
  const summary = summaryOf(out, workload, options);
  const manifest = manifestOf('browser', version, inputs, options, { ...reader, ...(transforms.length ? { transforms } : {}) });
  const files = { 'summary.json': toJson(summary), 'manifest.json': toJson(manifest), 'timeseries.csv': series };
  const run: RunData = {
    id: spec.id,
    variant: variantOf(summary),
    seed: spec.seed,
    params: {},
    status: 'ok',
    metrics: flattenNumbers(summary.metrics as Record<string, unknown>),
    summary,
    timeseries: seriesOf(parseCsv(series)),
    jobs: jobsOf(parseCsv(jobs)),
    events: null,
    dir: '',
  };
  onProgress(1);
  return { run, files, jobsSha256: await sha256Hex(jobs) };
}
