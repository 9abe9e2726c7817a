/**
 * The app's state in the URL, so a view can be shared: the results to open
 * (`?results=` for a served directory), and in the hash the view to show,
 * its options (metric, metrics, run, window, point) and the browser-run form
 * (trace, variants, seeds, procs, fill), with `ran` when the runs the page
 * shows were made from that form (a shared link then runs them again: see
 * run-form.ts). Only known keys are read, as text.
 */
export interface UrlState {
  results: string | null;
  view: string | null;
  metric: string | null;
  metrics: string[] | null;
  run: string | null;
  window: [number, number] | null;
  /** A grid point (`load=0.7;nodes=64`) the time views and distributions are restricted to; null for all runs. */
  point: string | null;
  trace: string | null;
  variants: string[] | null;
  seeds: string | null;
  /** Processors, for an SWF trace without a machine size. */
  procs: string | null;
  /** The fill transform's multiple (GPU requests = fill × the cluster's GPU capacity). */
  fill: string | null;
  /** The charts are those of runs made from this form: opening the link runs them again. */
  ran: boolean;
}

export function readUrlState(location: { search: string; hash: string }): UrlState {
  const q = new URLSearchParams(location.search);
  const h = new URLSearchParams(location.hash.replace(/^#/, ''));
  const list = (k: string) => (h.get(k) ? h.get(k)!.split(',').filter(Boolean) : null);
  const win = h.get('window')?.split(',').map(Number);
  return {
    results: q.get('results'),
    view: h.get('view'),
    metric: h.get('metric'),
    metrics: list('metrics'),
    run: h.get('run'),
    window: win && win.length === 2 && win.every(Number.isFinite) && win[0]! < win[1]! ? [win[0]!, win[1]!] : null,
    point: h.get('point'),
    trace: h.get('trace'),
    variants: h.get('variants') ? h.get('variants')!.split(';').filter(Boolean) : null,
    seeds: h.get('seeds'),
    procs: h.get('procs'),
    fill: h.get('fill'),
    ran: h.get('ran') === '1',
  };
}

/** The hash for a state (the query, which names the data source, is left alone). */
export function hashOf(state: UrlState): string {
  const h = new URLSearchParams();
  if (state.view) h.set('view', state.view);
  if (state.metric) h.set('metric', state.metric);
  if (state.metrics?.length) h.set('metrics', state.metrics.join(','));
  if (state.run) h.set('run', state.run);
  if (state.window) h.set('window', state.window.map((t) => Math.round(t)).join(','));
  if (state.point) h.set('point', state.point);
  if (state.trace) h.set('trace', state.trace);
  if (state.variants?.length) h.set('variants', state.variants.join(';'));
  if (state.seeds) h.set('seeds', state.seeds);
  if (state.procs) h.set('procs', state.procs);
  if (state.fill) h.set('fill', state.fill);
  if (state.ran) h.set('ran', '1');
  const s = h.toString();
  return s ? `#${s}` : '';
}
