/**
 * Pod spec fields that used to be silently ignored, now modelled as upstream:
 * topology spread matchLabelKeys, nodeAffinityPolicy and nodeTaintsPolicy;
 * pod affinity namespaceSelector, matchLabelKeys and mismatchLabelKeys; the
 * plugin args NodeAffinity addedAffinity and InterPodAffinity
 * ignorePreferredTermsOfExistingPods. Unknown fields are errors naming the job.
 */
import { describe, expect, it } from 'vitest';
import { createInterPodAffinity } from '../../../schedulers/framework/plugins/inter-pod-affinity.ts';
import { createNodeAffinity } from '../../../schedulers/framework/plugins/node-affinity.ts';
import { createPodTopologySpread } from '../../../schedulers/framework/plugins/pod-topology-spread.ts';
import { world } from './world.ts';
import { namespaceLabels, parseObjects } from '../../../schedulers/framework/objects.ts';
import { parseSchedulerConfig } from '../../../schedulers/framework/config.ts';

const zone = (z: string, extra: Record<string, string> = {}) => ({ zone: z, ...extra });
const spreadFilter = (w: ReturnType<typeof world>, pod: string, nodes: string[]) => {
  const pts = createPodTopologySpread(w.handle);
  const st = w.state();
  pts.preFilter(st, w.pod(pod));
  return nodes.map((n) => pts.filter(st, w.pod(pod), w.node(n)).code);
};
const zoneSpread = (extra: Record<string, unknown> = {}) => ({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, ...extra }] });

describe('PodTopologySpread matchLabelKeys: the pod\'s own values join the selector', () => {
  // v1 pods: 2 in z1 (a); v2 pods: 1 in z2 (c).
  const nodes = [
    { id: 'a', capacity: { cpu: 8 }, labels: zone('z1') },
    { id: 'b', capacity: { cpu: 8 }, labels: zone('z1') },
    { id: 'c', capacity: { cpu: 8 }, labels: zone('z2') },
  ];
  it.each([
    // all app=web: z1 2, z2 1, min 1 → a, b: 2 + 1 − 1 = 2 > 1; c: 1
    ['without matchLabelKeys', {}, ['Unschedulable', 'Unschedulable', 'Success']],
    // version=v2 only: z1 0, z2 1, min 0 → a, b: 1; c: 2 > 1
    ['matchLabelKeys [version]', { matchLabelKeys: ['version'] }, ['Success', 'Success', 'Unschedulable']],
    // a key the pod lacks is ignored
    ['matchLabelKeys [track] (absent)', { matchLabelKeys: ['track'] }, ['Unschedulable', 'Unschedulable', 'Success']],
  ])('%s', (_name, extra, codes) => {
    const w = world(nodes, [
      { id: 'v1-a', labels: { app: 'web', version: 'v1' }, tasks: 2 },
      { id: 'v2-c', labels: { app: 'web', version: 'v2' } },
      { id: 'new', labels: { app: 'web', version: 'v2' }, constraints: zoneSpread(extra) },
    ]);
    w.run('v1-a', 'a', 'a');
    w.run('v2-c', 'c');
    expect(spreadFilter(w, 'new', ['a', 'b', 'c'])).toEqual(codes);
  });
});

describe('PodTopologySpread node inclusion policies', () => {
  it.each([
    // Honor (default): e (no disk=ssd) is out of the counts: z1 1, z2 1, min 1 → a: 1 + 1 − 1 = 1
    ['nodeAffinityPolicy Honor', {}, 'Success'],
    // Ignore: z3 (empty) counts, min 0 → a: 2 > 1
    ['nodeAffinityPolicy Ignore', { nodeAffinityPolicy: 'Ignore' }, 'Unschedulable'],
  ])('%s', (_name, extra, code) => {
    const w = world(
      [
        { id: 'a', capacity: { cpu: 8 }, labels: zone('z1', { disk: 'ssd' }) },
        { id: 'c', capacity: { cpu: 8 }, labels: zone('z2', { disk: 'ssd' }) },
        { id: 'e', capacity: { cpu: 8 }, labels: zone('z3') },
      ],
      [
        { id: 'w1', labels: { app: 'web' } },
        { id: 'w2', labels: { app: 'web' } },
        { id: 'new', labels: { app: 'web' }, constraints: { nodeSelector: { disk: 'ssd' }, ...zoneSpread(extra) } },
      ],
    );
    w.run('w1', 'a');
    w.run('w2', 'c');
    expect(spreadFilter(w, 'new', ['a'])).toEqual([code]);
  });

  it.each([
    // Ignore (default): the tainted z3 node counts, min 0 → a: 2 > 1
    ['nodeTaintsPolicy Ignore', {}, [], 'Unschedulable'],
    // Honor: its untolerated NoSchedule taint takes it out: min 1 → a: 1
    ['nodeTaintsPolicy Honor', { nodeTaintsPolicy: 'Honor' }, [], 'Success'],
    // Honor, but the pod tolerates the taint: it counts again
    ['nodeTaintsPolicy Honor, tolerated', { nodeTaintsPolicy: 'Honor' }, [{ key: 'dedicated', operator: 'Exists' }], 'Unschedulable'],
  ])('%s', (_name, extra, tolerations, code) => {
    const w = world(
      [
        { id: 'a', capacity: { cpu: 8 }, labels: zone('z1') },
        { id: 'c', capacity: { cpu: 8 }, labels: zone('z2') },
        { id: 't', capacity: { cpu: 8 }, labels: zone('z3'), taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] },
      ],
      [
        { id: 'w1', labels: { app: 'web' } },
        { id: 'w2', labels: { app: 'web' } },
        { id: 'new', labels: { app: 'web' }, constraints: { tolerations: tolerations as never, ...zoneSpread(extra) } },
      ],
    );
    w.run('w1', 'a');
    w.run('w2', 'c');
    expect(spreadFilter(w, 'new', ['a'])).toEqual([code]);
  });
});

describe('pod affinity terms: namespaceSelector, matchLabelKeys, mismatchLabelKeys', () => {
  const anti = (extra: Record<string, unknown>) => ({
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname', ...extra }] } },
  });
  const nodes = [
    { id: 'a', capacity: { cpu: 8 } },
    { id: 'b', capacity: { cpu: 8 } },
    { id: 'c', capacity: { cpu: 8 } },
  ];
  it.each([
    // web v1 in team-b on a; web v2 in default on b; c empty.
    ['no namespaces: the pod\'s own (default)', {}, ['Success', 'Unschedulable', 'Success']],
    ['namespaceSelector {}: every namespace', { namespaceSelector: {} }, ['Unschedulable', 'Unschedulable', 'Success']],
    ['namespaceSelector by kubernetes.io/metadata.name', { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team-b' } } }, ['Unschedulable', 'Success', 'Success']],
    ['namespaces and a namespaceSelector are ORed', { namespaces: ['default'], namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'team-b' } } }, ['Unschedulable', 'Unschedulable', 'Success']],
    ['matchLabelKeys [version] (pod is v2), all namespaces', { namespaceSelector: {}, matchLabelKeys: ['version'] }, ['Success', 'Unschedulable', 'Success']],
    ['mismatchLabelKeys [version] (pod is v2), all namespaces', { namespaceSelector: {}, mismatchLabelKeys: ['version'] }, ['Unschedulable', 'Success', 'Success']],
  ])('%s', (_name, extra, codes) => {
    const w = world(nodes, [
      { id: 'web-b', tenant: 'team-b', labels: { app: 'web', version: 'v1' } },
      { id: 'web-d', labels: { app: 'web', version: 'v2' } },
      { id: 'new', labels: { app: 'api', version: 'v2' }, constraints: anti(extra) },
    ]);
    w.run('web-b', 'a');
    w.run('web-d', 'b');
    const ipa = createInterPodAffinity(w.handle);
    const st = w.state();
    ipa.preFilter(st, w.pod('new'));
    expect(['a', 'b', 'c'].map((n) => ipa.filter(st, w.pod('new'), w.node(n)).code)).toEqual(codes);
  });
});

describe('Namespace objects: their labels are what a namespaceSelector matches', () => {
  it('selects team-b by its own label; a namespace without an object has only kubernetes.io/metadata.name', () => {
    const nodes = [
      { id: 'a', capacity: { cpu: 8 } },
      { id: 'b', capacity: { cpu: 8 } },
      { id: 'c', capacity: { cpu: 8 } },
    ];
    const w = world(nodes, [
      { id: 'web-b', tenant: 'team-b', labels: { app: 'web' } },
      { id: 'web-c', tenant: 'team-c', labels: { app: 'web' } },
      {
        id: 'new',
        labels: { app: 'api' },
        constraints: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname', namespaceSelector: { matchLabels: { tier: 'prod' } } }] } } },
      },
    ]);
    w.run('web-b', 'a');
    w.run('web-c', 'b');
    const objects = parseObjects([{ kind: 'Namespace', metadata: { name: 'team-b', labels: { tier: 'prod' } } }, { kind: 'Namespace', metadata: { name: 'team-c', labels: { tier: 'dev' } } }]);
    const withObjects = createInterPodAffinity(w.handle, {}, 'v1', objects);
    const st = w.state();
    withObjects.preFilter(st, w.pod('new'));
    expect(['a', 'b', 'c'].map((n) => withObjects.filter(st, w.pod('new'), w.node(n)).code)).toEqual(['Unschedulable', 'Success', 'Success']);
    // Without the Namespace objects no namespace has tier=prod: nothing is avoided.
    const without = createInterPodAffinity(w.handle);
    const st2 = w.state();
    without.preFilter(st2, w.pod('new'));
    expect(['a', 'b', 'c'].map((n) => without.filter(st2, w.pod('new'), w.node(n)).code)).toEqual(['Success', 'Success', 'Success']);
    expect(namespaceLabels(objects, 'team-b')).toEqual({ tier: 'prod', 'kubernetes.io/metadata.name': 'team-b' });
  });

  it('a Namespace document in the scheduler configuration is read; bad labels are errors naming it', () => {
    const v1 = 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\n';
    const c = parseSchedulerConfig(`${v1}---\napiVersion: v1\nkind: Namespace\nmetadata: {name: team-b, labels: {tier: prod}}\n`, 'k.yaml');
    expect(parseObjects(c.objects, 'k.yaml').namespaces.get('team-b')).toEqual({ tier: 'prod' });
    expect(() => parseObjects([{ kind: 'Namespace', metadata: { name: 'x', labels: { n: 3 } } }], 'k.yaml')).toThrow(/^k\.yaml: Namespace x: metadata\.labels\.n must be a string/);
  });
});

describe('Pod spec objects: an unknown or inconsistent field is an error naming the job', () => {
  it.each([
    ['a typo in a spread constraint', { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelecter: {} }] }, /job "p": topologySpreadConstraints\[0\]: unknown field labelSelecter/],
    ['a bad nodeTaintsPolicy', zoneSpread({ nodeTaintsPolicy: 'Always' }), /nodeTaintsPolicy must be Honor or Ignore, got "Always"/],
    ['matchLabelKeys repeating a selector key', zoneSpread({ matchLabelKeys: ['app'] }), /matchLabelKeys: app is also a key of the labelSelector/],
    ['matchLabelKeys without a selector', { topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['v'] }] }, /matchLabelKeys needs a labelSelector/],
    ['a typo in an affinity term', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: {}, topologyKey: 'zone', namespaceSelecter: {} }] } } }, /unknown field namespaceSelecter/],
    ['an unknown affinity kind', { affinity: { podAfinity: {} } }, /constraints\.affinity: unknown field podAfinity/],
  ])('%s', (_name, constraints, pattern) => {
    const w = world([{ id: 'a', capacity: { cpu: 1 } }], [{ id: 'p', labels: { app: 'web' }, constraints: constraints as never }]);
    expect(() => w.pod('p')).toThrow(pattern);
  });
});

describe('plugin args now modelled', () => {
  it('NodeAffinity addedAffinity: required terms ANDed with the pod\'s, preferred terms added', () => {
    const w = world(
      [
        { id: 'a', capacity: { cpu: 8 }, labels: { pool: 'batch', disk: 'ssd' } },
        { id: 'b', capacity: { cpu: 8 }, labels: { pool: 'batch' } },
        { id: 'c', capacity: { cpu: 8 }, labels: { pool: 'web', disk: 'ssd' } },
      ],
      [{ id: 'p' }],
    );
    const na = createNodeAffinity(w.handle, {
      addedAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'pool', operator: 'In', values: ['batch'] }] }] },
        preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, preference: { matchExpressions: [{ key: 'disk', operator: 'Exists' }] } }],
      },
    });
    const st = w.state();
    expect(['a', 'b', 'c'].map((n) => na.filter(st, w.pod('p'), w.node(n)).code)).toEqual(['Success', 'Success', 'UnschedulableAndUnresolvable']);
    expect(na.preScore(st, w.pod('p'), [0, 1]).code).toBe('Success');
    expect(['a', 'b'].map((n) => na.score(st, w.pod('p'), w.node(n)))).toEqual([10, 0]);
  });

  it('InterPodAffinity ignorePreferredTermsOfExistingPods: a pod without preferred terms of its own is not scored', () => {
    const w = world(
      [
        { id: 'a', capacity: { cpu: 8 } },
        { id: 'b', capacity: { cpu: 8 } },
      ],
      [
        { id: 'likes-web', labels: { app: 'x' }, constraints: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 30, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' } }] } } } },
        { id: 'web', labels: { app: 'web' } },
      ],
    );
    w.run('likes-web', 'a');
    const plain = createInterPodAffinity(w.handle);
    const st = w.state();
    expect(plain.preScore(st, w.pod('web'), [0, 1]).code).toBe('Success');
    expect([0, 1].map((n) => plain.score(st, w.pod('web'), n))).toEqual([30, 0]);
    const ignoring = createInterPodAffinity(w.handle, { ignorePreferredTermsOfExistingPods: true });
    expect(ignoring.preScore(w.state(), w.pod('web'), [0, 1]).code).toBe('Skip');
  });
});
