/**
 * The shape of a view: a function from results data (and options) to an SVG
 * element, with the data behind it as a table (the accessible alternative, and
 * the CSV export). The app, the gallery and the tests call the same functions.
 */
import type { ResultsData } from '../data/model.ts';

export interface TableData {
  columns: string[];
  rows: (string | number | null)[][];
}

export interface ViewOptions {
  /** Width of the SVG in pixels (the viewBox; it scales down with its container). */
  width?: number;
  /**
   * The grid point (`key=value;…`, data/grid.ts) a view of a study with a grid
   * shows; the first point when absent. Seeds are pooled within a point, never
   * across points (the heatmap shows every point).
   */
  point?: string | null;
}

export interface View<O extends ViewOptions = ViewOptions> {
  id: string;
  title: string;
  /** Whether the data holds what this view shows (views of absent series are left out). */
  available(data: ResultsData): boolean;
  render(data: ResultsData, options?: O): SVGSVGElement;
  table(data: ResultsData, options?: O): TableData;
}
