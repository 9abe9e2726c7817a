import { describe, expect, it } from 'vitest';
import { createPodTopologySpread } from '../../../schedulers/framework/plugins/pod-topology-spread.ts';
import { world } from './world.ts';

const nodes = [
  { id: 'a', capacity: { cpu: 8 }, labels: { zone: 'z1' } },
  { id: 'b', capacity: { cpu: 8 }, labels: { zone: 'z1' } },
  { id: 'c', capacity: { cpu: 8 }, labels: { zone: 'z2' } },
  { id: 'd', capacity: { cpu: 8 } },
];
const spread = (maxSkew: number, topologyKey: string, whenUnsatisfiable: string) => ({ topologySpreadConstraints: [{ maxSkew, topologyKey, whenUnsatisfiable, labelSelector: { matchLabels: { app: 'web' } } }] });
const web = { app: 'web' };

function setup() {
  const w = world(nodes, [
    { id: 'w1', labels: web },
    { id: 'w2', labels: web },
    { id: 'w3', labels: web },
    { id: 'other-ns', labels: web, tenant: 'team-b' },
    { id: 'zone1', labels: web, constraints: spread(1, 'zone', 'DoNotSchedule') },
    { id: 'host1', labels: web, constraints: spread(1, 'kubernetes.io/hostname', 'DoNotSchedule') },
    { id: 'soft', labels: web, constraints: spread(1, 'zone', 'ScheduleAnyway') },
    { id: 'defaults', labels: web },
    { id: 'nolabels' },
  ]);
  // app=web: 2 on a, 1 on c; one in another namespace on b (not counted)
  w.run('w1', 'a');
  w.run('w2', 'a');
  w.run('w3', 'c');
  w.run('other-ns', 'b');
  return w;
}

describe('PodTopologySpread filter', () => {
  it.each([
    // zones: z1 = 2, z2 = 1, min 1: a and b give skew 2+1-1 = 2 > 1; c gives 1; d lacks the key
    ['zone1', ['Unschedulable', 'Unschedulable', 'Success', 'UnschedulableAndUnresolvable']],
    // hosts: a 2, b 0, c 1, d 0 (every node has kubernetes.io/hostname): min 0 → a 3, b 1, c 2, d 1
    ['host1', ['Unschedulable', 'Success', 'Unschedulable', 'Success']],
  ] as const)('%s', (pod, codes) => {
    const w = setup();
    const pts = createPodTopologySpread(w.handle);
    const st = w.state();
    pts.preFilter(st, w.pod(pod));
    expect(['a', 'b', 'c', 'd'].map((n) => pts.filter(st, w.pod(pod), w.node(n)).code)).toEqual(codes);
  });
});

describe('PodTopologySpread score', () => {
  function scores(pod: string, feasible: string[]) {
    const w = setup();
    const pts = createPodTopologySpread(w.handle);
    const st = w.state();
    const nodesIdx = feasible.map((n) => w.node(n));
    if (pts.preScore(st, w.pod(pod), nodesIdx).code === 'Skip') return 'skip';
    const raw = nodesIdx.map((n) => pts.score(st, w.pod(pod), n));
    const norm = raw.slice();
    pts.normalizeScore!(st, w.pod(pod), nodesIdx, norm);
    return { raw, norm };
  }

  it('own ScheduleAnyway constraint: count × ln(domains + 2) + maxSkew − 1, rounded; normalized', () => {
    // zones among feasible a,b,c: 2 → weight ln 4; a, b: 2 ln 4 = 2.77 → 3; c: 1.39 → 1; d lacks the key: ignored (0)
    expect(scores('soft', ['a', 'b', 'c', 'd'])).toEqual({ raw: [3, 3, 1, 0], norm: [33, 33, 100, 0] });
  });

  it('system default constraints for a labelled pod without constraints', () => {
    // hostname maxSkew 3 (size 3 → ln 5): a: 2 ln5 + 2 = 5.2 → 5; b: 2; c: ln5 + 2 = 3.6 → 4. The zone default
    // uses topology.kubernetes.io/zone, which these nodes lack: it adds nothing (and, being a default, ignores no node).
    // Normalized 100 × (max + min − s) / max: a 40, b 100, c 60.
    expect(scores('defaults', ['a', 'b', 'c'])).toEqual({ raw: [5, 2, 4], norm: [40, 100, 60] });
  });

  it('no labels and no constraints: skipped', () => {
    expect(scores('nolabels', ['a', 'b'])).toBe('skip');
  });
});
