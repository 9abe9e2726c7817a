/**
 * The "Run in the browser" form: a trace (bundled sample or local file), the
 * variants (queue order × backfilling × placement, added one by one) and the
 * seeds; Run starts the pool, Cancel stops it. Results go to the page as they
 * finish, with each run's summary.json shown and downloadable.
 */
import { backfills, placements, queueOrders } from '../../schedulers/registry.ts';
import type { SwfOptions } from '../../traces/swf.ts';
import type { ResultsData, RunData } from '../data/model.ts';
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

export function setupRunForm(state: UrlState, hooks: RunFormHooks): void {
  const form = byId<HTMLFormElement>('run-form');
  const sample = byId<HTMLSelectElement>('trace-sample');
  const file = byId<HTMLInputElement>('trace-file');
  const procs = byId<HTMLInputElement>('procs');
  const queue = byId<HTMLSelectElement>('pick-queue');
  const backfill = byId<HTMLSelectElement>('pick-backfill');
  const placement = byId<HTMLSelectElement>('pick-placement');
  const list = byId<HTMLUListElement>('variant-list');
  const seeds = byId<HTMLInputElement>('seeds');
  const runButton = byId<HTMLButtonElement>('run');
  const cancel = byId<HTMLButtonElement>('cancel');
  const progress = byId<HTMLProgressElement>('progress');

  for (const s of SAMPLES) {
    const o = document.createElement('option');
    o.value = s.key;
    o.textContent = s.label;
    o.selected = s.key === (state.trace ?? 'kth');
    sample.append(o);
  }
  fill(queue, queueOrders.keys(), 'fcfs');
  fill(backfill, backfills.keys(), 'easy');
  fill(placement, placements.keys(), 'first-fit');
  if (state.seeds) seeds.value = state.seeds;

  const variants: Variant[] = [];
  for (const text of state.variants ?? ['fcfs+easy+first-fit']) {
    const [q, b, p] = text.split('+');
    if (q && b && p && queueOrders.has(q) && backfills.has(b) && placements.has(p)) variants.push({ queue: q, backfill: b, placement: p });
  }
  const sync = () => {
    state.trace = file.files?.length ? null : sample.value;
    state.variants = variants.map(nameOf);
    state.seeds = seeds.value;
    hooks.onState(state);
  };
  const drawList = () => {
    list.replaceChildren();
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
      list.append(li);
    });
  };
  drawList();
  byId<HTMLButtonElement>('add-variant').addEventListener('click', () => {
    const v = { queue: queue.value, backfill: backfill.value, placement: placement.value };
    if (!variants.some((x) => nameOf(x) === nameOf(v))) variants.push(v);
    drawList();
    sync();
  });
  sample.addEventListener('change', sync);
  seeds.addEventListener('change', sync);

  let pool: RunnerPool | null = null;
  cancel.addEventListener('click', () => {
    pool?.cancel();
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      let seedList: number[];
      try {
        seedList = parseSeeds(seeds.value);
        if (variants.length === 0) throw new Error('add at least one variant');
      } catch (err) {
        hooks.setStatus((err as Error).message, 'error');
        return;
      }
      const local = file.files?.[0];
      const chosen = SAMPLES.find((s) => s.key === sample.value)!;
      const name = local ? local.name : chosen.name;
      const swf: SwfOptions = procs.value ? { machineProcs: Number(procs.value) } : {};
      const specs: RunSpec[] = variants.flatMap((v) => seedList.map((seed) => ({ id: `${nameOf(v)}-s${seed}`, ...v, seed })));
      runButton.disabled = true;
      cancel.disabled = false;
      progress.hidden = false;
      progress.value = 0;
      hooks.setBusy('running');
      hooks.setStatus(`reading ${name}…`);
      const runsList = resultsList();
      const data: ResultsData = { kind: 'runs', title: `browser runs on ${name}`, runs: [], variants: variants.map(nameOf), baseline: nameOf(variants[0]!), params: [], metrics: [], manifest: null, studySummary: null };
      hooks.onStart(data.title);
      const fractions = new Map<string, number>();
      pool = new RunnerPool();
      try {
        const trace = local ?? (await (await fetch(chosen.url)).blob());
        hooks.setStatus(`running ${specs.length} run${specs.length > 1 ? 's' : ''} on ${name}…`);
        await pool.run(trace, name, swf, specs, {
          progress(spec, f) {
            fractions.set(spec.id, f);
            let sum = 0;
            for (const x of fractions.values()) sum += x;
            progress.value = sum / specs.length;
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
        hooks.setBusy('done');
      } catch (err) {
        const cancelled = (err as Error).message === 'cancelled';
        hooks.setStatus(cancelled ? `cancelled after ${data.runs.length} of ${specs.length} runs` : `run failed: ${(err as Error).message}`, cancelled ? undefined : 'error');
        hooks.setBusy(cancelled ? 'cancelled' : 'error');
      } finally {
        // The workers hold the parsed trace; let them go (a new Run starts new ones).
        pool.cancel();
        runButton.disabled = false;
        cancel.disabled = true;
        progress.hidden = true;
      }
    })();
  });
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
