/**
 * ResourceQuota (clusterlab; the admission check of Kubernetes ResourceQuota
 * done at scheduling time): a pod whose namespace's running and assumed pods
 * plus the pod (all its tasks) would exceed a quota's hard limit does not
 * schedule: "exceeded quota: <name>, requested: cpu=2, used: cpu=9, limited:
 * cpu=10" (upstream's admission message). It waits for the usage to drop; a
 * pod that exceeds a quota on its own is rejected at submission (`hopeless`).
 */
import type { Objects, ResourceQuota } from '../objects.ts';
import type { PodInfo } from '../pod.ts';
import type { Snapshot } from '../state.ts';
import { CycleState, SUCCESS, unschedulable, type Handle, type PreFilterPlugin, type Status } from '../types.ts';
import { quotaExceeded } from '../../admission/quota.ts';

export const NAME = 'ResourceQuota';

export function createResourceQuota(handle: Handle, objects: Objects): PreFilterPlugin & { hopeless(pod: PodInfo): string | null } {
  const s: Snapshot = handle.snapshot;
  const byNs = new Map<string, ResourceQuota[]>();
  for (const q of objects.quotas) {
    const list = byNs.get(q.namespace);
    if (list) list.push(q);
    else byNs.set(q.namespace, [q]);
  }
  /** Checks `pod` against its namespace's quotas with `used` (upstream units) and `usedPods`; a message or null. */
  const check = (pod: PodInfo, used: ArrayLike<number> | null, usedPods: number): string | null => {
    for (const q of byNs.get(pod.namespace) ?? []) {
      const message = quotaExceeded(q, s.resources, pod.requests, pod.tasks, used, usedPods);
      if (message) return message;
    }
    return null;
  };
  return {
    name: NAME,
    preFilter(_state: CycleState, pod: PodInfo): Status {
      const message = check(pod, s.namespaceUsage.get(pod.namespace) ?? null, s.namespacePods.get(pod.namespace) ?? 0);
      return message ? unschedulable(message) : SUCCESS;
    },
    hopeless(pod: PodInfo): string | null {
      return check(pod, null, 0);
    },
  };
}
