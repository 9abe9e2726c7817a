import { describe, expect, it } from 'vitest';
import { createInterPodAffinity } from '../../../schedulers/framework/plugins/inter-pod-affinity.ts';
import { world } from './world.ts';

const nodes = [
  { id: 'a', capacity: { cpu: 8 }, labels: { zone: 'z1' } },
  { id: 'b', capacity: { cpu: 8 }, labels: { zone: 'z1' } },
  { id: 'c', capacity: { cpu: 8 }, labels: { zone: 'z2' } },
];
const term = (app: string, topologyKey: string) => ({ labelSelector: { matchLabels: { app } }, topologyKey });

function setup() {
  const w = world(nodes, [
    { id: 'db', labels: { app: 'db' } },
    { id: 'guard', labels: { app: 'x' }, constraints: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', 'zone')] } } } },
    { id: 'near-db', labels: { app: 'api' }, constraints: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', 'zone')] } } } },
    { id: 'web', labels: { app: 'web' } },
    { id: 'not-with-db', labels: { app: 'api' }, constraints: { affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', 'kubernetes.io/hostname')] } } } },
    { id: 'first-of-group', labels: { app: 'g' }, constraints: { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('g', 'zone')] } } } },
    {
      id: 'soft',
      labels: { app: 'api' },
      constraints: {
        affinity: {
          podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: term('db', 'zone') }] },
          podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 20, podAffinityTerm: term('x', 'kubernetes.io/hostname') }] },
        },
      },
    },
  ]);
  w.run('db', 'a');
  w.run('guard', 'c');
  return w;
}

describe('InterPodAffinity filter', () => {
  it.each([
    ['near-db', ['Success', 'Success', 'UnschedulableAndUnresolvable']],
    ['web', ['Success', 'Success', 'Unschedulable']],
    ['not-with-db', ['Unschedulable', 'Success', 'Success']],
    ['first-of-group', ['Success', 'Success', 'Success']],
  ] as const)('%s', (pod, codes) => {
    const w = setup();
    const ipa = createInterPodAffinity(w.handle);
    const st = w.state();
    ipa.preFilter(st, w.pod(pod));
    expect(['a', 'b', 'c'].map((n) => ipa.filter(st, w.pod(pod), w.node(n)).code)).toEqual(codes);
  });

  it('reasons as upstream', () => {
    const w = setup();
    const ipa = createInterPodAffinity(w.handle);
    const st = w.state();
    ipa.preFilter(st, w.pod('web'));
    expect(ipa.filter(st, w.pod('web'), w.node('c')).reasons).toEqual(["node(s) didn't satisfy existing pods anti-affinity rules"]);
    const st2 = w.state();
    ipa.preFilter(st2, w.pod('near-db'));
    expect(ipa.filter(st2, w.pod('near-db'), w.node('c')).reasons).toEqual(["node(s) didn't match pod affinity rules"]);
  });
});

describe('InterPodAffinity score', () => {
  it('preferred terms per topology domain, min-max normalized', () => {
    const w = setup();
    const ipa = createInterPodAffinity(w.handle);
    const st = w.state();
    expect(ipa.preScore(st, w.pod('soft'), [0, 1, 2]).code).toBe('Success');
    // a, b: zone z1 holds db (+50); c: host c holds guard (app=x, −20)
    const raw = [0, 1, 2].map((n) => ipa.score(st, w.pod('soft'), n));
    expect(raw).toEqual([50, 50, -20]);
    ipa.normalizeScore!(st, w.pod('soft'), [0, 1, 2], raw);
    expect(raw).toEqual([100, 100, 0]);
  });

  it("existing pods' required affinity counts hardPodAffinityWeight for a matching incoming pod", () => {
    const w = setup();
    w.run('near-db', 'b');
    const ipa = createInterPodAffinity(w.handle, { hardPodAffinityWeight: 5 });
    const st = w.state();
    // incoming db matches near-db's required term (zone): + 5 on zone z1
    ipa.preScore(st, w.pod('db'), [0, 1, 2]);
    expect([0, 1, 2].map((n) => ipa.score(st, w.pod('db'), n))).toEqual([5, 5, 0]);
  });
});
