import type { QueueOrder } from '../types.ts';

/** By the job's priority field, highest first (ties by submit time). */
export const priority: QueueOrder = {
  name: 'priority',
  dynamic: false,
  key: (job, jobs) => -jobs.priority[job]!,
};
