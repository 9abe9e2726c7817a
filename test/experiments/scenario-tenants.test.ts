/**
 * The example scenario noisy-tenant.yaml, whole: without tenant rules the
 * teams queue behind the noisy backlog; with them, the noisy tenant's
 * oversized and wrongly-classed jobs are rejected with upstream's messages,
 * its jobs run on its pool only and within its quota, and the teams' waits
 * stay bounded. Also the same tenants under the Kubernetes-style scheduler.
 */
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../experiments/scenario/load.ts';
import { runScenario, scenarioSummaryKeys } from '../../experiments/scenario/run.ts';
import { JobState } from '../../sim/policy.ts';

const loaded = loadScenarioFile('experiments/scenario/examples/noisy-tenant.yaml');
const variant = (name: string) => loaded.variants.find((v) => v.name === name)!.scenario;

function run(scenario: ReturnType<typeof variant>) {
  const r = runScenario(scenario, { seed: 1, readText: loaded.readText, checkInvariants: true });
  const res = r.output.result;
  const jobs = r.built.jobs;
  const byTenant = new Map<string, number[]>();
  jobs.forEach((j, k) => byTenant.set(j.tenant!, [...(byTenant.get(j.tenant!) ?? []), k]));
  const waits = (t: string) => byTenant.get(t)!.filter((k) => Number.isFinite(res.start[k]!)).map((k) => res.start[k]! - jobs[k]!.submit);
  return { r, res, jobs, byTenant, waits, summary: scenarioSummaryKeys(r.built, null, res).after as Record<string, any> };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;
const max = (xs: number[]) => xs.reduce((m, x) => Math.max(m, x), 0);

describe('noisy-tenant.yaml', () => {
  const open = run(variant('open'));
  const contained = run(variant('contained'));

  it('open: no admission section, and the teams wait behind the backlog (hours)', () => {
    expect(open.summary.admission).toBeUndefined();
    expect(mean(open.waits('team-a'))).toBeGreaterThan(3600);
  });

  it('contained: rejections counted per tenant and reason, with upstream messages on the jobs', () => {
    const adm = contained.summary.admission;
    const noisy = contained.byTenant.get('noisy')!;
    const submitted = noisy.filter((k) => contained.jobs[k]!.submit <= 43200);
    const oversized = submitted.filter((k) => contained.jobs[k]!.request.cpu === 8).length;
    const classed = submitted.filter((k) => contained.jobs[k]!.priorityClass === 'high').length;
    expect(oversized).toBeGreaterThan(0);
    expect(adm.rejected).toEqual({ noisy: { 'limit-range': oversized, 'priority-class': classed }, 'team-a': {}, 'team-b': {} });
    expect(adm.tenants.noisy).toEqual({ submitted: submitted.length, admitted: submitted.length - oversized - classed, defaulted: submitted.length - oversized - classed });
    const reasons = new Set(noisy.filter((k) => contained.res.state[k] === JobState.Rejected).map((k) => contained.res.rejectReason.get(k)!.replace(/"b\d+-\d+"/, '"<id>"')));
    expect([...reasons].sort()).toEqual([
      'pods "<id>" is forbidden: Maximum cpu usage per Container is 4, but request is 8.',
      'pods "<id>" is forbidden: insufficient quota to match these scopes: [{PriorityClass NotIn [low]}]',
    ]);
  });

  it('contained: the LimitRange filled in the memory the backlog left unset', () => {
    const backlog = contained.byTenant.get('noisy')!.filter((k) => contained.jobs[k]!.request.cpu === 4);
    expect(backlog.every((k) => contained.jobs[k]!.request.memory === 2048)).toBe(true);
    expect(open.byTenant.get('noisy')!.filter((k) => open.jobs[k]!.request.cpu === 4).every((k) => open.jobs[k]!.request.memory === undefined)).toBe(true);
  });

  it('contained: the noisy tenant runs on the burst pool only, within its 32-cpu quota', () => {
    const started = contained.byTenant.get('noisy')!.filter((k) => Number.isFinite(contained.res.start[k]!));
    expect(started.length).toBeGreaterThan(50);
    // Nodes 0-7 are the shared group, 8-11 the burst group.
    for (const k of started) for (const n of contained.r.output.nodes[k]!.split(' ').flatMap((x) => x.split('-').map(Number))) expect(n).toBeGreaterThanOrEqual(8);
    const edges: [number, number][] = [];
    for (const k of started) {
      const cpu = contained.jobs[k]!.request.cpu! * contained.jobs[k]!.tasks;
      edges.push([contained.res.start[k]!, cpu]);
      const end = contained.res.end[k]!;
      if (Number.isFinite(end)) edges.push([end, -cpu]);
    }
    edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let running = 0;
    let peak = 0;
    for (const [, d] of edges) peak = Math.max(peak, (running += d));
    expect(peak).toBe(32);
  });

  it("contained: the teams' waits stay bounded (under a mean job's run time) and far below the open cluster's", () => {
    for (const team of ['team-a', 'team-b']) {
      const w = contained.waits(team);
      expect(w.length).toBe(150);
      expect(max(w)).toBeLessThan(1800);
      expect(mean(w)).toBeLessThan(mean(open.waits(team)) / 10);
    }
  });

  it('the same tenants under the Kubernetes-style scheduler: pool node affinity, quota as a ResourceQuota', () => {
    const kube = run({ ...variant('contained'), scheduler: { kind: 'kube', unschedulable: 'wait' }, horizon: 14400 });
    expect(kube.summary.admission.rejected.noisy['limit-range']).toBeGreaterThan(0);
    const started = kube.byTenant.get('noisy')!.filter((k) => Number.isFinite(kube.res.start[k]!));
    expect(started.length).toBeGreaterThan(10);
    for (const k of started) for (const n of kube.r.output.nodes[k]!.split(' ').flatMap((x) => x.split('-').map(Number))) expect(n).toBeGreaterThanOrEqual(8);
    expect(kube.jobs.find((j) => j.tenant === 'noisy')!.constraints?.affinity).toEqual({
      nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'clusterlab/node-group', operator: 'In', values: ['burst'] }] }] } },
    });
    expect(max(kube.waits('team-a'))).toBeLessThan(1800);
  });
});

describe('LimitRange objects of a KubeSchedulerConfiguration file', () => {
  const config = (max: string, extra = '') => `apiVersion: kubescheduler.config.k8s.io/v1
kind: KubeSchedulerConfiguration
profiles: [{ schedulerName: default-scheduler }]
---
apiVersion: v1
kind: LimitRange
metadata: { name: limits, namespace: noisy }
spec:
  limits:
    - type: Container
      defaultRequest: { memory: 1Gi }
      max: { cpu: "${max}" }
${extra}`;
  const scenario = { ...variant('open'), scheduler: { kind: 'kube' as const, config: 'kube.yaml', unschedulable: 'wait' as const }, horizon: 7200 };

  it("are the namespace's LimitRange in the admission step: defaults and rejections, counted", () => {
    const r = runScenario(scenario, { seed: 1, readText: () => config('4') });
    const after = scenarioSummaryKeys(r.built, null, r.output.result).after as Record<string, any>;
    expect(after.admission.rejected).toEqual({ noisy: { 'limit-range': expect.any(Number) } });
    expect(after.admission.rejected.noisy['limit-range']).toBeGreaterThan(0);
    const backlog = r.built.jobs.filter((j) => j.tenant === 'noisy' && j.request.cpu === 4);
    expect(backlog.every((j) => j.request.memory === 1024)).toBe(true);
    const rejected = r.built.jobs.findIndex((j) => j.tenant === 'noisy' && j.request.cpu === 8 && j.submit < 7200);
    expect(r.output.result.rejectReason.get(rejected)).toMatch(/is forbidden: Maximum cpu usage per Container is 4, but request is 8\.$/);
  });

  it('a LimitRange upstream would refuse, a Pod item, or one beside a tenant limitRange, is an error naming the file', () => {
    expect(() => runScenario(scenario, { seed: 1, readText: () => config('500m').replace('memory: 1Gi', 'cpu: 1') })).toThrow(/^kube\.yaml: LimitRange limits: spec\.limits\[0\]\.defaultRequest\.cpu: default request value 1 is greater than max value 500m/);
    expect(() => runScenario(scenario, { seed: 1, readText: () => config('4', '    - type: Pod\n      max: { cpu: "8" }\n') })).toThrow(/^kube\.yaml: LimitRange limits: spec\.limits\[1\]\.type "Pod" is not modelled \(only Container\)$/);
    const both = { ...scenario, tenants: [{ name: 'noisy', limitRange: { max: { cpu: 2 } } }] };
    expect(() => runScenario(both, { seed: 1, readText: () => config('4') })).toThrow(/^kube\.yaml: namespace noisy has a LimitRange object, and tenant noisy of the scenario a limitRange: give one$/);
  });
});
