/**
 * `clusterlab check-scheduler <scheduler>`: runs a scheduler through the
 * conformance suite (schedulers/conformance.ts) and reports in plain words.
 * Each scenario runs in a worker thread with a time limit, so a scheduler that
 * never returns from a decision is reported, not waited for. Exit code 0 when
 * every scenario passes, 1 otherwise.
 */
import { Worker } from 'node:worker_threads';
import { Command, Option } from 'commander';
import { SCENARIOS, formatReport, type ScenarioResult } from '../../../schedulers/conformance.ts';
import { backfills, placements, queueOrders } from '../../../schedulers/registry.ts';
import { compiledEntry } from '../../run/compiled.ts';
import { DEFAULT_OPTIONS } from '../../run/simulate.ts';
import { positiveNumber } from '../options.ts';
import type { ConformanceJob } from '../conformance-run.ts';

export class ConformanceFailure extends Error {
  constructor(readonly report: string) {
    super('the scheduler failed the conformance suite');
  }
}

function runInWorker(job: ConformanceJob): Promise<{ name: string; result: ScenarioResult }> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(compiledEntry('conformance-worker') ?? new URL('../conformance-worker.mjs', import.meta.url), { workerData: job });
    const timer = setTimeout(() => {
      void worker.terminate();
      // The worker never answered: name the scenario from the suite itself (building it is cheap and runs nothing).
      const scenario = SCENARIOS[job.scenario]!();
      resolve({
        name: job.scheduler,
        result: { scenario: scenario.name, description: scenario.description, passed: false, problems: [`it did not finish within ${job.timeoutSeconds} s (a decision that never returns?)`], summary: '' },
      });
    }, job.timeoutSeconds * 1000);
    worker.once('message', (m: { ok: boolean; value?: { name: string; result: ScenarioResult }; message?: string }) => {
      clearTimeout(timer);
      void worker.terminate();
      if (m.ok) resolve(m.value!);
      else reject(new Error(m.message));
    });
    worker.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

/** Runs the suite; returns the report and whether everything passed. */
export async function checkScheduler(job: Omit<ConformanceJob, 'scenario'>): Promise<{ report: string; passed: boolean; results: ScenarioResult[] }> {
  const results: ScenarioResult[] = [];
  let name = job.scheduler;
  for (let i = 0; i < SCENARIOS.length; i++) {
    const r = await runInWorker({ ...job, scenario: i });
    name = r.name;
    results.push(r.result);
  }
  return { report: formatReport(name, results), passed: results.every((r) => r.passed), results };
}

export function checkSchedulerCommand(): Command {
  return new Command('check-scheduler')
    .description('run a scheduler through the conformance suite: no impossible decision, no lost job, no stall, deterministic')
    .argument('[scheduler]', 'batch (with --queue/--backfill/--placement), kube (with --scheduler-config), a module (.ts/.js/.mjs) or an external scheduler program', 'batch')
    .option('-q, --queue <order>', 'queue order (batch)', DEFAULT_OPTIONS.queue)
    .option('-b, --backfill <algorithm>', 'backfilling (batch)', DEFAULT_OPTIONS.backfill)
    .option('-p, --placement <policy>', 'placement (batch)', DEFAULT_OPTIONS.placement)
    .option('--scheduler-config <file>', 'KubeSchedulerConfiguration for kube')
    .addOption(new Option('--timeout <seconds>', 'time limit per scenario').argParser(positiveNumber('--timeout')).default(60))
    .option('--json', 'print the results as JSON')
    .addHelpText('after', '\nExamples:\n  $ clusterlab check-scheduler ./my-scheduler.ts\n  $ clusterlab check-scheduler kube --scheduler-config kube-scheduler.yaml\n  $ clusterlab check-scheduler batch -q sjf -b conservative -p best-fit\n')
    .action(async (scheduler: string, opts) => {
      queueOrders.get(opts.queue);
      backfills.get(opts.backfill);
      placements.get(opts.placement);
      const spec = opts.schedulerConfig && scheduler === 'batch' ? 'kube' : scheduler;
      const { report, passed, results } = await checkScheduler({
        scheduler: spec,
        batch: { queue: opts.queue, backfill: opts.backfill, placement: opts.placement },
        schedulerConfig: opts.schedulerConfig,
        timeoutSeconds: opts.timeout,
      });
      process.stdout.write(opts.json ? `${JSON.stringify(results, null, 2)}\n` : report);
      if (!passed) throw new ConformanceFailure(report);
    });
}
