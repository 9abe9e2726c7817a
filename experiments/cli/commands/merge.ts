/** `clusterlab merge`: the study files from the run directories its shards wrote. */
import { Command } from 'commander';
import { ExitStatus } from '../exit-status.ts';
import { InputError } from '../../../sim/errors.ts';
import { renderComparison } from '../../study/compare.ts';
import { readManifest, removeStaleTemporaries } from '../../study/layout.ts';
import { writeStudyFiles } from '../../study/merge.ts';
import { uninterrupted } from '../../results/staged-output.ts';
import { defaultMetrics } from './compare.ts';

export function mergeCommand(): Command {
  return new Command('merge')
    .description('check that every shard of a study is done and write runs.csv and summary.json')
    .argument('<dir>', 'results directory the shards wrote into (or their parts copied together)')
    .addHelpText('after', '\nExamples:\n  $ for k in 1 2 3; do clusterlab run study.yaml --out out --shard $k/3; done\n  $ clusterlab merge out     # the same bytes as clusterlab run study.yaml --out out\n\nExit codes: 0 ok, 1 some runs failed, 2 incomplete or mixed parts.\n')
    .action((dir: string) => {
      const manifest = readManifest(dir);
      if (!manifest) throw new InputError('not a clusterlab results directory (no manifest.json)', { file: dir });
      removeStaleTemporaries(dir);
      // Short synchronous writes: a signal meanwhile takes effect once runs.csv and summary.json are whole.
      const summary = uninterrupted(() => writeStudyFiles(dir, manifest));
      process.stdout.write(renderComparison(summary, defaultMetrics(summary.metrics), 'table'));
      process.stdout.write(`\nmerged ${summary.runs.total} runs into ${dir}/runs.csv and summary.json\n`);
      if (summary.failures.length > 0) {
        process.stderr.write(`clusterlab: ${summary.failures.length} run(s) failed:\n`);
        for (const f of summary.failures) process.stderr.write(`  ${f.run_id}: ${f.reason}\n`);
        throw new ExitStatus(1);
      }
    });
}
