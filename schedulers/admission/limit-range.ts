/**
 * LimitRange of type Container, as upstream's LimitRanger admission plugin
 * (kubernetes plugin/pkg/admission/limitranger/admission.go) applies it:
 * a resource a container leaves unset takes `defaultRequest` (and its limit
 * `default`), then every container's request and limit are held to `min` and
 * `max`, with upstream's messages ("Maximum cpu usage per Container is 2, but
 * request is 4."). The item is first defaulted as the API server does
 * (pkg/apis/core/v1/defaults.go SetDefaults_LimitRangeItem: `default` from
 * `max`, `defaultRequest` from `default`, then from `min`) and validated as
 * ValidateLimitRange does (a max below its default is bad input).
 *
 * clusterlab jobs carry requests, not limits: every container's limit is
 * the item's `default` (so, after defaulting, at most `max`), and what `max`
 * rejects is a request above it. A job's task is one container, unless the
 * job lists its containers (`pod`): then each is defaulted and checked, and
 * the task's request is recomputed from them (upstream PodRequests).
 */
import { podRequests, type PodResources } from '../../workloads/pod-resources.ts';
import { quantityString, type LimitRangeSpec } from './tenant.ts';

type Amounts = Record<string, number>;

export interface LimitRangeItem {
  default: Amounts;
  defaultRequest: Amounts;
  max: Amounts;
  min: Amounts;
}

/** SetDefaults_LimitRangeItem for type Container. */
export function defaultedLimitRange(spec: LimitRangeSpec): LimitRangeItem {
  const item: LimitRangeItem = { default: { ...spec.default }, defaultRequest: { ...spec.defaultRequest }, max: { ...spec.max }, min: { ...spec.min } };
  for (const [r, v] of Object.entries(item.max)) if (!(r in item.default)) item.default[r] = v;
  for (const [r, v] of Object.entries(item.default)) if (!(r in item.defaultRequest)) item.defaultRequest[r] = v;
  for (const [r, v] of Object.entries(item.min)) if (!(r in item.defaultRequest)) item.defaultRequest[r] = v;
  return item;
}

/** ValidateLimitRange's checks of one defaulted item: [field, resource, message] of each problem. */
export function limitRangeProblems(item: LimitRangeItem): [keyof LimitRangeItem, string, string][] {
  const out: [keyof LimitRangeItem, string, string][] = [];
  const keys = [...new Set([...Object.keys(item.max), ...Object.keys(item.min), ...Object.keys(item.default), ...Object.keys(item.defaultRequest)])].sort();
  for (const r of keys) {
    const [min, max, def, req] = [item.min[r], item.max[r], item.default[r], item.defaultRequest[r]];
    const q = (v: number) => quantityString(r, v);
    if (min !== undefined && max !== undefined && min > max) out.push(['min', r, `min value ${q(min)} is greater than max value ${q(max)}`]);
    if (req !== undefined && min !== undefined && min > req) out.push(['defaultRequest', r, `min value ${q(min)} is greater than default request value ${q(req)}`]);
    if (req !== undefined && max !== undefined && req > max) out.push(['defaultRequest', r, `default request value ${q(req)} is greater than max value ${q(max)}`]);
    if (req !== undefined && def !== undefined && req > def) out.push(['defaultRequest', r, `default request value ${q(req)} is greater than default limit value ${q(def)}`]);
    if (def !== undefined && min !== undefined && min > def) out.push(['default', r, `min value ${q(min)} is greater than default value ${q(def)}`]);
    if (def !== undefined && max !== undefined && def > max) out.push(['default', r, `default value ${q(def)} is greater than max value ${q(max)}`]);
  }
  return out;
}

/** A container's requests with the unset ones filled in (mergeContainerResources); `filled` when any was. */
function withDefaults(request: Readonly<Amounts>, item: LimitRangeItem): { request: Amounts; filled: boolean } {
  let filled = false;
  const out: Amounts = { ...request };
  for (const [r, v] of Object.entries(item.defaultRequest)) {
    if (!(r in out)) {
      out[r] = v;
      filled = true;
    }
  }
  return { request: out, filled };
}

/** minConstraint and maxConstraint for one container (its limits being the item's defaults), in resource order. */
function violations(request: Readonly<Amounts>, item: LimitRangeItem, errors: string[]): void {
  const q = quantityString;
  for (const r of Object.keys(item.min).sort()) {
    const min = item.min[r]!;
    const req = request[r];
    const lim = item.default[r];
    if (req === undefined) errors.push(`Minimum ${r} usage per Container is ${q(r, min)}.  No request is specified.`);
    else if (req < min) errors.push(`Minimum ${r} usage per Container is ${q(r, min)}, but request is ${q(r, req)}.`);
    else if (lim !== undefined && lim < min) errors.push(`Minimum ${r} usage per Container is ${q(r, min)}, but limit is ${q(r, lim)}.`);
  }
  for (const r of Object.keys(item.max).sort()) {
    const max = item.max[r]!;
    const req = request[r];
    const lim = item.default[r];
    if (lim === undefined) errors.push(`Maximum ${r} usage per Container is ${q(r, max)}.  No limit is specified.`);
    else if (lim > max) errors.push(`Maximum ${r} usage per Container is ${q(r, max)}, but limit is ${q(r, lim)}.`);
    else if (req !== undefined && req > max) errors.push(`Maximum ${r} usage per Container is ${q(r, max)}, but request is ${q(r, req)}.`);
  }
}

export interface LimitRangeOutcome {
  /** The task's request after defaulting (the job's own object when nothing was filled in). */
  request: Readonly<Amounts>;
  pod: PodResources | undefined;
  defaulted: boolean;
  /** upstream's aggregate of the violations ("[a, b]" when more than one), or null. */
  error: string | null;
}

/** PodLimitFunc for a job's task: defaults, then the Container constraints. */
export function applyLimitRange(request: Readonly<Amounts>, pod: PodResources | undefined, item: LimitRangeItem): LimitRangeOutcome {
  const errors: string[] = [];
  let defaulted = false;
  let out: Readonly<Amounts> = request;
  let outPod = pod;
  if (pod) {
    const fill = (c: { request: Readonly<Amounts> }) => {
      const d = withDefaults(c.request, item);
      defaulted ||= d.filled;
      return { ...c, request: d.request };
    };
    const containers = pod.containers.map(fill);
    const initContainers = pod.initContainers?.map(fill);
    for (const c of containers) violations(c.request, item, errors);
    if (defaulted) {
      outPod = { ...pod, containers, ...(initContainers ? { initContainers } : {}) };
      out = podRequests(outPod);
    }
  } else {
    const d = withDefaults(request, item);
    defaulted = d.filled;
    if (defaulted) out = d.request;
    violations(out, item, errors);
  }
  const error = errors.length === 0 ? null : errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]`;
  return { request: out, pod: outPod, defaulted, error };
}

/**
 * A LimitRange document (`kind: LimitRange`, metadata.namespace, spec.limits)
 * of a KubeSchedulerConfiguration file: its Container item, quantities read
 * as upstream writes them ("500m", "2Gi") into clusterlab units. Pod and
 * PersistentVolumeClaim items are not modelled and are refused, as is an
 * item ValidateLimitRange would refuse. Returns the item, or a problem.
 */
export function limitRangeOfObject(o: Record<string, unknown>, quantity: (resource: string, value: unknown) => number | null): LimitRangeSpec | string {
  const limits = ((o.spec ?? {}) as Record<string, unknown>).limits;
  if (!Array.isArray(limits) || limits.length === 0) return 'spec.limits must be a non-empty list';
  let container: LimitRangeSpec | null = null;
  for (let i = 0; i < limits.length; i++) {
    const item = (limits[i] ?? {}) as Record<string, unknown>;
    if (item.type !== 'Container') return `spec.limits[${i}].type ${JSON.stringify(item.type)} is not modelled (only Container)`;
    if (container) return `spec.limits[${i}]: a second Container item (clusterlab models one per namespace)`;
    const spec: Record<string, Record<string, number>> = {};
    for (const field of ['default', 'defaultRequest', 'max', 'min'] as const) {
      const raw = item[field];
      if (raw === undefined) continue;
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return `spec.limits[${i}].${field} must be a mapping of resources`;
      const amounts: Record<string, number> = {};
      for (const [res, value] of Object.entries(raw)) {
        const q = quantity(res, value);
        if (q === null || !Number.isFinite(q) || q < 0) return `spec.limits[${i}].${field}.${res} is not a quantity: ${JSON.stringify(value)}`;
        amounts[res] = q;
      }
      spec[field] = amounts;
    }
    const problem = limitRangeProblems(defaultedLimitRange(spec))[0];
    if (problem) return `spec.limits[${i}].${problem[0]}.${problem[1]}: ${problem[2]}`;
    container = spec;
  }
  return container!;
}
