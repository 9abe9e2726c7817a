/** The cluster autoscaler: expanders on worked cases, provisioning delay, scale-down after draining, cost. */
import { describe, expect, it } from 'vitest';
import type { Controller } from '../../../sim/controller.ts';
import { ClusterAutoscaler, ClusterAutoscalerSchema, type NodeGroup } from '../../../schedulers/scaling/cluster-autoscaler.ts';
import type { ServiceController } from '../../../schedulers/services/controller.ts';
import { runDynamic } from '../../helpers/dynamics.ts';

const small: NodeGroup = { name: 'small', capacity: { cpu: 2, memory: 4096 }, labels: {}, zones: ['a', 'b'], racksPerZone: 1, min: 1, max: 5, costPerHour: 0.1, provisioningDelay: 60, priority: 1 };
const large: NodeGroup = { name: 'large', capacity: { cpu: 8, memory: 32768 }, labels: {}, zones: ['a'], racksPerZone: 1, min: 0, max: 2, costPerHour: 0.4, provisioningDelay: 60, priority: 10 };

/** One small node; a service of `replicas` replicas of 2 cpu, 2 GiB; optionally a new desired count at some time. */
function run(expander: string, replicas: number, change?: [number, number], horizon = 600, groups: NodeGroup[] = [small, large], params: Record<string, unknown> = {}) {
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
      ca = new ClusterAutoscaler(world, groups, ClusterAutoscalerSchema.parse({ expander, scaleDownUnneededTime: 120, scaleDownDelayAfterAdd: 120, ...params }), rng.stream('expander'));
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

/** Empty nodes of group g (min 0) beside a node kept busy by a long batch job. */
function emptyNodes(count: number, params: Record<string, unknown>, horizon = 1000) {
  const g: NodeGroup = { ...small, name: 'g', min: 0, max: 10 };
  const node = (i: number) => ({ id: `g-${i}`, capacity: g.capacity, labels: { 'clusterlab/node-group': 'g', 'topology.kubernetes.io/zone': 'a' } });
  let ca: ClusterAutoscaler | null = null;
  const r = runDynamic({
    cluster: { resources: ['cpu', 'memory'], nodes: Array.from({ length: count + 1 }, (_, i) => node(i)) },
    jobs: [{ id: 'keeper', submit: 0, tasks: 1, request: { cpu: 2, memory: 1024 }, runtime: 1e9, estimate: 1e9 }],
    horizon,
    groups: { g: { costPerHour: 0.1 } },
    controllers: (world, rng) => {
      ca = new ClusterAutoscaler(world, [g], ClusterAutoscalerSchema.parse({ scaleDownUnneededTime: 120, ...params }), rng.stream('expander'));
      return [ca];
    },
  });
  return { ...r, ca: ca!, removedAt: r.events.filter((e) => e.type === 'node-removed').map((e) => [e.time, e.node]) };
}

describe('cluster autoscaler scale-down timing, as upstream (delays after add, delete and failure; unneeded time)', () => {
  it('the defaults are upstream\'s flags', () => {
    expect(ClusterAutoscalerSchema.parse({})).toMatchObject({
      scanInterval: 10,
      scaleDownUnneededTime: 600,
      scaleDownDelayAfterAdd: 600,
      scaleDownDelayAfterDelete: null, // upstream 0 = the scan interval
      scaleDownDelayAfterFailure: 180,
      maxGracefulTerminationSec: 600,
      scaleDownUtilizationThreshold: 0.5,
      maxEmptyBulkDelete: 10,
    });
  });

  // Three empty nodes, unneeded from the first scan at 10, eligible at 10 + 120 = 130; one removal per scan.
  it.each([
    ['scaleDownDelayAfterDelete default (the scan interval)', {}, [130, 140, 150]],
    ['scaleDownDelayAfterDelete 60', { scaleDownDelayAfterDelete: 60 }, [130, 190, 250]],
  ])('%s', (_name, params, times) => {
    const r = emptyNodes(3, { scaleDownDelayAfterAdd: 0, maxEmptyBulkDelete: 1, ...params });
    expect(r.removedAt.map(([t]) => t)).toEqual(times);
  });

  it('unneeded time accrues during the cooldown after a scale-up: removal when the cooldown ends, not unneeded time after it', () => {
    // 4 replicas: 3 small nodes requested at 10 (the last scale-up). At 300 the service drops to 1 replica: nodes
    // unneeded from about 300, so past 120 s of unneeded time at 420, but deletions wait until 10 + 600 = 610.
    const r = run('least-waste', 4, [300, 1], 2000, [small, large], { scaleDownDelayAfterAdd: 600 });
    const downs = r.events.filter((e) => e.type === 'node-scale-down').map((e) => e.time);
    expect(downs[0]).toBe(610);
  });

  it('a node is not removed while a pending pod could run on it (a replica created at the scan\'s own instant)', () => {
    // g-0 is full (the keeper and one web replica, 1 cpu each); g-1 is empty and unneeded from 10, eligible at 130.
    // At 130 the service asks for a second replica: created by a controller timer that fires before the scan's,
    // it is pending when the scan looks, before the scheduler's pass. Removing g-1 would strand it and force a
    // scale-up (the flap seen in diurnal-hpa-autoscaler.yaml at 122010: three nodes removed, five pods pending).
    let services: ServiceController | null = null;
    const g: NodeGroup = { ...small, name: 'g', min: 0, max: 10 };
    const node = (i: number) => ({ id: `g-${i}`, capacity: g.capacity, labels: { 'clusterlab/node-group': 'g', 'topology.kubernetes.io/zone': 'a' } });
    const r = runDynamic({
      cluster: { resources: ['cpu', 'memory'], nodes: [node(0), node(1)] },
      jobs: [{ id: 'keeper', submit: 0, tasks: 1, request: { cpu: 1, memory: 1024 }, runtime: 1e9, estimate: 1e9 }],
      horizon: 400,
      groups: { g: { costPerHour: 0.1 } },
      services: [{ name: 'web', replicas: 1, request: { cpu: 1, memory: 1024 }, readinessDelay: 0, capacity: 10, requestRate: { kind: 'constant', rate: 1 } }],
      controllers: (world, rng, _rec, sc) => {
        services = sc;
        const script: Controller = { name: 'script', start: (ctx) => ctx.at(130, 0), onTimer: () => services!.setDesired(services!.services[0]!, 2, 'test') };
        return [script, new ClusterAutoscaler(world, [g], ClusterAutoscalerSchema.parse({ scaleDownUnneededTime: 120, scaleDownDelayAfterAdd: 0 }), rng.stream('expander'))];
      },
    });
    expect(r.events.filter((e) => e.type === 'node-removed')).toEqual([]);
    expect(r.events.some((e) => e.type === 'node-scale-up')).toBe(false);
    expect(Array.from(r.result.start).filter((t) => t === 130)).toHaveLength(1); // the new replica, on g-1 at once
  });
});

describe('cluster autoscaler: a drain that does not empty its node fails, and scale-down waits scaleDownDelayAfterFailure', () => {
  it('evictions blocked: the drain at 420 fails at 420 + 60, the node is uncordoned, the next attempt waits until 480 + 180', () => {
    // g-0 holds both web replicas; big (not autoscaled) is busy until 350. At 300 the service drops to 1 replica:
    // g-0 is unneeded (0.5 cpu share < 0.6) from the scan at 300, eligible at 420, when its replica fits on big.
    // The service controller is made to refuse evictions (as a PodDisruptionBudget would upstream).
    let services: ServiceController | null = null;
    const g: NodeGroup = { ...small, name: 'g', zones: ['a'], min: 0, max: 5 };
    const r = runDynamic({
      cluster: {
        resources: ['cpu', 'memory'],
        nodes: [
          { id: 'g-0', capacity: g.capacity, labels: { 'clusterlab/node-group': 'g', 'topology.kubernetes.io/zone': 'a' } },
          { id: 'big', capacity: { cpu: 6, memory: 8192 }, labels: { 'topology.kubernetes.io/zone': 'a' } },
        ],
      },
      jobs: [{ id: 'keeper', submit: 0, tasks: 1, request: { cpu: 6, memory: 1024 }, runtime: 350, estimate: 350 }],
      horizon: 800,
      groups: { g: { costPerHour: 0.1 } },
      services: [{ name: 'web', replicas: 2, request: { cpu: 1, memory: 1024 }, readinessDelay: 0, capacity: 10, requestRate: { kind: 'constant', rate: 1 } }],
      controllers: (world, rng, _rec, sc) => {
        services = sc;
        sc!.drain = () => 'wait';
        const script: Controller = { name: 'script', start: (ctx) => ctx.at(300, 0), onTimer: () => services!.setDesired(services!.services[0]!, 1, 'test') };
        const params = { scaleDownUnneededTime: 120, scaleDownDelayAfterAdd: 0, scaleDownUtilizationThreshold: 0.6, maxGracefulTerminationSec: 60 };
        return [new ClusterAutoscaler(world, [g], ClusterAutoscalerSchema.parse(params), rng.stream('expander')), script];
      },
    });
    const timeline = r.events.filter((e) => e.type.startsWith('node-scale-down')).map((e) => [e.time, e.type]);
    expect(timeline).toEqual([
      [420, 'node-scale-down'],
      [480, 'node-scale-down-failed'],
      [660, 'node-scale-down'],
      [720, 'node-scale-down-failed'],
    ]);
    expect(r.world.nodes[0]!.cordon).toBe(0); // uncordoned after the failure
    expect(r.world.fleetNodes).toBe(2);
  });
});
