/**
 * `clusterlab plot` on results of each kind the CLI writes: a comparison of
 * batch schedulers on a KTH SP2 log (`clusterlab default`, on its first 300
 * jobs), a study of GPU-sharing placements on the openb trace (`clusterlab
 * run`, 300 pods), the zone-outage scenario (`clusterlab scenario`, two of its
 * variants) and a study over a grid (the heatmap). Every view the results
 * hold is written as SVG and PNG, each figure's marks match the rows of the
 * view's table for the same data, and the same results give the same bytes.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { JSDOM } from 'jsdom';
import { beforeAll, describe, expect, it } from 'vitest';
import { resultsOf } from '../../experiments/results/out-dir.ts';
import { PLOT_VIEWS } from '../../experiments/cli/commands/plot.ts';
import type { ResultsData } from '../../viz/data/model.ts';
import { VIEW_NAMES, planFigures } from '../../viz/plot/figures.ts';
import { loadDir, plotFigures, type PlotRequest } from '../../viz/plot/plot-dir.ts';
import { VIEWS } from '../../viz/views/index.ts';
import { runCliAsync, studyResults, tempDir } from './cli-results.ts';
import { smallTrace } from '../experiments/helpers.ts';

const ZONE = resolve('experiments/scenario/examples/zone-outage-recovery.yaml');
const SAMPLES = resolve('traces/samples');

async function kthComparison(): Promise<string> {
  const dir = tempDir('plot-kth-');
  await runCliAsync(['default', '--trace', smallTrace(dir, 300), '--out', join(dir, 'results')]);
  return join(dir, 'results');
}

async function openbStudy(): Promise<string> {
  const dir = tempDir('plot-openb-');
  const config = [
    'name: openb-small',
    'workload:',
    `  trace: ${join(SAMPLES, 'openb_pod_list_default.csv')}`,
    '  transforms: [{ type: jobs, from: 0, to: 300 }]',
    `cluster: { file: ${join(SAMPLES, 'openb_node_list_gpu_node.csv')} }`,
    'variants:',
    '  - { name: random, placement: random }',
    '  - { name: fgd, placement: fgd }',
    'baseline: random',
    'seeds: [1, 2]',
    'outputs: { jobs: false, timeseries: false }',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'openb.yaml'), config);
  await runCliAsync(['run', join(dir, 'openb.yaml'), '--out', join(dir, 'out'), '--workers', '1']);
  return join(dir, 'out');
}

async function zoneOutage(): Promise<string> {
  const dir = tempDir('plot-zone-');
  await runCliAsync(['scenario', ZONE, '--variant', 'reschedule', 'checkpoint-restart', '--out', dir]);
  return dir;
}

const request = (over: Partial<PlotRequest> = {}): PlotRequest => ({
  views: [],
  metrics: [],
  format: 'svg',
  width: 252,
  fontSize: 8,
  unknownMetric: (m) => new Error(`unknown metric ${m}`),
  noResults: (r) => new Error(r),
  ...over,
});

/**
 * Per view, the marks of a figure against the rows of the view's table (as
 * test/viz checks them): one mark per row, or one series per (panel, variant) pair.
 */
const MARKS: Record<string, string> = { strip: 'circle.run', forest: 'rect.estimate', reliability: 'rect.bar', rollout: 'rect.step, path.change', heatmap: 'g.cell' };

function checkMarks(svg: Element, view: string, data: ResultsData, options: Record<string, unknown>): void {
  const table = VIEWS.find((v) => v.id === view)!.table(data, options);
  expect(table.rows.length, view).toBeGreaterThan(0);
  const selector = MARKS[view];
  if (selector) {
    expect(svg.querySelectorAll(selector).length, view).toBe(table.rows.length);
  } else if (view === 'gantt') {
    // A bar per contiguous node range of each job: at least one per job.
    expect(svg.querySelectorAll('rect.job').length).toBeGreaterThanOrEqual(table.rows.length);
  } else {
    const drawn = new Set([...svg.querySelectorAll('[data-series]')].map((g) => `${g.getAttribute('data-panel')}|${g.getAttribute('data-series')}`));
    const rows = new Set(table.rows.map((r) => `${r[0]}|${r[1]}`));
    expect([...drawn].sort(), view).toEqual([...rows].sort());
  }
}

const KINDS: [string, () => Promise<string>, string[]][] = [
  ['the KTH comparison', kthComparison, ['utilization', 'queue', 'cdf', 'strip', 'forest', 'gantt']],
  ['the openb GPU study', openbStudy, ['strip', 'forest']],
  ['the zone-outage scenario', zoneOutage, ['utilization', 'queue', 'scaling', 'cdf', 'strip', 'forest', 'gantt', 'reliability']],
  ['a study over a grid', studyResults, ['utilization', 'queue', 'cdf', 'strip', 'forest', 'gantt', 'heatmap']],
];

describe('clusterlab plot', () => {
  const dirs = new Map<string, string>();
  beforeAll(async () => {
    const made = await Promise.all(KINDS.map(([, make]) => make()));
    KINDS.forEach(([name], i) => dirs.set(name, made[i]!));
  }, 600_000);

  it('knows every view of the app by name', () => {
    expect(PLOT_VIEWS).toEqual(VIEW_NAMES);
  });

  it.each(KINDS)('writes every view %s holds as SVG and PNG, each figure matching its data', async (name, _make, views) => {
    const dir = dirs.get(name)!;
    const svgOut = join(tempDir('plot-svg-'), 'fig');
    const pngOut = join(tempDir('plot-png-'), 'fig');
    const [svgLog] = await Promise.all([runCliAsync(['plot', dir, '--out', svgOut]), runCliAsync(['plot', dir, '--format', 'png', '--out', pngOut])]);
    expect(svgLog).toMatch(/figures? written to/);
    const data = await loadDir(dir, request());
    const plan = planFigures(data, [], []);
    expect(plan.figures.map((f) => f.view.id).filter((v, i, a) => a.indexOf(v) === i)).toEqual(views);
    const names = plan.figures.map((f) => f.name);
    expect(readdirSync(svgOut).sort()).toEqual([...names.map((n) => `${n}.svg`), 'manifest.json'].sort());
    expect(readdirSync(pngOut).sort()).toEqual([...names.map((n) => `${n}.png`), 'manifest.json'].sort());
    for (const spec of plan.figures) {
      const png = readFileSync(join(pngOut, `${spec.name}.png`));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // 300 dpi: 252 pt wide is 1050 pixels (IHDR width, bytes 16-19).
      expect(png.readUInt32BE(16)).toBe(1050);
      const doc = new JSDOM(readFileSync(join(svgOut, `${spec.name}.svg`), 'utf8'), { contentType: 'image/svg+xml' }).window.document;
      const svg = doc.documentElement;
      expect(svg.getAttribute('data-view')).toBe(spec.view.id);
      expect(svg.getAttribute('data-empty')).toBeNull();
      // One column wide (3.5 in), the views' 12 px text at 8 pt: laid out 378 wide and scaled.
      expect(svg.getAttribute('width')).toBe('252');
      expect(svg.getAttribute('viewBox')).toMatch(/^0 0 378 /);
      checkMarks(svg, spec.view.id, data, { ...spec.options, width: 378 });
    }
  }, 180_000); // two plot commands as child processes: slow on a loaded machine

  it('writes the same bytes for the same results, whatever was drawn before', async () => {
    const dir = dirs.get('the zone-outage scenario')!;
    const first = await plotFigures(dir, request());
    const second = await plotFigures(dir, request());
    expect(second.files.map((f) => f.name)).toEqual(first.files.map((f) => f.name));
    second.files.forEach((f, i) => expect(f.content, f.name).toEqual(first.files[i]!.content));
    // No counter or clock in the ids: the figure's title is always its first id.
    expect(String(first.files[0]!.content)).toMatch(/aria-labelledby="utilization-title-1"/);
    const pdfs = [await plotFigures(dir, request({ format: 'pdf', views: ['reliability'] })), await plotFigures(dir, request({ format: 'pdf', views: ['reliability'] }))];
    const pdf = Buffer.from(pdfs[0]!.files[0]!.content as Uint8Array);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.equals(Buffer.from(pdfs[1]!.files[0]!.content as Uint8Array))).toBe(true);
  });

  it('draws one heatmap per metric asked for, and the strip of those metrics', async () => {
    const dir = dirs.get('a study over a grid')!;
    const result = await plotFigures(dir, request({ views: ['heatmap', 'strip'], metrics: ['mean_wait', 'makespan'] }));
    expect(result.files.map((f) => f.name)).toEqual(['strip.svg', 'heatmap-mean_wait.svg', 'heatmap-makespan.svg']);
    expect(String(result.files[0]!.content).match(/data-panel="[a-z_]+"/g)!.filter((v, i, a) => a.indexOf(v) === i)).toEqual(['data-panel="mean_wait"', 'data-panel="makespan"']);
  });

  it('says which asked-for views the results cannot show, and why', async () => {
    const result = await plotFigures(dirs.get('the openb GPU study')!, request({ views: ['strip', 'gantt', 'heatmap'] }));
    expect(result.files.map((f) => f.name)).toEqual(['strip.svg']);
    expect(result.skipped).toEqual([
      { view: 'gantt', reason: 'no jobs.csv with a nodes column' },
      { view: 'heatmap', reason: 'no parameter grid (a study with a grid has one)' },
    ]);
  });

  it('sizes figures by --width, --height and --font-size', async () => {
    const dir = dirs.get('the zone-outage scenario')!;
    const [f] = (await plotFigures(dir, request({ views: ['strip'], width: 516, height: 300, fontSize: 12 }))).files;
    const open = /<svg[^>]*>/.exec(String(f!.content))![0];
    expect(open).toMatch(/viewBox="0 0 516 /);
    expect(open).toMatch(/ width="516"/);
    expect(open).toMatch(/ height="300"/);
  });

  it('replaces its own figures whole, and the results around them stay results of their command', async () => {
    const dir = dirs.get('the zone-outage scenario')!;
    const out = join(dir, 'figures');
    await runCliAsync(['plot', dir, '--view', 'strip', 'forest']);
    await runCliAsync(['plot', dir, '--view', 'strip']);
    expect(readdirSync(out).sort()).toEqual(['manifest.json', 'strip.svg']);
    expect(resultsOf(out)).toBe('plot');
    expect(resultsOf(dir)).toBe('scenario');
  });
});
