import { describe, expect, it } from 'vitest';
import { parseSchedulerConfig } from '../../../schedulers/framework/config.ts';
import { numFeasibleNodesToFind } from '../../../schedulers/framework/scheduler.ts';
import { runKube } from './run.ts';

const n = (id: string, cpu: number, extra: Record<string, unknown> = {}) => ({ id, capacity: { cpu, memory: 16384 }, ...extra });

describe('framework: the scheduling cycle', () => {
  it('numFeasibleNodesToFind: adaptive percentage (50 − n/125, at least 5 %), at least 100 nodes', () => {
    expect(numFeasibleNodesToFind(50, 0)).toBe(50);
    expect(numFeasibleNodesToFind(150, 0)).toBe(100); // 49 % of 150 = 73 < 100
    expect(numFeasibleNodesToFind(1000, 0)).toBe(420); // 42 %
    expect(numFeasibleNodesToFind(5000, 0)).toBe(500); // 10 %
    expect(numFeasibleNodesToFind(50000, 0)).toBe(2500); // 5 %
    expect(numFeasibleNodesToFind(5000, 30)).toBe(1500);
    expect(numFeasibleNodesToFind(5000, 100)).toBe(5000);
  });

  it('places on the best total score (LeastAllocated spreads), binds a job of several pods all or nothing', () => {
    const r = runKube([n('a', 4), n('b', 8), n('c', 2)], [
      { id: 'p', request: { cpu: 1 } },
      { id: 'pair', tasks: 2, request: { cpu: 3 }, submit: 1 },
      { id: 'wide', tasks: 3, request: { cpu: 3 }, submit: 2, runtime: 10, estimate: 10 },
    ]);
    expect(r.nodes.p).toEqual(['b']);
    // pair: first pod on b (7 free of 8) over a (4 of 4); second on a
    expect(r.nodes.pair).toEqual(['b', 'a']);
    // wide needs 3 × 3 cpu: only when p and pair have ended (t = 101). It failed at t = 2 and, its second attempt,
    // at t = 100 when p ended: upstream's back-off (1 s, then 2 s) keeps it in the backoff queue until t = 102.
    expect(r.start.wide).toBe(102);
  });

  it('ties between equal nodes are broken by the seeded stream: same seed, same node; another seed may differ', () => {
    const nodes = Array.from({ length: 20 }, (_, i) => n(`n${i}`, 4));
    const jobs = [{ id: 'x', request: { cpu: 1 } }];
    const picks = new Set<string>();
    for (let seed = 1; seed <= 8; seed++) {
      const a = runKube(nodes, jobs, null, { seed }).nodes.x![0]!;
      expect(runKube(nodes, jobs, null, { seed }).nodes.x![0]).toBe(a);
      picks.add(a);
    }
    expect(picks.size).toBeGreaterThan(1);
  });

  it('explains: filter failures aggregated per plugin and reason, scores per plugin (raw, normalized, weight), upstream message', () => {
    const r = runKube(
      [n('a', 1), n('b', 4, { taints: [{ key: 'gpu', value: 'yes', effect: 'NoSchedule' }] }), n('c', 4), n('d', 4)],
      [
        { id: 'p', request: { cpu: 2 } },
        { id: 'p2', request: { cpu: 2 } },
        { id: 'q', request: { cpu: 3 }, submit: 1 },
        { id: 'never', request: { cpu: 8 }, submit: 1 },
      ],
    );
    const p = r.decisions.find((d) => d.pod === 'p')!;
    expect(p.decision).toBe('scheduled');
    expect(p.filtered).toEqual({ NodeResourcesFit: { 'Insufficient cpu': 1 }, TaintToleration: { 'node(s) had untolerated taint {gpu: yes}': 1 } });
    expect(p.feasible).toBe(2);
    const scores = p.scores as { node: string; plugins: Record<string, { raw: number; normalized: number; weight: number; weighted: number }>; total: number }[];
    expect(scores).toHaveLength(2);
    const fit = scores[0]!.plugins.NodeResourcesFit!;
    // 2 of 4 cpu: cpu 50, memory (16384 − 200 MiB default? no: the pod requests no memory → 200 MiB non-zero) → 98 → (50 + 98) / 2 = 74
    expect(fit).toEqual({ raw: 74, normalized: 74, weight: 1, weighted: 74 });
    expect(scores[0]!.plugins.TaintToleration).toEqual({ raw: 0, normalized: 100, weight: 3, weighted: 300 });
    expect(scores[0]!.total).toBe(Object.values(scores[0]!.plugins).reduce((s, x) => s + x.weighted, 0));
    const q = r.decisions.find((d) => d.pod === 'q')!;
    expect(q.decision).toBe('unschedulable');
    expect(q.message).toBe('0/4 nodes are available: 1 node(s) had untolerated taint {gpu: yes}, 3 Insufficient cpu.');
    expect(r.start.q).toBe(100);
    // `never` can never fit (the empty cluster holds no 8-cpu pod): rejected at submission with its reason
    expect(r.state.never).toBe('rejected');
    expect(r.decisions.find((d) => d.pod === 'never')).toMatchObject({ decision: 'rejected', reason: 'needs 1 pod(s); the empty cluster holds at most 0' });
  });
});

describe('framework: priorities and preemption', () => {
  const nodes = [n('n1', 4), n('n2', 4)];
  const jobs = [
    { id: 'low1', priority: 1, request: { cpu: 2 }, constraints: { nodeName: 'n1' } },
    { id: 'mid', priority: 3, request: { cpu: 3 }, constraints: { nodeName: 'n2' }, labels: { app: 'mid' } },
    { id: 'low2', priority: 5, submit: 5, request: { cpu: 2 }, constraints: { nodeName: 'n1' } },
    { id: 'high', priority: 10, submit: 10, request: { cpu: 3 } },
  ];

  it('preempts the node whose most important victim is least important (n2: mid, priority 3, over n1: low1 and low2)', () => {
    const r = runKube(nodes, jobs);
    expect(r.nodes.high).toEqual(['n2']);
    expect(r.start.high).toBe(10);
    expect(r.result.attempts[r.result.jobs.ids.indexOf('mid')]).toBe(2);
    expect(r.start.mid).toBe(110); // back on n2 when high ends
    const d = r.decisions.find((x) => x.pod === 'high' && x.decision === 'preempting')!;
    expect(d.victims).toEqual(['mid']);
    expect(d.nominated_node).toBe('n2');
  });

  it('a PodDisruptionBudget protecting mid moves the preemption to n1 (both low pods, no violation)', () => {
    const config = `
kind: PodDisruptionBudget
apiVersion: policy/v1
metadata: {name: keep-mid}
spec: {minAvailable: 1, selector: {matchLabels: {app: mid}}}
`;
    const r = runKube(nodes, jobs, config);
    expect(r.nodes.high).toEqual(['n1']);
    const d = r.decisions.find((x) => x.pod === 'high' && x.decision === 'preempting')!;
    expect([...(d.victims as string[])].sort()).toEqual(['low1', 'low2']);
  });

  it('PDB budgets count the matching pods that exist now, not those yet to arrive or already gone', () => {
    // maxUnavailable 1 over app=mid. At t=10 only `mid` exists (running): expected 1, desired 0, 1 disruption
    // allowed, so evicting mid violates nothing and high preempts it on n2 as without a budget. Counting the whole
    // trace (mid-done ended at 5, mid-later arrives at 1000) gave expected 3, desired 2: a violation, and n1.
    const config = `
kind: PodDisruptionBudget
apiVersion: policy/v1
metadata: {name: mid-budget}
spec: {maxUnavailable: 1, selector: {matchLabels: {app: mid}}}
`;
    const withArrivals = [
      ...jobs,
      { id: 'mid-done', priority: 3, request: { cpu: 1 }, runtime: 5, estimate: 5, constraints: { nodeName: 'n2' }, labels: { app: 'mid' } },
      { id: 'mid-later', priority: 3, submit: 1000, request: { cpu: 1 }, labels: { app: 'mid' } },
    ];
    const r = runKube(nodes, withArrivals, config);
    expect(r.nodes.high).toEqual(['n2']);
    const d = r.decisions.find((x) => x.pod === 'high' && x.decision === 'preempting')!;
    expect(d).toMatchObject({ victims: ['mid'], pdb_violations: 0 });
  });

  it('minimal victims: only what is needed is preempted (reprieve)', () => {
    const r = runKube([n('n1', 4)], [
      { id: 'v1', priority: 1, request: { cpu: 1 } },
      { id: 'v2', priority: 2, request: { cpu: 1 } },
      { id: 'v3', priority: 3, request: { cpu: 2 } },
      { id: 'hi', priority: 9, submit: 1, request: { cpu: 2 } },
    ]);
    // removing v1 and v2 frees exactly 2 cpu; v3 (most important) is reprieved first, then v2 cannot be
    const d = r.decisions.find((x) => x.pod === 'hi' && x.decision === 'preempting')!;
    expect([...(d.victims as string[])].sort()).toEqual(['v1', 'v2']);
  });

  it('PriorityClass objects set priorities; preemptionPolicy Never does not preempt', () => {
    const config = `
kind: PriorityClass
metadata: {name: critical}
value: 1000
---
kind: PriorityClass
metadata: {name: polite}
value: 1000
preemptionPolicy: Never
`;
    const r = runKube([n('n1', 2)], [
      { id: 'bg', request: { cpu: 2 } },
      { id: 'crit', submit: 1, priorityClass: 'critical', request: { cpu: 2 } },
      { id: 'nice', submit: 1, priorityClass: 'polite', request: { cpu: 2 }, runtime: 5, estimate: 5 },
    ], config);
    expect(r.start.crit).toBe(1);
    expect(r.start.nice).toBeGreaterThan(1);
  });
});

describe('framework: gangs, quotas, fair share', () => {
  it('a gang starts all together once minMember members fit, and is rejected after its timeout otherwise', () => {
    const gang = (name: string, minMember: number, timeout?: number) => ({ name, minMember, ...(timeout ? { timeout } : {}) });
    const r = runKube([n('a', 4), n('b', 4)], [
      { id: 'blocker', request: { cpu: 3 }, constraints: { nodeName: 'a' }, runtime: 50, estimate: 50 },
      { id: 'g1', request: { cpu: 2 }, gang: gang('train', 3) },
      { id: 'g2', request: { cpu: 2 }, gang: gang('train', 3) },
      { id: 'g3', request: { cpu: 2 }, gang: gang('train', 3), submit: 5 },
      { id: 'lonely', request: { cpu: 1 }, gang: gang('solo', 2, 30) },
    ]);
    // 3 × 2 cpu fit only when blocker leaves a (t = 50); never partially
    expect([r.start.g1, r.start.g2, r.start.g3]).toEqual([50, 50, 50]);
    expect(r.state.lonely).toBe('rejected');
    expect(r.result.rejectReason.get(r.result.jobs.ids.indexOf('lonely'))).toMatch(/gang solo did not reach minMember 2/);
    // The rejection is in the decision log with its reason, like every reject.
    expect(r.decisions.find((d) => d.pod === 'lonely' && d.decision === 'rejected')).toMatchObject({ time: 30, gang: 'solo', reason: 'gang solo did not reach minMember 2 within its timeout (30 s)' });
  });

  it('ResourceQuota: a namespace over quota waits; a pod larger than its quota is rejected', () => {
    const config = `
kind: ResourceQuota
metadata: {name: team-a-quota, namespace: team-a}
spec: {hard: {requests.cpu: "3", pods: "10"}}
`;
    const r = runKube([n('a', 16)], [
      { id: 'a1', tenant: 'team-a', request: { cpu: 2 } },
      { id: 'a2', tenant: 'team-a', request: { cpu: 2 }, submit: 1 },
      { id: 'b1', tenant: 'team-b', request: { cpu: 8 }, submit: 1 },
      { id: 'a3', tenant: 'team-a', request: { cpu: 4 }, submit: 2 },
    ], config);
    expect(r.start.a1).toBe(0);
    expect(r.start.b1).toBe(1);
    expect(r.start.a2).toBe(100); // waits for a1: 2 + 2 > 3
    expect(r.state.a3).toBe('rejected');
    const d = r.decisions.find((x) => x.pod === 'a2' && x.decision === 'unschedulable')!;
    expect(d.message).toContain('exceeded quota: team-a-quota, requested: cpu=2, used: cpu=2, limited: cpu=3');
  });

  it('DominantResourceFairness queue sort alternates tenants by dominant share', () => {
    const config = `
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles:
- plugins:
    queueSort:
      enabled: [{name: DominantResourceFairness}]
      disabled: [{name: PrioritySort}]
`;
    const jobs = [
      ...[1, 2, 3].map((i) => ({ id: `a${i}`, tenant: 'a', request: { cpu: 1 } })),
      ...[1, 2, 3].map((i) => ({ id: `b${i}`, tenant: 'b', request: { cpu: 2 } })),
    ];
    const r = runKube([n('x', 6)], jobs, config);
    // progressive filling: a1 (a 1/6), b1 (b 2/6), a2 (a 2/6 ≤ b), a3? a has 2/6 = b's 2/6 → priority order (submit, index): a3 ... 
    // shares after a1, b1: a = 1/6 < b = 2/6 → a2; then a = 2/6 = b: tie → a3 (earlier index); then a 3/6: b2 needs 2, 1 cpu left: no
    const started = Object.entries(r.start).filter(([, t]) => t === 0).map(([id]) => id).sort();
    expect(started).toEqual(['a1', 'a2', 'a3', 'b1']);
  });

  it('fill mode: with no running job that will ever end, a pod that does not fit is rejected, not left queued', () => {
    const jobs = [1, 2, 3, 4].map((i) => ({ id: `p${i}`, submit: i, request: { cpu: 3 }, runtime: Infinity, estimate: Infinity }));
    const r = runKube([n('a', 4), n('b', 4)], jobs, null, { unschedulable: 'auto' });
    expect([r.state.p1, r.state.p2, r.state.p3, r.state.p4]).toEqual(['running', 'running', 'rejected', 'rejected']);
  });
});

const V1_CONFIG = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';
/** A profile's body that scores by NodeResourcesFit MostAllocated alone (bin packing); indented as a list item's fields. */
const MOST_ALLOCATED_PROFILE = `plugins:
    score:
      disabled: [{name: '*'}]
      enabled: [{name: NodeResourcesFit, weight: 1}]
  pluginConfig:
  - name: NodeResourcesFit
    args: {scoringStrategy: {type: MostAllocated}}
`;

describe('KubeSchedulerConfiguration', () => {
  it('reads profiles, plugin sets with weights, pluginConfig, percentageOfNodesToScore', () => {
    const c = parseSchedulerConfig(`
apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 30
leaderElection: {leaderElect: false}
profiles:
- schedulerName: bin-packing
  plugins:
    score:
      disabled: [{name: '*'}]
      enabled: [{name: NodeResourcesFit, weight: 5}]
  pluginConfig:
  - name: NodeResourcesFit
    args:
      scoringStrategy:
        type: MostAllocated
        resources: [{name: cpu, weight: 1}, {name: nvidia.com/gpu, weight: 3}]
`);
    expect(c.profiles[0]!.schedulerName).toBe('bin-packing');
    expect(c.profiles[0]!.percentageOfNodesToScore).toBe(30);
    expect(c.profiles[0]!.plugins.score!.enabled).toEqual([{ name: 'NodeResourcesFit', weight: 5 }]);
    expect(c.profiles[0]!.pluginConfig.get('NodeResourcesFit')).toEqual({ scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 1 }, { name: 'nvidia.com/gpu', weight: 3 }] } });
  });

  it('bin packing with MostAllocated packs where LeastAllocated spreads', () => {
    const packing = `${V1_CONFIG}profiles:\n- ${MOST_ALLOCATED_PROFILE}`;
    const jobs = [
      { id: 'first', request: { cpu: 1, memory: 1024 }, constraints: { nodeName: 'a' } },
      { id: 'next', submit: 1, request: { cpu: 1, memory: 1024 } },
    ];
    expect(runKube([n('a', 4), n('b', 4)], jobs, packing).nodes.next).toEqual(['a']);
    expect(runKube([n('a', 4), n('b', 4)], jobs).nodes.next).toEqual(['b']);
  });

  it('several profiles: each pod is scheduled by the profile its schedulerName names; a name no profile has is rejected', () => {
    const two = `${V1_CONFIG}profiles:\n- schedulerName: default-scheduler\n- schedulerName: bin-packing\n  ${MOST_ALLOCATED_PROFILE}`;
    const jobs = [
      { id: 'first', request: { cpu: 2, memory: 1024 }, constraints: { nodeName: 'a' } },
      { id: 'spread', submit: 1, request: { cpu: 1, memory: 1024 } },
      { id: 'packed', submit: 2, request: { cpu: 1, memory: 1024 }, constraints: { schedulerName: 'bin-packing' } },
      { id: 'stranger', submit: 3, request: { cpu: 1, memory: 1024 }, constraints: { schedulerName: 'volcano' } },
      // Bound by another scheduler (a snapshot's running pod): it stays on its node.
      { id: 'bound', submit: 4, request: { cpu: 1, memory: 1024 }, constraints: { schedulerName: 'volcano', nodeName: 'c' } },
    ];
    const r = runKube([n('a', 4), n('b', 4), n('c', 4)], jobs, two);
    // spread (no schedulerName: default-scheduler, LeastAllocated) takes an empty node; packed (MostAllocated) joins `first` on a, the fullest.
    expect(r.nodes.spread).not.toEqual(['a']);
    expect(r.nodes.packed).toEqual(['a']);
    expect(r.state.stranger).toBe('rejected');
    expect(r.nodes.bound).toEqual(['c']);
    expect(r.decisions.find((d) => d.pod === 'stranger')).toMatchObject({ decision: 'rejected', reason: 'schedulerName "volcano" names no profile of this configuration (profiles: default-scheduler, bin-packing)' });
    // With only the default profile, packed is rejected too: its profile is not configured.
    expect(runKube([n('a', 4), n('b', 4), n('c', 4)], jobs).state.packed).toBe('rejected');
  });

  it('errors name the problem (see config.test.ts for the full table)', () => {
    const v1 = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';
    expect(() => parseSchedulerConfig(`${v1}profiles: [{plugins: {scoree: {}}}]`, 'k.yaml')).toThrow(/k.yaml: unknown field profiles\[0\]\.plugins\.scoree/);
    expect(() => runKube([n('a', 1)], [{ id: 'x' }], `${v1}profiles: [{plugins: {score: {enabled: [{name: Nope}]}}}]`)).toThrow(/unknown scheduler plugin "Nope"/);
    expect(() => parseSchedulerConfig('kind: Deployment', 'k.yaml')).toThrow(/unsupported document kind "Deployment"/);
  });
});

describe('GPU-sharing score plugins in a KubeSchedulerConfiguration (the FGD simulator\'s own config)', () => {
  const config = (plugin: string) => `
apiVersion: kubescheduler.config.k8s.io/v1beta1
kind: KubeSchedulerConfiguration
percentageOfNodesToScore: 100
profiles:
  - schedulerName: simon-scheduler
    plugins:
      filter:
        enabled: [{name: Open-Gpu-Share}]
      preScore:
        disabled: [{name: RandomScore}]
      score:
        disabled:
          - {name: ImageLocality}
          - {name: NodeAffinity}
          - {name: PodTopologySpread}
          - {name: TaintToleration}
          - {name: NodeResourcesBalancedAllocation}
          - {name: InterPodAffinity}
          - {name: NodeResourcesLeastAllocated}
          - {name: NodePreferAvoidPods}
          - {name: NodeResourcesFit}
        enabled: [{name: ${plugin}, weight: 1000}]
      reserve:
        enabled: [{name: Open-Gpu-Share}]
      bind:
        disabled: [{name: DefaultBinder}]
        enabled: [{name: Simon}]
`;
  for (const plugin of ['FGDScore', 'BestFitScore', 'GpuPackingScore', 'GpuClusteringScore', 'DotProductScore', 'RandomScore']) {
    it(`${plugin}: passes the conformance suite and chooses devices`, async () => {
      const { runConformance } = await import('../../../schedulers/conformance.ts');
      const { frameworkFromConfig } = await import('../../../experiments/run/scheduler-choice.ts');
      expect(runConformance(frameworkFromConfig(config(plugin), 'simon.yaml')).flatMap((r) => r.problems)).toEqual([]);
    });
  }

  it('GpuPackingScore puts a shared GPU on the GPU already in use', () => {
    const gpuNode = (id: string) => ({ id, capacity: { cpu: 16, memory: 65536, gpu: 2 } });
    const share = (id: string, submit: number) => ({ id, submit, request: { cpu: 1, memory: 1024, gpu: 0.3 }, gpu: { count: 1, milli: 300 } });
    const r = runKube([gpuNode('g1'), gpuNode('g2')], [share('a', 0), share('b', 1)], config('GpuPackingScore'));
    expect(r.nodes.b).toEqual(r.nodes.a);
  });
});
