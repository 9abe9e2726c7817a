/**
 * One pod spec to a canonical job (traces/kubernetes.ts): its request
 * (upstream's PodRequests over its containers), labels, GPU sharing
 * annotations, priority and scheduling constraints; and where a DaemonSet's
 * pod may run.
 */
import type { NodeSpec } from '../sim/cluster.ts';
import { TolerationSchema, type Job } from '../workloads/job.ts';
import { podRequests, type PodResources } from '../workloads/pod-resources.ts';
import { GPU_COUNT, GPU_MEM, GPU_MILLI, isObject, kubeError, MIB, quantity, resourceMap, stringMap, type Obj, type Origin } from './kubernetes-values.ts';

/** A node selector requirement (node affinity matchExpressions) against a node's labels. */
function requirementHolds(req: unknown, labels: Readonly<Record<string, string>>): boolean {
  if (!isObject(req) || typeof req.key !== 'string') return false;
  const value = labels[req.key];
  const values = Array.isArray(req.values) ? req.values.map(String) : [];
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
      return value !== undefined && /^-?\d+$/.test(value) && Number(value) > Number(values[0]);
    case 'Lt':
      return value !== undefined && /^-?\d+$/.test(value) && Number(value) < Number(values[0]);
    default:
      return false;
  }
}

/**
 * Whether a DaemonSet's pod may run on `node`, as the DaemonSet controller
 * decides: its nodeSelector, its required node affinity (terms ORed,
 * expressions ANDed), and the node's NoSchedule and NoExecute taints, which
 * must be tolerated.
 */
export function mayRunOn(job: Job, node: NodeSpec): boolean {
  const labels = node.labels ?? {};
  const c = job.constraints ?? {};
  for (const [k, v] of Object.entries(c.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const na = (c.affinity as Obj | undefined)?.nodeAffinity;
  const required = isObject(na) ? na.requiredDuringSchedulingIgnoredDuringExecution : undefined;
  if (isObject(required) && Array.isArray(required.nodeSelectorTerms)) {
    const terms = required.nodeSelectorTerms;
    const anyTerm = terms.some((t) => isObject(t) && Array.isArray(t.matchExpressions) && t.matchExpressions.every((e) => requirementHolds(e, labels)));
    if (!anyTerm) return false;
  }
  for (const taint of node.taints ?? []) {
    if (taint.effect === 'PreferNoSchedule') continue;
    const tolerated = (c.tolerations ?? []).some(
      (t) => (t.key === undefined || t.key === taint.key) && (t.effect === undefined || t.effect === taint.effect) && (t.operator === 'Exists' || t.value === taint.value),
    );
    if (!tolerated) return false;
  }
  return true;
}

/** The canonical job of one pod (id and status are set by the caller). */
export function podJob(meta: Obj, spec: Obj, origin: Origin, path: string, controllerMeta: Obj | null): Job {
  const resources = podResources(spec, origin, path);
  const request = podRequests(resources);
  request.pods = 1;
  const namespace = meta.namespace ?? 'default';
  if (typeof namespace !== 'string') throw kubeError('must be a string', origin, 'metadata.namespace', namespace);
  const job: Job = {
    id: '',
    submit: 0,
    tasks: 1,
    request,
    runtime: Infinity,
    estimate: Infinity,
    priority: 0,
    user: null,
    group: null,
    queue: null,
    dependencies: [],
    logStatus: null,
    logWait: null,
    kind: 'pod',
    tenant: namespace,
  };
  const labels = stringMap(meta.labels, origin, 'metadata.labels');
  if (labels) job.labels = labels;
  // A single container without init containers or overhead: `request` says it all (and earlier files keep their bytes).
  if (resources.containers.length > 1 || resources.initContainers || resources.overhead) job.pod = resources;
  gpuAnnotations(job, meta, controllerMeta, origin);
  if (spec.priority !== undefined && spec.priority !== null) {
    if (typeof spec.priority !== 'number' || !Number.isInteger(spec.priority)) throw kubeError('must be an integer', origin, `${path}.priority`, spec.priority);
    job.priority = spec.priority;
  }
  if (spec.priorityClassName !== undefined && spec.priorityClassName !== null) {
    if (typeof spec.priorityClassName !== 'string') throw kubeError('must be a string', origin, `${path}.priorityClassName`, spec.priorityClassName);
    job.priorityClass = spec.priorityClassName;
  }
  const constraints: NonNullable<Job['constraints']> = {};
  if (spec.nodeName !== undefined && spec.nodeName !== null && spec.nodeName !== '') {
    if (typeof spec.nodeName !== 'string') throw kubeError('must be a string', origin, `${path}.nodeName`, spec.nodeName);
    constraints.nodeName = spec.nodeName;
  }
  const selector = stringMap(spec.nodeSelector, origin, `${path}.nodeSelector`);
  if (selector) constraints.nodeSelector = selector;
  if (spec.tolerations !== undefined && spec.tolerations !== null) {
    if (!Array.isArray(spec.tolerations)) throw kubeError('must be a list', origin, `${path}.tolerations`, spec.tolerations);
    constraints.tolerations = spec.tolerations.map((t, i) => {
      const parsed = TolerationSchema.safeParse(t);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const sub = issue.path.join('.');
        const bad = isObject(t) && issue.path.length > 0 ? t[String(issue.path[0])] : t;
        throw kubeError(`bad toleration: ${issue.message}`, origin, `${path}.tolerations[${i}]${sub ? `.${sub}` : ''}`, bad ?? 'missing');
      }
      return parsed.data;
    });
  }
  if (spec.affinity !== undefined && spec.affinity !== null) {
    if (!isObject(spec.affinity)) throw kubeError('must be a mapping', origin, `${path}.affinity`, spec.affinity);
    constraints.affinity = spec.affinity;
  }
  const spread = spec.topologySpreadConstraints;
  if (spread !== undefined && spread !== null) {
    if (!Array.isArray(spread) || !spread.every(isObject)) throw kubeError('must be a list of mappings', origin, `${path}.topologySpreadConstraints`, spread);
    constraints.topologySpreadConstraints = spread;
  }
  // Only a name other than the API server's default is kept: absent means default-scheduler.
  if (spec.schedulerName !== undefined && spec.schedulerName !== null && spec.schedulerName !== '') {
    if (typeof spec.schedulerName !== 'string') throw kubeError('must be a string', origin, `${path}.schedulerName`, spec.schedulerName);
    if (spec.schedulerName !== 'default-scheduler') constraints.schedulerName = spec.schedulerName;
  }
  if (Object.keys(constraints).length > 0) job.constraints = constraints;
  return job;
}

/** The pod's containers' requests (workloads/pod-resources.ts); initContainers and overhead only when present. */
export function podResources(spec: Obj, origin: Origin, path: string): PodResources {
  const containers = spec.containers;
  if (!Array.isArray(containers) || containers.length === 0) throw kubeError('a pod needs at least one container', origin, `${path}.containers`, containers ?? 'missing');
  const out: PodResources = { containers: containers.map((c, i) => ({ request: containerRequest(c, origin, `${path}.containers[${i}]`) })) };
  const inits = spec.initContainers;
  if (inits !== undefined && inits !== null) {
    if (!Array.isArray(inits)) throw kubeError('must be a list', origin, `${path}.initContainers`, inits);
    if (inits.length > 0) {
      out.initContainers = inits.map((c, i) => {
        const where = `${path}.initContainers[${i}]`;
        const request = containerRequest(c, origin, where);
        const policy = (c as Obj).restartPolicy;
        if (policy === undefined || policy === null) return { request };
        // Only Always is valid on an init container (API validation): a sidecar.
        if (policy !== 'Always') throw kubeError('must be Always (a sidecar) or absent', origin, `${where}.restartPolicy`, policy);
        return { request, restartPolicy: 'Always' as const };
      });
    }
  }
  if (spec.overhead !== undefined && spec.overhead !== null) out.overhead = resourceMap(spec.overhead, origin, `${path}.overhead`);
  return out;
}

/** What one container requests: requests, and limits where no request is given. */
export function containerRequest(c: unknown, origin: Origin, path: string): Record<string, number> {
  if (!isObject(c)) throw kubeError('must be a mapping', origin, path, c);
  const resources = c.resources ?? {};
  if (!isObject(resources)) throw kubeError('must be a mapping', origin, `${path}.resources`, resources);
  const requests = resources.requests === undefined || resources.requests === null ? {} : resourceMap(resources.requests, origin, `${path}.resources.requests`);
  const limits = resources.limits === undefined || resources.limits === null ? {} : resourceMap(resources.limits, origin, `${path}.resources.limits`);
  return { ...limits, ...requests };
}

export function gpuAnnotations(job: Job, meta: Obj, controllerMeta: Obj | null, origin: Origin): void {
  const own = stringMap(meta.annotations, origin, 'metadata.annotations') ?? {};
  const fromController = controllerMeta ? (stringMap(controllerMeta.annotations, origin, 'metadata.annotations') ?? {}) : {};
  const annotations = own[GPU_COUNT] !== undefined ? own : fromController;
  const countText = annotations[GPU_COUNT];
  if (countText === undefined) return;
  const count = Number(countText);
  if (!/^\d+$/.test(countText) || !Number.isSafeInteger(count)) throw kubeError('must be a non-negative integer', origin, `metadata.annotations.${GPU_COUNT}`, countText);
  if (count === 0) return;
  const milliText = annotations[GPU_MILLI];
  const memText = annotations[GPU_MEM];
  if (milliText !== undefined) {
    const milli = Number(milliText);
    if (!/^\d+$/.test(milliText) || milli < 1 || milli > 1000) throw kubeError('must be an integer from 1 to 1000', origin, `metadata.annotations.${GPU_MILLI}`, milliText);
    job.request.gpu = (job.request.gpu ?? 0) + (count * milli) / 1000;
    job.gpu = { count, milli };
  } else if (memText !== undefined) {
    const mem = quantity(memText, origin, `metadata.annotations.${GPU_MEM}`);
    job.request[GPU_MEM] = (job.request[GPU_MEM] ?? 0) + (count * mem) / MIB;
  } else {
    job.request.gpu = (job.request.gpu ?? 0) + count;
    job.gpu = { count, milli: 1000 };
  }
}
