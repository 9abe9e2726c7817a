/**
 * The "Run in the browser" form: a trace (bundled sample, or local files of
 * any format the CLI reads, with an optional cluster file), the reader's and
 * the workload's options (processors for SWF, the GPU fill), the variants
 * (queue order × backfilling × placement, added one by one) and the seeds;
 * Run starts the pool, Cancel stops it. Results go to the page as they finish,
 * with each run's summary.json shown and downloadable.
 *
 * A link to the page after a run carries `ran=1` with the form: opening it runs
 * the same runs again, so whoever opens a shared link sees the charts that
 * were shared (runs are deterministic: the same inputs give the same bytes).
 * Local files cannot travel in a link: the page then says which to choose.
 */
import { backfills, placements, queueOrders } from '../../schedulers/registry.ts';
import { FORMATS } from '../../traces/formats.ts';
import type { SwfOptions } from '../../traces/swf.ts';
import type { ResultsData, RunData } from '../data/model.ts';
import { fillTransform, type BrowserTrace } from '../worker/browser-trace.ts';
import type { TraceFile } from '../worker/read-trace.ts';
import type { BrowserRun, RunSpec } from '../worker/simulate-run.ts';
import { download } from './export.ts';
import { RunnerPool } from './runner.ts';
import { SAMPLES } from './samples.ts';
import type { UrlState } from './url-state.ts';

export interface RunFormHooks {
  onStart(title: string): void;
  onRun(run: RunData, all: ResultsData): void;
  onState(state: UrlState): void;
  setStatus(text: string, kind?: 'error'): void;
  setBusy(state: 'running' | 'done' | 'cancelled' | 'error'): void;
}

interface Variant {
  queue: string;
  backfill: string;
  placement: string;
}

const nameOf = (v: Variant) => `${v.queue}+${v.backfill}+${v.placement}`;

/** `1-3` → [1, 2, 3]; `1,5,9` → [1, 5, 9]; at most 100 seeds. */
export function parseSeeds(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (!m) throw new Error(`seeds: ${JSON.stringify(part)} is not a number or a range like 1-3`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new Error(`seeds: empty range ${part}`);
    for (let s = a; s <= b; s++) if (!out.includes(s)) out.push(s);
    if (out.length > 100) throw new Error('seeds: at most 100');
  }
  if (out.length === 0) throw new Error('seeds: give at least one');
  return out;
}

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

function fill(select: HTMLSelectElement, values: Iterable<string>, selected: string): void {
  for (const v of values) {
    const o = document.createElement('option');
    o.value = v;
    o.textContent = v;
    o.selected = v === selected;
    select.append(o);
  }
}

/** The form's controls, by role. */
interface FormElements {
  sample: HTMLSelectElement;
  file: HTMLInputElement;
  clusterFile: HTMLInputElement;
  format: HTMLSelectElement;
  procs: HTMLInputElement;
  fillInput: HTMLInputElement;
  queue: HTMLSelectElement;
  backfill: HTMLSelectElement;
  placement: HTMLSelectElement;
  list: HTMLUListElement;
  seeds: HTMLInputElement;
  runButton: HTMLButtonElement;
  cancel: HTMLButtonElement;
  progress: HTMLProgressElement;
}

function formElements(): FormElements {
  return {
    sample: byId('trace-sample'),
    file: byId('trace-file'),
    clusterFile: byId('cluster-file'),
    format: byId('trace-format'),
    procs: byId('procs'),
    fillInput: byId('fill'),
    queue: byId('pick-queue'),
    backfill: byId('pick-backfill'),
    placement: byId('pick-placement'),
    list: byId('variant-list'),
    seeds: byId('seeds'),
    runButton: byId('run'),
    cancel: byId('cancel'),
    progress: byId('progress'),
  };
}

/** The choices of each control, and the values the link carried. */
function fillForm(el: FormElements, state: UrlState): void {
  for (const s of SAMPLES) {
    const o = document.createElement('option');
    o.value = s.key;
    o.textContent = s.label;
    o.selected = s.key === (state.trace ?? 'kth');
    el.sample.append(o);
  }
  fill(el.queue, queueOrders.names(), 'fcfs');
  fill(el.backfill, backfills.names(), 'easy');
  fill(el.placement, placements.names(), 'first-fit');
  fill(el.format, ['auto', ...FORMATS.map((f) => f.name)], 'auto');
  if (state.seeds) el.seeds.value = state.seeds;
  if (state.procs) el.procs.value = state.procs;
  if (state.fill) el.fillInput.value = state.fill;
}

/** The variants of the link (unknown names left out), shown as a list with remove buttons and grown by Add. */
function setupVariants(el: FormElements, state: UrlState, sync: () => void): Variant[] {
  const variants: Variant[] = [];
  for (const text of state.variants ?? ['fcfs+easy+first-fit']) {
    const [q, b, p] = text.split('+');
    if (q && b && p && queueOrders.has(q) && backfills.has(b) && placements.has(p)) variants.push({ queue: q, backfill: b, placement: p });
  }
  const drawList = () => {
    el.list.replaceChildren();
    variants.forEach((v, i) => {
      const li = document.createElement('li');
      li.textContent = `${nameOf(v)}${i === 0 ? ' (baseline)' : ''}`;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = 'remove';
      remove.setAttribute('aria-label', `remove ${nameOf(v)}`);
      remove.addEventListener('click', () => {
        variants.splice(i, 1);
        drawList();
        sync();
      });
      li.append(remove);
      el.list.append(li);
    });
  };
  drawList();
  byId<HTMLButtonElement>('add-variant').addEventListener('click', () => {
    const v = { queue: el.queue.value, backfill: el.backfill.value, placement: el.placement.value };
    if (!variants.some((x) => nameOf(x) === nameOf(v))) variants.push(v);
    drawList();
    sync();
  });
  return variants;
}

export function setupRunForm(state: UrlState, hooks: RunFormHooks): void {
  const el = formElements();
  fillForm(el, state);
  // Any change to the form: the charts no longer show what the form says.
  const sync = () => {
    state.trace = el.file.files?.length ? null : el.sample.value;
    state.variants = variants.map(nameOf);
    state.seeds = el.seeds.value;
    state.procs = el.procs.value || null;
    state.fill = el.fillInput.value || null;
    state.ran = false;
    hooks.onState(state);
  };
  const variants = setupVariants(el, state, sync);
  for (const input of [el.sample, el.seeds, el.procs, el.fillInput, el.file, el.clusterFile, el.format]) input.addEventListener('change', sync);

  const running: { pool: RunnerPool | null } = { pool: null };
  el.cancel.addEventListener('click', () => {
    running.pool?.cancel();
  });
  const start = () => runForm(el, variants, state, hooks, running);
  byId<HTMLFormElement>('run-form').addEventListener('submit', (event) => {
    event.preventDefault();
    void start();
  });

  if (state.ran && !state.results) {
    if (state.trace && SAMPLES.some((s) => s.key === state.trace)) void start();
    else hooks.setStatus('This link showed runs on local files, which a link cannot carry: choose the trace file and Run to see them again.');
  }
}

/** The trace files of a run: the local ones chosen, or the sample's fetched; a cluster file chosen replaces the sample's own. */
async function traceInput(el: FormElements, trace: Omit<BrowserTrace, 'traces' | 'cluster'>, chosen: (typeof SAMPLES)[number]): Promise<BrowserTrace> {
  const fetched = async (files: readonly { name: string; url: string }[]): Promise<TraceFile[]> => Promise.all(files.map(async (f) => ({ name: f.name, blob: await (await fetch(f.url)).blob() })));
  const picked = (input: HTMLInputElement): TraceFile[] => [...(input.files ?? [])].map((f) => ({ name: f.name, blob: f }));
  const local = (el.file.files?.length ?? 0) > 0;
  const cluster = el.clusterFile.files?.length ? picked(el.clusterFile) : local ? [] : await fetched(chosen.cluster);
  return { ...trace, traces: local ? picked(el.file) : await fetched(chosen.traces), cluster };
}

/** Run: every variant × seed in the worker pool, results shown as they come, in the order of the specs. */
async function runForm(el: FormElements, variants: readonly Variant[], state: UrlState, hooks: RunFormHooks, running: { pool: RunnerPool | null }): Promise<void> {
  let seedList: number[];
  let trace: Omit<BrowserTrace, 'traces' | 'cluster'>;
  try {
    seedList = parseSeeds(el.seeds.value);
    if (variants.length === 0) throw new Error('add at least one variant');
    trace = { format: el.format.value, swf: procsOption(el.procs.value), import: {}, transforms: fillOption(el.fillInput.value) };
  } catch (err) {
    hooks.setStatus((err as Error).message, 'error');
    return;
  }
  const localTraces = [...(el.file.files ?? [])];
  const chosen = SAMPLES.find((s) => s.key === el.sample.value)!;
  const name = localTraces.length ? localTraces.map((f) => f.name).join(', ') : chosen.traces.map((f) => f.name).join(', ');
  const specs: RunSpec[] = variants.flatMap((v) => seedList.map((seed) => ({ id: `${nameOf(v)}-s${seed}`, ...v, seed })));
  el.runButton.disabled = true;
  el.cancel.disabled = false;
  el.progress.hidden = false;
  el.progress.value = 0;
  hooks.setBusy('running');
  hooks.setStatus(`reading ${name}…`);
  const runsList = resultsList();
  const data: ResultsData = { kind: 'runs', title: `browser runs on ${name}`, runs: [], variants: variants.map(nameOf), baseline: nameOf(variants[0]!), params: [], metrics: [], manifest: null, studySummary: null };
  hooks.onStart(data.title);
  const fractions = new Map<string, number>();
  const pool = new RunnerPool();
  running.pool = pool;
  try {
    const input = await traceInput(el, trace, chosen);
    hooks.setStatus(`running ${specs.length} run${specs.length > 1 ? 's' : ''} on ${name}…`);
    await pool.run(input, specs, {
      progress(spec, f) {
        fractions.set(spec.id, f);
        let sum = 0;
        for (const x of fractions.values()) sum += x;
        el.progress.value = sum / specs.length;
      },
      result(spec, result: BrowserRun) {
        // Keep the order of the specs, not of finishing, so the page is the same on every machine.
        data.runs.push(result.run);
        data.runs.sort((a, b) => specs.findIndex((s) => s.id === a.id) - specs.findIndex((s) => s.id === b.id));
        for (const m of Object.keys(result.run.metrics)) if (!data.metrics.includes(m)) data.metrics.push(m);
        runsList.add(spec, result);
        hooks.setStatus(`${data.runs.length} of ${specs.length} runs done`);
        hooks.onRun(result.run, data);
      },
    });
    hooks.setStatus(`${specs.length} run${specs.length > 1 ? 's' : ''} done on ${name}`);
    // The link now names what the charts show; opening it runs the same runs (local files excepted).
    state.ran = true;
    hooks.onState(state);
    hooks.setBusy('done');
  } catch (err) {
    const cancelled = (err as Error).message === 'cancelled';
    hooks.setStatus(cancelled ? `cancelled after ${data.runs.length} of ${specs.length} runs` : `run failed: ${(err as Error).message}`, cancelled ? undefined : 'error');
    hooks.setBusy(cancelled ? 'cancelled' : 'error');
  } finally {
    // The workers hold the parsed trace; let them go (a new Run starts new ones).
    pool.cancel();
    el.runButton.disabled = false;
    el.cancel.disabled = true;
    el.progress.hidden = true;
  }
}

/** `procs` of the form: empty, or a positive whole number of processors. */
export function procsOption(text: string): SwfOptions {
  if (text.trim() === '') return {};
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !(n > 0)) throw new Error(`processors: ${JSON.stringify(text)} is not a positive whole number`);
  return { machineProcs: n };
}

/** The fill of the form: empty, or a positive multiple (simulate's --fill). */
export function fillOption(text: string): BrowserTrace['transforms'] {
  if (text.trim() === '') return [];
  const x = Number(text);
  if (!/^(\d+\.?\d*|\.\d+)$/.test(text.trim()) || !(x > 0)) throw new Error(`fill: ${JSON.stringify(text)} is not a positive number`);
  return [fillTransform(x)];
}

/** The list of finished runs with their summary.json (text), for reading and download. */
function resultsList(): { add(spec: RunSpec, run: BrowserRun): void } {
  let section = document.getElementById('browser-runs');
  if (!section) {
    section = document.createElement('details');
    section.id = 'browser-runs';
    section.className = 'panel runs-list';
    const summary = document.createElement('summary');
    summary.textContent = 'Runs made in the browser: summary.json of each';
    section.append(summary);
    document.getElementById('status')!.after(section);
  }
  for (const old of section.querySelectorAll('.run')) old.remove();
  return {
    add(spec, run) {
      const item = document.createElement('div');
      item.className = 'run';
      item.dataset.run = spec.id;
      const h = document.createElement('h3');
      h.textContent = `${spec.id} (jobs.csv sha256 ${run.jobsSha256.slice(0, 12)}…)`;
      const pre = document.createElement('pre');
      pre.className = 'summary-json';
      pre.textContent = run.files['summary.json']!;
      pre.dataset.jobsSha256 = run.jobsSha256;
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = 'download summary.json';
      b.addEventListener('click', () => download(new Blob([run.files['summary.json']!], { type: 'application/json' }), `${spec.id}-summary.json`));
      item.append(h, b, pre);
      section!.append(item);
    },
  };
}
