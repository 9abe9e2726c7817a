/**
 * ResourceQuota arithmetic, shared by the Kubernetes-style scheduler's
 * ResourceQuota plugin (framework/plugins/resource-quota.ts) and the batch
 * schedulers' tenant placement (placement.ts): would a pod of `tasks` tasks
 * of `requests` each, on top of the namespace's `used` amounts and pods,
 * exceed a hard limit? Upstream's admission message when it would
 * (plugin/pkg/admission/resourcequota/controller.go):
 * "exceeded quota: <name>, requested: cpu=2, used: cpu=9, limited: cpu=10".
 * Amounts are upstream integers (millicores, bytes; framework/units.ts).
 */
import type { ResourceQuota } from '../framework/objects.ts';
import { upstreamScale } from '../framework/units.ts';

function fmt(resource: string, upstream: number): string {
  const v = upstream / upstreamScale(resource);
  return `${resource}=${Number(v.toPrecision(12))}`;
}

/** The message when the pod would exceed `q`, else null. `requests[r]` is per task, for `resources[r]`. */
export function quotaExceeded(q: ResourceQuota, resources: readonly string[], requests: ArrayLike<number>, tasks: number, used: ArrayLike<number> | null, usedPods: number): string | null {
  const over: string[] = [];
  const req: string[] = [];
  const use: string[] = [];
  const lim: string[] = [];
  for (const [res, hard] of q.hard) {
    if (res === 'pods') {
      if (usedPods + tasks > hard) {
        over.push(res);
        req.push(`pods=${tasks}`);
        use.push(`pods=${usedPods}`);
        lim.push(`pods=${hard}`);
      }
      continue;
    }
    const r = resources.indexOf(res);
    if (r < 0) continue;
    const want = tasks * requests[r]!;
    const have = used ? used[r]! : 0;
    const limit = Math.round(hard * upstreamScale(res));
    if (want > 0 && have + want > limit) {
      over.push(res);
      req.push(fmt(res, want));
      use.push(fmt(res, have));
      lim.push(fmt(res, limit));
    }
  }
  return over.length ? `exceeded quota: ${q.name}, requested: ${req.join(',')}, used: ${use.join(',')}, limited: ${lim.join(',')}` : null;
}
