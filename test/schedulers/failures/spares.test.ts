/**
 * Spare nodes: a spare joins when a node of its group fails and leaves when the
 * node is ready again, so a service that needs every node keeps its replicas.
 */
import { describe, expect, it } from 'vitest';
import type { SystemEvent } from '../../../sim/controller.ts';
import { InputError } from '../../../sim/errors.ts';
import { runScenario } from '../../../experiments/scenario/run.ts';
import { ScenarioSchema, type ScenarioInput } from '../../../experiments/scenario/schema.ts';
import { scenarioVariants } from '../../../experiments/scenario/variants.ts';

const base = (spares: number | undefined): ScenarioInput => ({
  name: 'spares',
  horizon: 3000,
  sampleStep: 1000,
  health: { heartbeatInterval: 0, timeout: 0, monitorPeriod: 0, evictionTimeout: 0 },
  discovery: { propagationDelay: 0, metricsInterval: 15 },
  cluster: { nodeGroups: [{ name: 'w', nodes: 2, capacity: { cpu: 1 }, zones: ['a', 'b'], ...(spares === undefined ? {} : { spares }) }] },
  services: [{ name: 'web', replicas: 2, request: { cpu: 1 }, readinessDelay: 0, capacity: 10, minAvailable: 2, requestRate: { kind: 'constant', rate: 5 } }],
  failures: [{ policy: 'outage', domain: 'zone', name: 'b', at: 1000, duration: 500 }],
});

function run(spares: number | undefined) {
  const events: SystemEvent[] = [];
  const r = runScenario(ScenarioSchema.parse(base(spares)), { seed: 1, checkInvariants: true, checkEveryStep: true, eventSink: (e) => events.push(e) });
  const web = (r.dynamics.services as Record<string, Record<string, number>>).web!;
  return { web, events, world: r.built.world };
}

describe('spare nodes', () => {
  it('without a spare, the zone outage is a service outage of its length', () => {
    const { web } = run(undefined);
    expect(web).toMatchObject({ outages: 1, max_outage: 500 });
  });

  it('with one spare: it joins at the failure, takes the lost replica, and leaves when the node is back', () => {
    const { web, events, world } = run(1);
    expect(web).toMatchObject({ outages: 0, availability: 1 });
    const joined = events.filter((e) => e.type === 'spare-joined');
    expect(joined.map((e) => [e.time, e.node])).toEqual([[1000, 'w-spare-0']]);
    const removed = events.filter((e) => e.type === 'node-removed');
    expect(removed.map((e) => [e.time, e.node])).toEqual([[1500, 'w-spare-0']]);
    expect(world.nodes.filter((n) => n.inFleet).map((n) => n.id)).toEqual(['w-0', 'w-1']);
  });

  it('a spare that fails while covering is covered by the next one; both leave once the first is back', () => {
    const events: SystemEvent[] = [];
    const input = base(2);
    input.cluster.nodeGroups[0]!.nodes = 1;
    input.services![0]!.replicas = 1;
    input.services![0]!.minAvailable = 1;
    // w-0 is in zone a, w-spare-0 in zone b, w-spare-1 in zone a (round-robin after the group's nodes).
    input.failures = [
      { policy: 'outage', domain: 'zone', name: 'a', at: 1000, duration: 1000 },
      { policy: 'outage', domain: 'zone', name: 'b', at: 1200, duration: 1500 },
    ];
    const r = runScenario(ScenarioSchema.parse(input), { seed: 1, checkInvariants: true, checkEveryStep: true, eventSink: (e) => events.push(e) });
    const of = (type: string) => events.filter((e) => e.type === type).map((e) => [e.time, e.node]);
    expect(of('spare-joined')).toEqual([
      [1000, 'w-spare-0'],
      [1200, 'w-spare-1'],
    ]);
    expect(of('node-removed')).toEqual([
      [2700, 'w-spare-1'],
      [2700, 'w-spare-0'],
    ]);
    expect(r.built.world.nodes.filter((n) => n.inFleet).map((n) => n.id)).toEqual(['w-0']);
    expect((r.dynamics.services as Record<string, Record<string, number>>).web).toMatchObject({ outages: 0 });
  });

  it('spares: -1 or 1.5, or spares on an autoscaled group, are errors naming the field', () => {
    for (const bad of [-1, 1.5]) expect(() => scenarioVariants(base(bad), 'spares.yaml')).toThrow(/field cluster\.nodeGroups\[0\]\.spares, value/);
    const autoscaled = base(1);
    autoscaled.cluster.nodeGroups[0]!.max = 4;
    expect(() => scenarioVariants(autoscaled, 'spares.yaml')).toThrow(InputError);
    expect(() => scenarioVariants(autoscaled, 'spares.yaml')).toThrow(/spares need a group the cluster autoscaler does not scale .*field cluster\.nodeGroups\[0\]\.spares, value "1"/);
  });
});
