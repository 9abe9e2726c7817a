/**
 * Transforms, table-driven on a five-job workload whose results are worked
 * out by hand in the comments, plus fill mode on hand-made GPU clusters.
 */
import { describe, expect, it } from 'vitest';
import { homogeneousCluster, type ClusterSpec } from '../../sim/cluster.ts';
import { Rng } from '../../sim/rng.ts';
import { runSimulation, DEFAULT_OPTIONS } from '../../experiments/run/simulate.ts';
import { JOB_STATE_NAMES } from '../../sim/policy.ts';
import type { Job } from '../../workloads/job.ts';
import type { PodResources } from '../../workloads/pod-resources.ts';
import { applyTransforms, offeredLoad, TransformListSchema, type TransformSpecInput } from '../../workloads/transforms/index.ts';
import { milliGpu } from '../../workloads/transforms/fill.ts';
import type { Workload } from '../../workloads/workload.ts';
import { chiSquareTest, draw } from './stats.ts';

function job(id: string, submit: number, tasks: number, request: Record<string, number>, runtime: number, user: string | null, queue: string | null, status: string | null, extra: Partial<Job> = {}): Job {
  return { id, submit, tasks, request, runtime, estimate: runtime, priority: 0, user, group: null, queue, dependencies: [], logStatus: status, logWait: null, ...extra };
}

// Input order A B C D E; submit order A(0) B(10) C(10) E(20) D(30).
// Work tasks·cpu·runtime: A 200, B 100, C 100, D 200, E 40 = 640 processor-seconds.
const JOBS = [
  job('A', 0, 2, { cpu: 1 }, 100, 'alice', 'batch', 'completed'),
  job('B', 10, 1, { cpu: 2 }, 50, 'bob', 'debug', 'failed'),
  job('C', 10, 4, { cpu: 1 }, 25, 'alice', 'batch', 'completed'),
  job('D', 30, 1, { cpu: 1 }, 200, null, null, 'cancelled'),
  job('E', 20, 2, { cpu: 0.5 }, 40, 'carol', 'batch', 'completed'),
];
const WORKLOAD: Workload = { jobs: JOBS, source: { format: 'test', file: 't' }, cluster: null, dropped: { size_unknown: 1 }, repaired: {}, header: { Note: 'x' } };
const CLUSTER = homogeneousCluster(4, { cpu: 1 });

function run(list: TransformSpecInput[], seed = 1, workload = WORKLOAD, cluster: ClusterSpec = CLUSTER) {
  return applyTransforms(workload, cluster, TransformListSchema.parse(list), new Rng(seed));
}
const ids = (w: Workload) => w.jobs.map((j) => j.id);

describe('deterministic transforms (hand-computed)', () => {
  it.each<[string, TransformSpecInput[], string[], Record<string, number>]>([
    ['window [10, 30)', [{ type: 'window', start: 10, end: 30 }], ['B', 'C', 'E'], { outside_time_window: 2 }],
    ['window up to 10', [{ type: 'window', end: 10 }], ['A'], { outside_time_window: 4 }],
    ['window from 20', [{ type: 'window', start: 20 }], ['D', 'E'], { outside_time_window: 3 }],
    ['jobs 1:3 (submit order)', [{ type: 'jobs', from: 1, to: 3 }], ['B', 'C'], { outside_job_range: 3 }],
    ['jobs 3:', [{ type: 'jobs', from: 3 }], ['E', 'D'], { outside_job_range: 3 }],
    ['user = alice', [{ type: 'filter', field: 'user', values: ['alice'] }], ['A', 'C'], { filtered_user: 3 }],
    ['user != alice (null user kept)', [{ type: 'filter', field: 'user', values: ['alice'], exclude: true }], ['B', 'D', 'E'], { filtered_user: 2 }],
    ['queue in batch, debug', [{ type: 'filter', field: 'queue', values: ['batch', 'debug'] }], ['A', 'B', 'C', 'E'], { filtered_queue: 1 }],
    ['status = completed', [{ type: 'filter', field: 'status', values: ['completed'] }], ['A', 'C', 'E'], { filtered_status: 2 }],
    ['kind = job', [{ type: 'filter', field: 'kind', values: ['job'] }], ['A', 'B', 'C', 'D', 'E'], {}],
    [
      'composed: batch queue, then the first two in submit order',
      [
        { type: 'filter', field: 'queue', values: ['batch'] },
        { type: 'jobs', to: 2 },
      ],
      ['A', 'C'],
      { filtered_queue: 2, outside_job_range: 1 },
    ],
  ])('%s', (_name, list, expected, dropped) => {
    const { workload, records } = run(list);
    expect(ids(workload)).toEqual(expected);
    expect(workload.dropped).toEqual({ size_unknown: 1, ...dropped });
    expect(records.map((r) => r.jobsOut)).toEqual(records.map((_, i) => (i === records.length - 1 ? expected.length : records[i]!.jobsOut)));
    // inputs untouched
    expect(WORKLOAD.jobs).toEqual(JOBS);
    expect(ids(WORKLOAD)).toEqual(['A', 'B', 'C', 'D', 'E']);
  });

  it('window with shift moves start to 0', () => {
    const { workload } = run([{ type: 'window', start: 10, shift: true }]);
    expect(workload.jobs.map((j) => [j.id, j.submit])).toEqual([
      ['B', 0],
      ['C', 0],
      ['D', 20],
      ['E', 10],
    ]);
  });

  it('scale-resources: requests times the factor, tasks rounded (at least 1)', () => {
    const { workload } = run([{ type: 'scale-resources', request: { cpu: 2, memory: 3 }, tasks: 0.5 }]);
    expect(workload.jobs.map((j) => [j.tasks, j.request])).toEqual([
      [1, { cpu: 2 }],
      [1, { cpu: 4 }], // round(0.5) = 1
      [2, { cpu: 2 }],
      [1, { cpu: 2 }],
      [1, { cpu: 1 }],
    ]);
  });

  it("scale-resources scales a pod's containers with its request", () => {
    const pod: PodResources = { containers: [{ request: { cpu: 0.5, memory: 100 } }, { request: {} }], initContainers: [{ request: { cpu: 2 } }], overhead: { cpu: 0.25 } };
    const w = { ...WORKLOAD, jobs: [job('p', 0, 1, { cpu: 2.25, memory: 100 }, 10, null, null, null, { pod })] };
    const { workload } = run([{ type: 'scale-resources', request: { cpu: 2 } }], 1, w);
    expect(workload.jobs[0]!.request).toEqual({ cpu: 4.5, memory: 100 });
    expect(workload.jobs[0]!.pod).toEqual({ containers: [{ request: { cpu: 1, memory: 100 } }, { request: {} }], initContainers: [{ request: { cpu: 4 } }], overhead: { cpu: 0.5 } });
  });

  it('scale-resources drops the gpu device shape when gpu is scaled', () => {
    const w = { ...WORKLOAD, jobs: [job('g', 0, 1, { cpu: 1, gpu: 0.5 }, 10, null, null, null, { gpu: { count: 1, milli: 500 } })] };
    const { workload, records } = run([{ type: 'scale-resources', request: { gpu: 2 } }], 1, w);
    expect(workload.jobs[0]!.request).toEqual({ cpu: 1, gpu: 1 });
    expect(workload.jobs[0]!.gpu).toBeUndefined();
    expect(records[0]!.summary).toMatch(/shape dropped on 1/);
  });

  it('offered load: 640 processor-seconds over 4 processors and a 30 s span is 16/3', () => {
    const load = offeredLoad(JOBS, CLUSTER);
    expect(load.load).toBeCloseTo(640 / (4 * 30), 12);
    expect(load).toMatchObject({ resource: 'cpu', span: 30 });
  });

  it.each([0.5, 0.85, 2, 16 / 3])('load scaling to %d: submit times s -> c·s with c = (16/3)/L, and the target is reached', (target) => {
    const { workload, records } = run([{ type: 'load', target }]);
    const c = 640 / (4 * 30) / target;
    expect(workload.jobs.map((j) => j.submit)).toEqual(JOBS.map((j) => c * j.submit));
    expect(offeredLoad(workload.jobs, CLUSTER).load).toBeCloseTo(target, 12);
    expect(workload.jobs.map((j) => j.runtime)).toEqual(JOBS.map((j) => j.runtime));
    expect(records[0]!.summary).toContain('inter-arrival times x');
  });

  it('load scaling about the first submit: a trace starting at 1000 stays starting at 1000', () => {
    const w = { ...WORKLOAD, jobs: JOBS.map((j) => ({ ...j, submit: j.submit + 1000 })) };
    const { workload } = run([{ type: 'load', target: 0.5 }], 1, w);
    expect(Math.min(...workload.jobs.map((j) => j.submit))).toBe(1000);
    expect(offeredLoad(workload.jobs, CLUSTER).load).toBeCloseTo(0.5, 12);
  });

  it('records each step in the header', () => {
    const { workload } = run([
      { type: 'window', start: 10 },
      { type: 'load', target: 1 },
    ]);
    expect(workload.header).toMatchObject({ Note: 'x', 'transform.1': 'window [10, inf): kept 4 of 5 jobs' });
    // after the window: B, C, D, E, work 100 + 100 + 200 + 40 = 440 over 4 processors and 30 − 10 s: 5.5
    expect(workload.header['transform.2']).toBe('load cpu 5.5 -> 1: inter-arrival times x 5.5');
  });
});

describe('sampling', () => {
  it('fraction: job i kept when the stream\'s i-th uniform is below p', () => {
    const u = draw(5, new Rng(8).stream('transform:sample'));
    const { workload } = run([{ type: 'sample', fraction: 0.5 }], 8);
    expect(ids(workload)).toEqual(JOBS.filter((_, i) => u[i]! < 0.5).map((j) => j.id));
  });

  it('count: exactly n jobs in input order, every pair equally likely (chi-square)', () => {
    const pairs = ['AB', 'AC', 'AD', 'AE', 'BC', 'BD', 'BE', 'CD', 'CE', 'DE'];
    const seen: string[] = [];
    for (let seed = 0; seed < 3000; seed++) {
      const { workload } = run([{ type: 'sample', count: 2 }], seed);
      seen.push(ids(workload).join(''));
    }
    const t = chiSquareTest(seen, pairs, pairs.map(() => 0.1));
    expect(t.stat).toBeLessThan(t.critical);
  });

  it('the same seed gives the same sample; streams are per transform type', () => {
    expect(ids(run([{ type: 'sample', fraction: 0.5 }], 3).workload)).toEqual(ids(run([{ type: 'sample', fraction: 0.5 }], 3).workload));
    // a window before the sample does not change the sample's draws for the jobs it sees
    const alone = run([{ type: 'sample', fraction: 0.5 }], 3).workload;
    const after = run(
      [
        { type: 'window', start: 0 },
        { type: 'sample', fraction: 0.5 },
      ],
      3,
    ).workload;
    expect(ids(after)).toEqual(ids(alone));
  });
});

describe('fill mode', () => {
  // 2 nodes of 2 GPUs: capacity 4 GPUs = 4000 milli-GPU.
  const GPU4 = homogeneousCluster(2, { cpu: 8, gpu: 2 });
  const pod = (id: string, gpu: number, extra: Partial<Job> = {}) => job(id, 100, 1, { cpu: 1, gpu }, 60, 'u', 'q', 'completed', extra);
  const pods = (list: Job[]): Workload => ({ ...WORKLOAD, jobs: list, dropped: {} });
  const total = (w: Workload) => w.jobs.reduce((s, j) => s + milliGpu(j), 0);

  it.each<[string, Job[], number, number, number]>([
    // [name, pods, multiple, pods after, milli-GPU after]
    ['two 1-GPU pods to 1.0 x 4 GPUs: two copies, exactly 4 GPUs', [pod('a', 1), pod('b', 1)], 1.0, 4, 4000],
    ['two 1-GPU pods to 1.1 x 4 GPUs (4.4): three copies, 5 GPUs', [pod('a', 1), pod('b', 1)], 1.1, 5, 5000],
    ['three half-GPU pods to 1.3 x 4 GPUs (5.2): 11 pods, 5.5 GPUs', [pod('a', 0.5), pod('b', 0.5), pod('c', 0.5)], 1.3, 11, 5500],
    ['five 1-GPU pods to 0.75 x 4 GPUs (3): two removed', [1, 2, 3, 4, 5].map((i) => pod(`p${i}`, 1)), 0.75, 3, 3000],
    ['already at the target: nothing changes', [pod('a', 1), pod('b', 1), pod('c', 2)], 1.0, 3, 4000],
  ])('%s', (_name, list, multiple, count, milli) => {
    const { workload } = run([{ type: 'fill', multiple }], 1, pods(list), GPU4);
    expect(workload.jobs).toHaveLength(count);
    expect(total(workload)).toBe(milli);
  });

  it('the target is free of floating-point noise: 0.07 x 3000 milli-GPU is 210, reached by 70 + 140', () => {
    expect(0.07 * 3000).toBeGreaterThan(210); // 210.00000000000003
    const { workload } = run([{ type: 'fill', multiple: 0.07 }], 1, pods([pod('a', 0.07), pod('b', 0.14)]), homogeneousCluster(3, { cpu: 8, gpu: 1 }));
    expect(ids(workload).sort()).toEqual(['a', 'b']);
  });

  it('keeps every pod, copies whole pods under fresh ids, and stops at the first total at or above the target', () => {
    const a = pod('a', 1, { gpu: { count: 1, milli: 1000 }, constraints: { gpuModels: ['V100'] }, labels: { app: 'x' }, dependencies: [{ job: 'z', thinkTime: 0 }], gang: { name: 'g', minMember: 2 }, logWait: 5 });
    const b = pod('b', 0.5, { gpu: { count: 1, milli: 500 } });
    const cpuOnly = pod('c', 0);
    const { workload, records } = run([{ type: 'fill', multiple: 1.3 }], 5, pods([a, b, cpuOnly]), GPU4);
    const target = 1.3 * 4000;
    const g = total(workload);
    expect(g).toBeGreaterThanOrEqual(target);
    // the copies, in the order they were drawn: replay the stream (index = floor(u · 3))
    const u = new Rng(5).stream('transform:fill');
    const originals = [a, b, cpuOnly];
    let sum = 1000 + 500 + 0;
    const drawn: string[] = [];
    const k = new Map<string, number>();
    while (sum < target) {
      const p = originals[Math.floor(u() * 3)]!;
      k.set(p.id, (k.get(p.id) ?? 0) + 1);
      drawn.push(`${p.id}#${k.get(p.id)}`);
      sum += milliGpu(p);
    }
    expect(g).toBe(sum);
    expect(g - milliGpu(originals.find((p) => p.id === drawn.at(-1)!.split('#')[0])!)).toBeLessThan(target);
    expect(ids(workload).sort()).toEqual(['a', 'b', 'c', ...drawn].sort());
    // copies: everything but id, dependencies, gang, logStatus and logWait
    const copyOfA = workload.jobs.find((j) => j.id === 'a#1')!;
    expect(copyOfA).toBeDefined(); // seed 5 draws pod a
    const { id: _i, dependencies: _d, gang: _g, logStatus: _s, logWait: _w, submit: _t, ...rest } = copyOfA;
    const { id: _i2, dependencies: _d2, gang: _g2, logStatus: _s2, logWait: _w2, submit: _t2, ...orig } = workload.jobs.find((j) => j.id === 'a')!;
    expect(rest).toEqual(orig);
    expect(copyOfA).toMatchObject({ dependencies: [], logStatus: null, logWait: null });
    expect(copyOfA.gang).toBeUndefined();
    expect(workload.jobs.find((j) => j.id === 'a')!.gang).toEqual({ name: 'g', minMember: 2 });
    // submitted one after another, never leaving
    expect(workload.jobs.map((j) => j.submit)).toEqual(workload.jobs.map((_, i) => i));
    expect(workload.jobs.every((j) => j.runtime === Infinity && j.estimate === Infinity)).toBe(true);
    expect(records[0]!.summary).toMatch(/^fill x1\.3 of 4 GPUs \(target 5\.2\): 3 pods requesting 1\.5 GPUs, \d+ copies added, 0 removed, \d+ pods requesting [\d.]+ GPUs$/);
  });

  it('removal: the total stays at or above the target, and one kept pod would take it below', () => {
    const list = [pod('a', 2), pod('b', 1), pod('c', 0.5), pod('d', 0), pod('e', 1.5), pod('f', 1)];
    for (let seed = 0; seed < 20; seed++) {
      const { workload } = run([{ type: 'fill', multiple: 0.6 }], seed, pods(list), GPU4); // target 2.4 GPUs of 6
      const g = total(workload);
      expect(g).toBeGreaterThanOrEqual(2400);
      expect(workload.jobs.some((j) => g - milliGpu(j) < 2400)).toBe(true);
      expect(workload.dropped['fill_removed']).toBe(list.length - workload.jobs.length);
    }
  });

  it('the seed shuffles the order; the same seed gives the same workload', () => {
    const list = [1, 2, 3, 4, 5, 6].map((i) => pod(`p${i}`, 0.5));
    const a = run([{ type: 'fill', multiple: 2 }], 1, pods(list), GPU4).workload;
    expect(run([{ type: 'fill', multiple: 2 }], 1, pods(list), GPU4).workload).toEqual(a);
    expect(ids(run([{ type: 'fill', multiple: 2 }], 2, pods(list), GPU4).workload)).not.toEqual(ids(a));
  });

  it('errors: a cluster without GPUs, or no pod asking for one', () => {
    expect(() => run([{ type: 'fill', multiple: 1 }], 1, pods([pod('a', 1)]), CLUSTER)).toThrow(/no GPU capacity/);
    expect(() => run([{ type: 'fill', multiple: 1 }], 1, pods([pod('a', 0)]), GPU4)).toThrow(/no pod of the workload requests a GPU/);
  });

  it('simulates: pods placed one after another and none leaves', () => {
    const { workload } = run([{ type: 'fill', multiple: 1 }], 3, pods([pod('a', 1), pod('b', 1)]), GPU4);
    const out = runSimulation(workload, GPU4, { ...DEFAULT_OPTIONS, backfill: 'none' });
    const states = Array.from(out.result.state, (s) => JOB_STATE_NAMES[s]);
    expect(states).toEqual(['running', 'running', 'running', 'running']);
    expect(Array.from(out.result.start)).toEqual([0, 1, 2, 3]);
  });
});

describe('transform list schema', () => {
  it.each([
    [[{ type: 'window', start: 10, end: 5 }], '0.end'],
    [[{ type: 'sample', fraction: 0 }], '0.fraction'],
    [[{ type: 'sample' }], '0.fraction'],
    [[{ type: 'filter', field: 'colour', values: ['x'] }], '0.field'],
    [[{ type: 'fill', multiple: -1 }], '0.multiple'],
    [[{ type: 'load', target: 0.8, resourse: 'cpu' }], '0'],
    [[{ type: 'shuffle' }], '0.type'],
  ])('%j is rejected at %s', (list, path) => {
    const r = TransformListSchema.safeParse(list);
    expect(r.success).toBe(false);
    expect(r.error!.issues[0]!.path.join('.')).toBe(path);
  });
});
