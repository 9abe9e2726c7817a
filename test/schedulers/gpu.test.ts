import { describe, expect, it } from 'vitest';
import { Cluster } from '../../sim/cluster.ts';
import { Engine } from '../../sim/engine.ts';
import { JOB_STATE_NAMES } from '../../sim/policy.ts';
import { Rng } from '../../sim/rng.ts';
import { GpuAllocationObserver } from '../../experiments/results/gpu-allocation.ts';
import { bestFitScore } from '../../schedulers/gpu/best-fit.ts';
import { dotProductScore } from '../../schedulers/gpu/dot-product.ts';
import { fgdScore } from '../../schedulers/gpu/fgd.ts';
import { nodeFragmentation } from '../../schedulers/gpu/fragmentation.ts';
import { gpuClusteringScore } from '../../schedulers/gpu/gpu-clustering.ts';
import { gpuPackingScore } from '../../schedulers/gpu/gpu-packing.ts';
import { bestDevices } from '../../schedulers/gpu/policy.ts';
import type { NodeRes, PodRes } from '../../schedulers/gpu/resources.ts';
import { typicalPodsOf } from '../../schedulers/gpu/typical-pods.ts';
import { createScheduler } from '../../schedulers/registry.ts';
import { JobSchema } from '../../workloads/job.ts';

const pod = (milliCpu: number, milliGpu: number, gpuNumber: number, gpuType = ''): PodRes => ({ milliCpu, milliGpu, gpuNumber, gpuType });
const node = (gpuLeft: number[], milliCpuLeft = 8000, affinity: [string, number][] = [], gpuType = 'T4'): NodeRes => ({ milliCpuLeft, milliCpuCapacity: 32000, gpuLeft, gpuType, affinity: new Map(affinity) });

const share = pod(1000, 300, 1);
const one = pod(1000, 1000, 1);
const two = pod(1000, 1000, 2);
const cpuOnly = pod(1000, 0, 0);
const typical = [
  { pod: share, freq: 0.5 },
  { pod: one, freq: 0.25 },
  { pod: two, freq: 0.125 },
  { pod: cpuOnly, freq: 0.125 },
];

describe('FGD target workload (typical pods)', () => {
  it('every shape when the most popular ones reach 95 % only with all of them', () => {
    const pods = [share, share, share, one, one, cpuOnly];
    expect(typicalPodsOf(pods)).toEqual([
      { pod: share, freq: 0.5 },
      { pod: one, freq: 2 / 6 },
      { pod: cpuOnly, freq: 1 / 6 },
    ]);
  });

  it('the most popular shapes covering 95 %, renormalized; ties: the larger shape first', () => {
    const pods = [...Array(10).fill(share), ...Array(9).fill(one), cpuOnly];
    expect(typicalPodsOf(pods)).toEqual([
      { pod: share, freq: 0.5 / 0.95 },
      { pod: one, freq: 0.45 / 0.95 },
    ]);
    const tie = typicalPodsOf([one, share]);
    expect(tie.map((t) => t.pod)).toEqual([one, share]);
  });
});

describe('fragmentation measure and FGD score (hand-computed)', () => {
  const n = node([1000, 500, 200, 0]);
  it('F = Σ freq × (free GPU on devices too small when the pod fits, else all free GPU)', () => {
    // share fits: 0.5 × (200 + 0); one fits: 0.25 × (500 + 200); two does not: 0.125 × 1700; cpu-only: 0.125 × 1700
    expect(nodeFragmentation(n, typical)).toBeCloseTo(100 + 175 + 212.5 + 212.5, 9);
    expect(nodeFragmentation(node([0, 0]), typical)).toBe(0);
  });

  it('FGD: a shared GPU goes to the device whose use grows F least: int(sigmoid((F − F′)/1000) × 100)', () => {
    // device 0: F' = 100 + 350 + 175 + 175 = 800 → sigmoid(−0.1) → 47; device 1: F' = 200 + 100 + 175 + 175 = 650 → sigmoid(0.05) → 51
    const f = (x: NodeRes) => nodeFragmentation(x, typical);
    expect(fgdScore(n, share, f)).toEqual({ score: 51, device: 1 });
    // whole GPU: packed on device 0 (the only free one): F' over [0,500,200,0] = 0.5×200 + 0.25×700 + 0.125×700 ×2 = 450 → sigmoid(0.25) → 56
    expect(fgdScore(n, one, f)).toEqual({ score: 56, device: -1 });
  });
});

describe('baseline scores (hand-computed)', () => {
  const n = node([1000, 500, 200, 0]);
  it('best fit: int((1 − Σ 0.5 (free − req)/maxSpec) × 100)', () => {
    // (7000/128000 + 1400/8000) × 0.5 = 0.11484 → 88
    expect(bestFitScore(n, share)).toBe(88);
  });
  it('GPU packing: used GPUs, then free GPUs of a used node, then free nodes', () => {
    expect(gpuPackingScore(n, share)).toBe(95); // device with 500 left: 100 − 50/10
    expect(gpuPackingScore(n, one)).toBe(49); // one fully free GPU needed: 50 − 1
    expect(gpuPackingScore(node(Array(8).fill(1000)), one)).toBe(25); // 33 − 8
    expect(gpuPackingScore(node([1000, 1000]), one)).toBe(31); // 33 − 2
    expect(gpuPackingScore(n, cpuOnly)).toBe(0);
  });
  it('GPU clustering: 25 × (8000 − free)/8000 plus 75 / 50 / 25 / 0 by the classes on the node', () => {
    const shared = node([1000, 500, 200, 0], 8000, [['share-gpu', 2]]);
    expect(gpuClusteringScore(shared, share)).toBe(19 + 75);
    expect(gpuClusteringScore(shared, one)).toBe(19);
    expect(gpuClusteringScore(node([1000, 500, 200, 0], 8000, [['share-gpu', 2], ['1-gpu', 1]]), share)).toBe(19 + 50);
    expect(gpuClusteringScore(node(Array(8).fill(1000)), share)).toBe(25);
    expect(gpuClusteringScore(n, cpuOnly)).toBe(0);
  });
  it('dot product (merge, max): int(100 × (1 − (node·pod)/2))', () => {
    // (8000/128000 × 1000/128000 + 1700/8000 × 300/8000) / 2 = 0.00423 → 99
    expect(dotProductScore(n, share)).toBe(99);
    // (96000/128000 × 64000/128000 + 1000/8000 × 1000/8000) / 2 = 0.1953 → 80; not enough cpu left → 0
    expect(dotProductScore(node([1000], 96000), pod(64000, 1000, 1))).toBe(80);
    expect(dotProductScore(node([1000], 8000), pod(64000, 1000, 1))).toBe(0);
  });
  it('device selection "best": the fullest device that fits a share; whole GPUs the first free ones', () => {
    expect(bestDevices(n, share)).toEqual([1]);
    expect(bestDevices(n, one)).toEqual([0]);
    expect(bestDevices(node([1000, 0, 1000]), two)).toEqual([0, 2]);
  });
});

/** A fill-like run: pods arrive one per second and never leave. */
function fill(placement: string, seed = 1) {
  const cluster = new Cluster({
    resources: ['cpu', 'memory', 'gpu'],
    nodes: [
      { id: 'g1', capacity: { cpu: 8, memory: 65536, gpu: 2 }, labels: { 'clusterlab/gpu-model': 'T4' } },
      { id: 'g2', capacity: { cpu: 16, memory: 65536, gpu: 2 }, labels: { 'clusterlab/gpu-model': 'T4' } },
    ],
  });
  const gpus = [0.5, 1, 1, 0.7, 1, 1];
  const jobs = gpus.map((g, i) =>
    JobSchema.parse({ id: `p${i + 1}`, submit: i, tasks: 1, request: { cpu: 1, memory: 1024, gpu: g }, gpu: { count: 1, milli: g * 1000 }, runtime: null, estimate: null, kind: 'pod' }),
  );
  const observer = new GpuAllocationObserver();
  const engine = new Engine({ cluster, jobs, policy: createScheduler({ queue: 'fcfs', backfill: 'easy', placement }, { rng: new Rng(seed) }), observers: [observer], invariants: 'step' });
  const result = engine.run();
  const where = jobs.map((_, j) => {
    const p = engine.placementOf(j);
    return p ? `${cluster.nodeIds[p.nodes[0]!]}/${p.devices![0]}` : JOB_STATE_NAMES[result.state[j]!];
  });
  return { where, allocation: observer.result() };
}

describe('GPU placements in a fill-like run, and gpu_allocation_at_demand', () => {
  it('best-fit (GPU-sharing definition) by hand: g1 fills first, whole GPUs that no longer fit are rejected', () => {
    // p1 → g1 dev0 (less cpu left: fuller); p2 → g1 dev1; p3 → g2 dev0 (g1 has no free GPU); p4 (0.7) → g2 dev1;
    // p5, p6 (whole GPUs) fit nowhere and nothing will ever leave: rejected.
    const r = fill('best-fit');
    expect(r.where).toEqual(['g1/0', 'g1/1', 'g2/0', 'g2/1', 'rejected', 'rejected']);
    // demand reaches 80 % (3.2 of 4 GPUs) with p4: 3.2 allocated; 90 % and 100 % with p5 (4.2): still 3.2
    expect(r.allocation).toEqual({ '80': 80, '90': 80, '100': 80, final: 80, requested_final: 130 });
  });

  it('every GPU placement runs the same workload without impossible decisions; random is reproducible by seed', () => {
    for (const p of ['fgd', 'best-fit', 'gpu-packing', 'gpu-clustering', 'dot-product', 'random']) {
      const r = fill(p);
      expect(r.where.filter((w) => w !== 'rejected').length).toBeGreaterThanOrEqual(4);
      expect(r.allocation!.final).toBeGreaterThanOrEqual(80);
    }
    expect(fill('random', 5).where).toEqual(fill('random', 5).where);
  });
});
