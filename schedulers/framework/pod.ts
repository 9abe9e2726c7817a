/**
 * What the plugins know about a pod: the canonical job (workloads/job.ts) seen
 * as a Kubernetes pod. A job of k tasks is k identical pods (replicas) that the
 * scheduler places together, all or nothing. The namespace is the job's tenant
 * ("default" when it has none), as Kubernetes namespaces carry quotas.
 * Affinity and topology spread constraints keep their Pod spec shapes; they are
 * parsed once here, and a malformed one is an error naming the job.
 */
import { InputError } from '../../sim/errors.ts';
import type { JobTable } from '../../sim/jobs.ts';
import type { Job } from '../../workloads/job.ts';
import { mapPodResources, podRequests } from '../../workloads/pod-resources.ts';
import {
  listOf,
  matchesSelector,
  objectOf,
  parseLabelSelector,
  parseNodeSelectorTerm,
  type LabelSelector,
  type Labels,
  type NodeSelectorTerm,
  type Requirement,
} from './selectors.ts';
import { DEFAULT_MEMORY_REQUEST, DEFAULT_MILLI_CPU_REQUEST, toUpstream } from './units.ts';

export interface Toleration {
  key?: string;
  operator: 'Equal' | 'Exists';
  value?: string;
  effect?: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';
}

export interface PodAffinityTerm {
  /** The labelSelector with matchLabelKeys (In) and mismatchLabelKeys (NotIn) merged in from the owner's labels. */
  selector: LabelSelector | null;
  /** Namespaces the term looks at; with no namespaceSelector either, the owner's own namespace. */
  namespaces: readonly string[];
  /** Namespaces by their labels (`{}`: all); null when not given. */
  namespaceSelector: LabelSelector | null;
  topologyKey: string;
}

export interface WeightedPodAffinityTerm {
  weight: number;
  term: PodAffinityTerm;
}

export interface SpreadConstraint {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  selector: LabelSelector | null;
  minDomains: number;
  /** Node inclusion policies (upstream defaults Honor and Ignore). */
  nodeAffinityPolicy: 'Honor' | 'Ignore';
  nodeTaintsPolicy: 'Honor' | 'Ignore';
}

export interface PodInfo {
  readonly job: number;
  readonly id: string;
  readonly namespace: string;
  readonly labels: Labels;
  readonly priority: number;
  readonly priorityClass: string | undefined;
  readonly preemptionPolicy: 'PreemptLowerPriority' | 'Never';
  readonly submit: number;
  /** Pods (tasks) of the job, placed together. */
  readonly tasks: number;
  /** Per-pod request in upstream integer units, indexed like the cluster's resources. */
  readonly requests: Float64Array;
  /** Non-zero requests (upstream defaults for each container without a cpu/memory request, nonZeroRequests) used by the scoring strategies. */
  readonly nonZeroMilliCpu: number;
  readonly nonZeroMemory: number;
  /** GPU device shape per pod, or undefined. */
  readonly gpu: { readonly count: number; readonly milli: number } | undefined;
  /** GPU models the pod accepts (constraints.gpuModels), or undefined for any. */
  readonly gpuModels: readonly string[] | undefined;
  readonly nodeName: string | undefined;
  readonly nodeSelector: Labels | undefined;
  readonly tolerations: readonly Toleration[];
  readonly requiredNodeAffinity: readonly NodeSelectorTerm[] | null;
  readonly preferredNodeAffinity: readonly { weight: number; term: NodeSelectorTerm }[];
  readonly requiredAffinity: readonly PodAffinityTerm[];
  readonly requiredAntiAffinity: readonly PodAffinityTerm[];
  readonly preferredAffinity: readonly WeightedPodAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedPodAffinityTerm[];
  /** The pod's own constraints (empty when it has none; the plugin then applies the defaults). */
  readonly spreadConstraints: readonly SpreadConstraint[];
  readonly tenant: string | undefined;
  /** The profile that schedules the pod (spec.schedulerName; default-scheduler when absent). */
  readonly schedulerName: string;
  readonly gang: { readonly name: string; readonly minMember: number; readonly timeout?: number } | undefined;
}

/** Builds the PodInfo of job `j`. */
export function podInfoOf(j: number, jobs: JobTable): PodInfo {
  const job = jobs.input[j] as Partial<Job> & { id: string; request: Readonly<Record<string, number>> };
  const where = `job ${JSON.stringify(job.id)}`;
  const c = job.constraints ?? {};
  const R = jobs.resources.length;
  const requests = new Float64Array(R);
  jobs.resources.forEach((name, r) => (requests[r] = toUpstream(name, jobs.request[j * R + r]!)));
  const nonZero = nonZeroRequests(job, where);
  const labels = job.labels ?? {};
  const aff = c.affinity ? affinityOf(c.affinity, where, labels) : noAffinity();
  const spreadConstraints = (c.topologySpreadConstraints ?? []).map((s, i) => parseSpread(s, `${where}: topologySpreadConstraints[${i}]`, labels));
  const pc = job.priorityClass;
  return {
    job: j,
    id: job.id,
    namespace: job.tenant ?? 'default',
    labels,
    priority: jobs.priority[j]!,
    priorityClass: pc,
    preemptionPolicy: 'PreemptLowerPriority',
    submit: jobs.submit[j]!,
    tasks: jobs.tasks[j]!,
    requests,
    nonZeroMilliCpu: nonZero.cpu,
    nonZeroMemory: nonZero.memory,
    gpu: jobs.gpuCount[j]! > 0 ? { count: jobs.gpuCount[j]!, milli: jobs.gpuMilli[j]! } : undefined,
    gpuModels: c.gpuModels && c.gpuModels.length > 0 ? c.gpuModels : undefined,
    nodeName: c.nodeName,
    nodeSelector: c.nodeSelector,
    tolerations: (c.tolerations ?? []) as Toleration[],
    ...aff,
    spreadConstraints,
    tenant: job.tenant,
    schedulerName: c.schedulerName ?? 'default-scheduler',
    gang: job.gang,
  };
}

type AffinityFields = Pick<PodInfo, 'requiredNodeAffinity' | 'preferredNodeAffinity' | 'requiredAffinity' | 'requiredAntiAffinity' | 'preferredAffinity' | 'preferredAntiAffinity'>;

/** A pod without constraints.affinity (most pods: no parsing, no error texts built). */
const noAffinity = (): AffinityFields => ({ requiredNodeAffinity: null, preferredNodeAffinity: [], requiredAffinity: [], requiredAntiAffinity: [], preferredAffinity: [], preferredAntiAffinity: [] });

/** constraints.affinity read as upstream's Affinity (node, pod and pod anti-affinity); errors name `where`. */
function affinityOf(raw: unknown, where: string, labels: Readonly<Record<string, string>>): AffinityFields {
  const affinity = onlyKeys(objectOf(raw, `${where}: constraints.affinity`), AFFINITY_KEYS, `${where}: constraints.affinity`);
  const DURING = ['requiredDuringSchedulingIgnoredDuringExecution', 'preferredDuringSchedulingIgnoredDuringExecution'];
  const nodeAff = affinity.nodeAffinity ? onlyKeys(objectOf(affinity.nodeAffinity, `${where}: nodeAffinity`), DURING, `${where}: nodeAffinity`) : {};
  let requiredNodeAffinity: NodeSelectorTerm[] | null = null;
  const req = nodeAff.requiredDuringSchedulingIgnoredDuringExecution;
  if (req !== undefined && req !== null) {
    const o = objectOf(req, `${where}: nodeAffinity.required`);
    requiredNodeAffinity = listOf(o.nodeSelectorTerms, `${where}: nodeSelectorTerms`).map((t, i) => parseNodeSelectorTerm(t, `${where}: nodeSelectorTerms[${i}]`));
  }
  const preferredNodeAffinity = listOf(nodeAff.preferredDuringSchedulingIgnoredDuringExecution, `${where}: nodeAffinity.preferred`).map((p, i) => {
    const o = objectOf(p, `${where}: nodeAffinity.preferred[${i}]`);
    return { weight: weightOf(o.weight, `${where}: nodeAffinity.preferred[${i}].weight`), term: parseNodeSelectorTerm(o.preference, `${where}: nodeAffinity.preferred[${i}].preference`) };
  });
  const podAff = affinity.podAffinity ? onlyKeys(objectOf(affinity.podAffinity, `${where}: podAffinity`), DURING, `${where}: podAffinity`) : {};
  const podAnti = affinity.podAntiAffinity ? onlyKeys(objectOf(affinity.podAntiAffinity, `${where}: podAntiAffinity`), DURING, `${where}: podAntiAffinity`) : {};
  const terms = (v: unknown, w: string) => listOf(v, w).map((t, i) => parsePodAffinityTerm(t, `${w}[${i}]`, labels));
  const weighted = (v: unknown, w: string) =>
    listOf(v, w).map((t, i) => {
      const o = onlyKeys(objectOf(t, `${w}[${i}]`), ['weight', 'podAffinityTerm'], `${w}[${i}]`);
      return { weight: weightOf(o.weight, `${w}[${i}].weight`), term: parsePodAffinityTerm(o.podAffinityTerm, `${w}[${i}].podAffinityTerm`, labels) };
    });
  return {
    requiredNodeAffinity,
    preferredNodeAffinity,
    requiredAffinity: terms(podAff.requiredDuringSchedulingIgnoredDuringExecution, `${where}: podAffinity.required`),
    requiredAntiAffinity: terms(podAnti.requiredDuringSchedulingIgnoredDuringExecution, `${where}: podAntiAffinity.required`),
    preferredAffinity: weighted(podAff.preferredDuringSchedulingIgnoredDuringExecution, `${where}: podAffinity.preferred`),
    preferredAntiAffinity: weighted(podAnti.preferredDuringSchedulingIgnoredDuringExecution, `${where}: podAntiAffinity.preferred`),
  };
}

const NON_MISSING = { cpu: DEFAULT_MILLI_CPU_REQUEST, memory: DEFAULT_MEMORY_REQUEST };

/**
 * The non-zero cpu (millicores) and memory (bytes) requests the scoring
 * strategies use (upstream calculatePodResourceRequest: PodRequests with
 * NonMissingContainerRequests), from the containers when the job keeps them
 * (job.pod), else with the job as one container. Computed in upstream integer
 * units, container by container, so sums are exact. A job whose containers
 * do not add up to its cpu or memory request is an error naming it.
 */
function nonZeroRequests(job: Partial<Job> & { request: Readonly<Record<string, number>> }, where: string): { cpu: number; memory: number } {
  if (!job.pod) {
    // One container, the job's request: its amount where set (even 0), else the default (podRequests' answer, without its lists).
    const own = (r: 'cpu' | 'memory') => (Object.prototype.hasOwnProperty.call(job.request, r) ? toUpstream(r, job.request[r]!) : NON_MISSING[r]);
    return { cpu: own('cpu'), memory: own('memory') };
  }
  const toInts = (list: Readonly<Record<string, number>>) => {
    const out: Record<string, number> = {};
    for (const r of ['cpu', 'memory']) if (Object.prototype.hasOwnProperty.call(list, r)) out[r] = toUpstream(r, list[r]!);
    return out;
  };
  const pod = job.pod ? mapPodResources(job.pod, toInts) : { containers: [{ request: toInts(job.request) }] };
  if (job.pod) {
    const actual = podRequests(pod);
    // Each container was rounded to an integer on its own: allow one unit per list.
    const slack = pod.containers.length + (pod.initContainers?.length ?? 0) + 1;
    for (const r of ['cpu', 'memory']) {
      const want = toUpstream(r, job.request[r] ?? 0);
      if (Math.abs((actual[r] ?? 0) - want) > slack) throw new InputError(`${where}: pod containers request ${actual[r] ?? 0} ${r === 'cpu' ? 'millicores' : 'bytes'} of ${r} in all, but request.${r} is ${want}`);
    }
  }
  const nonZero = podRequests(pod, NON_MISSING);
  return { cpu: nonZero.cpu ?? 0, memory: nonZero.memory ?? 0 };
}

function weightOf(v: unknown, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > 100) throw new InputError(`${where} must be an integer in 1..100, got ${JSON.stringify(v)}`);
  return v;
}

const AFFINITY_KEYS = ['nodeAffinity', 'podAffinity', 'podAntiAffinity'];
const TERM_KEYS = ['labelSelector', 'namespaces', 'namespaceSelector', 'topologyKey', 'matchLabelKeys', 'mismatchLabelKeys'];
const SPREAD_KEYS = ['maxSkew', 'topologyKey', 'whenUnsatisfiable', 'labelSelector', 'minDomains', 'nodeAffinityPolicy', 'nodeTaintsPolicy', 'matchLabelKeys'];

/** Fields of the Pod spec objects clusterlab reads: anything else is an error, never silently ignored. */
function onlyKeys(o: Record<string, unknown>, allowed: readonly string[], where: string): Record<string, unknown> {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) throw new InputError(`${where}: unknown field ${k}; valid: ${allowed.join(', ')}`);
  return o;
}

/**
 * matchLabelKeys / mismatchLabelKeys (upstream merges them into the selector
 * when the pod is created): for each key the owner pod has, `key In (value)`
 * or `key NotIn (value)`; keys it lacks are ignored. They need a labelSelector
 * and may not repeat one of its keys (API validation).
 */
function mergeLabelKeys(selector: LabelSelector | null, o: Record<string, unknown>, labels: Labels, where: string, keys: readonly ('matchLabelKeys' | 'mismatchLabelKeys')[]): LabelSelector | null {
  const extra: Requirement[] = [];
  for (const field of keys) {
    const list = listOf(o[field], `${where}.${field}`).map((k, i) => {
      if (typeof k !== 'string' || k === '') throw new InputError(`${where}.${field}[${i}] must be a non-empty string`);
      return k;
    });
    if (list.length === 0) continue;
    if (!selector) throw new InputError(`${where}.${field} needs a labelSelector`);
    for (const k of list) {
      if (selector.requirements.some((r) => r.key === k)) throw new InputError(`${where}.${field}: ${k} is also a key of the labelSelector`);
      if (Object.prototype.hasOwnProperty.call(labels, k)) extra.push({ key: k, operator: field === 'matchLabelKeys' ? 'In' : 'NotIn', values: [labels[k]!] });
    }
  }
  return extra.length === 0 || !selector ? selector : { requirements: [...selector.requirements, ...extra] };
}

function parsePodAffinityTerm(value: unknown, where: string, labels: Labels): PodAffinityTerm {
  const o = onlyKeys(objectOf(value, where), TERM_KEYS, where);
  if (typeof o.topologyKey !== 'string' || o.topologyKey === '') throw new InputError(`${where}.topologyKey must be a non-empty string`);
  const namespaces = listOf(o.namespaces, `${where}.namespaces`).map(String);
  const selector = mergeLabelKeys(parseLabelSelector(o.labelSelector, `${where}.labelSelector`), o, labels, where, ['matchLabelKeys', 'mismatchLabelKeys']);
  return { selector, namespaces, namespaceSelector: parseLabelSelector(o.namespaceSelector, `${where}.namespaceSelector`), topologyKey: o.topologyKey };
}

function parseSpread(value: unknown, where: string, labels: Labels): SpreadConstraint {
  const o = onlyKeys(objectOf(value, where), SPREAD_KEYS, where);
  const maxSkew = o.maxSkew;
  if (typeof maxSkew !== 'number' || !Number.isInteger(maxSkew) || maxSkew < 1) throw new InputError(`${where}.maxSkew must be a positive integer`);
  if (typeof o.topologyKey !== 'string' || o.topologyKey === '') throw new InputError(`${where}.topologyKey must be a non-empty string`);
  const w = o.whenUnsatisfiable;
  if (w !== 'DoNotSchedule' && w !== 'ScheduleAnyway') throw new InputError(`${where}.whenUnsatisfiable must be DoNotSchedule or ScheduleAnyway`);
  const minDomains = o.minDomains === undefined ? 1 : Number(o.minDomains);
  if (!Number.isInteger(minDomains) || minDomains < 1) throw new InputError(`${where}.minDomains must be a positive integer`);
  if (o.minDomains !== undefined && w !== 'DoNotSchedule') throw new InputError(`${where}.minDomains needs whenUnsatisfiable DoNotSchedule`);
  const policy = (field: string, dflt: 'Honor' | 'Ignore') => {
    const v = o[field] ?? dflt;
    if (v !== 'Honor' && v !== 'Ignore') throw new InputError(`${where}.${field} must be Honor or Ignore, got ${JSON.stringify(v)}`);
    return v;
  };
  const selector = mergeLabelKeys(parseLabelSelector(o.labelSelector, `${where}.labelSelector`), o, labels, where, ['matchLabelKeys']);
  return { maxSkew, topologyKey: o.topologyKey, whenUnsatisfiable: w, selector, minDomains, nodeAffinityPolicy: policy('nodeAffinityPolicy', 'Honor'), nodeTaintsPolicy: policy('nodeTaintsPolicy', 'Ignore') };
}

/**
 * Does pod `p` match `term` for a pod `owner` of the term? Namespaces: the
 * listed ones and those the namespaceSelector matches (`{}`: all), or the
 * owner's own when neither is given (upstream AffinityTerm.Matches).
 */
export function termMatches(term: PodAffinityTerm, ownerNamespace: string, p: PodInfo, labelsOfNamespace: (namespace: string) => Labels): boolean {
  const nsOk =
    term.namespaces.length === 0 && term.namespaceSelector === null
      ? p.namespace === ownerNamespace
      : term.namespaces.includes(p.namespace) || (term.namespaceSelector !== null && matchesSelector(term.namespaceSelector, labelsOfNamespace(p.namespace)));
  if (!nsOk) return false;
  const sel = term.selector;
  if (!sel) return false;
  for (const r of sel.requirements) {
    const has = Object.prototype.hasOwnProperty.call(p.labels, r.key);
    const v = has ? p.labels[r.key] : undefined;
    if (r.operator === 'In' && !(has && r.values.includes(v!))) return false;
    if (r.operator === 'NotIn' && has && r.values.includes(v!)) return false;
    if (r.operator === 'Exists' && !has) return false;
    if (r.operator === 'DoesNotExist' && has) return false;
    if (r.operator === 'Gt' || r.operator === 'Lt') return false;
  }
  return true;
}
