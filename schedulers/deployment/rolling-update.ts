/**
 * Rolling update, as the Kubernetes Deployment controller does it
 * (pkg/controller/deployment/rolling.go), at every change of the service:
 *  - new version: scale up to at most desired + maxSurge replicas in total
 *    (never beyond desired for the new version);
 *  - old versions: with minAvailable = desired − maxUnavailable, at most
 *    all − minAvailable − (new replicas not yet available) may go; first the
 *    old replicas that are not available (cleanupUnhealthyReplicas), then
 *    available ones while more than minAvailable are available in total.
 * maxSurge and maxUnavailable are counts or percentages of desired (surge
 * rounds up, unavailable down); both 0 means maxUnavailable 1, as upstream.
 * The rollout is done when the new version has desired available replicas and
 * no old replica is left.
 */
import { z } from 'zod';
import type { PolicyEntry } from '../control/registry.ts';
import { resolveIntOrPercent, type DeploymentStrategy, type RolloutPlan, type RolloutView } from './policy.ts';

const intOrPercent = z.union([z.number().int().nonnegative(), z.string().regex(/^\d+(\.\d+)?%$/, 'a count or a percentage like "25%"')]);

const schema = z.object({
  maxSurge: intOrPercent.default('25%'),
  maxUnavailable: intOrPercent.default('25%'),
});

export function rollingPlan(view: RolloutView, maxSurgeSpec: number | string, maxUnavailableSpec: number | string): RolloutPlan {
  const D = view.desired;
  let maxSurge = resolveIntOrPercent(maxSurgeSpec, D, true);
  let maxUnavailable = resolveIntOrPercent(maxUnavailableSpec, D, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  const targets = new Map<number, number>();
  for (const v of view.versions) targets.set(v.version, v.target);
  const fresh = view.versions.find((v) => v.version === view.to)!;
  const olds = view.versions.filter((v) => v.version !== view.to).sort((a, b) => a.version - b.version);
  const total = () => [...targets.values()].reduce((s, x) => s + x, 0);
  // reconcileNewReplicaSet
  let newTarget = targets.get(view.to) ?? 0;
  if (newTarget > D) newTarget = D;
  else if (newTarget < D) {
    const room = D + maxSurge - total();
    if (room > 0) newTarget += Math.min(room, D - newTarget);
  }
  targets.set(view.to, newTarget);
  // reconcileOldReplicaSets
  const oldTotal = olds.reduce((s, v) => s + targets.get(v.version)!, 0);
  if (oldTotal > 0) {
    const minAvailable = D - maxUnavailable;
    const newUnavailable = newTarget - fresh.available;
    let maxScaledDown = total() - minAvailable - newUnavailable;
    if (maxScaledDown > 0) {
      // Old replicas that are not available go first.
      for (const v of olds) {
        const t = targets.get(v.version)!;
        const unhealthy = Math.min(t, Math.max(0, t - v.available));
        const n = Math.min(maxScaledDown, unhealthy);
        if (n > 0) {
          targets.set(v.version, t - n);
          maxScaledDown -= n;
        }
      }
      // Then available ones, keeping minAvailable available in total.
      const available = view.versions.reduce((s, v) => s + Math.min(v.available, targets.get(v.version)!), 0);
      let scaleDown = Math.min(maxScaledDown, available - minAvailable);
      for (const v of olds) {
        if (scaleDown <= 0) break;
        const t = targets.get(v.version)!;
        const n = Math.min(t, scaleDown);
        targets.set(v.version, t - n);
        scaleDown -= n;
      }
    }
  }
  const done = newTarget === D && fresh.available >= D && olds.every((v) => targets.get(v.version) === 0 && v.active === 0);
  return { targets, serving: null, done };
}

export const rollingUpdate: PolicyEntry<z.infer<typeof schema>, DeploymentStrategy> = {
  name: 'rolling-update',
  description: 'Kubernetes RollingUpdate with maxSurge and maxUnavailable',
  params: schema,
  create: (p) => ({
    name: 'rolling-update',
    begin: () => ({ plan: (view) => rollingPlan(view, p.maxSurge, p.maxUnavailable) }),
  }),
};
