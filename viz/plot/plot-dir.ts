/**
 * A results directory into figure files: loaded as the app loads it (the
 * loader of data/load.ts over the files `clusterlab view` would serve), every
 * applicable view drawn (figures.ts) and written as SVG text exactly as the
 * app's SVG export writes it (app/export.ts svgText), then converted when
 * PNG or PDF is asked for (encode.ts).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listResults } from '../../experiments/view/server.ts';
import { svgText } from '../app/export.ts';
import { onePoint } from '../data/grid.ts';
import { loadJobs, loadResults, type FileSource } from '../data/load.ts';
import type { ResultsData } from '../data/model.ts';
import { installDom } from './dom.ts';
import { encodeFigure, type Format } from './encode.ts';
import { drawFigure, planFigures } from './figures.ts';

export interface PlotRequest {
  views: readonly string[];
  metrics: readonly string[];
  format: Format;
  width: number;
  height?: number;
  fontSize: number;
  /** The error for a metric the results do not have (the caller's wording, with "did you mean"). */
  unknownMetric(metric: string, known: readonly string[]): Error;
  noResults(reason: string): Error;
}

export interface PlotResult {
  files: { name: string; content: string | Uint8Array }[];
  skipped: { view: string; reason: string }[];
}

export async function plotFigures(dir: string, req: PlotRequest): Promise<PlotResult> {
  const data = await loadDir(dir, req);
  for (const m of req.metrics) if (!data.metrics.includes(m)) throw req.unknownMetric(m, data.metrics);
  await installDom();
  const plan = planFigures(data, req.views, req.metrics);
  const files: PlotResult['files'] = [];
  for (const spec of plan.figures) {
    const svg = drawFigure(data, spec, { width: req.width, height: req.height, fontSize: req.fontSize });
    files.push({ name: `${spec.name}.${req.format}`, content: await encodeFigure(svgText(svg), req.format) });
  }
  return { files, skipped: plan.skipped };
}

/**
 * The results and their jobs, as the app loads them (app/main.ts loadJobs):
 * every jobs.csv, only the measures the distributions need when there are
 * more than four runs, whole for the run the node timeline shows.
 */
export async function loadDir(dir: string, req: Pick<PlotRequest, 'noResults'>): Promise<ResultsData> {
  const paths = listResults(dir);
  const src: FileSource = { paths, text: async (p) => readFileSync(join(dir, p), 'utf8') };
  let data: ResultsData;
  try {
    data = await loadResults(src);
  } catch (err) {
    if (/no results found/.test((err as Error).message)) throw req.noResults('no results here (expected summary.json or runs.csv)');
    throw err;
  }
  const ganttId = onePoint(data).data.runs[0]?.id;
  const light = data.runs.length > 4;
  for (const run of data.runs) run.jobs = await loadJobs(src, run, light && run.id !== ganttId);
  return data;
}
