/**
 * Blue-green (as Argo Rollouts' blueGreen strategy): a full set of the new
 * (green) version is created next to the old (blue) one, which keeps all the
 * traffic. Once every green replica is available, and `autoPromotionSeconds`
 * later, traffic switches to green at once (the endpoint change propagates
 * like any other); blue is scaled down `scaleDownDelaySeconds` after the switch.
 * Needs room for twice the replicas during the rollout.
 */
import { z } from 'zod';
import type { PolicyEntry } from '../control/registry.ts';
import type { DeploymentStrategy, RolloutPlan, RolloutView } from './policy.ts';
import { maxOf } from '../../sim/arrays.ts';

const schema = z.object({
  autoPromotionSeconds: z.number().nonnegative().default(0),
  scaleDownDelaySeconds: z.number().nonnegative().default(30),
});

export const blueGreen: PolicyEntry<z.infer<typeof schema>, DeploymentStrategy> = {
  name: 'blue-green',
  description: 'a full green set beside blue; traffic switches at once when green is ready; blue removed after a delay',
  params: schema,
  create: (p) => ({
    name: 'blue-green',
    begin: (to) => {
      let readyAt = NaN;
      let switchedAt = NaN;
      return {
        plan(view: RolloutView): RolloutPlan {
          const D = view.desired;
          const green = view.versions.find((v) => v.version === to)!;
          const blue = view.versions.filter((v) => v.version !== to);
          const blueVersion = blue.length > 0 ? maxOf(blue.map((v) => v.version)) : to;
          const targets = new Map<number, number>([[to, D]]);
          if (Number.isNaN(switchedAt)) {
            for (const v of blue) targets.set(v.version, v.version === blueVersion ? D : 0);
            if (green.available >= D && Number.isNaN(readyAt)) readyAt = view.now;
            if (!Number.isNaN(readyAt) && view.now >= readyAt + p.autoPromotionSeconds) {
              switchedAt = view.now;
              return { targets, serving: new Set([to]), done: false, wakeAt: view.now + p.scaleDownDelaySeconds, step: 'switch traffic' };
            }
            const wakeAt = Number.isNaN(readyAt) ? undefined : readyAt + p.autoPromotionSeconds;
            return { targets, serving: new Set([blueVersion]), done: false, wakeAt, step: Number.isNaN(readyAt) ? undefined : 'green ready' };
          }
          const scaleDown = view.now >= switchedAt + p.scaleDownDelaySeconds;
          for (const v of blue) targets.set(v.version, scaleDown ? 0 : v.version === blueVersion ? D : 0);
          const done = scaleDown && blue.every((v) => v.active === 0);
          return { targets, serving: new Set([to]), done, wakeAt: scaleDown ? undefined : switchedAt + p.scaleDownDelaySeconds };
        },
      };
    },
  }),
};
