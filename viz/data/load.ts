/**
 * Results directories into ResultsData. The layout (README "Results"):
 *
 * - a single run (`clusterlab simulate --out DIR`): jobs.csv, summary.json,
 *   timeseries.csv, manifest.json;
 * - several single runs side by side (`clusterlab default`'s results/): one
 *   folder each;
 * - a study (`clusterlab run`): manifest.json, runs.csv (run_id, variant, grid
 *   parameters, seed, status, then every metric flattened), summary.json, and
 *   runs/<run_id>/{jobs.csv,timeseries.csv,summary.json}. Recognised by runs.csv.
 *
 * Optional per-run events.csv (time,type[,node][,end][,detail]) carries
 * failures, scale events and rollouts when a run has them. Unknown files,
 * columns and keys are ignored, so newer results still load.
 *
 * Pure: reads through a FileSource (dropped files, fetch, or the file system in tests).
 */
import { parseCsv, toNumber, type Table } from './csv.ts';
import type { EventCategory, Jobs, ResultsData, RunData, RunEvent, Series } from './model.ts';

export interface FileSource {
  /** Relative paths, '/'-separated, of every file available. */
  readonly paths: readonly string[];
  text(path: string): Promise<string>;
}

const dirOf = (path: string) => path.slice(0, path.lastIndexOf('/') + 1);
const baseName = (dir: string) => dir.replace(/\/$/, '').split('/').pop() ?? '';

/** Loads everything except jobs.csv (the large part, see loadJobs): enough for the first charts. */
export async function loadResults(src: FileSource): Promise<ResultsData> {
  const runsCsv = src.paths.filter((p) => p === 'runs.csv' || p.endsWith('/runs.csv')).sort((a, b) => a.length - b.length)[0];
  if (runsCsv !== undefined) return loadStudy(src, dirOf(runsCsv));
  // Sorted by folder name, so `fcfs` comes before `fcfs-easy` (plain sorting puts '-' before '/').
  const summaries = src.paths
    .filter((p) => p === 'summary.json' || p.endsWith('/summary.json'))
    .sort((a, b) => (dirOf(a).slice(0, -1) < dirOf(b).slice(0, -1) ? -1 : dirOf(a) === dirOf(b) ? 0 : 1));
  if (summaries.length === 0) throw new Error('no results found: expected runs.csv (a study) or summary.json (a run)');
  const runs = await Promise.all(summaries.map((p) => loadSingleRun(src, dirOf(p))));
  const kind = runs.length === 1 ? 'run' : 'runs';
  const title = kind === 'run' ? runs[0]!.variant : `${runs.length} runs`;
  return finish(kind, title, runs, [], null, null);
}

async function readJson(src: FileSource, path: string): Promise<unknown> {
  if (!src.paths.includes(path)) return null;
  return JSON.parse(await src.text(path));
}

async function readTable(src: FileSource, path: string): Promise<Table | null> {
  if (!src.paths.includes(path)) return null;
  return parseCsv(await src.text(path));
}

async function loadSingleRun(src: FileSource, dir: string): Promise<RunData> {
  const summary = (await readJson(src, `${dir}summary.json`)) as Record<string, unknown> | null;
  const manifest = (await readJson(src, `${dir}manifest.json`)) as Record<string, unknown> | null;
  const seed = typeof manifest?.seed === 'number' ? manifest.seed : null;
  return {
    id: baseName(dir) || 'run',
    variant: variantOf(summary),
    seed,
    params: {},
    status: 'ok',
    metrics: flattenNumbers((summary?.metrics ?? {}) as Record<string, unknown>),
    summary,
    timeseries: seriesOf(await readTable(src, `${dir}timeseries.csv`)),
    jobs: null,
    events: eventsOf(await readTable(src, `${dir}events.csv`)),
    dir,
  };
}

/** A run's variant name from its summary's scheduler, as the CLI names its policy: queue+backfill+placement. */
export function variantOf(summary: Record<string, unknown> | null): string {
  const s = summary?.scheduler as Record<string, unknown> | undefined;
  if (!s) return 'run';
  const parts = [s.queue, s.backfill, s.placement].filter((x) => typeof x === 'string') as string[];
  const name = parts.join('+') || 'run';
  return s.overrun === 'cut' ? `${name} (cut)` : name;
}

const KNOWN_RUN_COLUMNS = new Set(['run_id', 'variant', 'seed', 'status', 'error', 'message']);

async function loadStudy(src: FileSource, root: string): Promise<ResultsData> {
  const manifest = await readJson(src, `${root}manifest.json`);
  const summary = await readJson(src, `${root}summary.json`);
  const table = (await readTable(src, `${root}runs.csv`))!;
  const cols = table.columns;
  const iv = cols.indexOf('variant');
  const is = cols.indexOf('seed');
  const ist = cols.indexOf('status');
  // Grid parameters sit between variant and seed; metrics come after status (or seed).
  const params = iv >= 0 && is > iv ? cols.slice(iv + 1, is) : [];
  const metricStart = Math.max(ist, is, iv) + 1;
  const metricCols = cols.slice(metricStart).filter((c) => !KNOWN_RUN_COLUMNS.has(c) && !params.includes(c));
  const runs: RunData[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    const row = table.row(i);
    const id = row.run_id ?? String(i);
    const dir = `${root}runs/${id}/`;
    const metrics: Record<string, number> = {};
    for (const c of metricCols) {
      const x = toNumber(row[c] ?? '');
      if (!Number.isNaN(x)) metrics[c] = x;
    }
    const seed = toNumber(row.seed ?? '');
    runs.push({
      id,
      variant: row.variant || 'run',
      seed: Number.isNaN(seed) ? null : seed,
      params: Object.fromEntries(params.map((p) => [p, row[p] ?? ''])),
      status: row.status || 'ok',
      metrics,
      summary: null,
      timeseries: null,
      jobs: null,
      events: null,
      dir,
    });
  }
  // The runs' own files, read in parallel (small ones; jobs.csv waits for loadJobs).
  await Promise.all(
    runs.map(async (run) => {
      run.summary = await readJson(src, `${run.dir}summary.json`);
      run.timeseries = seriesOf(await readTable(src, `${run.dir}timeseries.csv`));
      run.events = eventsOf(await readTable(src, `${run.dir}events.csv`));
    }),
  );
  return finish('study', studyTitle(manifest, root), runs, params, manifest, summary);
}

function studyTitle(manifest: unknown, root: string): string {
  const m = manifest as Record<string, unknown> | null;
  const name = m?.name ?? (m?.config as Record<string, unknown> | undefined)?.name;
  return typeof name === 'string' ? name : baseName(root) || 'study';
}

function finish(kind: ResultsData['kind'], title: string, runs: RunData[], params: string[], manifest: unknown, studySummary: unknown): ResultsData {
  const variants: string[] = [];
  const metrics: string[] = [];
  for (const r of runs) {
    if (!variants.includes(r.variant)) variants.push(r.variant);
    for (const m of Object.keys(r.metrics)) if (!metrics.includes(m)) metrics.push(m);
  }
  const named = findBaseline(studySummary) ?? findBaseline(manifest);
  const baseline = named !== null && variants.includes(named) ? named : (variants[0] ?? '');
  return { kind, title, runs, variants, baseline, params, metrics, manifest, studySummary };
}

/** A `baseline` string anywhere in the first levels of a manifest or summary. */
function findBaseline(value: unknown, depth = 0): string | null {
  if (depth > 3 || value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const v = value as Record<string, unknown>;
  if (typeof v.baseline === 'string') return v.baseline;
  if (v.baseline && typeof v.baseline === 'object' && typeof (v.baseline as Record<string, unknown>).variant === 'string') return (v.baseline as Record<string, string>).variant!;
  for (const child of Object.values(v)) {
    const found = findBaseline(child, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** Numbers of a nested object, flattened with `_` as runs.csv does (`utilization.cpu` → `utilization_cpu`). */
export function flattenNumbers(obj: Record<string, unknown>, prefix = '', out: Record<string, number> = {}): Record<string, number> {
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}_${k}` : k;
    if (typeof v === 'number') out[key] = v;
    else if (v && typeof v === 'object' && !Array.isArray(v)) flattenNumbers(v as Record<string, unknown>, key, out);
  }
  return out;
}

export function seriesOf(table: Table | null): Series | null {
  if (!table || !table.has('time')) return null;
  const columns: Record<string, Float64Array> = {};
  const names = table.columns.filter((c) => c !== 'time');
  for (const c of names) columns[c] = table.num(c)!;
  return { time: table.num('time')!, columns, names };
}

const CATEGORIES: [RegExp, EventCategory][] = [
  [/detect/i, 'detection'],
  [/recover|repair|restor|node_up|^up$/i, 'recovery'],
  [/fail|down|crash|outage|kill/i, 'failure'],
  [/scale|replica|provision|autoscal|add_node|remove_node/i, 'scale'],
  [/rollout|deploy|upgrade|canary|rollback/i, 'rollout'],
  [/drift|config/i, 'drift'],
];

export function categoryOf(type: string): EventCategory {
  for (const [re, c] of CATEGORIES) if (re.test(type)) return c;
  return 'other';
}

export function eventsOf(table: Table | null): RunEvent[] | null {
  if (!table || !table.has('time') || !(table.has('type') || table.has('event'))) return null;
  const time = table.num('time')!;
  const type = table.text('type') ?? table.text('event')!;
  const node = table.text('node');
  const end = table.num('end');
  const detail = table.text('detail');
  const out: RunEvent[] = [];
  for (let i = 0; i < table.rowCount; i++) {
    if (Number.isNaN(time[i]!)) continue;
    const e = end?.[i];
    out.push({
      time: time[i]!,
      type: type[i]!,
      category: categoryOf(type[i]!),
      node: node?.[i] || null,
      end: e === undefined || Number.isNaN(e) ? null : e,
      detail: detail?.[i] ?? '',
    });
  }
  return out;
}

/** Reads a run's jobs.csv (absent: null); `light` keeps only the measures the distributions need. */
export async function loadJobs(src: FileSource, run: Pick<RunData, 'dir'>, light = false): Promise<Jobs | null> {
  const path = `${run.dir}jobs.csv`;
  if (!src.paths.includes(path)) return null;
  return jobsOf(parseCsv(await src.text(path), light ? LIGHT_COLUMNS : JOB_COLUMNS, JOB_NUMBERS), light);
}

const LIGHT_COLUMNS = ['wait', 'response', 'bounded_slowdown'];
const JOB_NUMBERS = ['submit', 'start', 'end', 'wait', 'response', 'bounded_slowdown', 'tasks'];
const JOB_COLUMNS = ['job_id', 'user', 'status', 'submit', 'start', 'end', 'wait', 'response', 'bounded_slowdown', 'tasks', 'nodes'];

/**
 * The columns of jobs.csv the views use. `light` leaves out identities, times
 * and nodes (empty arrays, `light: true`): with 20 runs of 10^5 jobs only the
 * run shown in the node timeline needs them.
 */
export function jobsOf(table: Table, light = false): Jobs {
  const n = table.rowCount;
  if (light) {
    const none = new Float64Array(0);
    return {
      count: n,
      light: true,
      id: [],
      user: [],
      status: [],
      submit: none,
      start: none,
      end: none,
      wait: table.num('wait') ?? new Float64Array(n).fill(NaN),
      response: table.num('response') ?? new Float64Array(n).fill(NaN),
      boundedSlowdown: table.num('bounded_slowdown') ?? new Float64Array(n).fill(NaN),
      tasks: none,
      nodes: null,
    };
  }
  const num = (c: string) => table.num(c) ?? new Float64Array(n).fill(NaN);
  const text = (c: string) => (table.text(c) as string[] | undefined) ?? new Array<string>(n).fill('');
  return {
    count: n,
    id: text('job_id'),
    user: text('user'),
    status: text('status'),
    submit: num('submit'),
    start: num('start'),
    end: num('end'),
    wait: num('wait'),
    response: num('response'),
    boundedSlowdown: num('bounded_slowdown'),
    tasks: num('tasks'),
    nodes: (table.text('nodes') as string[] | undefined) ?? null,
  };
}
