/**
 * Snapshot fidelity: bound pods (spec.nodeName) stay on their nodes without
 * filters; nodes without a `pods` allocatable take the kubelet's 110; sidecar
 * init containers add up; ephemeral-storage is scored in bytes even when the
 * pod does not request it; a run that rejects every pod says so; a failed run
 * keeps its decision log.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { withPodLimit } from '../../../experiments/run/pod-limit.ts';
import { simulateToFiles } from '../../../experiments/run/run-files.ts';
import { frameworkFromConfig } from '../../../experiments/run/scheduler-choice.ts';
import { DEFAULT_OPTIONS, runSimulation } from '../../../experiments/run/simulate.ts';
import { createNodeResourcesFit } from '../../../schedulers/framework/plugins/node-resources-fit.ts';
import type { ClusterSpec } from '../../../sim/cluster.ts';
import { SimulationError } from '../../../sim/errors.ts';
import { JOB_STATE_NAMES } from '../../../sim/policy.ts';
import { KubernetesParser } from '../../../traces/kubernetes.ts';
import { parseTexts } from '../../../traces/parser.ts';
import { runMain } from '../../experiments/in-process.ts';
import { runKube } from './run.ts';
import { world } from './world.ts';

const read = (text: string) => parseTexts(new KubernetesParser(), [{ file: 's.yaml', table: 'objects', text }]);

describe('bound pods (spec.nodeName) stay where the cluster put them', () => {
  const nodes = [
    { id: 'n1', capacity: { cpu: 4 }, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' as const }], unschedulable: true },
    { id: 'n2', capacity: { cpu: 4 } },
  ];

  it('no filter runs: a bound pod stays on a tainted, cordoned node it does not tolerate', () => {
    const r = runKube(nodes, [{ id: 'running', request: { cpu: 1 }, constraints: { nodeName: 'n1' } }], null, { unschedulable: 'reject' });
    expect(r.state.running).toBe('finished');
    expect(r.nodes.running).toEqual(['n1']);
    expect(r.decisions[0]).toMatchObject({ decision: 'scheduled', node: 'n1', evaluated: 1, feasible: 1, filtered: {} });
  });

  it('bound pods are placed before pending ones; a more important pending pod may still preempt them', () => {
    const jobs = (priority: number) => [
      { id: 'pending', request: { cpu: 3 }, priority },
      { id: 'running', request: { cpu: 3 }, constraints: { nodeName: 'n1' } },
    ];
    const same = runKube([{ id: 'n1', capacity: { cpu: 4 } }], jobs(0));
    expect([same.start.running, same.start.pending]).toEqual([0, 100]);
    // Preemption treats a bound pod as any running pod (upstream DefaultPreemption): started and preempted in one pass.
    const higher = runKube([{ id: 'n1', capacity: { cpu: 4 } }], jobs(100));
    expect(higher.decisions.find((d) => d.pod === 'pending')).toMatchObject({ decision: 'preempting', victims: ['running'] });
    expect([higher.start.pending, higher.start.running]).toEqual([0, 100]);
  });

  it('a bound pod its node cannot hold is refused, as the kubelet would, saying why', () => {
    const r = runKube([{ id: 'n1', capacity: { cpu: 2 } }], [
      { id: 'a', request: { cpu: 1.5 }, constraints: { nodeName: 'n1' } },
      { id: 'b', request: { cpu: 1.5 }, constraints: { nodeName: 'n1' } },
    ], null, { unschedulable: 'reject' });
    expect(r.state.b).toBe('rejected');
    expect(r.result.rejectReason.get(1)).toBe('bound to node n1 (spec.nodeName), which cannot take it: Insufficient cpu');
  });
});

describe('the kubelet pod limit (110 when a node does not say)', () => {
  it('nodes without pods get 110 when some job requests pods; others keep theirs; no pod request, no change', () => {
    const spec: ClusterSpec = { nodes: [{ id: 'a', capacity: { cpu: 4 } }, { id: 'b', capacity: { cpu: 4, pods: 3 } }] };
    const pod = { id: 'p', submit: 0, tasks: 1, request: { cpu: 1, pods: 1 }, runtime: 1, estimate: 1 };
    expect(withPodLimit(spec, [pod]).nodes.map((n) => n.capacity.pods)).toEqual([110, 3]);
    expect(withPodLimit(spec, [{ ...pod, request: { cpu: 1 } }])).toBe(spec);
  });

  it('a hand-written Node without pods in allocatable runs the snapshot pods (110 at most)', () => {
    const node = 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {allocatable: {cpu: "200", memory: 512Gi}}\n';
    const pod = (i: number) => `---\napiVersion: v1\nkind: Pod\nmetadata: {name: p${i}}\nspec: {containers: [{name: c, resources: {requests: {cpu: 100m}}}]}\n`;
    const w = read(node + Array.from({ length: 111 }, (_, i) => pod(i)).join(''));
    const out = runSimulation(w, w.cluster!, { ...DEFAULT_OPTIONS, policy: frameworkFromConfig(null, '<default>') });
    const states = Array.from(out.result.state, (s) => JOB_STATE_NAMES[s]);
    expect(states.filter((s) => s === 'running')).toHaveLength(110);
    expect(out.result.rejectReason.get(110)).toMatch(/Too many pods/);
  });

  it('a simulate run that rejects every job is an error (exit 2), unless --unschedulable reject', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pods-'));
    const trace = join(dir, 'snapshot.yaml');
    writeFileSync(trace, 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\nstatus: {allocatable: {cpu: "1"}}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec: {containers: [{name: c, resources: {requests: {cpu: "2"}}}]}\n');
    const r = await runMain(['simulate', '--trace', trace, '--scheduler', 'kube', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`clusterlab: error: ${trace}: every job was rejected (1); the first, default/big: needs 1 pod(s); the empty cluster holds at most 0 (pass --unschedulable reject when rejections are expected)\n`);
    const asked = await runMain(['simulate', '--trace', trace, '--scheduler', 'kube', '--unschedulable', 'reject', '--json']);
    expect(asked.code).toBe(0);
  });
});

describe('requests as upstream computes them', () => {
  it('sidecars (init containers with restartPolicy Always) add up; a bad restartPolicy names the field', () => {
    const w = read(
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n  - {name: init, resources: {requests: {cpu: "5"}}}\n  - {name: proxy, restartPolicy: Always, resources: {requests: {cpu: "1"}}}\n  containers: [{name: c, resources: {requests: {cpu: "1"}}}]\n',
    );
    // max(init 5, app 1 + sidecar 1) = 5: the sidecar started after the init container; it still adds to the app's total.
    expect(w.jobs[0]!.request).toEqual({ cpu: 5, pods: 1 });
    expect(w.jobs[0]!.pod).toEqual({ containers: [{ request: { cpu: 1 } }], initContainers: [{ request: { cpu: 5 } }, { request: { cpu: 1 }, restartPolicy: 'Always' }] });
    expect(() => read('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers: [{name: i, restartPolicy: Never}]\n  containers: [{name: c}]\n')).toThrow(
      's.yaml:1: must be Always (a sidecar) or absent (field spec.initContainers[0].restartPolicy, value "Never")',
    );
  });

  it('ephemeral-storage is scored in bytes whether or not the pod requests it; an extended resource only when requested', () => {
    const GiB = 1024;
    const nodes = [
      { id: 'n1', capacity: { cpu: 4, memory: 8 * GiB, 'ephemeral-storage': 100 * GiB, 'example.com/foo': 4 } },
      { id: 'n2', capacity: { cpu: 4, memory: 8 * GiB, 'ephemeral-storage': 100 * GiB, 'example.com/foo': 4 } },
    ];
    const w = world(nodes, [
      { id: 'p', request: { cpu: 1, memory: GiB } },
      { id: 'disk', request: { 'ephemeral-storage': 50 * GiB, 'example.com/foo': 2 } },
    ]);
    w.run('disk', 'n1');
    const fit = createNodeResourcesFit(w.handle, { scoringStrategy: { type: 'LeastAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }, { name: 'ephemeral-storage', weight: 1 }, { name: 'example.com/foo', weight: 1 }] } });
    // n1: cpu (4000-1100)*100/4000 = 72 (the running pod has no cpu request: 100m), memory (8192 - 1024 - 200) MiB of 8192 → 85,
    // ephemeral-storage 50 of 100 GiB → 50; example.com/foo left out (p does not request it): (72 + 85 + 50) / 3 = 69.
    // n2: cpu 75, memory 87, ephemeral-storage 100 → 87.
    expect([fit.score(w.state(), w.pod('p'), w.node('n1')), fit.score(w.state(), w.pod('p'), w.node('n2'))]).toEqual([69, 87]);
  });
});

describe('a failed run keeps its decision log', () => {
  it('decisions.jsonl is written up to the failure, with a failed record; nothing else is left', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'failed-')), 'out');
    const workload = { source: { format: 'test', file: 't' }, cluster: null, dropped: {}, repaired: {}, header: {}, jobs: [{ id: 'j', submit: 0, tasks: 1, request: { cpu: 1 }, runtime: 1, estimate: 1, priority: 0, user: null, group: null, queue: null, dependencies: [], logStatus: null, logWait: null }] };
    const policy = () => ({
      name: 'broken',
      schedule(ctx: { explain(r: Record<string, unknown>): void; start(j: number, p: { nodes: number[]; counts: number[] }): void }) {
        ctx.explain({ time: 0, decision: 'scheduled', pod: 'j', node: 'n0' });
        ctx.start(0, { nodes: [0], counts: [2] });
      },
    });
    expect(() =>
      simulateToFiles(workload as never, { nodes: [{ id: 'n0', capacity: { cpu: 1 } }] }, { ...DEFAULT_OPTIONS, policy: policy as never, explainDecisions: true }, dir, {}),
    ).toThrow(SimulationError);
    expect(readdirSync(dir)).toEqual(['decisions.jsonl']);
    const lines = readFileSync(join(dir, 'decisions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({ time: 0, decision: 'scheduled', pod: 'j', node: 'n0' });
    expect(lines[1]).toMatchObject({ time: 0, decision: 'failed', source: 'broken' });
    expect(lines[1].error).toMatch(/^broken at t=0: /);
    expect(existsSync(join(dir, 'manifest.json'))).toBe(false);
  });
});
