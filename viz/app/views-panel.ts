/**
 * Draws every view the data supports into the page, with the controls each
 * needs (metrics, run, grid metric) and the link between them: brushing the
 * utilization chart zooms the node timeline. Views whose series are absent
 * from the data (scaling, reliability, rollouts, the heatmap without a grid)
 * are left out.
 */
import { gridPoints, onePoint } from '../data/grid.ts';
import type { ResultsData } from '../data/model.ts';
import { chosenMetrics } from '../views/strip.ts';
import { ganttRun } from '../views/gantt.ts';
import { VIEWS } from '../views/index.ts';
import type { View } from '../views/view.ts';
import { renderFigure, type Control } from './figure.ts';
import type { UrlState } from './url-state.ts';

export interface PanelHooks {
  /** The state changed (brush, a control): update the URL. */
  onState(state: UrlState): void;
  /** The node timeline wants the whole jobs.csv of a run. */
  onRunWanted(runId: string): void;
}

export function chartWidth(container: HTMLElement): number {
  return Math.round(Math.max(360, Math.min(1200, container.clientWidth - 28)));
}

/**
 * Views that show one grid point at a time: everything but the heatmap, which
 * is the grid. Seeds are pooled within a point, never across points, so n is
 * the number of seeds and the intervals are those of summary.json.
 */
const PER_POINT = new Set(['utilization', 'queue', 'scaling', 'cdf', 'strip', 'forest', 'gantt', 'reliability', 'rollout']);

/**
 * Figures already drawn, by what they were drawn from: a view whose inputs did
 * not change (jobs of other runs arriving, another view's control) is not
 * drawn again, which matters for the node timeline and the distributions at
 * 10^5 jobs per run.
 */
const drawn = new WeakMap<HTMLElement, Map<string, HTMLElement>>();
const dataIds = new WeakMap<ResultsData, number>();
let nextDataId = 0;

function inputKey(view: View<any>, d: ResultsData, all: ResultsData, state: UrlState, point: string | null, width: number): string {
  if (!dataIds.has(all)) dataIds.set(all, nextDataId++);
  let jobs = '';
  if (view.id === 'cdf') jobs = d.runs.map((r) => (r.jobs ? r.jobs.count : -1)).join(',');
  if (view.id === 'gantt') {
    const run = ganttRun(d, state.run ?? undefined);
    jobs = `${run?.id}:${run?.jobs?.count}:${state.window}`;
  }
  const options = { utilization: state.window, strip: state.metrics, forest: state.metrics, heatmap: state.metric }[view.id] ?? null;
  return JSON.stringify([view.id, dataIds.get(all), d.runs.map((r) => r.id), d.variants, point, width, options, jobs]);
}

/** What every view of one drawing shares: the page, the data (all runs, and the grid point shown), the state, the width. */
interface Panel {
  container: HTMLElement;
  all: ResultsData;
  /** The runs of the point shown. */
  data: ResultsData;
  point: string | null;
  points: string[];
  state: UrlState;
  hooks: PanelHooks;
  width: number;
}

export function renderViews(container: HTMLElement, all: ResultsData, state: UrlState, hooks: PanelHooks): void {
  const width = chartWidth(container);
  let cache = drawn.get(container);
  if (!cache) drawn.set(container, (cache = new Map()));
  const fresh = new Map<string, HTMLElement>();
  const figures: HTMLElement[] = [];
  // The point shown: the one in the URL, else the first (never all of them pooled).
  const { data, point } = onePoint(all, state.point);
  const panel: Panel = { container, all, data, point, points: gridPoints(all), state, hooks, width };
  for (const view of VIEWS) {
    const d = PER_POINT.has(view.id) ? data : all;
    if (!view.available(d)) continue;
    const key = inputKey(view, d, all, state, point, width);
    const fig = cache.get(key) ?? draw(panel, view);
    fresh.set(key, fig);
    figures.push(fig);
  }
  drawn.set(container, fresh);
  container.replaceChildren(...figures);
  for (const f of figures) markShared(f, state);
}

/** One view's figure, with the grid point chooser when it shows one point of several. */
function draw(p: Panel, view: View<any>): HTMLElement {
  const fig = drawOne(p, view);
  if (p.points.length > 1 && PER_POINT.has(view.id)) fig.querySelector('figcaption')?.querySelector('h2')?.after(pointChooser(p));
  return fig;
}

function pointChooser(p: Panel): HTMLElement {
  const label = document.createElement('label');
  label.textContent = 'grid point ';
  const select = document.createElement('select');
  select.className = 'grid-point';
  for (const value of p.points) {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = value;
    o.selected = value === p.point;
    select.append(o);
  }
  select.addEventListener('change', () => {
    p.state.point = select.value;
    p.hooks.onState(p.state);
    renderViews(p.container, p.all, p.state, p.hooks);
  });
  label.append(select);
  return label;
}

/** Views get every run and the point to show, so their headings can name it (data/grid.ts pointLabel). */
function drawOne(p: Panel, view: View<any>): HTMLElement {
  const { all, state, hooks, width, point } = p;
  switch (view.id) {
    case 'utilization':
      return renderFigure(view, all, {
        width,
        point,
        selection: state.window,
        onBrush: (window: [number, number] | null) => {
          state.window = window;
          hooks.onState(state);
          replace(p, draw(p, VIEWS.find((v) => v.id === 'gantt')!));
        },
      });
    case 'strip':
    case 'forest':
      return metricsView(p, view);
    case 'heatmap': {
      const metric = state.metric && all.metrics.includes(state.metric) ? state.metric : chosenMetrics(all)[0]!;
      return renderFigure(view, all, { width, metric }, [
        {
          label: 'metric',
          values: all.metrics,
          selected: [metric],
          onChange: ([m]) => {
            state.metric = m ?? null;
            hooks.onState(state);
            replace(p, draw(p, view));
          },
        },
      ]);
    }
    case 'gantt':
      return ganttView(p);
    default:
      return renderFigure(view, all, { width, point });
  }
}

/** The strip and forest views share their metrics control: a change redraws both. */
function metricsView(p: Panel, view: View<any>): HTMLElement {
  const { all, state, hooks } = p;
  const selected = chosenMetrics(all, state.metrics ?? undefined);
  const control: Control = {
    label: 'metrics',
    values: [...selected, ...all.metrics.filter((m) => !selected.includes(m))],
    selected,
    multiple: true,
    onChange: (values) => {
      state.metrics = values;
      hooks.onState(state);
      for (const id of ['strip', 'forest']) {
        const v = VIEWS.find((x) => x.id === id)!;
        if (v.available(all)) replace(p, draw(p, v));
      }
    },
  };
  return renderFigure(view, all, { width: p.width, point: p.point, metrics: selected }, [control]);
}

/** The node timeline of one run (chosen here), zoomed to the window brushed on the utilization chart. */
function ganttView(p: Panel): HTMLElement {
  const { all, data, state, hooks } = p;
  const view = VIEWS.find((v) => v.id === 'gantt')!;
  const run = ganttRun(data, state.run ?? undefined);
  return renderFigure(view, all, { width: p.width, point: p.point, run: run?.id, window: state.window }, [
    {
      label: 'run',
      values: data.runs.map((r) => r.id),
      selected: run ? [run.id] : [],
      onChange: ([id]) => {
        state.run = id ?? null;
        hooks.onState(state);
        hooks.onRunWanted(id!);
      },
    },
  ]);
}

function replace(p: Panel, fig: HTMLElement): void {
  const old = p.container.querySelector(`#${fig.id}`);
  if (old) old.replaceWith(fig);
  markShared(fig, p.state);
}

function markShared(fig: HTMLElement, state: UrlState): void {
  fig.classList.toggle('shared', fig.dataset.view === state.view);
}
