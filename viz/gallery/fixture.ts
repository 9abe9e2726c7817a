/**
 * Small results directories made in memory, for the gallery, the view tests and
 * the end-to-end tests: real simulations (the same runSimulation, jobsCsvText and
 * summaryOf as the CLI) of synthetic workloads, laid out as a study of
 * `clusterlab run` (runs.csv, runs/<id>/…). `extended` adds the series that
 * later models write (replicas, node count and cost columns, events.csv with
 * failures, scale events and rollouts, reliability metrics), so the views of
 * those can be seen and tested before the models exist. Pure (no Node).
 */
import { csvRow } from '../../experiments/results/csv.ts';
import { jobsCsvText, summaryOf } from '../../experiments/run/results.ts';
import { DEFAULT_OPTIONS, runSimulation, type SimulationOptions } from '../../experiments/run/simulate.ts';
import { parseSwf } from '../../traces/swf.ts';
import { syntheticSwfLines } from '../../workloads/synthetic-swf.ts';
import { flattenNumbers } from '../data/load.ts';
import { toJson } from '../data/json.ts';

export interface FixtureSpec {
  jobs: number;
  procs: number;
  loads: number[];
  seeds: number[];
  variants: { queue: string; backfill: string; placement?: string }[];
  extended?: boolean;
  sampleStep?: number;
}

export const SMALL_STUDY: FixtureSpec = {
  jobs: 150,
  procs: 32,
  loads: [0.7, 0.9],
  seeds: [1, 2, 3],
  variants: [
    { queue: 'fcfs', backfill: 'easy' },
    { queue: 'sjf', backfill: 'easy' },
    { queue: 'fcfs', backfill: 'none' },
  ],
};

export function variantName(v: { queue: string; backfill: string; placement?: string }): string {
  return `${v.queue}+${v.backfill}+${v.placement ?? 'first-fit'}`;
}

/** One run's files: jobs.csv, timeseries.csv, summary.json (as `simulate --out` writes them). */
export function runFiles(swfText: string, options: SimulationOptions): { files: Map<string, string>; summary: Record<string, unknown> } {
  const workload = parseSwf(swfText, 'synthetic.swf');
  let series = '';
  const out = runSimulation(workload, workload.cluster!, {
    ...options,
    timeseries: { columns: (names) => (series += csvRow(names)), row: (values) => (series += csvRow(values)) },
  });
  const jobs = jobsCsvText(out);
  const summary = summaryOf(out, workload, options);
  const files = new Map([
    ['jobs.csv', jobs],
    ['timeseries.csv', series],
    ['summary.json', toJson(summary)],
  ]);
  return { files, summary };
}

/** A study directory as a map from relative path to content. */
export function studyFiles(spec: FixtureSpec): Map<string, string> {
  const files = new Map<string, string>();
  const rows: string[][] = [];
  const metricNames: string[] = [];
  const runIds: string[] = [];
  const baseline = variantName(spec.variants[0]!);
  const perVariant = new Map<string, Record<string, number>[]>();
  let k = 0;
  for (const load of spec.loads) {
    for (const seed of spec.seeds) {
      const swf = [...syntheticSwfLines({ jobs: spec.jobs, procs: spec.procs, load, seed })].join('\n');
      for (const v of spec.variants) {
        const variant = variantName(v);
        const id = `r${String(k++).padStart(3, '0')}`;
        runIds.push(id);
        const options: SimulationOptions = { ...DEFAULT_OPTIONS, queue: v.queue, backfill: v.backfill, placement: v.placement ?? 'first-fit', seed, sampleStep: spec.sampleStep ?? 1800 };
        const { files: run, summary } = runFiles(swf, options);
        const metrics = flattenNumbers(summary.metrics as Record<string, unknown>);
        if (spec.extended) Object.assign(metrics, reliabilityMetrics(seed, spec.variants.indexOf(v), load));
        for (const [name, text] of run) files.set(`runs/${id}/${name}`, name === 'timeseries.csv' && spec.extended ? extendSeries(text, seed, spec.variants.indexOf(v)) : text);
        if (spec.extended) files.set(`runs/${id}/events.csv`, eventsCsv(run.get('timeseries.csv')!, seed, spec.procs));
        for (const m of Object.keys(metrics)) if (!metricNames.includes(m)) metricNames.push(m);
        rows.push([id, variant, String(load), String(seed), 'ok', ...metricNames.map((m) => String(metrics[m] ?? ''))]);
        perVariant.set(variant, [...(perVariant.get(variant) ?? []), metrics]);
      }
    }
  }
  let csv = csvRow(['run_id', 'variant', 'load', 'seed', 'status', ...metricNames]);
  for (const r of rows) csv += csvRow([...r.slice(0, 5), ...metricNames.map((_, i) => r[5 + i] ?? '')]);
  files.set('runs.csv', csv);
  files.set(
    'manifest.json',
    toJson({ clusterlab: 'fixture', command: 'run', config: { name: 'fixture study', baseline, grid: { load: spec.loads }, seeds: spec.seeds }, runs: runIds }),
  );
  files.set('summary.json', toJson({ baseline, variants: Object.fromEntries([...perVariant].map(([v, ms]) => [v, { n: ms.length }])) }));
  return files;
}

/** Deterministic stand-ins for what autoscaling writes: replicas, node count and cost per bucket. */
function extendSeries(csv: string, seed: number, variant: number): string {
  const lines = csv.trim().split('\n');
  const head = lines[0]!.split(',');
  const running = head.indexOf('running');
  const out = [`${lines[0]},replicas,nodes_up,cost`];
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i]!.split(',');
    const r = Number(cells[running]);
    const replicas = Math.max(1, Math.ceil(r / 4) + variant);
    out.push(`${lines[i]},${replicas},${32 - ((i + seed) % 5 === 0 ? 1 : 0)},${(replicas * 0.1 * (1 + seed / 10)).toFixed(3)}`);
  }
  return `${out.join('\n')}\n`;
}

function eventsCsv(seriesCsv: string, seed: number, procs: number): string {
  const times = seriesCsv.trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
  const span = times[times.length - 1]! - times[0]!;
  const at = (f: number) => Math.round(times[0]! + f * span);
  const node = (seed * 7) % procs;
  const rows = [
    ['time', 'type', 'node', 'end', 'detail'],
    [at(0.2), 'node_failure', `n${node}`, '', 'disk'],
    [at(0.21), 'failure_detected', `n${node}`, '', ''],
    [at(0.3), 'node_recovered', `n${node}`, '', ''],
    [at(0.5), 'scale_up', '', '', '+2 replicas'],
    [at(0.6), 'rollout', '', at(0.7), 'v2 canary'],
    [at(0.8), 'config_drift', '', '', 'max_replicas 8→6'],
  ];
  return rows.map((r) => csvRow(r)).join('');
}

function reliabilityMetrics(seed: number, variant: number, load: number): Record<string, number> {
  return {
    availability: 0.99 - 0.002 * variant - 0.001 * seed * load,
    mttr: 600 + 60 * variant + 10 * seed,
    lost_work: 1000 * (1 + variant) * load + seed,
    slo_minutes: 30 * variant + 5 * seed,
  };
}
