/** One conformance scenario for a scheduler given as on the command line; runs in a worker (see check-scheduler). */
import { runConformance, SCENARIOS, type ScenarioResult } from '../../schedulers/conformance.ts';
import { createScheduler, type BatchChoice } from '../../schedulers/registry.ts';
import { loadUserSchedulerFresh, isModulePath } from '../../schedulers/user.ts';
import { resolveScheduler } from '../run/scheduler-choice.ts';

export interface ConformanceJob {
  scheduler: string;
  batch: BatchChoice;
  schedulerConfig?: string;
  scenario: number;
  timeoutSeconds: number;
}

export async function runScenarioJob(job: ConformanceJob): Promise<{ name: string; result: ScenarioResult }> {
  const scenario = [SCENARIOS[job.scenario]!];
  if (job.scheduler === 'batch' && !job.schedulerConfig) {
    const name = `${job.batch.queue}+${job.batch.backfill}+${job.batch.placement}`;
    return { name, result: runConformance((c) => createScheduler(job.batch, c), scenario)[0]! };
  }
  if (isModulePath(job.scheduler)) {
    // A fresh module instance per run, so that a module exporting a policy object can run twice.
    const factories = [await loadUserSchedulerFresh(job.scheduler), await loadUserSchedulerFresh(job.scheduler)];
    let k = 0;
    return { name: job.scheduler, result: runConformance((c) => factories[Math.min(k++, 1)]!(c), scenario)[0]! };
  }
  const chosen = await resolveScheduler({ scheduler: job.scheduler, schedulerConfig: job.schedulerConfig, schedulerTimeout: job.timeoutSeconds });
  return { name: job.scheduler, result: runConformance(chosen.policy!, scenario)[0]! };
}
