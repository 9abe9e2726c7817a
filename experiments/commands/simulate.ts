/** `clusterlab simulate`: one run of one scheduler on one trace. */
import { statSync } from 'node:fs';
import { Command, Option } from 'commander';
import { InputError } from '../../sim/errors.ts';
import { Rng } from '../../sim/rng.ts';
import { applyTransforms } from '../../workloads/transforms/index.ts';
import { addTransformOptions, transformsFromFlags } from '../transform-flags.ts';
import { backfills, lookup, placements, queueOrders } from '../../schedulers/registry.ts';
import type { SwfOptions } from '../../traces/swf.ts';
import { clusterFor, FORMATS, IMPORT_OPTION_KEYS, loadTraceAndCluster, parseImportOptions } from '../load.ts';
import { nonNegativeInt, oneOf, positiveInt, positiveNumber } from '../options.ts';
import { describeInputs } from '../inputs.ts';
import { manifestOf } from '../results.ts';
import { simulateToDirectory } from '../run-files.ts';
import { DEFAULT_OPTIONS, type SimulationOptions } from '../simulate.ts';
import { VERSION } from '../version.ts';
import { metricsTable } from '../metrics-table.ts';
import { resolveScheduler } from '../scheduler-choice.ts';

export function simulateCommand(): Command {
  return addTransformOptions(new Command('simulate')
    .description('replay a workload trace under one scheduler and write its results')
    .requiredOption('-t, --trace <files...>', 'workload trace, plain or gzip, any format; several files (part files or tables of one trace, as trace info reads them) or a directory (every trace file in it); repeatable')
    .option('-f, --format <format>', `trace format, detected by content when auto: ${FORMATS.join(', ')} (name:table for one table)`, 'auto')
    .option('-c, --cluster <file>', 'cluster: a description (YAML or JSON node groups) or a node list (openb, PAI, Alibaba machine_meta, Philly, Kubernetes nodes); an SWF log is checked against its processors')
    .option('--import-option <key=value>', `importer option, repeatable: ${IMPORT_OPTION_KEYS.join(', ')}`, (v: string, all: string[]) => [...all, v], [] as string[])
    .option('--mapping <file>', 'column mapping of a generic CSV trace (YAML or JSON); the trace is then read as CSV')
    .option('-q, --queue <order>', `queue order: ${[...queueOrders.keys()].join(', ')}`, DEFAULT_OPTIONS.queue)
    .option('-b, --backfill <algorithm>', `backfilling: ${[...backfills.keys()].join(', ')}`, DEFAULT_OPTIONS.backfill)
    .option('-p, --placement <policy>', `placement on nodes: ${[...placements.keys()].join(', ')}`, DEFAULT_OPTIONS.placement)
    .option('-o, --out <dir>', 'write jobs.csv, summary.json, timeseries.csv and manifest.json here')
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
    .option('--scheduler-timeout <seconds>', 'time an external scheduler has for each answer', positiveNumber('--scheduler-timeout'), 10)
    .option('--explain', 'write decisions.jsonl: every scheduling attempt (filters, scores, chosen node) or start, reservation (shadow time) and backfill with its reason')
    .option('--check-invariants', 'check the invariants after every instant, not only at the end (slower)')
    .option('--json', 'print the summary as JSON instead of a table'))
    .addHelpText(
      'after',
      `
Examples:
  $ clusterlab simulate --trace traces/samples/KTH-SP2-1996-2.1-cln.swf.gz --queue fcfs --backfill easy --out out/kth-easy
  $ clusterlab simulate -t log.swf.gz -q sjf -b conservative --overrun cut --out out/sjf-cons
  $ clusterlab simulate -t log.swf --procs 128 --procs-per-node 8 --placement best-fit --json
  $ clusterlab simulate -t pods.jsonl --scheduler-config kube-scheduler.yaml --explain --out out/kube
  $ clusterlab simulate -t log.swf.gz --scheduler ./my-scheduler.ts --out out/mine
  $ clusterlab simulate -t log.swf.gz --filter status=completed --jobs 1000:6000 --load 0.9 --out out/load90
  $ clusterlab simulate -t pods.jsonl --fill 1.3 --seed 2 --backfill none
  $ clusterlab simulate -t openb_pod_list_default.csv --cluster openb_node_list_gpu_node.csv -q fcfs -b easy
  $ clusterlab simulate -t google-2011/ --import-option machine-cpu=48 --json
  $ clusterlab simulate -t task_events-part-00000.csv.gz machine_events-part-00000.csv.gz --json
  $ clusterlab simulate -t jobs.csv --mapping map.yaml --cluster cluster.yaml
  $ clusterlab simulate -t batch_task.csv.gz --cluster cluster.yaml

Transforms apply in this order: --transforms FILE, --filter, --window-start/--window-end,
--jobs, --sample, --scale-resources, --load, --fill (see README, "Synthetic workloads and transforms").

Exit codes: 0 ok, 1 simulation failure, 2 usage or input error.`,
    )
    .action(async (opts) => {
      // Check the policy names before reading a large trace.
      lookup(queueOrders, 'queue order', opts.queue);
      lookup(backfills, 'backfill', opts.backfill);
      lookup(placements, 'placement', opts.placement);
      oneOf('--overrun', ['run', 'cut'] as const)(opts.overrun);
      const chosen = await resolveScheduler({
        scheduler: opts.scheduler,
        schedulerConfig: opts.schedulerConfig,
        unschedulable: opts.unschedulable,
        explainNodes: opts.explainNodes,
        schedulerTimeout: opts.schedulerTimeout,
      });
      const traces: string[] = opts.trace;
      // Every file read, with its role, in reading order, for the manifest.
      const read: { role: string; path: string }[] = [];
      const transforms = transformsFromFlags(opts);
      if (opts.transforms) read.push({ role: 'transforms', path: opts.transforms });
      const imports = parseImportOptions(opts.importOption);
      const loaded = await loadTraceAndCluster(traces, opts.cluster, {
        format: opts.format,
        swf: { processors: opts.processors, estimate: opts.estimate, machineProcs: opts.procs, procsPerNode: opts.procsPerNode } satisfies SwfOptions,
        import: imports,
        mapping: opts.mapping,
        onFile: (role, path) => read.push({ role, path }),
      });
      const swf = loaded.swf;
      let workload = loaded.workload;
      if (workload.jobs.length === 0) {
        throw new InputError(`no jobs to simulate (dropped: ${JSON.stringify(workload.dropped)})`, { file: traces.join(',') });
      }
      const cluster = loaded.cluster ?? clusterFor(workload, swf);
      const applied = applyTransforms(workload, cluster, transforms, new Rng(opts.seed));
      workload = applied.workload;
      if (workload.jobs.length === 0) throw new InputError('no jobs left after the transforms', { file: traces.join(',') });
      const options: SimulationOptions = {
        queue: opts.queue,
        backfill: opts.backfill,
        placement: opts.placement,
        overrun: opts.overrun,
        sampleStep: opts.sampleStep,
        seed: opts.seed,
        checkEveryStep: Boolean(opts.checkInvariants),
        unschedulable: opts.unschedulable,
        ...(chosen.policy ? { policy: chosen.policy, schedulerDescription: chosen.description } : {}),
      };
      if (opts.schedulerConfig) read.push({ role: 'scheduler-config', path: opts.schedulerConfig });
      // The scheduler's own file: a module, or an external program when it is a file here (the run depends on its bytes).
      if (chosen.description.kind === 'module' || (chosen.description.kind === 'external' && isFile(opts.scheduler))) read.push({ role: 'scheduler', path: opts.scheduler });
      const inputs = await describeInputs(read);
      const manifest = manifestOf('simulate', VERSION, inputs, options, { format: workload.source.format, ...swf, ...imports, ...(transforms.length ? { transforms } : {}) });
      const { summary, output } = simulateToDirectory(workload, cluster, { ...options, explainDecisions: Boolean(opts.explain) }, opts.out ?? null, manifest);
      if (opts.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
      else {
        process.stdout.write(`${output.policyName} on ${traces.join(' ')}: ${workload.jobs.length} jobs, ${output.cluster.nodeCount} nodes\n`);
        const dropped = Object.entries(workload.dropped);
        if (dropped.length) process.stdout.write(`dropped from the trace: ${dropped.map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
        for (const r of applied.records) process.stdout.write(`transform: ${r.summary}\n`);
        process.stdout.write(`\n${metricsTable(output.metrics)}`);
        if (opts.out) process.stdout.write(`\nresults written to ${opts.out}\n`);
      }
    });
}

export { metricsTable } from '../metrics-table.ts';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
