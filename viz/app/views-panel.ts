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

export function renderViews(container: HTMLElement, all: ResultsData, state: UrlState, hooks: PanelHooks): void {
  const width = chartWidth(container);
  let cache = drawn.get(container);
  if (!cache) drawn.set(container, (cache = new Map()));
  const fresh = new Map<string, HTMLElement>();
  const figures: HTMLElement[] = [];
  const points = gridPoints(all);
  // The point shown: the one in the URL, else the first (never all of them pooled).
  const { data, point } = onePoint(all, state.point);
  const draw = (view: View<any>): HTMLElement => {
    const fig = drawOne(view);
    if (points.length > 1 && PER_POINT.has(view.id)) {
      const cap = fig.querySelector('figcaption');
      const label = document.createElement('label');
      label.textContent = 'grid point ';
      const select = document.createElement('select');
      select.className = 'grid-point';
      for (const p of points) {
        const o = document.createElement('option');
        o.value = p;
        o.textContent = p;
        o.selected = p === point;
        select.append(o);
      }
      select.addEventListener('change', () => {
        state.point = select.value;
        hooks.onState(state);
        renderViews(container, all, state, hooks);
      });
      label.append(select);
      cap?.querySelector('h2')?.after(label);
    }
    return fig;
  };
  // Views get every run and the point to show, so their headings can name it (data/grid.ts pointLabel).
  const drawOne = (view: View<any>): HTMLElement => {
    switch (view.id) {
      case 'utilization':
        return renderFigure(view, all, {
          width,
          point,
          selection: state.window,
          onBrush: (window: [number, number] | null) => {
            state.window = window;
            hooks.onState(state);
            replace(draw(VIEWS.find((v) => v.id === 'gantt')!));
          },
        });
      case 'strip':
      case 'forest': {
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
              if (v.available(all)) replace(draw(v));
            }
          },
        };
        return renderFigure(view, all, { width, point, metrics: selected }, [control]);
      }
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
              replace(draw(view));
            },
          },
        ]);
      }
      case 'gantt':
        return ganttView();
      default:
        return renderFigure(view, all, { width, point });
    }
  };
  const ganttView = (): HTMLElement => {
    const view = VIEWS.find((v) => v.id === 'gantt')!;
    const run = ganttRun(data, state.run ?? undefined);
    return renderFigure(view, all, { width, point, run: run?.id, window: state.window }, [
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
  };
  const replace = (fig: HTMLElement) => {
    const old = container.querySelector(`#${fig.id}`);
    if (old) old.replaceWith(fig);
    markShared(fig, state);
  };
  for (const view of VIEWS) {
    const d = PER_POINT.has(view.id) ? data : all;
    if (!view.available(d)) continue;
    const key = inputKey(view, d, all, state, point, width);
    const fig = cache.get(key) ?? draw(view);
    fresh.set(key, fig);
    figures.push(fig);
  }
  drawn.set(container, fresh);
  container.replaceChildren(...figures);
  for (const f of figures) markShared(f, state);
}

function markShared(fig: HTMLElement, state: UrlState): void {
  fig.classList.toggle('shared', fig.dataset.view === state.view);
}
