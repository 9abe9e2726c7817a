/**
 * A scheduled outage of a rack or a zone: every node of the domain fails at
 * `at` and is repaired `duration` seconds later (the "zone outage" of disaster
 * recovery drills). Deterministic: no random draws.
 */
import { z } from 'zod';
import type { ControlContext } from '../../sim/controller.ts';
import type { PolicyEntry } from '../control/registry.ts';
import { domainOf } from './correlated.ts';
import type { FailureArgs, FailurePolicy } from './policy.ts';

const schema = z.object({
  domain: z.enum(['rack', 'zone']).default('zone'),
  /** The rack or zone name (label value). */
  name: z.string().min(1),
  at: z.number().nonnegative().finite(),
  duration: z.number().positive(),
});

export const outage: PolicyEntry<z.infer<typeof schema>, FailurePolicy, FailureArgs> = {
  name: 'outage',
  description: 'a whole rack or zone fails at a given time and comes back after a duration',
  params: schema,
  example: { name: 'zone-a', at: 3600, duration: 1800 },
  create(params, { world }) {
    let ctx: ControlContext;
    let hit: number[] = [];
    return {
      name: `outage(${params.name})`,
      start(c) {
        ctx = c;
        ctx.at(Math.max(ctx.now, params.at), 0);
      },
      onTimer(tag) {
        if (tag === 0) {
          hit = [];
          for (const n of world.nodes) if (domainOf(n, params.domain) === params.name && world.failNode(n.index, `${params.domain}-outage:${params.name}`)) hit.push(n.index);
          ctx.record({ type: `${params.domain}-outage`, data: { [params.domain]: params.name, nodes: hit.length } });
          if (Number.isFinite(params.duration)) ctx.at(ctx.now + params.duration, 1);
        } else {
          for (const node of hit) world.repairNode(node);
          ctx.record({ type: `${params.domain}-restored`, data: { [params.domain]: params.name, nodes: hit.length } });
        }
      },
    };
  },
};
