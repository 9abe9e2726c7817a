import type { QueueOrder } from '../types.ts';

/**
 * WFP3 (Tang, Lan, Desai, Buettner, "Fault-aware, utility-based job scheduling
 * on Blue Gene/P systems", CLUSTER 2009; used as a baseline by RLScheduler,
 * Zhang et al., SC 2020): highest (wait / estimate)^3 × processors first, so
 * long-waiting large jobs rise without starving small ones.
 */
export const wfp3: QueueOrder = {
  name: 'wfp3',
  dynamic: true,
  key: (job, jobs, now) => {
    const wait = now - jobs.submit[job]!;
    return -Math.pow(wait / jobs.estimate[job]!, 3) * jobs.tasks[job]!;
  },
};
