/**
 * Canary with steps and pauses (the basic canary of Argo Rollouts, without a
 * traffic router: traffic follows the replica counts). Steps run in order:
 * `{setWeight: w}` makes ⌈desired × w / 100⌉ replicas of the new version and
 * scales the stable version down by as many as are available; the step is
 * complete when those canary replicas are available. `{pause: {duration}}`
 * waits that many seconds. After the last step the new version takes all
 * replicas. With `analysis.minSuccessRatio`, each step checks the share of
 * the canary's requests that succeeded since the rollout began; below it the
 * rollout aborts and the stable version is scaled back (a rollback).
 */
import { z } from 'zod';
import type { PolicyEntry } from '../control/registry.ts';
import type { DeploymentStrategy, RolloutPlan, RolloutView } from './policy.ts';
import { maxOf } from '../../sim/arrays.ts';

const step = z.union([
  z.strictObject({ setWeight: z.number().min(0).max(100) }),
  z.strictObject({ pause: z.strictObject({ duration: z.number().nonnegative().finite() }) }),
]);

const schema = z.object({
  steps: z.array(step).min(1),
  analysis: z.strictObject({ minSuccessRatio: z.number().min(0).max(1), minRequests: z.number().nonnegative().default(100) }).optional(),
});

export const canary: PolicyEntry<z.infer<typeof schema>, DeploymentStrategy> = {
  name: 'canary',
  description: 'canary in steps of traffic weight and pauses, with an optional success-ratio analysis and rollback',
  params: schema,
  example: { steps: [{ setWeight: 20 }, { pause: { duration: 600 } }, { setWeight: 100 }] },
  create: (p) => ({
    name: 'canary',
    begin: (to, now) => {
      let index = 0;
      let stepStarted = now;
      let aborted = false;
      let announced = -1;
      return {
        plan(view: RolloutView): RolloutPlan {
          const D = view.desired;
          const targets = new Map<number, number>();
          const stable = view.versions.filter((v) => v.version !== to);
          const fresh = view.versions.find((v) => v.version === to)!;
          const stableVersion = stable.length > 0 ? maxOf(stable.map((v) => v.version)) : to;
          const result = (canaryCount: number, done: boolean, extra: Partial<RolloutPlan> = {}): RolloutPlan => {
            const stableCount = Math.max(0, D - Math.min(canaryCount, fresh.available));
            targets.set(to, canaryCount);
            for (const v of stable) targets.set(v.version, v.version === stableVersion ? stableCount : 0);
            return { targets, serving: null, done, ...extra };
          };
          if (aborted) {
            targets.set(to, 0);
            for (const v of stable) targets.set(v.version, v.version === stableVersion ? D : 0);
            return { targets, serving: null, done: fresh.active === 0, aborted: true };
          }
          if (p.analysis && fresh.served + fresh.failed >= p.analysis.minRequests && fresh.served / (fresh.served + fresh.failed) < p.analysis.minSuccessRatio) {
            aborted = true;
            return this.plan(view);
          }
          // Walk the steps as far as they are complete.
          let weight = 0;
          for (let i = 0; i < index; i++) {
            const s = p.steps[i]!;
            if ('setWeight' in s) weight = s.setWeight;
          }
          for (;;) {
            if (index >= p.steps.length) {
              const done = fresh.available >= D && stable.every((v) => v.active === 0);
              return result(D, done, { step: announce(p.steps.length, 'promote') });
            }
            const s = p.steps[index]!;
            if ('setWeight' in s) {
              weight = s.setWeight;
              const want = Math.ceil((D * weight) / 100);
              const stableTarget = D - Math.min(want, fresh.available);
              const stableActive = stable.reduce((x, v) => x + v.active, 0);
              if (fresh.available >= want && stableActive <= stableTarget) {
                index++;
                stepStarted = view.now;
                continue;
              }
              return result(want, false, { step: announce(index, `weight ${weight}`) });
            }
            const until = stepStarted + s.pause.duration;
            if (view.now >= until) {
              index++;
              stepStarted = view.now;
              continue;
            }
            return result(Math.ceil((D * weight) / 100), false, { wakeAt: until, step: announce(index, `pause ${s.pause.duration}`) });
          }
          function announce(i: number, text: string): string | undefined {
            if (announced === i) return undefined;
            announced = i;
            return text;
          }
        },
      };
    },
  }),
};
