/**
 * Results directories into ResultsData. The layouts (docs/results.md "Results",
 * "Results layout", "Scenarios"):
 *
 * - a single run (`clusterlab simulate --out DIR`): jobs.csv, summary.json,
 *   timeseries.csv, manifest.json;
 * - several single runs side by side, one folder each: `clusterlab default`'s
 *   results/, or `clusterlab scenario --out DIR` (DIR/<variant>/, with
 *   system-events.csv and summary.json `scenario` and `dynamics`);
 * - a study (`clusterlab run`): manifest.json, runs.csv (run_id, variant, grid
 *   parameters, seed, status, then every metric flattened), summary.json, and
 *   runs/<run_id>/{jobs.csv,timeseries.csv,summary.json,manifest.json,events.csv}.
 *   Recognised by runs.csv.
 *
 * Events come from system-events.csv, or an events.csv that is not a job
 * event log (data/events.ts). Unknown files, columns and keys are ignored, so
 * newer results still load.
 *
 * Pure: reads through a FileSource (dropped files, fetch, or the file system in tests).
 */
import { parseCsv, toNumber, type Table } from './csv.ts';
import { dynamicsMetrics } from './dynamics.ts';
import { eventsOf, indexNodes } from './events.ts';
import { flattenNumbers } from './flatten.ts';
import type { Jobs, ResultsData, RunData, RunEvent, Series } from './model.ts';

export { flattenNumbers } from './flatten.ts';

export interface FileSource {
  /** Relative paths, '/'-separated, of every file available. */
  readonly paths: readonly string[];
  text(path: string): Promise<string>;
}

const dirOf = (path: string) => path.slice(0, path.lastIndexOf('/') + 1);
const baseName = (dir: string) => dir.replace(/\/$/, '').split('/').pop() ?? '';
type Json = Record<string, unknown>;

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
  if (runs.length > 1) {
    ensureUniqueIds(runs);
    await inScenarioOrder(src, runs);
  }
  const kind = runs.length === 1 ? 'run' : 'runs';
  return finish(kind, titleOf(runs), runs, [], null, null);
}

/**
 * Runs side by side in the order of the comparison.csv beside them
 * (`clusterlab scenario` writes its variants there in the scenario's order,
 * the first being the natural baseline), else in folder order.
 */
async function inScenarioOrder(src: FileSource, runs: RunData[]): Promise<void> {
  const path = src.paths.filter((p) => p === 'comparison.csv' || p.endsWith('/comparison.csv')).sort((x, y) => x.length - y.length)[0];
  const order = path === undefined ? undefined : (await readTable(src, path))?.text('variant');
  if (!order) return;
  const rank = (r: RunData) => {
    const i = order.indexOf(r.variant);
    return i < 0 ? order.length : i;
  };
  runs.sort((x, y) => rank(x) - rank(y));
}

/** The title of runs side by side: a scenario's name when they are its variants, else the count. */
function titleOf(runs: RunData[]): string {
  const scenarios = new Set(runs.map((r) => scenarioOf(r.summary)?.name).filter((n): n is string => typeof n === 'string'));
  if (scenarios.size === 1 && runs.every((r) => scenarioOf(r.summary))) return [...scenarios][0]!;
  return runs.length === 1 ? runs[0]!.variant : `${runs.length} runs`;
}

/** Folder names, made unique by their parent folders when needed (`a/run` and `b/run`). */
function ensureUniqueIds(runs: RunData[]): void {
  const count = new Map<string, number>();
  for (const r of runs) count.set(r.id, (count.get(r.id) ?? 0) + 1);
  for (const r of runs) if (count.get(r.id)! > 1) r.id = r.dir.replace(/\/$/, '') || r.id;
}

async function readJson(src: FileSource, path: string): Promise<unknown> {
  if (!src.paths.includes(path)) return null;
  return JSON.parse(await src.text(path));
}

async function readTable(src: FileSource, path: string): Promise<Table | null> {
  if (!src.paths.includes(path)) return null;
  return parseCsv(await src.text(path));
}

function scenarioOf(summary: unknown): { name?: unknown; variant?: unknown } | null {
  const s = (summary as Json | null)?.scenario;
  return s && typeof s === 'object' ? (s as Json) : null;
}

/**
 * A run's variant, as the command that wrote it names it: a study's run by
 * its manifest's `experiment.variant`; a scenario run by summary.json
 * `scenario.variant` (the scenario's name when it has no variants); a plain
 * `simulate` run by its policies, queue+backfill+placement (as the browser's
 * runs are named).
 */
export function variantOf(summary: unknown, manifest: unknown = null): string {
  const experiment = (manifest as Json | null)?.experiment as Json | undefined;
  if (typeof experiment?.variant === 'string') return experiment.variant;
  const scenario = scenarioOf(summary) ?? ((manifest as Json | null)?.scenario as Json | undefined) ?? null;
  if (scenario) {
    if (typeof scenario.variant === 'string' && scenario.variant) return scenario.variant;
    if (typeof scenario.name === 'string' && scenario.name) return scenario.name;
  }
  const s = (summary as Json | null)?.scheduler as Json | undefined;
  if (!s) return 'run';
  const parts = [s.queue, s.backfill, s.placement].filter((x) => typeof x === 'string') as string[];
  const name = parts.join('+') || 'run';
  return s.overrun === 'cut' ? `${name} (cut)` : name;
}

/** Every numeric metric of a run's summary.json: `metrics` and, for a scenario run, `dynamics` (data/dynamics.ts). */
export function summaryMetrics(summary: unknown): Record<string, number> {
  const metrics = flattenNumbers(((summary as Json | null)?.metrics ?? {}) as Json);
  return Object.assign(metrics, dynamicsMetrics(summary));
}

function clusterNodes(summary: unknown): number | null {
  const n = ((summary as Json | null)?.cluster as Json | undefined)?.nodes;
  return typeof n === 'number' ? n : null;
}

/** A run's events: system-events.csv and a non-job events.csv, in time order, nodes indexed. */
async function runEvents(src: FileSource, dir: string, summary: unknown): Promise<RunEvent[] | null> {
  const lists = [eventsOf(await readTable(src, `${dir}system-events.csv`)), eventsOf(await readTable(src, `${dir}events.csv`))].filter((l): l is RunEvent[] => l !== null);
  if (lists.length === 0) return null;
  const events = lists.length === 1 ? lists[0]! : lists.flat().sort((a, b) => a.time - b.time);
  indexNodes(events, clusterNodes(summary));
  return events;
}

async function loadSingleRun(src: FileSource, dir: string): Promise<RunData> {
  const summary = await readJson(src, `${dir}summary.json`);
  const manifest = (await readJson(src, `${dir}manifest.json`)) as Json | null;
  const seed = typeof manifest?.seed === 'number' ? manifest.seed : null;
  const params = ((manifest?.experiment as Json | undefined)?.params ?? {}) as Json;
  return {
    id: baseName(dir) || 'run',
    variant: variantOf(summary, manifest),
    seed,
    params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])),
    status: 'ok',
    metrics: summaryMetrics(summary),
    summary,
    timeseries: seriesOf(await readTable(src, `${dir}timeseries.csv`)),
    jobs: null,
    events: await runEvents(src, dir, summary),
    dir,
  };
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
      run.events = await runEvents(src, run.dir, run.summary);
      // runs.csv holds the batch metrics; a scenario run's dynamics are in its summary only.
      for (const [k, v] of Object.entries(dynamicsMetrics(run.summary))) if (!(k in run.metrics)) run.metrics[k] = v;
    }),
  );
  return finish('study', studyTitle(manifest, root), runs, params, manifest, summary);
}

function studyTitle(manifest: unknown, root: string): string {
  const m = manifest as Json | null;
  const name = m?.name ?? (m?.config as Json | undefined)?.name;
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
  const v = value as Json;
  if (typeof v.baseline === 'string') return v.baseline;
  if (v.baseline && typeof v.baseline === 'object' && typeof (v.baseline as Json).variant === 'string') return (v.baseline as Record<string, string>).variant!;
  for (const child of Object.values(v)) {
    const found = findBaseline(child, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

export function seriesOf(table: Table | null): Series | null {
  if (!table || !table.has('time')) return null;
  const columns: Record<string, Float64Array> = {};
  const names = table.columns.filter((c) => c !== 'time');
  for (const c of names) columns[c] = table.num(c)!;
  return { time: table.num('time')!, columns, names };
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
