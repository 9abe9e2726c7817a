/**
 * Which figures `clusterlab plot` draws from a results directory, and each
 * one drawn as the app draws it: the same view functions (views/index.ts),
 * with the options the app gives them (app/views-panel.ts: the first grid
 * point; the key metrics for the strip and forest views; the first run with
 * node data for the node timeline), then sized for a page (layoutWidth) with
 * ids independent of what was drawn before (ids.ts).
 */
import { onePoint } from '../data/grid.ts';
import type { ResultsData } from '../data/model.ts';
import { VIEWS } from '../views/index.ts';
import { chosenMetrics } from '../views/strip.ts';
import type { View } from '../views/view.ts';
import { pngCanvas } from './canvas.ts';
import { stableIds } from './ids.ts';

export const VIEW_NAMES: readonly string[] = VIEWS.map((v) => v.id);

/** The font size the views are drawn with (views/common/svg.ts frame). */
export const VIEW_FONT_SIZE = 12;

export interface FigureSpec {
  /** The file name without extension: `<view>` or `<view>-<metric>`. */
  name: string;
  view: View<any>;
  options: Record<string, unknown>;
}

export interface Plan {
  figures: FigureSpec[];
  /** Views asked for (or all of them) that the data cannot show, with why. */
  skipped: { view: string; reason: string }[];
}

/** Why a view has nothing to show, in the words of docs/browser-app.md. */
const MISSING: Record<string, string> = {
  utilization: 'no utilization columns in timeseries.csv',
  queue: 'no queued or running columns in timeseries.csv',
  scaling: 'no fleet columns (nodes, replicas, cost) in timeseries.csv',
  cdf: 'no jobs.csv',
  strip: 'no run metrics',
  forest: 'fewer than two variants to compare',
  gantt: 'no jobs.csv with a nodes column',
  reliability: 'no availability, recovery or SLO metrics (a scenario with dynamics has them)',
  rollout: 'no rollout, scaling or configuration-drift events',
  heatmap: 'no parameter grid (a study with a grid has one)',
};

/** Views that show one grid point (all but the heatmap, which is the grid): app/views-panel.ts PER_POINT. */
const WHOLE_GRID = new Set(['heatmap']);

const fileSafe = (s: string) => s.replace(/[^A-Za-z0-9_.-]+/g, '_');

/** The figures for `views` (all when empty) and `metrics` (the app's choice when empty), in the app's order. */
export function planFigures(all: ResultsData, views: readonly string[], metrics: readonly string[]): Plan {
  const { data, point } = onePoint(all);
  const plan: Plan = { figures: [], skipped: [] };
  for (const view of VIEWS) {
    if (views.length > 0 && !views.includes(view.id)) continue;
    if (!view.available(WHOLE_GRID.has(view.id) ? all : data)) {
      plan.skipped.push({ view: view.id, reason: MISSING[view.id] ?? 'nothing to show in these results' });
      continue;
    }
    const base = { point };
    if (view.id === 'heatmap') {
      for (const metric of metrics.length > 0 ? metrics : chosenMetrics(all)) plan.figures.push({ name: `heatmap-${fileSafe(metric)}`, view, options: { metric } });
    } else if (view.id === 'strip' || view.id === 'forest') {
      plan.figures.push({ name: view.id, view, options: { ...base, metrics: chosenMetrics(all, metrics.length > 0 ? metrics : undefined) } });
    } else if (view.id === 'utilization') {
      // The app's brush (its markup is invisible until used): the figure is the app's, byte for byte.
      plan.figures.push({ name: view.id, view, options: { ...base, onBrush: () => {} } });
    } else if (view.id === 'gantt') {
      plan.figures.push({ name: view.id, view, options: { ...base, createCanvas: pngCanvas } });
    } else {
      plan.figures.push({ name: view.id, view, options: base });
    }
  }
  return plan;
}

export interface Size {
  /** The figure's width attribute, in px (= pt in print). */
  width: number;
  /** The figure's height attribute; the drawing is scaled to fit, its proportions kept. Default: the view's own, scaled as the width. */
  height?: number;
  /** The size the views' 12 px text has on the page. */
  fontSize: number;
}

/**
 * The width the views lay out for: the views draw text at 12 px and size
 * their margins and labels for it, so a figure `width` wide with text of
 * `fontSize` is the view drawn `width * 12 / fontSize` wide and scaled
 * down whole (the viewBox keeps the layout, the width attribute the page
 * size). At the app's 12 px it is the app's own drawing.
 */
export function layoutWidth(size: Size): number {
  return Math.round((size.width * VIEW_FONT_SIZE) / size.fontSize);
}

/** Draws one figure: the view's SVG laid out for the size, scaled to it, with stable ids. */
export function drawFigure(all: ResultsData, spec: FigureSpec, size: Size): SVGSVGElement {
  const layout = layoutWidth(size);
  const svg = spec.view.render(all, { ...spec.options, width: layout });
  stableIds(svg);
  if (layout === size.width && size.height === undefined) return svg;
  const [, , , h] = (svg.getAttribute('viewBox') ?? '').split(' ').map(Number);
  svg.setAttribute('width', String(size.width));
  svg.setAttribute('height', String(size.height ?? Math.round(((h ?? 0) * size.width * 100) / layout) / 100));
  return svg;
}
