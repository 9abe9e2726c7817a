/**
 * Draws every view the data supports into the page, with the controls each
 * needs (metrics, run, grid metric) and the link between them: brushing the
 * utilization chart zooms the node timeline. Views whose series are absent
 * from the data (scaling, reliability, rollouts, the heatmap without a grid)
 * are left out.
 */
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

export function renderViews(container: HTMLElement, data: ResultsData, state: UrlState, hooks: PanelHooks): void {
  const width = chartWidth(container);
  const figures: HTMLElement[] = [];
  const draw = (view: View<any>): HTMLElement => {
    switch (view.id) {
      case 'utilization':
        return renderFigure(view, data, {
          width,
          selection: state.window,
          onBrush: (window: [number, number] | null) => {
            state.window = window;
            hooks.onState(state);
            replace(ganttView());
          },
        });
      case 'strip':
      case 'forest': {
        const selected = chosenMetrics(data, state.metrics ?? undefined);
        const control: Control = {
          label: 'metrics',
          values: data.metrics,
          selected,
          multiple: true,
          onChange: (values) => {
            state.metrics = values;
            hooks.onState(state);
            for (const id of ['strip', 'forest']) {
              const v = VIEWS.find((x) => x.id === id)!;
              if (v.available(data)) replace(draw(v));
            }
          },
        };
        return renderFigure(view, data, { width, metrics: selected }, [control]);
      }
      case 'heatmap': {
        const metric = state.metric && data.metrics.includes(state.metric) ? state.metric : chosenMetrics(data)[0]!;
        return renderFigure(view, data, { width, metric }, [
          {
            label: 'metric',
            values: data.metrics,
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
        return renderFigure(view, data, { width });
    }
  };
  const ganttView = (): HTMLElement => {
    const view = VIEWS.find((v) => v.id === 'gantt')!;
    const run = ganttRun(data, state.run ?? undefined);
    return renderFigure(view, data, { width, run: run?.id, window: state.window }, [
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
  for (const view of VIEWS) if (view.available(data)) figures.push(draw(view));
  container.replaceChildren(...figures);
  for (const f of figures) markShared(f, state);
}

function markShared(fig: HTMLElement, state: UrlState): void {
  fig.classList.toggle('shared', fig.dataset.view === state.view);
}
