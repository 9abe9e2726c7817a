/**
 * Kubernetes objects that shape scheduling besides the scheduler's own
 * configuration, read from the same file (extra YAML documents):
 *
 * - PriorityClass {metadata.name, value, globalDefault, preemptionPolicy}: a
 *   job's priorityClass takes the class's value (overriding its `priority`); a
 *   job without class takes the globalDefault class, if any.
 * - PodDisruptionBudget {metadata.namespace, spec.selector, minAvailable |
 *   maxUnavailable (integer or "N%")}: respected by preemption (victims that
 *   would violate a budget are chosen last, as upstream).
 * - ResourceQuota {metadata.namespace, spec.hard}: hard limits on the summed
 *   requests of the namespace's running pods (keys `requests.cpu` or `cpu`,
 *   `requests.memory` or `memory`, `requests.nvidia.com/gpu` or any resource
 *   name, `pods` or `count/pods`). Upstream enforces quotas when pods are
 *   created; in a simulation a pod over quota waits until the namespace's usage
 *   leaves room (as Kueue-style admission does), and is rejected if its
 *   request alone exceeds the quota.
 * - LimitRange {metadata.namespace, spec.limits: one item of type Container}:
 *   the namespace's defaults and bounds per container, applied by the
 *   admission step of scenario runs (schedulers/admission/limit-range.ts).
 * - Namespace {metadata.name, metadata.labels}: the labels affinity terms'
 *   namespaceSelector matches. Every namespace, listed or not, also has
 *   `kubernetes.io/metadata.name: <name>`, as the API server sets it.
 * Namespaces are clusterlab tenants ("default" for jobs without one).
 */
import { InputError } from '../../sim/errors.ts';
import { limitRangeOfObject } from '../admission/limit-range.ts';
import type { LimitRangeSpec } from '../admission/tenant.ts';
import { canonicalQuantity } from './quantity.ts';
import { parseLabelSelector, type LabelSelector } from './selectors.ts';
import { canonicalResource } from './units.ts';

export interface PriorityClass {
  name: string;
  value: number;
  globalDefault: boolean;
  preemptionPolicy: 'PreemptLowerPriority' | 'Never';
}

export interface PodDisruptionBudget {
  name: string;
  namespace: string;
  selector: LabelSelector | null;
  minAvailable?: number | string;
  maxUnavailable?: number | string;
}

export interface ResourceQuota {
  name: string;
  namespace: string;
  /** Hard limits in clusterlab units by canonical resource name; `pods` counts pods. */
  hard: Map<string, number>;
}

export interface Objects {
  priorityClasses: Map<string, PriorityClass>;
  pdbs: PodDisruptionBudget[];
  quotas: ResourceQuota[];
  /** Labels of the Namespace objects given, by name. */
  namespaces: Map<string, Readonly<Record<string, string>>>;
  /** The LimitRange of each namespace that has one. */
  limitRanges: Map<string, LimitRangeSpec>;
}

export function emptyObjects(): Objects {
  return { priorityClasses: new Map(), pdbs: [], quotas: [], namespaces: new Map(), limitRanges: new Map() };
}

/**
 * `objects` with the Namespace labels of a workload (a snapshot's Namespace
 * objects) added; a Namespace document of the scheduler configuration wins
 * over the snapshot's for the same name.
 */
export function withNamespaces(objects: Objects, namespaces: Readonly<Record<string, Readonly<Record<string, string>>>> | undefined): Objects {
  if (!namespaces) return objects;
  const merged = new Map(Object.entries(namespaces));
  for (const [name, labels] of objects.namespaces) merged.set(name, labels);
  return { ...objects, namespaces: merged };
}

/** A namespace's labels: those of its Namespace object, and the name label the API server sets on every namespace. */
export function namespaceLabels(objects: Objects, namespace: string): Readonly<Record<string, string>> {
  const own = objects.namespaces.get(namespace);
  return own ? { ...own, 'kubernetes.io/metadata.name': namespace } : { 'kubernetes.io/metadata.name': namespace };
}

function meta(o: Record<string, unknown>, kind: string, file: string): { name: string; namespace: string } {
  const m = (o.metadata ?? {}) as Record<string, unknown>;
  if (typeof m.name !== 'string' || m.name === '') throw new InputError(`${kind} without metadata.name`, { file });
  return { name: m.name, namespace: typeof m.namespace === 'string' ? m.namespace : 'default' };
}

export function parseObjects(docs: readonly Record<string, unknown>[], file = '<objects>'): Objects {
  const out = emptyObjects();
  for (const o of docs) {
    const kind = String(o.kind);
    const { name, namespace } = meta(o, kind, file);
    const where = `${kind} ${name}`;
    if (kind === 'PriorityClass') {
      if (typeof o.value !== 'number' || !Number.isInteger(o.value)) throw new InputError(`${where}: value must be an integer`, { file });
      const pp = o.preemptionPolicy ?? 'PreemptLowerPriority';
      if (pp !== 'PreemptLowerPriority' && pp !== 'Never') throw new InputError(`${where}: preemptionPolicy must be PreemptLowerPriority or Never`, { file });
      out.priorityClasses.set(name, { name, value: o.value, globalDefault: o.globalDefault === true, preemptionPolicy: pp });
    } else if (kind === 'PodDisruptionBudget') {
      const spec = (o.spec ?? {}) as Record<string, unknown>;
      const pdb: PodDisruptionBudget = { name, namespace, selector: parseLabelSelector(spec.selector ?? {}, `${where}: spec.selector`) };
      if (spec.minAvailable !== undefined) pdb.minAvailable = spec.minAvailable as number | string;
      if (spec.maxUnavailable !== undefined) pdb.maxUnavailable = spec.maxUnavailable as number | string;
      if ((pdb.minAvailable === undefined) === (pdb.maxUnavailable === undefined)) throw new InputError(`${where}: give exactly one of spec.minAvailable and spec.maxUnavailable`, { file });
      for (const key of ['minAvailable', 'maxUnavailable'] as const) {
        const v = pdb[key];
        const ok = v === undefined || (typeof v === 'number' && Number.isInteger(v) && v >= 0) || (typeof v === 'string' && /^\d+%$/.test(v));
        if (!ok) throw new InputError(`${where}: spec.${key} must be a non-negative integer or a percent ("50%"), got ${JSON.stringify(v)}`, { file });
      }
      out.pdbs.push(pdb);
    } else if (kind === 'ResourceQuota') {
      const spec = (o.spec ?? {}) as Record<string, unknown>;
      const hard = new Map<string, number>();
      for (const [key, value] of Object.entries((spec.hard ?? {}) as Record<string, unknown>)) {
        let res = key.startsWith('requests.') ? key.slice('requests.'.length) : key;
        if (res === 'count/pods') res = 'pods';
        if (key.startsWith('limits.')) continue; // limits are not simulated
        res = canonicalResource(res);
        const q = res === 'pods' ? Number(value) : canonicalQuantity(res, value);
        if (q === null || !Number.isFinite(q) || q < 0) throw new InputError(`${where}: spec.hard.${key} is not a quantity: ${JSON.stringify(value)}`, { file });
        hard.set(res, q);
      }
      out.quotas.push({ name, namespace, hard });
    } else if (kind === 'LimitRange') {
      if (out.limitRanges.has(namespace)) throw new InputError(`${where}: a second LimitRange in namespace ${namespace} (clusterlab models one per namespace)`, { file });
      const item = limitRangeOfObject(o, (res, value) => canonicalQuantity(canonicalResource(res), value));
      if (typeof item === 'string') throw new InputError(`${where}: ${item}`, { file });
      out.limitRanges.set(namespace, item);
    } else if (kind === 'Namespace') {
      if (out.namespaces.has(name)) throw new InputError(`${where}: listed twice`, { file });
      const raw = ((o.metadata ?? {}) as Record<string, unknown>).labels ?? {};
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new InputError(`${where}: metadata.labels must be a mapping`, { file });
      const labels: Record<string, string> = {};
      for (const [k, v] of Object.entries(raw)) {
        if (typeof v !== 'string') throw new InputError(`${where}: metadata.labels.${k} must be a string (quote it in YAML), got ${JSON.stringify(v)}`, { file });
        labels[k] = v;
      }
      out.namespaces.set(name, labels);
    }
  }
  return out;
}

/** An integer-or-percent value of a PDB against `total` pods: percents round up (as upstream's GetScaledValueFromIntOrPercent with roundUp). */
export function scaledValue(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  if (!m) return Number(v);
  return Math.ceil((Number(m[1]) * total) / 100);
}
