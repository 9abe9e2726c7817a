/** The cluster autoscaler: expanders on worked cases, provisioning delay, scale-down after draining, cost. */
import { describe, expect, it } from 'vitest';
import type { Controller } from '../../../sim/controller.ts';
import { ClusterAutoscaler, ClusterAutoscalerSchema, type NodeGroup } from '../../../schedulers/scaling/cluster-autoscaler.ts';
import type { ServiceController } from '../../../schedulers/services/controller.ts';
import { runDynamic } from '../../helpers/dynamics.ts';

const small: NodeGroup = { name: 'small', capacity: { cpu: 2, memory: 4096 }, labels: {}, zones: ['a', 'b'], racksPerZone: 1, min: 1, max: 5, costPerHour: 0.1, provisioningDelay: 60, priority: 1 };
const large: NodeGroup = { name: 'large', capacity: { cpu: 8, memory: 32768 }, labels: {}, zones: ['a'], racksPerZone: 1, min: 0, max: 2, costPerHour: 0.4, provisioningDelay: 60, priority: 10 };

/** One small node; a service of `replicas` replicas of 2 cpu, 2 GiB; optionally a new desired count at some time. */
function run(expander: string, replicas: number, change?: [number, number], horizon = 600, groups: NodeGroup[] = [small, large]) {
  let services: ServiceController | null = null;
  const script: Controller = {
    name: 'script',
    start: (ctx) => change && ctx.at(change[0], 0),
    onTimer: () => services!.setDesired(services!.services[0]!, change![1], 'test'),
  };
  let ca: ClusterAutoscaler | null = null;
  const r = runDynamic({
    cluster: { resources: ['cpu', 'memory'], nodes: [{ id: 'small-0', capacity: small.capacity, labels: { 'clusterlab/node-group': 'small', 'topology.kubernetes.io/zone': 'a' } }] },
    horizon,
    seed: 3,
    groups: { small: { costPerHour: 0.1 }, large: { costPerHour: 0.4 } },
    services: [{ name: 'web', replicas, request: { cpu: 2, memory: 2048 }, readinessDelay: 0, capacity: 10, requestRate: { kind: 'constant', rate: 1 } }],
    controllers: (world, rng, _rec, s) => {
      services = s;
      ca = new ClusterAutoscaler(world, groups, ClusterAutoscalerSchema.parse({ expander, scaleDownUnneededTime: 120, scaleDownDelayAfterAdd: 120 }), rng.stream('expander'));
      return [ca, script];
    },
  });
  return { ...r, ca: ca! };
}

describe('cluster autoscaler scale-up', () => {
  // Three pods pending. small: 3 nodes, idle cpu 0 and memory 1/2 → waste 0.25. large: 1 node, idle cpu 2/8 and memory 26/32 → 0.53.
  const cases: [string, string, number][] = [
    ['least-waste', 'small', 3],
    ['priority', 'large', 1],
  ];
  for (const [expander, group, nodes] of cases) {
    it(`${expander} grows ${group} by ${nodes}; the nodes join after the provisioning delay and take the pods`, () => {
      const r = run(expander, 4);
      const up = r.events.find((e) => e.type === 'node-scale-up')!;
      expect(up.time).toBe(10); // first scan
      expect(up.data).toMatchObject({ group, nodes, pods: 3 });
      const added = r.events.filter((e) => e.type === 'node-added');
      expect(added.map((e) => e.time)).toEqual(new Array(nodes).fill(70));
      expect(Array.from(r.result.start)).toEqual([0, 70, 70, 70]);
      // small nodes are spread over zones a and b (a already has one).
      if (group === 'small') expect(added.map((e) => e.node)).toEqual(['small-1', 'small-2', 'small-3']);
      expect(r.ca.stats.nodesAdded).toBe(nodes);
    });
  }

  it('most-pods ties are broken by the seeded stream, the same way every run', () => {
    const a = run('most-pods', 4).events.find((e) => e.type === 'node-scale-up')!.data;
    const b = run('most-pods', 4).events.find((e) => e.type === 'node-scale-up')!.data;
    expect(a).toEqual(b);
  });

  it('every group at its max: nothing is added (an expected outcome, counted), the pods stay pending', () => {
    const r = run('least-waste', 4, undefined, 600, [{ ...small, max: 1 }, { ...large, max: 0 }]);
    expect(r.ca.stats.scaleUps).toBe(0);
    expect(r.ca.stats.noScaleUpPossible).toBe(60); // every scan from 10 to 600
    expect(r.services!.services[0]!.pods).toBe(4);
    expect(r.services!.services[0]!.ready).toBe(1);
  });
});

describe('cluster autoscaler scale-down', () => {
  it('after the load drops, unneeded nodes are drained and removed; cost counts node-hours, provisioning included', () => {
    // 4 replicas → 3 small nodes added at 10, joined at 70. At 300 desired drops to 1: three nodes empty (or emptied by draining).
    const r = run('least-waste', 4, [300, 1], 2000);
    const downs = r.events.filter((e) => e.type === 'node-scale-down');
    expect(downs.length).toBeGreaterThan(0);
    // Unneeded for 120 s, and at least 120 s after the last scale-up.
    expect(downs[0]!.time).toBeGreaterThanOrEqual(300 + 120);
    expect(r.world.fleetNodes).toBe(1); // back to the group's min... the one node running the replica
    expect(r.ca.stats.nodesRemoved).toBe(3);
    // Cost: node-hours × 0.1 $/h; the added nodes cost from their request at 10 to their removal.
    const s = r.nodeMeter.summary(2000);
    const removedAt = r.events.filter((e) => e.type === 'node-removed').map((e) => e.time);
    const expected = (0.1 / 3600) * (2000 + removedAt.reduce((t, x) => t + (x - 10), 0));
    expect(s.cost).toBeCloseTo(expected, 12);
  });
});
