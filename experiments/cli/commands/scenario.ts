/** `clusterlab scenario FILE`: run a dynamic scenario (and its variants) and write their results. */
import { Command } from 'commander';
import { UsageError } from '../../../sim/errors.ts';
import { csvRow } from '../../results/csv.ts';
import { toJson } from '../../results/files.ts';
import { StagedOutput } from '../../results/staged-output.ts';
import { describeInput } from '../../results/inputs.ts';
import { nonNegativeInt, positiveNumber } from '../options.ts';
import { simulateToFiles, stagedSink } from '../../run/run-files.ts';
import { progressObservers } from '../run-progress.ts';
import { buildScenario } from '../../scenario/build.ts';
import { HEADLINE, headlineOf } from '../../scenario/headline.ts';
import { loadScenarioFile, traceJobsOf, type LoadedScenario } from '../../scenario/load.ts';
import { scenarioSimulationOptions, scenarioSummaryKeys, scenarioWorkload } from '../../scenario/run.ts';
import { formatTable, fmt } from '../../results/table.ts';
import { VERSION } from '../../results/version.ts';

interface ScenarioFlags {
  out?: string;
  force?: boolean;
  seed?: number;
  variant?: string[];
  sampleStep?: number;
  checkInvariants?: boolean;
  json?: boolean;
}

export function scenarioCommand(): Command {
  return new Command('scenario')
    .description('run a dynamic scenario (services, autoscaling, failures, rollouts, drift) and its variants')
    .argument('<file>', 'scenario file (YAML or JSON)')
    .option('-o, --out <dir>', 'results directory (one subdirectory per variant, plus comparison.csv; created, old scenario results replaced whole)')
    .option('--force', 'let --out replace a directory that holds other files')
    .option('--seed <n>', 'seed of the random streams (default: the scenario\'s)', nonNegativeInt('--seed'))
    .option('--variant <name...>', 'run only these variants')
    .option('--sample-step <seconds>', 'time-series bucket length (default: the scenario\'s)', positiveNumber('--sample-step'))
    .option('--check-invariants', 'check the engine and dynamic invariants after every instant (slower)')
    .option('--json', 'print the headline metrics as JSON')
    .addHelpText(
      'after',
      `
Writes per variant: summary.json (metrics + dynamics), timeseries.csv (with node, service and
cost columns), jobs.csv, system-events.csv and manifest.json. See docs/dynamics.md, "Scenarios".

Examples:
  $ clusterlab scenario experiments/scenario/examples/diurnal-hpa-autoscaler.yaml --out out/diurnal
  $ clusterlab scenario experiments/scenario/examples/zone-outage-recovery.yaml --variant reschedule --seed 7 --out out/zone

Exit codes: 0 ok, 1 simulation failure, 2 usage or input error.`,
    )
    .action(async (file: string, opts: ScenarioFlags) => {
      const loaded = loadScenarioFile(file);
      let variants = loaded.variants;
      if (opts.variant) {
        const wanted = opts.variant as string[];
        for (const w of wanted) {
          if (!variants.some((v) => v.name === w)) throw new UsageError(`no variant ${JSON.stringify(w)} in ${file}; variants: ${variants.map((v) => v.name ?? '(none)').join(', ')}`);
        }
        variants = variants.filter((v) => wanted.includes(v.name!));
      }
      // Checked before the runs; every file is placed at once when all variants are done (staged-output.ts).
      const stage = opts.out ? new StagedOutput(opts.out, { command: 'scenario', force: Boolean(opts.force) }) : null;
      try {
        await runVariants(file, loaded, variants, opts, stage);
      } catch (err) {
        stage?.abort();
        throw err;
      }
    });
}

/** Runs each variant into `stage` (or nowhere), places the files, prints the comparison. */
async function runVariants(file: string, loaded: LoadedScenario, variants: LoadedScenario['variants'], opts: ScenarioFlags, stage: StagedOutput | null): Promise<void> {
  const results: { name: string; summary: Record<string, unknown> }[] = [];
  const warned = new Set<string>();
  const warn = (m: string) => {
    if (!warned.has(m)) process.stderr.write(`clusterlab: warning: ${m}\n`);
    warned.add(m);
  };
  for (const v of variants) {
    const scenario = opts.sampleStep ? { ...v.scenario, sampleStep: opts.sampleStep as number } : v.scenario;
    const seed = (opts.seed as number | undefined) ?? scenario.seed;
    const traceJobs = await traceJobsOf(scenario, loaded);
    const built = buildScenario(scenario, { seed, readText: loaded.readText, traceJobs, checkInvariants: Boolean(opts.checkInvariants), warn });
    const options = scenarioSimulationOptions(built, seed, { checkEveryStep: Boolean(opts.checkInvariants), observers: progressObservers(built.jobs.length) });
    const dir = stage ? stagedSink(stage, v.name ?? '') : null;
    const inputs = [await describeInput('scenario', file), ...(await Promise.all([...loaded.inputs].sort().map((p) => describeInput('data', p))))];
    const manifest = {
      clusterlab: VERSION,
      command: 'scenario',
      inputs,
      scenario: { name: scenario.name, variant: v.name },
      options: { scheduler: scenario.scheduler, sample_step: scenario.sampleStep, horizon: scenario.horizon, check_invariants: Boolean(opts.checkInvariants) },
      seed,
      files: ['jobs.csv', 'nodes.csv', 'summary.json', 'timeseries.csv', 'system-events.csv', 'manifest.json'],
    };
    const { summary } = simulateToFiles(scenarioWorkload(built), built.cluster, { ...options, systemEvents: true, summaryExtra: (out) => scenarioSummaryKeys(built, v.name, out.result) }, dir, manifest);
    results.push({ name: v.name ?? scenario.name, summary });
  }
  const headlines = results.map((r) => ({ name: r.name, values: headlineOf(r.summary) }));
  if (opts.out && loaded.variants.length > 0 && variants.length > 0) {
    let csv = csvRow(['variant', ...HEADLINE.map(([c]) => c)]);
    for (const h of headlines) csv += csvRow([h.name, ...HEADLINE.map(([c]) => h.values[c] ?? null)]);
    stage!.text('comparison.csv', csv);
  }
  stage?.commit();
  if (opts.json) {
    process.stdout.write(toJson(Object.fromEntries(headlines.map((h) => [h.name, h.values]))));
    return;
  }
  const shown = HEADLINE.filter(([c]) => headlines.some((h) => h.values[c] !== null));
  const rows = shown.map(([c, description]) => [description, ...headlines.map((h) => (h.values[c] === null ? '-' : fmt(h.values[c]!, Number.isInteger(h.values[c]) ? 0 : Math.abs(h.values[c]!) < 10 ? 4 : 1)))]);
  process.stdout.write(`${loaded.variants[0]!.scenario.name}: ${loaded.variants[0]!.scenario.description}\n\n`);
  process.stdout.write(formatTable(['metric', ...headlines.map((h) => h.name)], rows, [false, ...headlines.map(() => true)]));
  if (opts.out) process.stdout.write(`\nresults written to ${opts.out}\n`);
}

