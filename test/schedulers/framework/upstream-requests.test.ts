/**
 * Upstream's own table tests of the request helpers and the resource scoring
 * plugins, transcribed (inputs and expected values as upstream has them; the
 * file and test case are named in each case). Upstream units: cpu in cores
 * ("4000" is 4000 cores, as in upstream's st.MakeNode().Capacity) or
 * millicores where the upstream test writes `1000m`, memory in bytes; here
 * memory goes into canonical MiB (bytes / 2^20, exact) and back.
 * A pod is its containers: `st.MakePod().Obj()` has none (no non-zero
 * defaults apply), `.Container("c")` one without requests, `.Req(r)` one
 * per call.
 */
import { describe, expect, it } from 'vitest';
import { createBalancedAllocation } from '../../../schedulers/framework/plugins/balanced-allocation.ts';
import { createNodeResourcesFit } from '../../../schedulers/framework/plugins/node-resources-fit.ts';
import { podInfoOf } from '../../../schedulers/framework/pod.ts';
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST } from '../../../schedulers/framework/units.ts';
import type { JobInput } from '../../../workloads/job.ts';
import { podRequests, type PodResources } from '../../../workloads/pod-resources.ts';
import { world } from './world.ts';

const MIB = 2 ** 20;
const Mi = MIB;
const Gi = 1024 * MIB;
const NON_MISSING = { cpu: DEFAULT_MILLI_CPU_REQUEST, memory: DEFAULT_MEMORY_REQUEST };

/** A pod of containers with upstream quantities (cpu cores, memory bytes, others as they are) as a canonical job. */
function pod(id: string, containers: Record<string, number>[], node?: string): Partial<JobInput> & { id: string } {
  const canonical = (c: Record<string, number>) => Object.fromEntries(Object.entries(c).map(([r, x]) => [r, r === 'memory' ? x / MIB : x]));
  const spec: PodResources = { containers: containers.map((c) => ({ request: canonical(c) })) };
  return { id, request: podRequests(spec), ...(containers.length === 1 ? {} : { pod: spec }), ...(node ? { constraints: { nodeName: node } } : {}) };
}

const node = (id: string, cpu: number, memory: number, extra: Record<string, number> = {}) => ({ id, capacity: { cpu, memory: memory / MIB, ...extra } });

describe('PodRequests (k8s.io/component-helpers/resource/helpers_test.go)', () => {
  const c = (cpu: number, memory?: number): { request: Record<string, number> } => ({ request: memory === undefined ? { cpu } : { cpu, memory } });
  const sidecar = (cpu: number) => ({ request: { cpu }, restartPolicy: 'Always' as const });
  it.each<[string, PodResources, Record<string, number>]>([
    // TestPodRequestsAndLimits
    ['TestPodRequestsAndLimits "just-overhead"', { containers: [{ request: {} }], overhead: { cpu: 5, memory: 5 } }, { cpu: 5, memory: 5 }],
    ['TestPodRequestsAndLimits "req-and-overhead"', { containers: [c(1, 10)], overhead: { cpu: 5, memory: 5 } }, { cpu: 6, memory: 15 }],
    // TestPodResourceRequests
    ['TestPodResourceRequests "nil options, larger init container"', { containers: [c(1)], initContainers: [c(4)] }, { cpu: 4 }],
    ['TestPodResourceRequests "nil options, larger containers"', { containers: [c(2), c(3)], initContainers: [c(2)] }, { cpu: 5 }],
    ['TestPodResourceRequests "pod overhead included"', { containers: [c(2), c(3)], initContainers: [c(2)], overhead: { cpu: 1, memory: Gi } }, { cpu: 6, memory: Gi }],
    ['TestPodResourceRequests "restartable init container"', { containers: [c(1)], initContainers: [sidecar(1)] }, { cpu: 2 }],
    ['TestPodResourceRequests "multiple restartable init containers"', { containers: [c(1)], initContainers: [c(5), sidecar(1), sidecar(2), sidecar(3)] }, { cpu: 7 }],
    ['TestPodResourceRequests "multiple restartable and regular init containers"', { containers: [c(1)], initContainers: [c(5), sidecar(1), sidecar(2), c(5), sidecar(3)] }, { cpu: 8 }],
    ['TestPodResourceRequests "restartable-init, init and regular"', { containers: [c(100)], initContainers: [sidecar(10), c(200)] }, { cpu: 210 }],
  ])('%s', (_name, spec, expected) => {
    expect(podRequests(spec)).toEqual(expected);
  });
});

describe('non-zero requests (noderesources/resource_allocation_test.go TestResourceAllocationScorerCalculateRequests)', () => {
  // Upstream integer units: millicores and bytes.
  const req = (cpu: number, memory: number) => ({ request: { cpu, memory } });
  it.each<[string, PodResources, { cpu: number; memory: number }]>([
    ['overhead only', { containers: [], overhead: { cpu: 1000, memory: Mi } }, { cpu: 1000, memory: Mi }],
    ['1x requestless container', { containers: [{ request: {} }] }, { cpu: DEFAULT_MILLI_CPU_REQUEST, memory: DEFAULT_MEMORY_REQUEST }],
    ['2x requestless container', { containers: [{ request: {} }, { request: {} }] }, { cpu: 2 * DEFAULT_MILLI_CPU_REQUEST, memory: 2 * DEFAULT_MEMORY_REQUEST }],
    ['request container + requestless container', { containers: [req(1000, Mi), { request: {} }] }, { cpu: 1000 + DEFAULT_MILLI_CPU_REQUEST, memory: Mi + DEFAULT_MEMORY_REQUEST }],
    ['container + requestless container + overhead', { containers: [req(1000, Mi), { request: {} }], overhead: { cpu: 1000, memory: Mi } }, { cpu: 2000 + DEFAULT_MILLI_CPU_REQUEST, memory: 2 * Mi + DEFAULT_MEMORY_REQUEST }],
    ['init container + container + requestless container + overhead', { containers: [req(1000, Mi), { request: {} }], initContainers: [{ request: { cpu: 3000 } }], overhead: { cpu: 1000, memory: Mi } }, { cpu: 4000, memory: 2 * Mi + DEFAULT_MEMORY_REQUEST }],
    ['requestless init container + small init container + small container', { containers: [req(3, 3)], initContainers: [{ request: {} }, req(1, 1)] }, { cpu: DEFAULT_MILLI_CPU_REQUEST, memory: DEFAULT_MEMORY_REQUEST }],
    ['requestless init container + small init container + small container + requestless container', { containers: [req(3, 3), { request: {} }], initContainers: [{ request: {} }, req(1, 1)] }, { cpu: 3 + DEFAULT_MILLI_CPU_REQUEST, memory: 3 + DEFAULT_MEMORY_REQUEST }],
  ])('%s', (_name, spec, expected) => {
    const got = podRequests(spec, NON_MISSING);
    expect({ cpu: got.cpu, memory: got.memory }).toEqual(expected);
  });

  it('the framework computes them per container from job.pod: {cpu: 250m} and {} score as 350m and 400 MiB', () => {
    const w = world([node('n', 4, 8 * Gi)], [{ id: 'p', request: { cpu: 0.25 }, pod: { containers: [{ request: { cpu: 0.25 } }, { request: {} }] } }]);
    const p = podInfoOf(0, w.jobs);
    expect([p.nonZeroMilliCpu, p.nonZeroMemory]).toEqual([350, 400 * MIB]);
  });

  it('a job whose containers do not add up to its request is an error naming it', () => {
    const w = world([node('n', 4, 8 * Gi)], [{ id: 'p', request: { cpu: 2 }, pod: { containers: [{ request: { cpu: 0.25 } }, { request: {} }] } }]);
    expect(() => podInfoOf(0, w.jobs)).toThrow('job "p": pod containers request 250 millicores of cpu in all, but request.cpu is 2000');
  });
});

describe('NodeResourcesFit LeastAllocated (noderesources/least_allocated_test.go TestLeastAllocatedScoringStrategy)', () => {
  const twoContainers = () => pod('req', [{ cpu: 1000, memory: 2000 }, { cpu: 2000, memory: 3000 }]);
  const cases: { name: string; nodes: ReturnType<typeof node>[]; requested: ReturnType<typeof pod>; existing: ReturnType<typeof pod>[]; expected: [number, number] }[] = [
    { name: 'nothing scheduled, nothing requested', nodes: [node('node1', 4000, 10000), node('node2', 4000, 10000)], requested: pod('req', []), existing: [], expected: [100, 100] },
    { name: 'nothing scheduled, resources requested, differently sized nodes', nodes: [node('node1', 4000, 10000), node('node2', 6000, 10000)], requested: twoContainers(), existing: [], expected: [37, 50] },
    {
      name: 'no resources requested, pods scheduled',
      nodes: [node('node1', 4000, 10000), node('node2', 4000, 10000)],
      requested: pod('req', []),
      existing: [pod('e1', [], 'node1'), pod('e2', [], 'node1'), pod('e3', [], 'node2'), pod('e4', [], 'node2')],
      expected: [100, 100],
    },
    {
      name: 'no resources requested, pods scheduled with resources',
      nodes: [node('node1', 10000, 20000), node('node2', 10000, 20000)],
      requested: pod('req', []),
      existing: [pod('e1', [{ cpu: 3000, memory: 0 }], 'node1'), pod('e2', [{ cpu: 3000, memory: 0 }], 'node1'), pod('e3', [{ cpu: 3000, memory: 0 }], 'node2'), pod('e4', [{ cpu: 3000, memory: 5000 }], 'node2')],
      expected: [70, 57],
    },
    {
      name: 'resources requested, pods scheduled with resources',
      nodes: [node('node1', 10000, 20000), node('node2', 10000, 20000)],
      requested: twoContainers(),
      existing: [pod('e1', [{ cpu: 3000, memory: 0 }], 'node1'), pod('e2', [{ cpu: 3000, memory: 5000 }], 'node2')],
      expected: [57, 45],
    },
    {
      name: 'requested resources exceed node capacity',
      nodes: [node('node1', 4000, 10000), node('node2', 4000, 10000)],
      requested: pod('req', [{ cpu: 3000, memory: 0 }]),
      existing: [pod('e1', [{ cpu: 3000, memory: 0 }], 'node1'), pod('e2', [{ cpu: 3000, memory: 5000 }], 'node2')],
      expected: [50, 25],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const w = world(c.nodes, [c.requested, ...c.existing]);
      for (const e of c.existing) w.run(e.id, e.constraints!.nodeName!);
      const fit = createNodeResourcesFit(w.handle);
      expect([fit.score(w.state(), w.pod('req'), w.node('node1')), fit.score(w.state(), w.pod('req'), w.node('node2'))]).toEqual(c.expected);
    });
  }
});

describe('NodeResourcesFit MostAllocated (noderesources/most_allocated_test.go TestMostAllocatedScoringStrategy)', () => {
  const MOST = { scoringStrategy: { type: 'MostAllocated' } };
  it.each<[string, ReturnType<typeof node>[], ReturnType<typeof pod>, ReturnType<typeof pod>[], [number, number]]>([
    ['nothing scheduled, resources requested, differently sized nodes', [node('node1', 4000, 10000), node('node2', 6000, 10000)], pod('req', [{ cpu: 1000, memory: 2000 }, { cpu: 2000, memory: 3000 }]), [], [62, 50]],
    [
      'no resources requested, pods scheduled with resources',
      [node('node1', 10000, 20000), node('node2', 10000, 20000)],
      pod('req', []),
      [pod('e1', [{ cpu: 3000, memory: 0 }], 'node1'), pod('e2', [{ cpu: 3000, memory: 0 }], 'node1'), pod('e3', [{ cpu: 3000, memory: 0 }], 'node2'), pod('e4', [{ cpu: 3000, memory: 5000 }], 'node2')],
      [30, 42],
    ],
    ['resources requested equal node capacity', [node('node1', 5000, 10000), node('node2', 10000, 9000)], pod('req', [{ cpu: 2000, memory: 4000 }, { cpu: 3000, memory: 5000 }]), [], [95, 75]],
    // .Container("container"): one container without requests → 100m and 200 MiB each.
    ['no resources requested, pods scheduled, nonzero request for resource', [node('node1', 0.25, 1000 * Mi), node('node2', 0.25, 1000 * Mi)], pod('req', [{}]), [pod('e1', [{}], 'node1'), pod('e2', [{}], 'node1')], [80, 30]],
  ])('%s', (_name, nodes, requested, existing, expected) => {
    const w = world(nodes, [requested, ...existing]);
    for (const e of existing) w.run(e.id, e.constraints!.nodeName!);
    const fit = createNodeResourcesFit(w.handle, MOST);
    expect([fit.score(w.state(), w.pod('req'), w.node('node1')), fit.score(w.state(), w.pod('req'), w.node('node2'))]).toEqual(expected);
  });
});

describe('NodeResourcesBalancedAllocation (noderesources/balanced_allocation_test.go TestNodeResourcesBalancedAllocation)', () => {
  // Millicores in these cases (upstream's makeNode and `1000m`): canonical cores = milli / 1000.
  const m = (milli: number) => milli / 1000;
  const cpuAndMemory = (id: string, at?: string) => pod(id, [{ cpu: m(1000), memory: 2000 }, { cpu: m(2000), memory: 3000 }], at);
  const cpuOnly = (id: string, at?: string) => pod(id, [{ cpu: m(1000), memory: 0 }, { cpu: m(2000), memory: 0 }], at);
  const cpuAndMemoryAndGPU = (id: string, at: string) => pod(id, [{ cpu: m(1000), memory: 2000 }, { cpu: m(2000), memory: 3000, gpu: 3 }], at);
  const GPU_ARGS = { resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }, { name: 'nvidia.com/gpu', weight: 1 }] };

  it('nothing scheduled, nothing requested, skip in PreScore', () => {
    const w = world([node('node1', m(4000), 10000), node('node2', m(4000), 10000)], [pod('req', [])]);
    expect(createBalancedAllocation(w.handle).preScore(w.state(), w.pod('req'), [0, 1]).code).toBe('Skip');
  });

  it.each<[string, ReturnType<typeof node>[], ReturnType<typeof pod>, ReturnType<typeof pod>[], Record<string, unknown>, [number, number]]>([
    ['nothing scheduled, resources requested, differently sized nodes', [node('node1', m(4000), 10000), node('node2', m(6000), 10000)], cpuAndMemory('req'), [], {}, [87, 100]],
    ['resources requested, pods scheduled with resources', [node('node1', m(10000), 20000), node('node2', m(10000), 20000)], cpuAndMemory('req'), [cpuOnly('e1', 'node1'), cpuAndMemory('e2', 'node2')], {}, [82, 95]],
    ['resources requested, pods scheduled with resources, differently sized nodes', [node('node1', m(10000), 20000), node('node2', m(10000), 50000)], cpuAndMemory('req'), [cpuOnly('e1', 'node1'), cpuAndMemory('e2', 'node2')], {}, [82, 80]],
    ['requested resources at node capacity', [node('node1', m(6000), 10000), node('node2', m(6000), 10000)], cpuOnly('req'), [cpuOnly('e1', 'node1'), cpuAndMemory('e2', 'node2')], {}, [50, 75]],
    [
      'include scalar resource on a node for balanced resource allocation',
      [node('node1', m(3500), 40000, { gpu: 8 }), node('node2', m(3500), 40000, { gpu: 8 })],
      pod('req', [{ memory: 0, gpu: 1 }]),
      [cpuAndMemory('e1', 'node2'), cpuAndMemoryAndGPU('e2', 'node1')],
      GPU_ARGS,
      [70, 65],
    ],
    ['node without the scalar resource should skip the scalar resource', [node('node1', m(3500), 40000, { gpu: 8 }), node('node2', m(3500), 40000)], cpuAndMemory('req'), [], GPU_ARGS, [63, 63]],
  ])('%s', (_name, nodes, requested, existing, args, expected) => {
    const w = world(nodes, [requested, ...existing]);
    for (const e of existing) w.run(e.id, e.constraints!.nodeName!);
    const ba = createBalancedAllocation(w.handle, args);
    const st = w.state();
    expect(ba.preScore(st, w.pod('req'), [0, 1]).code).toBe('Success');
    expect([ba.score(st, w.pod('req'), w.node('node1')), ba.score(st, w.pod('req'), w.node('node2'))]).toEqual(expected);
  });
});
