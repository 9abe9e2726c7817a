import { describe, expect, it } from 'vitest';
import { createNodeResourcesFit } from '../../../schedulers/framework/plugins/node-resources-fit.ts';
import { leastRequestedScore } from '../../../schedulers/framework/plugins/least-allocated.ts';
import { mostRequestedScore } from '../../../schedulers/framework/plugins/most-allocated.ts';
import { brokenLinear } from '../../../schedulers/framework/plugins/requested-to-capacity-ratio.ts';
import { world } from './world.ts';

// Nodes: n1 4 cores / 10000 MiB, n2 6 cores / 10000 MiB (upstream's "differently sized nodes" case).
const nodes = [
  { id: 'n1', capacity: { cpu: 4, memory: 10000 } },
  { id: 'n2', capacity: { cpu: 6, memory: 10000 } },
];
const pods: { id: string; request: Record<string, number> }[] = [
  { id: 'big', request: { cpu: 3, memory: 5000 } },
  { id: 'none', request: {} },
  { id: 'cpu0', request: { cpu: 0, memory: 0 } },
  { id: 'huge', request: { cpu: 5, memory: 20000 } },
  { id: 'other', request: { cpu: 1, memory: 1000 } },
];

describe('NodeResourcesFit filter', () => {
  it.each([
    ['big', 'n1', []],
    ['huge', 'n1', ['Insufficient cpu', 'Insufficient memory']],
    ['huge', 'n2', ['Insufficient memory']],
  ] as const)('%s on %s: %j', (pod, node, reasons) => {
    const w = world(nodes, pods);
    const fit = createNodeResourcesFit(w.handle);
    const st = fit.filter(w.state(), w.pod(pod), w.node(node));
    expect(st.code).toBe(reasons.length ? 'Unschedulable' : 'Success');
    expect(st.reasons ?? []).toEqual(reasons);
  });

  it('counts what already runs on the node, and ignoredResources', () => {
    const w = world(nodes, pods);
    w.run('big', 'n1');
    expect(createNodeResourcesFit(w.handle).filter(w.state(), w.pod('big'), w.node('n1')).reasons).toEqual(['Insufficient cpu']);
    expect(createNodeResourcesFit(w.handle, { ignoredResources: ['cpu'] }).filter(w.state(), w.pod('big'), w.node('n1')).code).toBe('Success');
  });
});

describe('NodeResourcesFit scoring strategies (hand-computed, integer arithmetic)', () => {
  const cases: { name: string; args: Record<string, unknown>; pod: string; running?: [string, string]; n1: number; n2: number }[] = [
    // least: n1 cpu (4000-3000)*100/4000 = 25, mem 50 → (25+50)/2 = 37; n2 cpu 50, mem 50 → 50
    { name: 'LeastAllocated', args: {}, pod: 'big', n1: 37, n2: 50 },
    // no requests: non-zero defaults 100m / 200 MiB: n1 cpu 3900*100/4000 = 97, mem 9800*100/10000 = 98 → 97; n2 cpu 5900*100/6000 = 98 → 98
    { name: 'LeastAllocated, pod without requests', args: {}, pod: 'none', n1: 97, n2: 98 },
    // explicit zero requests stay zero: 100 everywhere
    { name: 'LeastAllocated, explicit zero requests', args: {}, pod: 'cpu0', n1: 100, n2: 100 },
    // running pod without requests counts 100m/200 MiB (non-zero requested): n1 cpu (4000-100-1000)*100/4000 = 72, mem (10000-200-1000)*100/10000 = 88 → 80
    { name: 'LeastAllocated, node holds a pod without requests', args: {}, pod: 'other', running: ['none', 'n1'], n1: 80, n2: 86 },
    // weights cpu 3 memory 1: n1 (25*3+50)/4 = 31; n2 (50*3+50)/4 = 50
    { name: 'LeastAllocated, weights', args: { scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 3 }, { name: 'memory', weight: 1 }] } }, pod: 'big', n1: 31, n2: 50 },
    // most: n1 cpu 75, mem 50 → 62; n2 cpu 50, mem 50 → 50
    { name: 'MostAllocated', args: { scoringStrategy: { type: 'MostAllocated' } }, pod: 'big', n1: 62, n2: 50 },
    // shape (0,0)-(100,10) scaled ×10: n1 cpu 75, mem 50 → round(62.5) = 63 (math.Round, unlike the others)
    { name: 'RequestedToCapacityRatio', args: { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 0, score: 0 }, { utilization: 100, score: 10 }] } } }, pod: 'big', n1: 63, n2: 50 },
    // reversed shape (0,10)-(100,0): n1 cpu 25, mem 50 → round(37.5) = 38; n2 50
    { name: 'RequestedToCapacityRatio reversed', args: { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 0, score: 10 }, { utilization: 100, score: 0 }] } } }, pod: 'big', n1: 38, n2: 50 },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const w = world(nodes, pods);
      if (c.running) w.run(c.running[0], c.running[1]);
      const fit = createNodeResourcesFit(w.handle, c.args);
      expect([fit.score(w.state(), w.pod(c.pod), w.node('n1')), fit.score(w.state(), w.pod(c.pod), w.node('n2'))]).toEqual([c.n1, c.n2]);
    });
  }

  it('per-resource formulas', () => {
    expect(leastRequestedScore(3000, 4000)).toBe(25);
    expect(leastRequestedScore(5000, 4000)).toBe(0);
    expect(mostRequestedScore(5000, 4000)).toBe(100);
    expect(mostRequestedScore(1, 3)).toBe(33);
    const f = brokenLinear([
      { utilization: 10, score: 20 },
      { utilization: 50, score: 100 },
    ]);
    expect([f(0), f(10), f(30), f(31), f(50), f(90)]).toEqual([20, 20, 60, 62, 100, 100]);
  });

  it('rejects bad args', () => {
    const w = world(nodes, pods);
    expect(() => createNodeResourcesFit(w.handle, { scoringStrategy: { type: 'Nope' } })).toThrow(/scoringStrategy.type/);
    expect(() => createNodeResourcesFit(w.handle, { scoringStrategy: { type: 'RequestedToCapacityRatio', requestedToCapacityRatio: { shape: [{ utilization: 50, score: 1 }, { utilization: 10, score: 2 }] } } })).toThrow(/increasing/);
  });
});
