/**
 * The checks of a scenario's `tenants` that need the rest of the scenario:
 * names listed once, every pool named is a value of the pool label on some
 * node group, and each LimitRange valid once defaulted (upstream's
 * ValidateLimitRange: a max below its default is an error). Pure.
 */
import { defaultedLimitRange, limitRangeProblems } from '../../schedulers/admission/limit-range.ts';
import type { Tenant } from '../../schedulers/admission/tenant.ts';
import { GROUP_LABEL } from '../../schedulers/control/world.ts';

interface Groups {
  cluster: { poolLabel?: string; nodeGroups: readonly { name: string; labels: Readonly<Record<string, string>> }[] };
  tenants?: readonly Tenant[];
}

/** The pools of a scenario: the values of its pool label over the node groups. */
export function poolsOf(s: Groups): Set<string> {
  const label = s.cluster.poolLabel ?? GROUP_LABEL;
  const pools = new Set<string>();
  for (const g of s.cluster.nodeGroups) {
    const v = label === GROUP_LABEL ? g.name : g.labels[label];
    if (v !== undefined) pools.add(v);
  }
  return pools;
}

/** The field the value was written in: a defaulted one came from another (default from max, defaultRequest from default, max or min). */
function writtenField(lr: NonNullable<Tenant['limitRange']>, field: 'default' | 'defaultRequest' | 'max' | 'min', resource: string): string {
  const order = { default: ['default', 'max'], defaultRequest: ['defaultRequest', 'default', 'max', 'min'], max: ['max'], min: ['min'] }[field];
  return order.find((f) => lr[f as keyof typeof lr]?.[resource] !== undefined) ?? field;
}

export function tenantProblems(s: Groups): { message: string; path: (string | number)[] }[] {
  const out: { message: string; path: (string | number)[] }[] = [];
  const pools = poolsOf(s);
  const names = new Set<string>();
  (s.tenants ?? []).forEach((t, i) => {
    if (names.has(t.name)) out.push({ message: `duplicate tenant ${t.name}`, path: ['tenants', i, 'name'] });
    names.add(t.name);
    (t.pools ?? []).forEach((p, k) => {
      if (!pools.has(p)) out.push({ message: `unknown pool ${p}: no node group has ${s.cluster.poolLabel ?? GROUP_LABEL}=${p} (pools: ${[...pools].join(', ') || 'none'})`, path: ['tenants', i, 'pools', k] });
    });
    if (t.limitRange) {
      // Problems of values as written come first (a defaulted value's problem repeats one of the value it came from).
      const problems = limitRangeProblems(defaultedLimitRange(t.limitRange)).map(([field, resource, message]) => ({ message, path: ['tenants', i, 'limitRange', writtenField(t.limitRange!, field, resource), resource], own: t.limitRange![field]?.[resource] !== undefined }));
      for (const own of [true, false]) for (const p of problems) if (p.own === own) out.push({ message: p.message, path: p.path });
    }
  });
  return out;
}
