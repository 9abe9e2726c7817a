/**
 * One scenario run: build, simulate, summarize. Used by `clusterlab scenario`
 * and by tests; does no I/O (the caller gives file contents and sinks).
 */
import type { RunResult } from '../../sim/engine.ts';
import type { Workload } from '../../workloads/workload.ts';
import { runSimulation, type SimulationOptions, type SimulationOutput } from '../run/simulate.ts';
import { buildScenario, type BuildOptions, type BuiltScenario } from './build.ts';
import type { Scenario } from './schema.ts';

export function scenarioWorkload(built: BuiltScenario): Workload {
  return { jobs: built.jobs, source: { format: 'scenario', file: built.scenario.name }, cluster: null, dropped: {}, repaired: {}, header: {} };
}

/** The simulation options of a built scenario (its scheduler, step, seed, controllers, horizon, extra columns). */
export function scenarioSimulationOptions(built: BuiltScenario, seed: number, extra: Partial<SimulationOptions> = {}): SimulationOptions {
  const s = built.scenario;
  const batch = s.scheduler.kind === 'batch' ? s.scheduler : { queue: 'fcfs', backfill: 'easy', placement: 'first-fit' };
  return {
    queue: batch.queue,
    backfill: batch.backfill,
    placement: batch.placement,
    unschedulable: s.scheduler.unschedulable,
    policy: built.policy,
    schedulerDescription: s.scheduler.kind === 'kube' ? { kind: 'kube', config: s.scheduler.config ?? null } : undefined,
    overrun: 'run',
    sampleStep: s.sampleStep,
    seed,
    ...extra,
    observers: [...built.observers, ...(extra.observers ?? [])],
    controllers: built.controllers,
    maxTime: built.maxTime,
    startTime: built.startTime,
    seriesExtensions: [built.seriesExtension()],
  };
}

/** The keys a scenario run adds to summary.json. */
export function scenarioSummaryKeys(built: BuiltScenario, variant: string | null, result: RunResult) {
  return {
    before: { scenario: { name: built.scenario.name, variant, description: built.scenario.description, horizon: built.scenario.horizon } },
    after: { dynamics: built.summary(result), ...admissionKey(built) },
  };
}

/** summary.json's `admission` key, only when the scenario has tenants (other runs keep their bytes). */
function admissionKey(built: BuiltScenario): { admission?: Record<string, unknown> } {
  const a = built.admission();
  return a ? { admission: a } : {};
}

export interface ScenarioRun {
  built: BuiltScenario;
  output: SimulationOutput;
  dynamics: Record<string, unknown>;
}

export function runScenario(scenario: Scenario, options: BuildOptions & { checkEveryStep?: boolean }): ScenarioRun {
  const built = buildScenario(scenario, options);
  const output = runSimulation(scenarioWorkload(built), built.cluster, scenarioSimulationOptions(built, options.seed, { checkEveryStep: options.checkEveryStep }));
  return { built, output, dynamics: built.summary(output.result) };
}
