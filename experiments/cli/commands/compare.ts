/** `clusterlab compare`: the variants of a finished study, with intervals and paired differences. */
import { Command, Option } from 'commander';
import { UsageError } from '../../../sim/errors.ts';
import { COMPARE_FORMATS, DEFAULT_METRICS, renderComparison } from '../../study/compare.ts';
import { readStudy, summaryFor } from '../../study/read-results.ts';

/** Headline measures of studies with GPU placements and of dynamic scenarios, shown first when the study has them. */
const GPU_METRICS = ['gpu_allocation_at_demand_90', 'gpu_allocation_at_demand_100', 'gpu_allocation_at_demand_final'];
const DYNAMICS_METRICS = ['dynamics_recovery_work_lost_cpu_seconds', 'dynamics_recovery_mean_time_to_recover', 'dynamics_nodes_availability', 'dynamics_services_total_mean_availability', 'dynamics_services_total_downtime_minutes_per_year', 'dynamics_services_total_outages', 'dynamics_services_total_slo_violation_minutes'];

/** The default metrics the study has, or all of them when it has none of those. */
export function defaultMetrics(available: readonly string[]): string[] {
  const special = [...GPU_METRICS, ...DYNAMICS_METRICS].filter((m) => available.includes(m));
  const chosen = [...special, ...DEFAULT_METRICS.filter((m) => available.includes(m)).slice(0, special.length > 0 ? 1 : undefined)];
  return chosen.length > 0 ? chosen : [...available];
}

export function compareCommand(): Command {
  return new Command('compare')
    .description('compare the variants of a study: means, 95% intervals and paired differences with the baseline')
    .argument('<dir>', 'results directory of clusterlab run (or merge)')
    .option('-b, --baseline <variant>', "variant to compare with (default: the config's baseline)")
    .option('-m, --metric <name...>', `metrics, as runs.csv names them (default: ${DEFAULT_METRICS.join(' ')})`)
    .addOption(new Option('-f, --format <format>', 'output format').choices([...COMPARE_FORMATS]).default('table'))
    .addHelpText('after', '\nExamples:\n  $ clusterlab compare results/kth\n  $ clusterlab compare results/kth --baseline fcfs-easy --metric mean_wait max_wait --format markdown\n\nA * marks a difference whose interval excludes 0 (significant at the 5% level, paired t test).\n')
    .action((dir: string, opts) => {
      const study = readStudy(dir);
      const summary = summaryFor(dir, study, opts.baseline);
      const metrics: string[] = opts.metric ?? defaultMetrics(summary.metrics);
      for (const m of metrics) {
        if (!summary.metrics.includes(m)) throw new UsageError(`--metric: unknown metric ${JSON.stringify(m)}; valid: ${summary.metrics.join(', ')}`);
      }
      process.stdout.write(renderComparison(summary, metrics, opts.format));
    });
}
