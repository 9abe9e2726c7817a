/**
 * `clusterlab plot DIR`: the browser app's views drawn without a browser,
 * one file per figure, sized for a paper (docs/browser-app.md "Figures for
 * papers"). The DOM (jsdom), the views and the PNG and PDF converters are
 * loaded only when the command runs.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../../../sim/errors.ts';
import { nearest } from '../../../sim/nearest.ts';
import { toJson } from '../../results/files.ts';
import { oneOf, positiveNumber } from '../options.ts';
import { StagedOutput } from '../../results/staged-output.ts';

/** The view ids (viz/views/index.ts VIEWS), listed here so that --help and a wrong name need not load the views. */
export const PLOT_VIEWS = ['utilization', 'queue', 'scaling', 'cdf', 'strip', 'forest', 'gantt', 'reliability', 'rollout', 'heatmap'] as const;

/** The file formats (viz/plot/encode.ts FORMATS). */
export const FORMATS = ['svg', 'png', 'pdf'] as const;

/** 3.5 in, one column of a two-column paper, at 72 px to the inch (1 px = 1 pt). */
export const DEFAULT_WIDTH = 252;
export const DEFAULT_FONT_SIZE = 8;

interface PlotFlags {
  view?: string[];
  metric?: string[];
  format: 'svg' | 'png' | 'pdf';
  out?: string;
  force?: boolean;
  width: number;
  height?: number;
  fontSize: number;
}

const viewName = (value: string): string => {
  if ((PLOT_VIEWS as readonly string[]).includes(value)) return value;
  const near = nearest(value, PLOT_VIEWS);
  throw new UsageError(`--view: unknown view ${JSON.stringify(value)}${near ? ` (did you mean ${near}?)` : ''}; views: ${PLOT_VIEWS.join(', ')}`);
};
const collectView = (value: string, all: string[] | undefined) => [...(all ?? []), viewName(value)];

export function plotCommand(): Command {
  return new Command('plot')
    .description("draw the browser app's views of a results directory as SVG, PNG or PDF files, sized for a paper")
    .argument('<dir>', 'results directory (simulate --out, scenario --out, default, or a study of clusterlab run)')
    // Choices for the completion script; the parsers say "did you mean".
    .addOption(new Option('--view <name...>', 'views to draw (default: every one the results hold)').choices(PLOT_VIEWS).argParser(collectView))
    .option('-m, --metric <name...>', 'metrics for strip, forest and heatmap (one heatmap each), as runs.csv names them (default: the key metrics the app shows)')
    .addOption(new Option('--format <format>', 'svg, png (300 dpi) or pdf (vector)').choices(FORMATS).argParser(oneOf('--format', FORMATS)).default('svg'))
    .option('-o, --out <dir>', 'figures directory (default: DIR/figures; created, old figures replaced whole)')
    .option('--force', 'let --out replace a directory that holds other files')
    .option('--width <px>', `figure width in px, 1 px = 1 pt (default: ${DEFAULT_WIDTH}, 3.5 in: one column)`, positiveNumber('--width'), DEFAULT_WIDTH)
    .option('--height <px>', "figure height in px (default: the view's own at that width; the drawing is scaled to fit)", positiveNumber('--height'))
    .option('--font-size <px>', `text size (default: ${DEFAULT_FONT_SIZE}; headings and axes keep their proportion to it; the app uses 12)`, positiveNumber('--font-size'), DEFAULT_FONT_SIZE)
    .addHelpText(
      'after',
      `
Writes one file per view, <view>.<format>, and per metric for the heatmap,
heatmap-<metric>.<format>, plus manifest.json; a view the results cannot show is
skipped with one line saying why. The same results give the same SVG bytes.
See docs/browser-app.md, "Figures for papers".

Examples:
  $ clusterlab plot results
  $ clusterlab plot results/zone-outage --view reliability forest --format png
  $ clusterlab plot results/study --view heatmap --metric mean_wait p95_wait --format pdf --out paper/fig
  $ clusterlab plot out/kth-easy --width 516 --font-size 9 --out paper/wide`,
    )
    .action(async (dir: string, opts: PlotFlags) => {
      if (!existsSync(dir)) throw new UsageError(`${dir}: no such directory`);
      if (!statSync(dir).isDirectory()) throw new UsageError(`${dir}: not a directory (plot takes a results directory, e.g. simulate --out DIR)`);
      const out = opts.out ?? join(dir, 'figures');
      const stage = new StagedOutput(out, { command: 'plot', force: Boolean(opts.force) });
      try {
        const { plotFigures } = await import('../../../viz/plot/plot-dir.ts');
        const result = await plotFigures(dir, {
          views: opts.view ?? [],
          metrics: opts.metric ?? [],
          format: opts.format,
          width: opts.width,
          height: opts.height,
          fontSize: opts.fontSize,
          unknownMetric: (metric, known) => {
            const near = nearest(metric, known);
            return new UsageError(`--metric: unknown metric ${JSON.stringify(metric)} in ${dir}${near ? ` (did you mean ${near}?)` : ''}; metrics: ${known.join(', ')}`);
          },
          noResults: (reason) => new UsageError(`${dir}: ${reason}`),
        });
        for (const s of result.skipped) process.stderr.write(`skipped ${s.view}: ${s.reason}\n`);
        if (result.files.length === 0) throw new UsageError(`${dir}: none of the views asked for applies to these results`);
        for (const f of result.files) stage.text(f.name, f.content);
        stage.text('manifest.json', toJson({ command: 'plot', format: opts.format, width: opts.width, height: opts.height ?? null, font_size: opts.fontSize, figures: result.files.map((f) => f.name), skipped: result.skipped }));
        stage.commit();
        process.stdout.write(`${result.files.length} figure${result.files.length === 1 ? '' : 's'} written to ${out}\n`);
      } catch (err) {
        stage.abort();
        throw err;
      }
    });
}
