/**
 * The invariants every run must satisfy. `checkStepInvariants` is cheap enough
 * to run after every instant in tests (O(nodes + running)); `checkEndInvariants`
 * walks every job once at the end of a run. Each returns a description of the
 * first violation found, or null.
 */
import type { EngineView } from './engine-types.ts';
import { JOB_STATE_NAMES, JobState } from './policy.ts';

export function checkStepInvariants(engine: EngineView): string | null {
  const counts = engine.counts;
  let sum = 0;
  for (let s = 0; s < counts.length; s++) {
    if (counts[s]! < 0) return `negative count of ${JOB_STATE_NAMES[s]} jobs`;
    sum += counts[s]!;
  }
  if (sum !== engine.jobs.count) return `job states account for ${sum} jobs, the workload has ${engine.jobs.count}`;
  if (engine.queuedJobs().length !== counts[JobState.Queued]) {
    return `queue holds ${engine.queuedJobs().length} jobs, ${counts[JobState.Queued]} are in state queued`;
  }
  const running = engine.runningJobs();
  if (running.length !== counts[JobState.Running]) return `${running.length} jobs in the running list, ${counts[JobState.Running]} in state running`;
  for (const j of running) {
    if (engine.state[j] !== JobState.Running) return `job ${engine.jobs.ids[j]} is in the running list but ${JOB_STATE_NAMES[engine.state[j]!]}`;
    if (engine.start[j]! < engine.jobs.submit[j]!) return `job ${engine.jobs.ids[j]} started at ${engine.start[j]} before its submission at ${engine.jobs.submit[j]}`;
    if (engine.start[j]! > engine.now) return `job ${engine.jobs.ids[j]} started in the future`;
  }
  return engine.cluster.checkConsistency();
}

export function checkEndInvariants(engine: EngineView, truncated: boolean): string | null {
  const step = checkStepInvariants(engine);
  if (step) return step;
  const counts = new Int32Array(7);
  const { jobs, state, start, end } = engine;
  for (let j = 0; j < jobs.count; j++) {
    if (engine.attempts[j]! > 0 && state[j] === JobState.Pending) return `job ${jobs.ids[j]} ran but is pending`;
    const s = state[j]!;
    counts[s]!++;
    const id = jobs.ids[j];
    if (s === JobState.Finished || s === JobState.Killed || (s === JobState.Failed && !Number.isNaN(start[j]!))) {
      if (!(start[j]! >= jobs.submit[j]!)) return `job ${id} started at ${start[j]}, before its submission at ${jobs.submit[j]}`;
      if (!(end[j]! >= start[j]!)) return `job ${id} ended at ${end[j]}, before its start at ${start[j]}`;
      if (end[j]! > engine.now) return `job ${id} ended at ${end[j]}, after the run ended at ${engine.now}`;
    }
    if (s === JobState.Finished && end[j] !== start[j]! + engine.remaining[j]!) {
      return `finished job ${id} ran ${end[j]! - start[j]!} s, it needed ${engine.remaining[j]} s`;
    }
    if (s === JobState.Killed && end[j]! > start[j]! + jobs.estimate[j]!) {
      return `job ${id} was killed after ${end[j]! - start[j]!} s, past its estimate of ${jobs.estimate[j]} s`;
    }
  }
  for (let s = 0; s < counts.length; s++) {
    if (counts[s] !== engine.counts[s]) return `${counts[s]} jobs are ${JOB_STATE_NAMES[s]}, the engine counted ${engine.counts[s]}`;
  }
  if (!truncated) {
    if (counts[JobState.Pending]! > 0) return `${counts[JobState.Pending]} jobs were never submitted`;
    let finiteRunning = 0;
    for (const j of engine.runningJobs()) if (engine.end[j]! < Infinity) finiteRunning++;
    if (finiteRunning > 0) return `${finiteRunning} jobs with a finite runtime still running at the end`;
    if (counts[JobState.Running]! > 0) return null; // jobs that never end keep their resources
    for (let r = 0; r < engine.cluster.resources.length; r++) {
      const idle = engine.cluster.totalFree(r);
      const cap = engine.cluster.totalCapacity(r);
      if (Math.abs(idle - cap) > 1e-6 * Math.max(1, cap)) return `${cap - idle} ${engine.cluster.resources[r]} still allocated after every job ended`;
    }
  }
  return null;
}
