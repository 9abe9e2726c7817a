/**
 * Kubernetes snapshots: the output of `kubectl get nodes,pods -A -o json` (a
 * `List`), single objects in JSON, or YAML manifests (`---` separated) of
 * Nodes, Pods and their controllers. Read one object at a time (JSON items are
 * streamed, YAML documents parsed one by one), so memory holds the cluster and
 * the jobs, never the file. A file whose first non-blank character is `{` or
 * `[` is read as JSON, anything else as YAML.
 *
 * Node → cluster node: id = metadata.name; capacity = status.allocatable (what
 * the scheduler may use; status.capacity when allocatable is absent, counted
 * in repaired.allocatable_missing_capacity_used); labels = metadata.labels,
 * plus `clusterlab/gpu-model` from `alibabacloud.com/gpu-card-model` or
 * `nvidia.com/gpu.product`, and `topology.kubernetes.io/zone` from the
 * deprecated `failure-domain.beta.kubernetes.io/zone`; taints = spec.taints;
 * unschedulable = spec.unschedulable. A node without either map is dropped
 * (node_without_capacity).
 *
 * Resources (node capacities and pod requests) in canonical units: `cpu` in
 * cores (`100m` = 0.1), `memory`, `ephemeral-storage` and `hugepages-*` in MiB,
 * `nvidia.com/gpu`, `amd.com/gpu` and `alibabacloud.com/gpu-count` as `gpu`
 * (GPUs; a node with only `alibabacloud.com/gpu-milli` gets milli / 1000),
 * `alibabacloud.com/gpu-mem` in MiB, `pods` (the node's pod limit; every pod
 * requests 1), any other name as its plain quantity.
 *
 * Pod → canonical job of kind `pod`, one task: id = `<namespace>/<name>`;
 * tenant = namespace (`default` when absent); labels = metadata.labels;
 * request = upstream's PodRequests over the containers' `resources.requests`
 * (a resource with only a limit requests its limit, as the API server
 * defaults it): app containers and sidecars (init containers with
 * restartPolicy Always) summed, at least each init container's request plus
 * the sidecars started before it, plus spec.overhead, and `pods: 1`; the
 * containers themselves go in `pod` (workloads/pod-resources.ts) when there
 * are several, init containers or an overhead, for the scheduler's per-container
 * non-zero requests; GPU
 * sharing annotations (open-simulator and FGD conventions):
 * `alibabacloud.com/gpu-count` with `alibabacloud.com/gpu-milli` → gpu =
 * count × milli / 1000 and the device shape `gpu = {count, milli}`; with
 * `alibabacloud.com/gpu-mem` → request `alibabacloud.com/gpu-mem` = count ×
 * mem (MiB); alone → gpu = count. priority = spec.priority (0 when absent);
 * priorityClass = spec.priorityClassName; constraints = spec.nodeName (a
 * running pod's node), nodeSelector, tolerations, affinity,
 * topologySpreadConstraints, schedulerName (kept only when it is not
 * default-scheduler, the API server's default), as in the Pod spec;
 * logStatus = status.phase.
 * A snapshot is a state, not a history: every pod is submitted at time 0 in
 * file order and runs until the simulation ends (runtime and estimate
 * Infinity). Pods that already ended (phase Succeeded or Failed) hold nothing
 * and are dropped (pod_succeeded, pod_failed).
 *
 * Controllers become their pods, ids `<namespace>/<name>-<i>`: Deployment,
 * ReplicaSet, ReplicationController and StatefulSet (spec.replicas, default
 * 1), Job (spec.parallelism, default 1), from spec.template (GPU annotations
 * on the controller's own metadata are used when the template has none, as
 * open-simulator examples put them there); DaemonSet: one pod per node of the
 * snapshot that its pods may run on (nodeSelector, required node affinity,
 * NoSchedule and NoExecute taints they do not tolerate, as the DaemonSet
 * controller decides), bound to it by nodeName (daemonset_without_nodes when
 * the snapshot has no nodes). `List` objects are
 * read item by item. Namespace → its labels (workload.namespaces), which
 * the Kubernetes-style scheduler's namespaceSelector matches. Other kinds
 * are counted in dropped as `kind_<Kind>`.
 * Values of the wrong type (a label that is not a string, a bad toleration, a
 * quantity that does not parse) are errors naming the file, the line where
 * the object starts and the field path.
 */
import type { NodeSpec, Taint } from '../sim/cluster.ts';
import { InputError } from '../sim/errors.ts';
import { TolerationSchema, type Job } from '../workloads/job.ts';
import { podRequests, type PodResources } from '../workloads/pod-resources.ts';
import type { Workload } from '../workloads/workload.ts';
import { WorkloadBuilder } from './builder.ts';
import { JsonElements } from './json-stream.ts';
import { unknownTable, type TraceParser } from './parser.ts';
import { parseQuantity } from './quantity.ts';
import { YamlDocuments } from './yaml-docs.ts';
import { GPU_MODEL_LABEL } from './openb.ts';

export const KUBERNETES_TABLES = ['objects'] as const;

const MIB = 2 ** 20;
const GPU_COUNT = 'alibabacloud.com/gpu-count';
const GPU_MILLI = 'alibabacloud.com/gpu-milli';
const GPU_MEM = 'alibabacloud.com/gpu-mem';
const REPLICATED = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);
const TAINT_EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Canonical name and amount of a Kubernetes resource quantity, or null for names not mapped. */
function canonicalResource(name: string, amount: number): [string, number] | null {
  if (name === 'cpu') return ['cpu', amount];
  if (name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-') || name === GPU_MEM) return [name, amount / MIB];
  if (name === 'nvidia.com/gpu' || name === 'amd.com/gpu' || name === GPU_COUNT) return ['gpu', amount];
  if (name === GPU_MILLI) return null; // the node's GPU count says the same
  return [name, amount];
}

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
function mayRunOn(job: Job, node: NodeSpec): boolean {
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

/** Where in the input an object came from, for errors. */
interface Origin {
  file: string;
  line: number;
}

export class KubernetesParser implements TraceParser {
  private readonly out = new WorkloadBuilder('kubernetes');
  private readonly files: string[] = [];
  private mode: 'unknown' | 'json' | 'yaml' = 'unknown';
  private json: JsonElements | null = null;
  private yaml: YamlDocuments | null = null;
  private readonly nodes: NodeSpec[] = [];
  /** Node name → the file that listed it first. */
  private readonly nodeIds = new Map<string, string>();
  private readonly daemonSets: { obj: Obj; origin: Origin }[] = [];

  /**
   * `clusterNodes`: the nodes of the cluster simulated when it comes from
   * elsewhere (`--cluster`, a study's `cluster: file`). DaemonSets expand over
   * the nodes simulated: those when given, else the snapshot's own.
   */
  constructor(private readonly clusterNodes?: readonly NodeSpec[]) {}

  begin(file: string, table: string): void {
    if (table !== 'objects') throw unknownTable('kubernetes', table, KUBERNETES_TABLES, file);
    this.files.push(file);
    this.mode = 'unknown';
    this.json = new JsonElements(file, (v, line) => this.object(v, { file, line }));
    this.yaml = new YamlDocuments(file, (v, line) => this.object(v, { file, line }));
  }

  line(text: string, lineNo: number): void {
    if (this.mode === 'unknown') {
      const t = text.trimStart();
      if (t === '') return;
      this.mode = t.startsWith('{') || t.startsWith('[') ? 'json' : 'yaml';
    }
    if (this.mode === 'json') this.json!.line(text, lineNo);
    else this.yaml!.line(text, lineNo);
  }

  end(): void {
    if (this.mode === 'json') this.json!.end();
    else if (this.mode === 'yaml') this.yaml!.end();
  }

  finish(): Workload {
    for (const { obj, origin } of this.daemonSets) this.daemonSet(obj, origin);
    if (this.nodes.length > 0) {
      const resources: string[] = [];
      for (const node of this.nodes) for (const r of Object.keys(node.capacity)) if (!resources.includes(r)) resources.push(r);
      this.out.cluster = { resources, nodes: this.nodes };
    }
    return this.out.build(this.files);
  }

  private error(reason: string, origin: Origin, field?: string, value?: unknown): InputError {
    return new InputError(reason, {
      file: origin.file,
      line: origin.line,
      field,
      value: value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value),
    });
  }

  private object(value: unknown, origin: Origin): void {
    if (!isObject(value)) throw this.error('not a Kubernetes object (expected a mapping with apiVersion and kind)', origin, undefined, value);
    const kind = value.kind;
    if (typeof kind !== 'string' || kind === '') throw this.error('not a Kubernetes object: no kind', origin, 'kind', kind ?? 'missing');
    if (kind === 'List') {
      const items = value.items ?? [];
      if (!Array.isArray(items)) throw this.error('must be a list', origin, 'items', items);
      for (const item of items) this.object(item, origin);
      return;
    }
    this.out.count('objects');
    this.out.count(`objects.${kind}`);
    if (kind === 'Node') this.node(value, origin);
    else if (kind === 'Pod') this.pod(value, origin);
    else if (REPLICATED.has(kind) || kind === 'Job') this.controller(value, kind, origin);
    else if (kind === 'DaemonSet') this.daemonSets.push({ obj: value, origin });
    else if (kind === 'Namespace') this.namespace(value, origin);
    else this.out.drop(`kind_${kind}`);
  }

  /** Namespace → its labels (what a namespaceSelector matches; kubernetes.io/metadata.name is added by the scheduler). */
  private namespace(obj: Obj, origin: Origin): void {
    const meta = this.meta(obj, origin);
    const name = meta.name;
    if (typeof name !== 'string' || name === '') throw this.error('a Namespace needs metadata.name', origin, 'metadata.name', name ?? 'missing');
    if (Object.prototype.hasOwnProperty.call(this.out.namespaces, name)) throw this.error('namespace listed twice', origin, 'metadata.name', name);
    this.out.namespaces[name] = this.stringMap(meta.labels, origin, 'metadata.labels') ?? {};
  }

  private meta(obj: Obj, origin: Origin, path = 'metadata'): Obj {
    const m = obj.metadata ?? {};
    if (!isObject(m)) throw this.error('must be a mapping', origin, path, m);
    return m;
  }

  private name(meta: Obj, origin: Origin, path = 'metadata'): string {
    const name = meta.name;
    if (typeof name !== 'string' || name === '') throw this.error('missing name', origin, `${path}.name`, name ?? 'missing');
    return name;
  }

  private stringMap(v: unknown, origin: Origin, path: string): Record<string, string> | undefined {
    if (v === undefined || v === null) return undefined;
    if (!isObject(v)) throw this.error('must be a mapping of strings', origin, path, v);
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) {
      if (typeof x !== 'string') throw this.error('must be a string (quote it in YAML)', origin, `${path}.${k}`, x);
      out[k] = x;
    }
    return out;
  }

  private quantity(v: unknown, origin: Origin, path: string): number {
    const q = parseQuantity(v);
    if (q === null || q < 0) throw this.error('not a resource quantity', origin, path, v ?? 'missing');
    return q;
  }

  private node(obj: Obj, origin: Origin): void {
    const meta = this.meta(obj, origin);
    const id = this.name(meta, origin);
    if (this.nodeIds.has(id)) throw this.error(`node listed twice (first in ${this.nodeIds.get(id)})`, origin, 'metadata.name', id);
    const status = isObject(obj.status) ? obj.status : {};
    let source = 'status.allocatable';
    let map = status.allocatable;
    if (map === undefined || map === null) {
      source = 'status.capacity';
      map = status.capacity;
      if (map === undefined || map === null) return this.out.drop('node_without_capacity');
      this.out.repair('allocatable_missing_capacity_used');
    }
    if (!isObject(map)) throw this.error('must be a mapping of quantities', origin, source, map);
    const capacity: Record<string, number> = {};
    let milli: number | null = null;
    for (const [name, q] of Object.entries(map)) {
      const amount = this.quantity(q, origin, `${source}.${name}`);
      if (name === GPU_MILLI) milli = amount;
      const mapped = canonicalResource(name, amount);
      if (mapped) capacity[mapped[0]] = (capacity[mapped[0]] ?? 0) + mapped[1];
    }
    if (milli !== null && capacity.gpu === undefined) capacity.gpu = milli / 1000;
    const labels = { ...(this.stringMap(meta.labels, origin, 'metadata.labels') ?? {}) };
    const model = labels['alibabacloud.com/gpu-card-model'] ?? labels['nvidia.com/gpu.product'];
    if (model !== undefined && labels[GPU_MODEL_LABEL] === undefined) labels[GPU_MODEL_LABEL] = model;
    const oldZone = labels['failure-domain.beta.kubernetes.io/zone'];
    if (oldZone !== undefined && labels['topology.kubernetes.io/zone'] === undefined) labels['topology.kubernetes.io/zone'] = oldZone;
    const spec = isObject(obj.spec) ? obj.spec : {};
    const node: NodeSpec = { id, capacity };
    if (Object.keys(labels).length > 0) node.labels = labels;
    if (spec.taints !== undefined && spec.taints !== null) {
      if (!Array.isArray(spec.taints)) throw this.error('must be a list', origin, 'spec.taints', spec.taints);
      node.taints = spec.taints.map((t, i) => this.taint(t, origin, `spec.taints[${i}]`));
    }
    if (spec.unschedulable !== undefined && spec.unschedulable !== null) {
      if (typeof spec.unschedulable !== 'boolean') throw this.error('must be true or false', origin, 'spec.unschedulable', spec.unschedulable);
      if (spec.unschedulable) node.unschedulable = true;
    }
    this.nodeIds.set(id, origin.file);
    this.nodes.push(node);
  }

  private taint(t: unknown, origin: Origin, path: string): Taint {
    if (!isObject(t)) throw this.error('must be a mapping', origin, path, t);
    if (typeof t.key !== 'string' || t.key === '') throw this.error('missing key', origin, `${path}.key`, t.key ?? 'missing');
    if (typeof t.effect !== 'string' || !TAINT_EFFECTS.has(t.effect)) throw this.error('effect must be NoSchedule, PreferNoSchedule or NoExecute', origin, `${path}.effect`, t.effect ?? 'missing');
    const taint: Taint = { key: t.key, effect: t.effect as Taint['effect'] };
    if (t.value !== undefined && t.value !== null) {
      if (typeof t.value !== 'string') throw this.error('must be a string', origin, `${path}.value`, t.value);
      taint.value = t.value;
    }
    return taint;
  }

  private pod(obj: Obj, origin: Origin): void {
    const meta = this.meta(obj, origin);
    const name = this.name(meta, origin);
    const phase = isObject(obj.status) && typeof obj.status.phase === 'string' ? obj.status.phase : null;
    if (phase === 'Succeeded') return this.out.drop('pod_succeeded');
    if (phase === 'Failed') return this.out.drop('pod_failed');
    const spec = obj.spec;
    if (!isObject(spec)) throw this.error('missing pod spec', origin, 'spec', spec ?? 'missing');
    const job = this.podJob(meta, spec, origin, 'spec', null);
    job.id = `${job.tenant}/${name}`;
    job.logStatus = phase;
    this.out.jobs.push(job);
  }

  /** A controller's pods: `replicas` (or `parallelism`) copies of its template. */
  private controller(obj: Obj, kind: string, origin: Origin): void {
    const meta = this.meta(obj, origin);
    const name = this.name(meta, origin);
    const spec = obj.spec;
    if (!isObject(spec)) throw this.error('missing spec', origin, 'spec', spec ?? 'missing');
    const field = kind === 'Job' ? 'parallelism' : 'replicas';
    const count = spec[field] ?? 1;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw this.error('must be a non-negative integer', origin, `spec.${field}`, count);
    const { templateMeta, templateSpec } = this.template(spec, origin);
    const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
    for (let i = 0; i < count; i++) {
      const job = this.podJob({ ...templateMeta, namespace: templateMeta.namespace ?? namespace }, templateSpec, origin, 'spec.template.spec', meta);
      job.id = `${job.tenant}/${name}-${i}`;
      this.out.jobs.push(job);
    }
    if (count === 0) this.out.count(`objects.${kind}.zero_replicas`);
  }

  private template(spec: Obj, origin: Origin): { templateMeta: Obj; templateSpec: Obj } {
    const template = spec.template;
    if (!isObject(template)) throw this.error('missing pod template', origin, 'spec.template', template ?? 'missing');
    const templateSpec = template.spec;
    if (!isObject(templateSpec)) throw this.error('missing pod spec', origin, 'spec.template.spec', templateSpec ?? 'missing');
    return { templateMeta: this.meta(template, origin, 'spec.template.metadata'), templateSpec };
  }

  private daemonSet(obj: Obj, origin: Origin): void {
    const meta = this.meta(obj, origin);
    const name = this.name(meta, origin);
    const spec = obj.spec;
    if (!isObject(spec)) throw this.error('missing spec', origin, 'spec', spec ?? 'missing');
    const { templateMeta, templateSpec } = this.template(spec, origin);
    const nodes = this.clusterNodes ?? this.nodes;
    if (nodes.length === 0) return this.out.drop('daemonset_without_nodes');
    const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
    for (const node of nodes) {
      const job = this.podJob({ ...templateMeta, namespace: templateMeta.namespace ?? namespace }, templateSpec, origin, 'spec.template.spec', meta);
      if (!mayRunOn(job, node)) continue;
      job.id = `${job.tenant}/${name}-${node.id}`;
      job.constraints = { ...job.constraints, nodeName: node.id };
      this.out.jobs.push(job);
    }
  }

  /** The canonical job of one pod (id and status are set by the caller). */
  private podJob(meta: Obj, spec: Obj, origin: Origin, path: string, controllerMeta: Obj | null): Job {
    const resources = this.podResources(spec, origin, path);
    const request = podRequests(resources);
    request.pods = 1;
    const namespace = meta.namespace ?? 'default';
    if (typeof namespace !== 'string') throw this.error('must be a string', origin, 'metadata.namespace', namespace);
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
    const labels = this.stringMap(meta.labels, origin, 'metadata.labels');
    if (labels) job.labels = labels;
    // A single container without init containers or overhead: `request` says it all (and earlier files keep their bytes).
    if (resources.containers.length > 1 || resources.initContainers || resources.overhead) job.pod = resources;
    this.gpuAnnotations(job, meta, controllerMeta, origin);
    if (spec.priority !== undefined && spec.priority !== null) {
      if (typeof spec.priority !== 'number' || !Number.isInteger(spec.priority)) throw this.error('must be an integer', origin, `${path}.priority`, spec.priority);
      job.priority = spec.priority;
    }
    if (spec.priorityClassName !== undefined && spec.priorityClassName !== null) {
      if (typeof spec.priorityClassName !== 'string') throw this.error('must be a string', origin, `${path}.priorityClassName`, spec.priorityClassName);
      job.priorityClass = spec.priorityClassName;
    }
    const constraints: NonNullable<Job['constraints']> = {};
    if (spec.nodeName !== undefined && spec.nodeName !== null && spec.nodeName !== '') {
      if (typeof spec.nodeName !== 'string') throw this.error('must be a string', origin, `${path}.nodeName`, spec.nodeName);
      constraints.nodeName = spec.nodeName;
    }
    const selector = this.stringMap(spec.nodeSelector, origin, `${path}.nodeSelector`);
    if (selector) constraints.nodeSelector = selector;
    if (spec.tolerations !== undefined && spec.tolerations !== null) {
      if (!Array.isArray(spec.tolerations)) throw this.error('must be a list', origin, `${path}.tolerations`, spec.tolerations);
      constraints.tolerations = spec.tolerations.map((t, i) => {
        const parsed = TolerationSchema.safeParse(t);
        if (!parsed.success) {
          const issue = parsed.error.issues[0]!;
          const sub = issue.path.join('.');
          const bad = isObject(t) && issue.path.length > 0 ? t[String(issue.path[0])] : t;
          throw this.error(`bad toleration: ${issue.message}`, origin, `${path}.tolerations[${i}]${sub ? `.${sub}` : ''}`, bad ?? 'missing');
        }
        return parsed.data;
      });
    }
    if (spec.affinity !== undefined && spec.affinity !== null) {
      if (!isObject(spec.affinity)) throw this.error('must be a mapping', origin, `${path}.affinity`, spec.affinity);
      constraints.affinity = spec.affinity;
    }
    const spread = spec.topologySpreadConstraints;
    if (spread !== undefined && spread !== null) {
      if (!Array.isArray(spread) || !spread.every(isObject)) throw this.error('must be a list of mappings', origin, `${path}.topologySpreadConstraints`, spread);
      constraints.topologySpreadConstraints = spread;
    }
    // Only a name other than the API server's default is kept: absent means default-scheduler.
    if (spec.schedulerName !== undefined && spec.schedulerName !== null && spec.schedulerName !== '') {
      if (typeof spec.schedulerName !== 'string') throw this.error('must be a string', origin, `${path}.schedulerName`, spec.schedulerName);
      if (spec.schedulerName !== 'default-scheduler') constraints.schedulerName = spec.schedulerName;
    }
    if (Object.keys(constraints).length > 0) job.constraints = constraints;
    return job;
  }

  /** The pod's containers' requests (workloads/pod-resources.ts); initContainers and overhead only when present. */
  private podResources(spec: Obj, origin: Origin, path: string): PodResources {
    const containers = spec.containers;
    if (!Array.isArray(containers) || containers.length === 0) throw this.error('a pod needs at least one container', origin, `${path}.containers`, containers ?? 'missing');
    const out: PodResources = { containers: containers.map((c, i) => ({ request: this.containerRequest(c, origin, `${path}.containers[${i}]`) })) };
    const inits = spec.initContainers;
    if (inits !== undefined && inits !== null) {
      if (!Array.isArray(inits)) throw this.error('must be a list', origin, `${path}.initContainers`, inits);
      if (inits.length > 0) {
        out.initContainers = inits.map((c, i) => {
          const where = `${path}.initContainers[${i}]`;
          const request = this.containerRequest(c, origin, where);
          const policy = (c as Obj).restartPolicy;
          if (policy === undefined || policy === null) return { request };
          // Only Always is valid on an init container (API validation): a sidecar.
          if (policy !== 'Always') throw this.error('must be Always (a sidecar) or absent', origin, `${where}.restartPolicy`, policy);
          return { request, restartPolicy: 'Always' as const };
        });
      }
    }
    if (spec.overhead !== undefined && spec.overhead !== null) out.overhead = this.resourceMap(spec.overhead, origin, `${path}.overhead`);
    return out;
  }

  /** What one container requests: requests, and limits where no request is given. */
  private containerRequest(c: unknown, origin: Origin, path: string): Record<string, number> {
    if (!isObject(c)) throw this.error('must be a mapping', origin, path, c);
    const resources = c.resources ?? {};
    if (!isObject(resources)) throw this.error('must be a mapping', origin, `${path}.resources`, resources);
    const requests = resources.requests === undefined || resources.requests === null ? {} : this.resourceMap(resources.requests, origin, `${path}.resources.requests`);
    const limits = resources.limits === undefined || resources.limits === null ? {} : this.resourceMap(resources.limits, origin, `${path}.resources.limits`);
    return { ...limits, ...requests };
  }

  private resourceMap(v: unknown, origin: Origin, path: string): Record<string, number> {
    if (!isObject(v)) throw this.error('must be a mapping of quantities', origin, path, v);
    const out: Record<string, number> = {};
    for (const [name, q] of Object.entries(v)) {
      const mapped = canonicalResource(name, this.quantity(q, origin, `${path}.${name}`));
      if (mapped) out[mapped[0]] = (out[mapped[0]] ?? 0) + mapped[1];
    }
    return out;
  }

  private gpuAnnotations(job: Job, meta: Obj, controllerMeta: Obj | null, origin: Origin): void {
    const own = this.stringMap(meta.annotations, origin, 'metadata.annotations') ?? {};
    const fromController = controllerMeta ? (this.stringMap(controllerMeta.annotations, origin, 'metadata.annotations') ?? {}) : {};
    const annotations = own[GPU_COUNT] !== undefined ? own : fromController;
    const countText = annotations[GPU_COUNT];
    if (countText === undefined) return;
    const count = Number(countText);
    if (!/^\d+$/.test(countText) || !Number.isSafeInteger(count)) throw this.error('must be a non-negative integer', origin, `metadata.annotations.${GPU_COUNT}`, countText);
    if (count === 0) return;
    const milliText = annotations[GPU_MILLI];
    const memText = annotations[GPU_MEM];
    if (milliText !== undefined) {
      const milli = Number(milliText);
      if (!/^\d+$/.test(milliText) || milli < 1 || milli > 1000) throw this.error('must be an integer from 1 to 1000', origin, `metadata.annotations.${GPU_MILLI}`, milliText);
      job.request.gpu = (job.request.gpu ?? 0) + (count * milli) / 1000;
      job.gpu = { count, milli };
    } else if (memText !== undefined) {
      const mem = this.quantity(memText, origin, `metadata.annotations.${GPU_MEM}`);
      job.request[GPU_MEM] = (job.request[GPU_MEM] ?? 0) + (count * mem) / MIB;
    } else {
      job.request.gpu = (job.request.gpu ?? 0) + count;
      job.gpu = { count, milli: 1000 };
    }
  }
}
