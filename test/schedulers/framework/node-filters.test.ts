import { describe, expect, it } from 'vitest';
import { defaultNormalizeScore } from '../../../schedulers/framework/normalize.ts';
import { createNodeAffinity } from '../../../schedulers/framework/plugins/node-affinity.ts';
import { createNodeName } from '../../../schedulers/framework/plugins/node-name.ts';
import { createNodeUnschedulable } from '../../../schedulers/framework/plugins/node-unschedulable.ts';
import { createTaintToleration, toleratesTaint } from '../../../schedulers/framework/plugins/taint-toleration.ts';
import { createGpuShare } from '../../../schedulers/framework/plugins/gpu-share.ts';
import type { NodeSpec } from '../../../sim/cluster.ts';
import { world } from './world.ts';

const nodes: NodeSpec[] = [
  { id: 'a', capacity: { cpu: 4 }, labels: { zone: 'z1', disk: 'ssd', cores: '4' }, taints: [{ key: 'dedicated', value: 'ml', effect: 'NoSchedule' as const }] },
  { id: 'b', capacity: { cpu: 4 }, labels: { zone: 'z2', cores: '16' }, taints: [{ key: 'spot', value: 'true', effect: 'PreferNoSchedule' as const }, { key: 'old', effect: 'PreferNoSchedule' as const }] },
  { id: 'c', capacity: { cpu: 4 }, labels: { zone: 'z1' }, unschedulable: true },
];

describe('TaintToleration', () => {
  it('tolerations match taints as v1.Toleration.ToleratesTaint', () => {
    const taint = { key: 'k', value: 'v', effect: 'NoSchedule' as const };
    expect(toleratesTaint({ key: 'k', operator: 'Equal', value: 'v' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'k', operator: 'Equal', value: 'w' }, taint)).toBe(false);
    expect(toleratesTaint({ key: 'k', operator: 'Exists' }, taint)).toBe(true);
    expect(toleratesTaint({ operator: 'Exists' }, taint)).toBe(true);
    expect(toleratesTaint({ key: 'k', operator: 'Exists', effect: 'NoExecute' }, taint)).toBe(false);
  });

  it('filters NoSchedule taints, scores PreferNoSchedule ones (reversed normalization)', () => {
    const w = world(nodes, [
      { id: 'plain' },
      { id: 'ml', constraints: { tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'ml', effect: 'NoSchedule' }] } },
      { id: 'spot', constraints: { tolerations: [{ key: 'spot', operator: 'Exists' }] } },
    ]);
    const tt = createTaintToleration(w.handle);
    const st = tt.filter(w.state(), w.pod('plain'), w.node('a'));
    expect(st).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ['node(s) had untolerated taint {dedicated: ml}'] });
    expect(tt.filter(w.state(), w.pod('ml'), w.node('a')).code).toBe('Success');
    expect(tt.filter(w.state(), w.pod('plain'), w.node('b')).code).toBe('Success');
    // raw: intolerable PreferNoSchedule taints; a 0, b 2 (plain) or 1 (spot tolerated)
    const raw = (pod: string) => ['a', 'b', 'c'].map((n) => tt.score(w.state(), w.pod(pod), w.node(n)));
    expect(raw('plain')).toEqual([0, 2, 0]);
    expect(raw('spot')).toEqual([0, 1, 0]);
    const s = raw('plain');
    tt.normalizeScore!(w.state(), w.pod('plain'), [0, 1, 2], s);
    expect(s).toEqual([100, 0, 100]);
  });

  it('DefaultNormalizeScore', () => {
    const s = [0, 3, 7];
    defaultNormalizeScore(100, false, s);
    expect(s).toEqual([0, 42, 100]);
    const z = [0, 0];
    defaultNormalizeScore(100, true, z);
    expect(z).toEqual([100, 100]);
  });
});

describe('NodeAffinity', () => {
  const affinity = (required: unknown, preferred: unknown = []) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: required, preferredDuringSchedulingIgnoredDuringExecution: preferred } } });
  const w = world(nodes, [
    { id: 'sel', constraints: { nodeSelector: { zone: 'z1' } } },
    { id: 'in', constraints: affinity({ nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z2'] }] }] }) },
    { id: 'or', constraints: affinity({ nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'Exists' }] }, { matchExpressions: [{ key: 'cores', operator: 'Gt', values: ['8'] }] }] }) },
    { id: 'notin', constraints: affinity({ nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['z1'] }, { key: 'cores', operator: 'Lt', values: ['20'] }] }] }) },
    { id: 'field', constraints: affinity({ nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: ['c'] }] }] }) },
    { id: 'empty', constraints: affinity({ nodeSelectorTerms: [{}] }) },
    {
      id: 'pref',
      constraints: affinity(undefined, [
        { weight: 10, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] } },
        { weight: 30, preference: { matchExpressions: [{ key: 'cores', operator: 'Exists' }] } },
      ]),
    },
  ]);
  const na = createNodeAffinity(w.handle);
  const pass = (pod: string) => ['a', 'b', 'c'].filter((n) => na.filter(w.state(), w.pod(pod), w.node(n)).code === 'Success');
  it.each([
    ['sel', ['a', 'c']],
    ['in', ['b']],
    ['or', ['a', 'b']],
    ['notin', ['b']],
    ['field', ['c']],
    ['empty', []],
    ['pref', ['a', 'b', 'c']],
  ] as const)('required: %s fits %j', (pod, expected) => {
    expect(pass(pod)).toEqual(expected);
  });

  it('preferred: weights summed, then normalized by the largest', () => {
    const raw = ['a', 'b', 'c'].map((n) => na.score(w.state(), w.pod('pref'), w.node(n)));
    expect(raw).toEqual([40, 30, 10]);
    na.normalizeScore!(w.state(), w.pod('pref'), [0, 1, 2], raw);
    expect(raw).toEqual([100, 75, 25]);
    expect(na.preScore(w.state(), w.pod('sel'), [0]).code).toBe('Skip');
  });

  it('reason text as upstream', () => {
    expect(na.filter(w.state(), w.pod('in'), w.node('a'))).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ["node(s) didn't match Pod's node affinity/selector"] });
  });
});

describe('NodeName, NodeUnschedulable, GPUShare', () => {
  it('NodeName', () => {
    const w = world(nodes, [{ id: 'p', constraints: { nodeName: 'b' } }, { id: 'q' }]);
    const nn = createNodeName(w.handle);
    expect(['a', 'b', 'c'].map((n) => nn.filter(w.state(), w.pod('p'), w.node(n)).code)).toEqual(['UnschedulableAndUnresolvable', 'Success', 'UnschedulableAndUnresolvable']);
    expect(nn.filter(w.state(), w.pod('q'), w.node('a')).code).toBe('Success');
  });

  it('NodeUnschedulable, unless the pod tolerates node.kubernetes.io/unschedulable', () => {
    const w = world(nodes, [{ id: 'p' }, { id: 't', constraints: { tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] } }]);
    const nu = createNodeUnschedulable(w.handle);
    expect(nu.filter(w.state(), w.pod('p'), w.node('c'))).toEqual({ code: 'UnschedulableAndUnresolvable', reasons: ['node(s) were unschedulable'] });
    expect(nu.filter(w.state(), w.pod('t'), w.node('c')).code).toBe('Success');
    expect(nu.filter(w.state(), w.pod('p'), w.node('a')).code).toBe('Success');
  });

  it('GPUShare: devices and models', () => {
    const w = world(
      [
        { id: 'g1', capacity: { cpu: 8, gpu: 2 }, labels: { 'clusterlab/gpu-model': 'T4' } },
        { id: 'g2', capacity: { cpu: 8, gpu: 1 }, labels: { 'clusterlab/gpu-model': 'V100M16' } },
      ],
      [
        { id: 'half', request: { cpu: 1, gpu: 0.5 }, gpu: { count: 1, milli: 500 } },
        { id: 'two', request: { cpu: 1, gpu: 2 }, gpu: { count: 2, milli: 1000 } },
        { id: 'v100', request: { cpu: 1, gpu: 0.3 }, gpu: { count: 1, milli: 300 }, constraints: { gpuModels: ['V100M16', 'V100M32'] } },
      ],
    );
    const gs = createGpuShare(w.handle);
    const f = (pod: string, node: string) => gs.filter(w.state(), w.pod(pod), w.node(node)).code;
    expect([f('two', 'g1'), f('two', 'g2')]).toEqual(['Success', 'Unschedulable']);
    expect([f('v100', 'g1'), f('v100', 'g2')]).toEqual(['UnschedulableAndUnresolvable', 'Success']);
    w.run('half', 'g1');
    // one device of g1 has 500 left: two whole GPUs no longer fit
    expect(f('two', 'g1')).toBe('Unschedulable');
    expect(f('half', 'g1')).toBe('Success');
  });
});
