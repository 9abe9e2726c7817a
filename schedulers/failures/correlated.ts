/**
 * Correlated failures of a failure domain: every node of a rack
 * (`clusterlab/rack`) or a zone (`topology.kubernetes.io/zone`) fails at the
 * same instant (a top-of-rack switch, a power feed, a zone outage) and comes
 * back together. Each domain alternates up times from `timeToFailure` and
 * outages from `timeToRepair`, on its own stream (`domain-failures:<domain>:<name>`).
 */
import { z } from 'zod';
import type { ControlContext } from '../../sim/controller.ts';
import type { PolicyEntry } from '../control/registry.ts';
import type { NodeRecord } from '../control/world.ts';
import { LifetimeSchema, sample } from '../../workloads/distributions/lifetime.ts';
import type { FailureArgs, FailurePolicy } from './policy.ts';

const schema = z.object({
  domain: z.enum(['rack', 'zone']),
  timeToFailure: LifetimeSchema,
  timeToRepair: LifetimeSchema,
});

export const domainOf = (n: NodeRecord, domain: 'rack' | 'zone') => (domain === 'rack' ? n.rack : n.zone);

export const correlatedFailures: PolicyEntry<z.infer<typeof schema>, FailurePolicy, FailureArgs> = {
  name: 'correlated-failures',
  description: 'whole racks or zones fail and recover together, with time-to-failure and time-to-repair distributions',
  params: schema,
  example: { domain: 'rack', timeToFailure: { distribution: 'exponential', mean: 604800 }, timeToRepair: { distribution: 'constant', value: 1800 } },
  create(params, { world, rng }) {
    let ctx: ControlContext;
    let domains: string[] = [];
    const streams: (() => number)[] = [];
    const failedNodes: number[][] = [];
    return {
      name: `correlated-failures(${params.domain})`,
      start(c) {
        ctx = c;
        const names = new Set<string>();
        for (const n of world.nodes) if (n.inFleet) names.add(domainOf(n, params.domain));
        domains = [...names].filter((d) => d !== '').sort();
        domains.forEach((d, i) => {
          streams[i] = rng.stream(`domain-failures:${params.domain}:${d}`);
          failedNodes[i] = [];
          ctx.at(ctx.now + sample(params.timeToFailure, streams[i]!), i * 2);
        });
      },
      onTimer(tag) {
        const i = Math.floor(tag / 2);
        const name = domains[i]!;
        if (tag % 2 === 0) {
          const hit: number[] = [];
          for (const n of world.nodes) if (domainOf(n, params.domain) === name && world.failNode(n.index, `${params.domain}-failure:${name}`)) hit.push(n.index);
          failedNodes[i] = hit;
          ctx.record({ type: `${params.domain}-failed`, data: { [params.domain]: name, nodes: hit.length } });
          ctx.at(ctx.now + sample(params.timeToRepair, streams[i]!), i * 2 + 1);
        } else {
          for (const node of failedNodes[i]!) world.repairNode(node);
          ctx.record({ type: `${params.domain}-repaired`, data: { [params.domain]: name, nodes: failedNodes[i]!.length } });
          failedNodes[i] = [];
          ctx.at(ctx.now + sample(params.timeToFailure, streams[i]!), i * 2);
        }
      },
    };
  },
};
