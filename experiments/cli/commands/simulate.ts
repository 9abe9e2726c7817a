/** `clusterlab simulate`: one run of one scheduler on one trace. */
import { Command, Option } from 'commander';
import { addTransformOptions } from '../../run/transform-flags.ts';
import { backfills, placements, queueOrders } from '../../../schedulers/registry.ts';
import { isModulePath } from '../../../schedulers/user.ts';
import { FORMATS, IMPORT_OPTION_KEYS } from '../../run/load.ts';
import { runSimulateCommandInWorker } from '../module-worker-run.ts';
import { nonNegativeInt, oneOf, positiveInt, positiveNumber } from '../options.ts';
import { DEFAULT_OPTIONS } from '../../run/simulate.ts';
import { runSimulateCommand, type SimulateCommandOptions } from '../simulate-run.ts';

export function simulateCommand(): Command {
  return addTransformOptions(new Command('simulate')
    .description('replay a workload trace under one scheduler and write its results')
    .requiredOption('-t, --trace <files...>', 'workload trace, plain or gzip, any format; several files (part files or tables of one trace, as trace info reads them) or a directory (every trace file in it); repeatable')
    .option('-f, --format <format>', `trace format, detected by content when auto: ${FORMATS.join(', ')} (name:table for one table)`, 'auto')
    .option('-c, --cluster <file>', 'cluster: a description (YAML or JSON node groups) or a node list (openb, PAI, Alibaba machine_meta, Philly, Kubernetes nodes); an SWF log is checked against its processors')
    .option('--import-option <key=value>', `importer option, repeatable: ${IMPORT_OPTION_KEYS.join(', ')}`, (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--mapping <file>', 'column mapping of a generic CSV trace (YAML or JSON); the trace is then read as CSV')
    .option('-q, --queue <order>', `queue order: ${queueOrders.names().join(', ')}`, DEFAULT_OPTIONS.queue)
    .option('-b, --backfill <algorithm>', `backfilling: ${backfills.names().join(', ')}`, DEFAULT_OPTIONS.backfill)
    .option('-p, --placement <policy>', `placement on nodes: ${placements.names().join(', ')}`, DEFAULT_OPTIONS.placement)
    .option('-o, --out <dir>', 'write jobs.csv, summary.json, timeseries.csv and manifest.json here (created; old simulate results replaced whole)')
    .option('--force', 'let --out replace a directory that holds other files')
    .addOption(new Option('--overrun <mode>', 'a job past its estimate: run to its actual end, or cut (killed at walltime)').choices(['run', 'cut']).default('run'))
    .addOption(new Option('--processors <field>', 'SWF job size: allocated (field 5) or requested (field 8); each falls back to the other').choices(['allocated', 'requested']).default('allocated'))
    .addOption(new Option('--estimate <source>', 'SWF estimate: requested time (field 9, falling back to the runtime) or the actual runtime').choices(['requested', 'runtime']).default('requested'))
    .option('--procs <n>', 'processors of the machine (overrides the SWF header; not with --cluster)', positiveInt('--procs'))
    .option('--procs-per-node <n>', 'processors per node', positiveInt('--procs-per-node'), 1)
    .option('--sample-step <seconds>', 'time series bucket length', positiveNumber('--sample-step'), DEFAULT_OPTIONS.sampleStep)
    .option('--seed <n>', 'seed of the random streams', nonNegativeInt('--seed'), DEFAULT_OPTIONS.seed)
    .option('--scheduler <name|file>', 'batch (queue+backfill+placement, default), kube (Kubernetes-style), a module (.ts/.js/.mjs) exporting a policy, or an external scheduler program (e.g. examples/fcfs_scheduler.py)')
    .option('--scheduler-config <file>', 'KubeSchedulerConfiguration (YAML or JSON; may also hold PriorityClass, PodDisruptionBudget and ResourceQuota documents) for the Kubernetes-style scheduler')
    .addOption(new Option('--unschedulable <mode>', 'jobs no node can take: wait, reject, or auto (reject when no running job will ever end)').choices(['auto', 'wait', 'reject']).default('auto'))
    .option('--explain-nodes <n>', 'scored nodes listed per explained scheduling attempt', positiveInt('--explain-nodes'), 10)
    .option('--scheduler-timeout <seconds>', 'time a scheduler module or external program has for each decision', positiveNumber('--scheduler-timeout'), 10)
    .option('--scheduler-in-process', 'run a scheduler module on the main thread (no --scheduler-timeout; for a debugger)')
    .option('--explain', 'write decisions.jsonl: every scheduling attempt (filters, scores, chosen node) or start, reservation (shadow time) and backfill with its reason')
    .option('--check-invariants', 'check the invariants after every instant, not only at the end (slower)')
    .option('--json', 'print the summary as JSON instead of a table'))
    .addHelpText(
      'after',
      `
Examples:
  $ clusterlab simulate --trace traces/samples/KTH-SP2-1996-2.1-cln.swf.gz --queue fcfs --backfill easy --out out/kth-easy
  $ clusterlab simulate -t pods.jsonl --scheduler-config kube-scheduler.yaml --explain --out out/kube
  $ clusterlab simulate -t log.swf.gz --scheduler ./my-scheduler.ts --out out/mine

More examples: docs/cli.md.

Transforms apply in this order: --transforms FILE, --filter, --window-start/--window-end,
--jobs, --sample, --scale-resources, --load, --fill (see docs/workloads.md, "Transforms").

Exit codes: 0 ok, 1 simulation failure, 2 usage or input error.`,
    )
    .action(async (opts: SimulateCommandOptions) => {
      // Check the policy names before reading a large trace.
      queueOrders.get(opts.queue);
      backfills.get(opts.backfill);
      placements.get(opts.placement);
      oneOf('--overrun', ['run', 'cut'] as const)(opts.overrun);
      const io = { out: (t: string) => void process.stdout.write(t), err: (t: string) => void process.stderr.write(t) };
      // A module scheduler runs with the whole simulation in a worker thread, watched from here: a decision that
      // never returns (a loop) cannot be interrupted on its own thread (see module-worker.ts).
      if (opts.scheduler && isModulePath(opts.scheduler) && !opts.schedulerInProcess) await runSimulateCommandInWorker(opts, io);
      else await runSimulateCommand(opts, io);
    });
}

export { metricsTable } from '../simulate-run.ts';
