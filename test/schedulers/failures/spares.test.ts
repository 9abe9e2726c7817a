/**
 * Spare nodes: a spare joins when a node of its group fails and leaves when the
 * node is ready again, so a service that needs every node keeps its replicas.
 */
import { describe, expect, it } from 'vitest';
import type { SystemEvent } from '../../../sim/controller.ts';
import { InputError } from '../../../sim/errors.ts';
import { runScenario, scenarioSimulationOptions, scenarioWorkload } from '../../../experiments/scenario/run.ts';
import { buildScenario } from '../../../experiments/scenario/build.ts';
import { runSimulation } from '../../../experiments/run/simulate.ts';
import { servicePeriods } from '../../helpers/dynamics.ts';
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

/**
 * k of n with s cold spares against the birth-death closed form. n nodes (one
 * replica each), s spares, exponential failures (rate λ per machine in the
 * fleet and up; idle spares do not fail) and repairs (rate μ per failed
 * machine, unlimited crews), instant detection, readiness and propagation.
 * With j failed machines, min(n, n + s − j) machines serve: j goes up at
 * min(n, n + s − j)λ and down at jμ, and the service is up while j ≤ n + s − k.
 * The stationary law π_j ∝ Π_{i<j} min(n, n + s − i)λ / ((i + 1)μ) gives the
 * availability Σ_{j ≤ n+s−k} π_j. This is exact for one spare: with two or
 * more, a spare that fails while covering is covered by the next, which stays
 * until the first is repaired even if the node they stood for is back, a state
 * the chain does not have.
 *
 * Confidence as in test/schedulers/services/outages.test.ts: every outage
 * begins in state n + s − k + 1 and every up period in n + s − k, so the (up,
 * down) cycles are i.i.d.; with m outages the standard error of the
 * availability is sd((1 − A)U − A·D)/(√m (Ū + D̄)) (delta method), and the
 * check allows 4 of them.
 */
function sparesChain(n: number, k: number, s: number, lambda: number, mu: number): number {
  const pi = [1];
  for (let j = 1; j <= n + s; j++) pi.push((pi[j - 1]! * Math.min(n, n + s - j + 1) * lambda) / (j * mu));
  const total = pi.reduce((a, x) => a + x, 0);
  let up = 0;
  for (let j = 0; j <= n + s - k; j++) up += pi[j]!;
  return up / total;
}

describe('spares against the birth-death closed form', () => {
  const [n, k, mtbf, mttr, horizon] = [3, 2, 1000, 200, 4e6];
  function simulate(spares: number) {
    const scenario = ScenarioSchema.parse({
      name: 'spares-chain',
      horizon,
      sampleStep: horizon,
      health: { heartbeatInterval: 0, timeout: 0, monitorPeriod: 0, evictionTimeout: 0 },
      discovery: { propagationDelay: 0, metricsInterval: 15 },
      cluster: { nodeGroups: [{ name: 'w', nodes: n, capacity: { cpu: 1 }, spares }] },
      services: [{ name: 'web', replicas: n, request: { cpu: 1 }, readinessDelay: 0, capacity: 10, minAvailable: k, requestRate: { kind: 'constant', rate: 5 } }],
      failures: [{ policy: 'node-failures', timeToFailure: { distribution: 'exponential', mean: mtbf }, timeToRepair: { distribution: 'exponential', mean: mttr } }],
    });
    const built = buildScenario(scenario, { seed: 3 });
    const { periods, observer, attach } = servicePeriods(k);
    attach(built.services);
    const output = runSimulation(scenarioWorkload(built), built.cluster, scenarioSimulationOptions(built, 3, { observers: [observer] }));
    return { availability: (built.summary(output.result).services as Record<string, Record<string, number>>).web!.availability!, periods };
  }

  it(`${k} of ${n} with one spare, MTBF ${mtbf}, MTTR ${mttr}: the availability within 4 standard errors (and far from the no-spare form)`, () => {
    const theory = sparesChain(n, k, 1, 1 / mtbf, 1 / mttr);
    // Without the spare: the binomial 2-of-3 form, 0.926 against 0.986.
    expect(theory - sparesChain(n, k, 0, 1 / mtbf, 1 / mttr)).toBeGreaterThan(0.05);
    const { availability, periods } = simulate(1);
    const cycles: { u: number; d: number }[] = [];
    for (let i = periods[0]!.up ? 0 : 1; i + 1 < periods.length; i += 2) cycles.push({ u: periods[i]!.length, d: periods[i + 1]!.length });
    const m = cycles.length;
    expect(m).toBeGreaterThan(300);
    const meanCycle = cycles.reduce((a, c) => a + c.u + c.d, 0) / m;
    const xs = cycles.map((c) => (1 - theory) * c.u - theory * c.d);
    const mean = xs.reduce((a, x) => a + x, 0) / m;
    const sd = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (m - 1));
    const se = sd / (Math.sqrt(m) * meanCycle);
    expect(Math.abs(availability - theory)).toBeLessThan(4 * se);
  });

  it('with no spare the chain is the binomial k-of-n form', () => {
    const A = mtbf / (mtbf + mttr);
    expect(sparesChain(n, k, 0, 1 / mtbf, 1 / mttr)).toBeCloseTo(A ** 3 + 3 * A ** 2 * (1 - A), 12);
  });
});
