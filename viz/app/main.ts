/**
 * The app: opens results (served by `clusterlab view`, or dropped), or runs
 * simulations in workers, and draws every view the data supports. The state
 * of the page is in the URL (url-state.ts). `document.body.dataset.state`
 * says what the page is doing (loading, ready, running, done), for people
 * reading the page with tools and for the browser tests.
 */
// First: before any module builds a zod schema (see the module).
import '../zod-jitless.ts';
import * as Comlink from 'comlink';
import type { ResultsData } from '../data/model.ts';
import type { LoadWorker } from '../worker/load.worker.ts';
import { filesFromDrop, filesFromInput, type PickedFile } from './drop.ts';
import { setupRunForm } from './run-form.ts';
import { hashOf, readUrlState } from './url-state.ts';
import { renderViews } from './views-panel.ts';

const state = readUrlState(location);
const views = document.getElementById('views')!;
const status = document.getElementById('status')!;
let data: ResultsData | null = null;
let generation = 0;
let loader: Comlink.Remote<LoadWorker> | null = null;
/** A second loading worker that reads jobs.csv files beside the first (two cores read 10^5-job files twice as fast). */
let helper: { worker: Worker; api: Comlink.Remote<LoadWorker> } | null = null;
/** Where the open results come from, for the helper to read the same files. */
let opened: { url: string } | { files: PickedFile[] } | null = null;

function setStatus(text: string, kind?: 'error'): void {
  status.textContent = text;
  status.classList.toggle('error', kind === 'error');
}

function setBusy(s: string): void {
  document.body.dataset.state = s;
}

function saveState(): void {
  history.replaceState(null, '', `${location.pathname}${location.search}${hashOf(state)}`);
}

let pending = false;
let scrolledTo: string | null = null;
/** Called once the pending redraw has drawn (the page is `ready` only when its views show the data). */
let afterDraw: (() => void)[] = [];
function drawn(): Promise<void> {
  return pending ? new Promise((resolve) => afterDraw.push(resolve)) : Promise.resolve();
}
function redraw(): void {
  if (pending || !data) return;
  pending = true;
  requestAnimationFrame(() => {
    pending = false;
    const waiting = afterDraw;
    afterDraw = [];
    try {
      draw();
    } finally {
      for (const resolve of waiting) resolve();
    }
  });
}
function draw(): void {
  if (!data) return;
  performance.mark('render-start');
  renderViews(views, data, state, { onState: saveState, onRunWanted: (id) => void loadFullJobs(id) });
  performance.mark('render-end');
  if (!performance.getEntriesByName('first-chart').length && views.querySelector('svg[data-view]')) performance.mark('first-chart');
  // A shared link names a view: bring it into sight once.
  if (state.view && scrolledTo !== state.view) {
    const fig = document.getElementById(`view-${state.view}`);
    if (fig) {
      scrolledTo = state.view;
      fig.scrollIntoView({ block: 'start' });
    }
  }
}

function newLoader(name: string): { worker: Worker; api: Comlink.Remote<LoadWorker> } {
  const worker = new Worker(new URL('../worker/load.worker.ts', import.meta.url), { type: 'module', name });
  return { worker, api: Comlink.wrap<LoadWorker>(worker) };
}

function loaderApi(): Comlink.Remote<LoadWorker> {
  loader ??= newLoader('clusterlab-loader').api;
  return loader;
}

async function helperApi(): Promise<Comlink.Remote<LoadWorker> | null> {
  if ((navigator.hardwareConcurrency || 1) < 2 || !opened) return null;
  if (helper) {
    helper.api[Comlink.releaseProxy]();
    helper.worker.terminate();
  }
  helper = newLoader('clusterlab-loader-2');
  if ('url' in opened) await helper.api.attachUrl(opened.url);
  else await helper.api.attachFiles(opened.files);
  return helper.api;
}

/** Loads the jobs after the first charts: the node timeline's run whole, the others light. */
async function loadJobs(gen: number): Promise<void> {
  if (!data) return;
  const d = data;
  const ganttId = state.run && d.runs.some((r) => r.id === state.run) ? state.run : d.runs[0]?.id;
  const order = [...d.runs.keys()].sort((a, b) => Number(d.runs[b]!.id === ganttId) - Number(d.runs[a]!.id === ganttId));
  const light = d.runs.length > 4;
  let done = 0;
  const queue = [...order];
  // Each reader takes the next run; the node timeline's run comes first.
  const read = async (api: Comlink.Remote<LoadWorker>) => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      const jobs = await api.jobs(d.runs[i]!.dir, light && d.runs[i]!.id !== ganttId);
      if (gen !== generation) return;
      performance.mark(`jobs-${i}`);
      d.runs[i]!.jobs = jobs;
      done++;
      setStatus(`${d.title}: ${d.runs.length} run${d.runs.length > 1 ? 's' : ''}, jobs of ${done} loaded`);
      if (done === 1 || done === order.length || done % 5 === 0) redraw();
    }
  };
  const second = order.length > 2 ? await helperApi() : null;
  await Promise.all([read(loaderApi()), ...(second ? [read(second)] : [])]);
  if (gen !== generation) return;
  performance.mark('jobs-loaded');
}

async function loadFullJobs(runId: string): Promise<void> {
  if (!data) return;
  const i = data.runs.findIndex((r) => r.id === runId);
  const run = data.runs[i];
  if (run && (!run.jobs || run.jobs.light) && loader) run.jobs = await loaderApi().jobs(run.dir, false);
  redraw();
}

async function open(load: () => Promise<ResultsData>, what: string): Promise<void> {
  const gen = ++generation;
  setBusy('loading');
  setStatus(`opening ${what}…`);
  try {
    const d = await load();
    if (gen !== generation) return;
    data = d;
    setStatus(`${d.title}: ${d.runs.length} run${d.runs.length > 1 ? 's' : ''}, ${d.variants.length} variant${d.variants.length > 1 ? 's' : ''}; loading jobs…`);
    redraw();
    await loadJobs(gen);
    await drawn();
    if (gen !== generation) return;
    setStatus(`${d.title}: ${d.runs.length} run${d.runs.length > 1 ? 's' : ''}, ${d.variants.length} variant${d.variants.length > 1 ? 's' : ''}`);
    setBusy('ready');
  } catch (err) {
    if (gen !== generation) return;
    setStatus(`could not open ${what}: ${(err as Error).message}`, 'error');
    setBusy('error');
  }
}

function openPicked(files: PickedFile[]): void {
  if (files.length === 0) return;
  opened = { files };
  void open(() => loaderApi().openFiles(files), `${files.length} file${files.length > 1 ? 's' : ''}`);
}

function setupDrop(): void {
  const drop = document.getElementById('drop')!;
  const folder = document.getElementById('pick-folder') as HTMLInputElement;
  const files = document.getElementById('pick-files') as HTMLInputElement;
  drop.addEventListener('dragover', (e) => {
    e.preventDefault();
    drop.classList.add('over');
  });
  drop.addEventListener('dragleave', () => drop.classList.remove('over'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    drop.classList.remove('over');
    if (e.dataTransfer) void filesFromDrop(e.dataTransfer).then(openPicked);
  });
  drop.addEventListener('keydown', (e) => {
    if (e.target === drop && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      folder.click();
    }
  });
  folder.addEventListener('change', () => openPicked(filesFromInput(folder)));
  files.addEventListener('change', () => openPicked(filesFromInput(files)));
}

function setupResize(): void {
  let lastWidth = views.clientWidth;
  let timer: ReturnType<typeof setTimeout> | undefined;
  new ResizeObserver(() => {
    if (Math.abs(views.clientWidth - lastWidth) < 40) return;
    lastWidth = views.clientWidth;
    clearTimeout(timer);
    timer = setTimeout(redraw, 150);
  }).observe(views);
}

// A shared link pasted into the same page changes only the hash: read it again.
window.addEventListener('hashchange', () => {
  Object.assign(state, readUrlState(location), { results: state.results });
  redraw();
});

setBusy('idle');
setupDrop();
setupResize();
setupRunForm(state, {
  onStart() {
    generation++;
    data = null;
    opened = null;
    views.replaceChildren();
  },
  onRun(_run, all) {
    data = all;
    redraw();
  },
  onState: saveState,
  setStatus,
  setBusy,
});
if (state.results) {
  // Only a relative path on this origin: the page makes no request elsewhere.
  const base = new URL(state.results.endsWith('/') ? state.results : `${state.results}/`, location.href);
  if (base.origin === location.origin) {
    opened = { url: base.href };
    void open(() => loaderApi().openUrl(base.href), state.results);
  }
  else setStatus('results must be on this server', 'error');
}
