/** `clusterlab schema`, `validate` and `init`: the experiment config file. */
import { existsSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { Command } from 'commander';
import { z } from 'zod';
import { UsageError } from '../../../sim/errors.ts';
import { experimentSchema } from '../../study/config.ts';
import { writeFileAtomic } from '../../results/files.ts';
import { gridPoints } from '../../study/plan.ts';
import { prepareStudy } from '../../study/study.ts';
import { initTemplate } from '../init-template.ts';
import { metricUnitsText } from '../../results/metric-units.ts';
import { DEFAULT_TRACE } from './default.ts';

/** The config's JSON Schema (draft-07, input types: what may be written, defaults optional). */
export function configJsonSchema(): string {
  const schema = z.toJSONSchema(experimentSchema(), { io: 'input', target: 'draft-07' }) as Record<string, unknown>;
  return `${JSON.stringify({ ...schema, title: 'clusterlab experiment' }, null, 2)}\n`;
}

export function schemaCommand(): Command {
  return new Command('schema')
    .description('print the JSON Schema of experiment configs (draft-07), for editors')
    .option('-o, --out <file>', 'write it to a file instead of stdout')
    .option('--metrics', 'print the units of the metrics instead (the table compare and the browser app use)')
    .addHelpText('after', '\nExamples:\n  $ clusterlab schema --out clusterlab-experiment.schema.json\n  then in a YAML config: # yaml-language-server: $schema=clusterlab-experiment.schema.json\n  $ clusterlab schema --metrics\n')
    .action((opts) => {
      const text = opts.metrics ? metricUnitsText() : configJsonSchema();
      if (opts.out) writeFileAtomic(opts.out, text);
      else process.stdout.write(text);
    });
}

export function validateCommand(): Command {
  return new Command('validate')
    .description('check an experiment config: fields, policy names, grid, input files')
    .argument('<file>', 'experiment config (YAML or JSON)')
    .addHelpText('after', '\nExamples:\n  $ clusterlab validate experiments/examples/kth-sp2.yaml\n  $ clusterlab validate study.yaml && clusterlab run study.yaml --out results/study\n\nExit codes: 0 valid, 2 invalid (one line naming file, line, field and value).\n')
    .action(async (file: string) => {
      const { config, manifest } = await prepareStudy(file);
      process.stdout.write(
        `${file}: valid; ${manifest.runs.length} runs (${config.variants.length} variant(s) x ${gridPoints(config.grid).length} grid point(s) x ${config.seeds.length} seed(s)); study_sha256 ${manifest.study_sha256}\n`,
      );
    });
}

export function initCommand(): Command {
  return new Command('init')
    .description('write a commented starting experiment config')
    .argument('[file]', 'where to write it', 'experiment.yaml')
    .option('--force', 'overwrite an existing file')
    .addHelpText('after', '\nExamples:\n  $ clusterlab init my-study.yaml && clusterlab run my-study.yaml --out results/my-study\n  $ clusterlab init study.yaml && clusterlab validate study.yaml\n')
    .action((file: string, opts) => {
      if (existsSync(file) && !opts.force) throw new UsageError(`${file} exists; pass --force to overwrite it`);
      const here = dirname(resolve(file));
      const trace = relative(here, DEFAULT_TRACE).split('\\').join('/');
      const root = relative(here, resolve(dirname(DEFAULT_TRACE), '../..')).split('\\').join('/') || '.';
      writeFileAtomic(file, initTemplate(trace, 'clusterlab-experiment.schema.json', root));
      process.stdout.write(`wrote ${file}; check it with: clusterlab validate ${file}\n`);
    });
}
