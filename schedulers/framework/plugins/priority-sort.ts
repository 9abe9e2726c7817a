/**
 * PrioritySort (upstream queuesort/priority_sort.go): higher priority first,
 * then the earlier queue timestamp; clusterlab uses the submit time as the
 * timestamp, then the job index, so the order is total.
 */
import type { PodInfo } from '../pod.ts';
import type { QueueSortPlugin } from '../types.ts';

export const NAME = 'PrioritySort';

export function createPrioritySort(): QueueSortPlugin {
  return {
    name: NAME,
    less(a: PodInfo, b: PodInfo): boolean {
      if (a.priority !== b.priority) return a.priority > b.priority;
      if (a.submit !== b.submit) return a.submit < b.submit;
      return a.job < b.job;
    },
  };
}
