import type { QueueOrder } from '../types.ts';

/** First come, first served: by submit time (ties by input order). */
export const fcfs: QueueOrder = {
  name: 'fcfs',
  dynamic: false,
  key: (job, jobs) => jobs.submit[job]!,
};
