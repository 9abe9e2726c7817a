/**
 * The grid points of a study: runs with the same grid parameters (runs.csv
 * columns between variant and seed) form a point, written `key=value;…` in run
 * order. Seeds are replications within a point; two points are different
 * experiments, so statistics are computed within one point (docs/results.md "Results
 * layout": summary.json has one entry per variant and grid point) and the
 * views that show intervals show one point at a time.
 */
import type { ResultsData, RunData } from './model.ts';

/** The point a run belongs to: `load=0.7;nodes=64`, or '' without a grid. */
export function pointOf(data: Pick<ResultsData, 'params'>, run: RunData): string {
  return data.params.map((k) => `${k}=${run.params[k] ?? ''}`).join(';');
}

/** The grid points in run order; empty without a grid. */
export function gridPoints(data: ResultsData): string[] {
  const out: string[] = [];
  if (data.params.length === 0) return out;
  for (const r of data.runs) {
    const p = pointOf(data, r);
    if (!out.includes(p)) out.push(p);
  }
  return out;
}

/** The runs at one grid point (all runs for null or an unknown point). */
export function atPoint(data: ResultsData, point: string | null): ResultsData {
  if (!point || !gridPoints(data).includes(point)) return data;
  return { ...data, runs: data.runs.filter((r) => pointOf(data, r) === point) };
}

/**
 * The runs of one grid point: `point` when the study has it, else the first.
 * Returns the point shown (null without a grid), for headings.
 */
export function onePoint(data: ResultsData, point?: string | null): { data: ResultsData; point: string | null } {
  const points = gridPoints(data);
  if (points.length === 0) return { data, point: null };
  const chosen = point && points.includes(point) ? point : points[0]!;
  if (points.length === 1) return { data, point: chosen };
  return { data: atPoint(data, chosen), point: chosen };
}

/** ' at load=0.7' for headings when the study has several grid points, else ''. */
export function pointLabel(all: ResultsData, point: string | null): string {
  return point !== null && gridPoints(all).length > 1 ? ` at ${point}` : '';
}
