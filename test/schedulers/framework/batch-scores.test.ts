/**
 * The per-cycle fast paths against the per-node plugin calls they replace:
 * every score plugin's scoreNodes (one loop over the scored nodes, amounts
 * from the snapshot's typed columns) gives score()'s value on every node, and
 * the fused node filter (node-filter.ts) passes exactly the nodes every filter
 * accepts, with the same first failure otherwise, on clusters with down,
 * cordoned and tainted nodes, running and assumed pods, and several resources.
 */
import { describe, expect, it } from 'vitest';
import type { NodeSpec } from '../../../sim/cluster.ts';
import { Rng } from '../../../sim/rng.ts';
import { parseSchedulerConfig } from '../../../schedulers/framework/config.ts';
import { scanRoomy } from '../../../schedulers/framework/cycle.ts';
import { JobFitCheck } from '../../../schedulers/framework/job-fit.ts';
import { emptyObjects } from '../../../schedulers/framework/objects.ts';
import { buildProfile, type BuiltProfile } from '../../../schedulers/framework/registry.ts';
import { CycleState, type Status } from '../../../schedulers/framework/types.ts';
import { world, type World } from './world.ts';

const HEAD = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';
const strategy = (type: string, resources: string, extra = '') =>
  `${HEAD}profiles:\n- pluginConfig:\n  - name: NodeResourcesFit\n    args: {scoringStrategy: {type: ${type}, resources: ${resources}${extra}}}\n  - name: NodeResourcesBalancedAllocation\n    args: {resources: ${resources.replace(/weight: \d/g, 'weight: 1')}}\n`;
const TWO = '[{name: cpu, weight: 1}, {name: memory, weight: 1}]';
const THREE = '[{name: cpu, weight: 2}, {name: memory, weight: 1}, {name: gpu, weight: 3}]';
const CONFIGS: Record<string, string> = {
  default: HEAD,
  'LeastAllocated, three resources': strategy('LeastAllocated', THREE),
  'MostAllocated, two resources': strategy('MostAllocated', TWO),
  'MostAllocated, three resources': strategy('MostAllocated', THREE),
  RequestedToCapacityRatio: strategy('RequestedToCapacityRatio', THREE, ', requestedToCapacityRatio: {shape: [{utilization: 0, score: 0}, {utilization: 100, score: 10}]}'),
};

/** A random cluster of `n` nodes: mixed sizes, some tainted, some cordoned, one down; pods running and assumed on it. */
function randomWorld(seed: number, n: number): { w: World; pods: string[] } {
  const random = new Rng(seed).stream('batch');
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  const nodes: NodeSpec[] = [];
  for (let i = 0; i < n; i++) {
    const taints = random() < 0.2 ? [{ key: 'k', value: pick(['a', 'b']), effect: pick(['NoSchedule', 'PreferNoSchedule'] as const) }] : [];
    nodes.push({ id: `n${i}`, capacity: { cpu: pick([2, 8, 32]), memory: pick([4096, 65536]), gpu: pick([0, 0, 4]) }, taints, unschedulable: random() < 0.1 });
  }
  const specs = [];
  for (let j = 0; j < 3 * n; j++) {
    const request: Record<string, number> = { cpu: pick([0, 0.1, 1, 3, 7]), memory: pick([0, 128, 2048, 30000]) };
    if (random() < 0.2) request.gpu = pick([1, 2]);
    const tolerations = random() < 0.3 ? [{ key: 'k', operator: 'Exists' as const }] : random() < 0.2 ? [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists' as const }] : undefined;
    specs.push({ id: `p${j}`, request, ...(tolerations ? { tolerations } : {}) });
  }
  const w = world(nodes, specs, ['cpu', 'memory', 'gpu']);
  const placed: string[] = [];
  for (let j = 0; j < n; j++) {
    const id = `p${j}`;
    const node = Math.floor(random() * n);
    if (w.cluster.tasksThatFit(node, w.jobs.requestOf(j)) < 1 || w.pod(id).gpu) continue;
    if (random() < 0.7) w.run(id, `n${node}`);
    else w.snapshot.add(w.pod(id), node, 1, undefined, true); // assumed: held by the snapshot, not allocated
    placed.push(id);
  }
  for (let node = 0; node < n; node++) {
    if (w.snapshot.podsOn(node).length === 0) {
      w.cluster.setUp(node, false);
      break;
    }
  }
  return { w, pods: specs.map((s) => s.id).filter((id) => !placed.includes(id)) };
}

/** Every filter on `node` in profile order, as the scheduler's runFilters. */
function ordered(w: World, p: BuiltProfile, state: CycleState, pod: string, node: number): { plugin: string; status: Status | null } {
  if (!w.cluster.isUp(node)) return { plugin: 'NodeReady', status: { code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were down'] } };
  for (const f of p.filters) {
    const st = f.filter(state, w.pod(pod), node);
    if (st.code !== 'Success') return { plugin: f.name, status: st };
  }
  return { plugin: '', status: null };
}

describe.each(Object.entries(CONFIGS))('fast paths, %s', (_name, text) => {
  it.each([1, 2, 3])('scoreNodes and the fused filter agree with the plugins on every node (seed %i)', (seed) => {
    const { w, pods } = randomWorld(seed, 40);
    const p = buildProfile(parseSchedulerConfig(text, 'k.yaml').profiles[0]!, w.handle, emptyObjects());
    const all = Array.from({ length: w.cluster.nodeCount }, (_, i) => i);
    const fitCheck = new JobFitCheck(w.snapshot);
    let fused = 0;
    let batched = 0;
    for (const id of pods) {
      const pod = w.pod(id);
      const state = new CycleState();
      if (p.preFilters.some((pf) => pf.preFilter(state, pod).code !== 'Success')) continue;
      const filter = fitCheck.nodeFilter(pod, p, state);
      if (filter) {
        fused++;
        for (const node of all) {
          const want = ordered(w, p, state, id, node);
          expect(filter.passes(node), `${id} on n${node}`).toBe(want.status === null);
          if (want.status === null) continue;
          expect(filter.status(node)).toEqual(want.status);
          expect(filter.failedPlugin).toBe(want.plugin);
        }
      }
      for (const { plugin } of p.scores) {
        if (!plugin.scoreNodes) continue;
        if ((plugin as { preScore?: (s: CycleState, p: unknown, n: number[]) => Status }).preScore?.(state, pod, all).code === 'Skip') continue;
        const out: number[] = new Array<number>(all.length).fill(-1);
        plugin.scoreNodes(state, pod, all, all.length, out);
        expect(out, `${plugin.name} for ${id}`).toEqual(all.map((node) => plugin.score(state, pod, node)));
        batched++;
      }
    }
    expect(fused).toBeGreaterThan(10);
    expect(batched).toBeGreaterThan(30);
  });
});

describe('scanRoomy', () => {
  it.each([1, 2, 3, 4])('visits the nodes cluster.scanFit visits, in the same order, on crowded and roomy clusters (seed %i)', (seed) => {
    const random = new Rng(seed).stream('scan');
    const nodes: NodeSpec[] = Array.from({ length: 60 }, (_, i) => ({ id: `n${i}`, capacity: { cpu: 4, memory: 1000 } }));
    const w = world(nodes, [], ['cpu', 'memory']);
    // Fill a random share of every node (up to all of it), as the index sees it.
    const fill = seed / 5;
    for (let node = 0; node < 60; node++) {
      if (random() >= fill) continue;
      const req = [Math.floor(random() * 5), Math.floor(random() * 1001)];
      if (w.cluster.tasksThatFit(node, req) > 0) w.cluster.allocate({ nodes: [node], counts: [1] }, req, 1, `x${node}`, 'test', 0);
    }
    for (const req of [[0.5, 100], [1, 500], [3, 10], [4, 1000], [0, 0]]) {
      for (const from of [0, 17, 59]) {
        for (const stopAfter of [1, 5, 1000]) {
          const viaIndex: number[] = [];
          w.cluster.scanFit(req, from, (node) => viaIndex.push(node) >= stopAfter);
          const viaScan: number[] = [];
          const stopped = scanRoomy(w.cluster, req, from, 60, (node) => viaScan.push(node) >= stopAfter);
          expect(viaScan).toEqual(viaIndex);
          expect(stopped).toBe(viaIndex.length >= stopAfter);
        }
      }
    }
  });
});
