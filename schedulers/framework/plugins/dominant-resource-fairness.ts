/**
 * DominantResourceFairness (clusterlab queue sort): fair share across
 * namespaces (tenants) by Dominant Resource Fairness (Ghodsi et al., NSDI
 * 2011). A tenant's dominant share is the largest, over resources, of its
 * running and assumed pods' requests divided by the cluster's capacity; the
 * pod of the tenant with the smallest dominant share goes first, then
 * PrioritySort's order. The order changes as pods start, so the scheduler
 * re-picks the first pod after every one (progressive filling, as DRF's
 * algorithm: "pick the user with the lowest dominant share, launch its next task").
 */
import type { PodInfo } from '../pod.ts';
import type { Handle, QueueSortPlugin } from '../types.ts';
import { createPrioritySort } from './priority-sort.ts';

export const NAME = 'DominantResourceFairness';

export function dominantShare(used: ArrayLike<number> | undefined, capacity: ArrayLike<number>): number {
  if (!used) return 0;
  let share = 0;
  for (let r = 0; r < capacity.length; r++) {
    if (capacity[r]! > 0) share = Math.max(share, used[r]! / capacity[r]!);
  }
  return share;
}

export function createDominantResourceFairness(handle: Handle): QueueSortPlugin & { readonly dynamic: true } {
  const s = handle.snapshot;
  const prio = createPrioritySort();
  const capacity = () => Float64Array.from(s.resources, (_, r) => Math.round(s.cluster.totalCapacity(r) * s.scale[r]!));
  return {
    name: NAME,
    dynamic: true,
    less(a: PodInfo, b: PodInfo): boolean {
      if (a.namespace !== b.namespace) {
        const cap = capacity();
        const sa = dominantShare(s.namespaceUsage.get(a.namespace), cap);
        const sb = dominantShare(s.namespaceUsage.get(b.namespace), cap);
        if (sa !== sb) return sa < sb;
      }
      return prio.less(a, b);
    },
  };
}
