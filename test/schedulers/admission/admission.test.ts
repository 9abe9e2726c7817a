/**
 * The admission step's rules one by one: LimitRange defaulting and bounds with
 * upstream's messages and object defaulting/validation, allowed priority
 * classes, a request over the whole quota, pools (node affinity under the
 * Kubernetes-style scheduler, a pool view under the batch placements).
 */
import { describe, expect, it } from 'vitest';
import { Cluster } from '../../../sim/cluster.ts';
import { JobTable } from '../../../sim/jobs.ts';
import { admit } from '../../../schedulers/admission/admit.ts';
import { applyLimitRange, defaultedLimitRange, limitRangeProblems } from '../../../schedulers/admission/limit-range.ts';
import { PoolView } from '../../../schedulers/admission/pool-view.ts';
import { tenantPlacement } from '../../../schedulers/admission/placement.ts';
import type { Tenant } from '../../../schedulers/admission/tenant.ts';
import { placements } from '../../../schedulers/registry.ts';
import { JobSchema, type JobInput } from '../../../workloads/job.ts';

const job = (over: Partial<JobInput>) => JobSchema.parse({ id: 'j', submit: 0, tasks: 1, request: { cpu: 1 }, runtime: 10, estimate: 10, tenant: 't', ...over });
const admitOne = (tenant: Omit<Tenant, 'name'>, over: Partial<JobInput>, kube = false) => admit([job(over)], { tenants: [{ name: 't', ...tenant }], poolLabel: 'pool', kube });

describe('LimitRange (upstream LimitRanger)', () => {
  it('defaults the item as the API server does: default from max, defaultRequest from default, then min', () => {
    expect(defaultedLimitRange({ max: { cpu: 2 }, min: { memory: 64 } })).toEqual({ default: { cpu: 2 }, defaultRequest: { cpu: 2, memory: 64 }, max: { cpu: 2 }, min: { memory: 64 } });
  });
  it('fills unset requests with defaultRequest, keeps set ones (even 0)', () => {
    const item = defaultedLimitRange({ defaultRequest: { cpu: 0.5, memory: 256 } });
    expect(applyLimitRange({ cpu: 0 }, undefined, item)).toEqual({ request: { cpu: 0, memory: 256 }, pod: undefined, defaulted: true, error: null });
    expect(applyLimitRange({ cpu: 1, memory: 1 }, undefined, item).defaulted).toBe(false);
  });
  it("rejects with upstream's messages, one or an aggregate", () => {
    const item = defaultedLimitRange({ max: { cpu: 2, memory: 4096 }, min: { cpu: 0.5 } });
    expect(applyLimitRange({ cpu: 4, memory: 1024 }, undefined, item).error).toBe('Maximum cpu usage per Container is 2, but request is 4.');
    expect(applyLimitRange({ cpu: 0.25, memory: 8192 }, undefined, item).error).toBe('[Minimum cpu usage per Container is 500m, but request is 250m., Maximum memory usage per Container is 4Gi, but request is 8Gi.]');
  });
  it('checks each container of a pod, then recomputes the pod request', () => {
    const item = defaultedLimitRange({ defaultRequest: { memory: 100 }, max: { cpu: 2 } });
    const out = applyLimitRange({ cpu: 3 }, { containers: [{ request: { cpu: 1.5 } }, { request: { cpu: 1.5, memory: 50 } }] }, item);
    expect(out.error).toBeNull();
    expect(out.request).toEqual({ cpu: 3, memory: 150 });
  });
  it('validates as ValidateLimitRange', () => {
    expect(limitRangeProblems(defaultedLimitRange({ default: { cpu: 4 }, max: { cpu: 2 } })).map((p) => p[2])).toEqual(['default request value 4 is greater than max value 2', 'default value 4 is greater than max value 2']);
    expect(limitRangeProblems(defaultedLimitRange({ min: { cpu: 3 }, max: { cpu: 2 } })).map((p) => p[2])).toContain('min value 3 is greater than max value 2');
    expect(limitRangeProblems(defaultedLimitRange({ defaultRequest: { cpu: 1 }, max: { cpu: 2 }, min: { cpu: 0.5 } }))).toEqual([]);
  });
});

describe('admit', () => {
  it('priority classes: a class the tenant may not claim is forbidden; no class passes', () => {
    expect(admitOne({ priorityClasses: ['low'] }, { priorityClass: 'high' }).rejected.get('j')).toEqual({ tenant: 't', reason: 'priority-class', message: 'pods "j" is forbidden: insufficient quota to match these scopes: [{PriorityClass NotIn [low]}]' });
    expect(admitOne({ priorityClasses: ['low'] }, { priorityClass: 'low' }).rejected.size).toBe(0);
    expect(admitOne({ priorityClasses: ['low'] }, {}).rejected.size).toBe(0);
  });
  it('quota: a job over the whole quota is forbidden with the ResourceQuota message; under it passes', () => {
    expect(admitOne({ quota: { cpu: 4, pods: 10 } }, { tasks: 3, request: { cpu: 2 } }).rejected.get('j')!.message).toBe('pods "j" is forbidden: exceeded quota: t, requested: cpu=6, used: cpu=0, limited: cpu=4');
    expect(admitOne({ quota: { cpu: 4, pods: 2 } }, { tasks: 3, request: { cpu: 1 } }).rejected.get('j')!.message).toMatch(/requested: pods=3, used: pods=0, limited: pods=2$/);
    expect(admitOne({ quota: { cpu: 4 } }, { tasks: 2, request: { cpu: 2 } }).rejected.size).toBe(0);
  });
  it('pools: a nodeSelector naming another pool conflicts; under kube the pools become node affinity ANDed into every term', () => {
    expect(admitOne({ pools: ['a'] }, { constraints: { nodeSelector: { pool: 'b' } } }).rejected.get('j')!.message).toBe('pods "j" is forbidden: pod node label selector conflicts with its namespace node label selector');
    const terms = [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] }, { matchFields: [] }];
    const plan = admitOne({ pools: ['a', 'b'] }, { constraints: { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } } }, true);
    const pool = { key: 'pool', operator: 'In', values: ['a', 'b'] };
    expect((plan.jobs[0]!.constraints!.affinity as any).nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms).toEqual([{ matchExpressions: [terms[0]!.matchExpressions![0], pool] }, { matchFields: [], matchExpressions: [pool] }]);
    expect(admitOne({ pools: ['a'] }, {}).jobs[0]!.constraints).toBeUndefined(); // batch: the placement restricts
  });
  it('jobs of other tenants are untouched; the tenant is the namespace under kube, else tenant, user or group', () => {
    const plan = admit([job({ id: 'u', tenant: undefined, user: 't', request: { cpu: 9 } })], { tenants: [{ name: 't', limitRange: { max: { cpu: 2 } } }], poolLabel: 'pool', kube: false });
    expect(plan.rejected.get('u')!.reason).toBe('limit-range');
    expect(admit([job({ id: 'u', tenant: undefined, user: 't', request: { cpu: 9 } })], { tenants: [{ name: 't', limitRange: { max: { cpu: 2 } } }], poolLabel: 'pool', kube: true }).rejected.size).toBe(0);
  });
});

describe('pools and quota under the batch placements', () => {
  const cluster = () => new Cluster({ nodes: ['a0', 'a1', 'b0', 'b1'].map((id) => ({ id, capacity: { cpu: 4 }, labels: { pool: id[0]! } })) });
  const table = (tenant: string, cpu: number, tasks = 1) => new JobTable([job({ tenant, request: { cpu }, tasks })], ['cpu']);
  for (const name of ['first-fit', 'best-fit', 'worst-fit', 'tetris']) {
    it(`${name}: a tenant's tasks go to its pool only`, () => {
      const inner = placements.get(name)!.create({}, { rng: undefined as never });
      const p = tenantPlacement(inner, [{ name: 'b-only', pools: ['b'] }], 'pool');
      const c = cluster();
      const placed = p.place(0, table('b-only', 2, 4), c)!;
      expect(placed.nodes.every((n) => n >= 2)).toBe(true);
      expect(p.place(0, table('b-only', 4, 3), c)).toBeNull(); // 3 whole nodes do not fit in pool b's 2
      expect(p.place(0, table('other', 4, 3), c)).not.toBeNull();
    });
  }
  it('PoolView hides the other pools from the first-fit queries', () => {
    const view = new PoolView(cluster(), (n) => n >= 2);
    expect(view.firstFit([1])).toBe(2);
    expect(view.firstFitPlacement([4], 2)).toEqual({ nodes: [2, 3], counts: [1, 1] });
    expect(view.unschedulable[0]).toBe(true);
    expect(view.unschedulable[3]).toBe(false);
  });
  it('quota: a job waits while its tenant runs up to the quota, and may start when one ends', () => {
    const p = tenantPlacement(placements.get('first-fit')!.create({}, { rng: undefined as never }), [{ name: 't', quota: { cpu: 4 } }], 'pool');
    const jobs = new JobTable([job({ id: 'x', request: { cpu: 3 } }), job({ id: 'y', request: { cpu: 2 } })], ['cpu']);
    const c = cluster();
    p.onStart!(0, p.place(0, jobs, c)!, jobs);
    expect(p.perJob).toBe(true);
    expect(p.place(1, jobs, c)).toBeNull();
    p.onEnd!(0);
    expect(p.place(1, jobs, c)).not.toBeNull();
  });
});
