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
import type { Workload } from '../workloads/workload.ts';
import { WorkloadBuilder } from './builder.ts';
import { JsonElements } from './json-stream.ts';
import { mayRunOn, podJob } from './kubernetes-pods.ts';
import { canonicalResource, GPU_MILLI, isObject, kubeError, metadataOf, objectName, quantity, stringMap, type Obj, type Origin } from './kubernetes-values.ts';
import { unknownTable, type TraceParser } from './parser.ts';
import { YamlDocuments } from './yaml-docs.ts';
import { GPU_MODEL_LABEL } from './openb.ts';

export const KUBERNETES_TABLES = ['objects'] as const;

const REPLICATED = new Set(['Deployment', 'ReplicaSet', 'ReplicationController', 'StatefulSet']);
const TAINT_EFFECTS = new Set(['NoSchedule', 'PreferNoSchedule', 'NoExecute']);

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

  private object(value: unknown, origin: Origin): void {
    if (!isObject(value)) throw kubeError('not a Kubernetes object (expected a mapping with apiVersion and kind)', origin, undefined, value);
    const kind = value.kind;
    if (typeof kind !== 'string' || kind === '') throw kubeError('not a Kubernetes object: no kind', origin, 'kind', kind ?? 'missing');
    if (kind === 'List') {
      const items = value.items ?? [];
      if (!Array.isArray(items)) throw kubeError('must be a list', origin, 'items', items);
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
    const meta = metadataOf(obj, origin);
    const name = meta.name;
    if (typeof name !== 'string' || name === '') throw kubeError('a Namespace needs metadata.name', origin, 'metadata.name', name ?? 'missing');
    if (Object.prototype.hasOwnProperty.call(this.out.namespaces, name)) throw kubeError('namespace listed twice', origin, 'metadata.name', name);
    this.out.namespaces[name] = stringMap(meta.labels, origin, 'metadata.labels') ?? {};
  }

  private node(obj: Obj, origin: Origin): void {
    const meta = metadataOf(obj, origin);
    const id = objectName(meta, origin);
    if (this.nodeIds.has(id)) throw kubeError(`node listed twice (first in ${this.nodeIds.get(id)})`, origin, 'metadata.name', id);
    const status = isObject(obj.status) ? obj.status : {};
    let source = 'status.allocatable';
    let map = status.allocatable;
    if (map === undefined || map === null) {
      source = 'status.capacity';
      map = status.capacity;
      if (map === undefined || map === null) return this.out.drop('node_without_capacity');
      this.out.repair('allocatable_missing_capacity_used');
    }
    if (!isObject(map)) throw kubeError('must be a mapping of quantities', origin, source, map);
    const capacity: Record<string, number> = {};
    let milli: number | null = null;
    for (const [name, q] of Object.entries(map)) {
      const amount = quantity(q, origin, `${source}.${name}`);
      if (name === GPU_MILLI) milli = amount;
      const mapped = canonicalResource(name, amount);
      if (mapped) capacity[mapped[0]] = (capacity[mapped[0]] ?? 0) + mapped[1];
    }
    if (milli !== null && capacity.gpu === undefined) capacity.gpu = milli / 1000;
    const labels = { ...(stringMap(meta.labels, origin, 'metadata.labels') ?? {}) };
    const model = labels['alibabacloud.com/gpu-card-model'] ?? labels['nvidia.com/gpu.product'];
    if (model !== undefined && labels[GPU_MODEL_LABEL] === undefined) labels[GPU_MODEL_LABEL] = model;
    const oldZone = labels['failure-domain.beta.kubernetes.io/zone'];
    if (oldZone !== undefined && labels['topology.kubernetes.io/zone'] === undefined) labels['topology.kubernetes.io/zone'] = oldZone;
    const spec = isObject(obj.spec) ? obj.spec : {};
    const node: NodeSpec = { id, capacity };
    if (Object.keys(labels).length > 0) node.labels = labels;
    if (spec.taints !== undefined && spec.taints !== null) {
      if (!Array.isArray(spec.taints)) throw kubeError('must be a list', origin, 'spec.taints', spec.taints);
      node.taints = spec.taints.map((t, i) => this.taint(t, origin, `spec.taints[${i}]`));
    }
    if (spec.unschedulable !== undefined && spec.unschedulable !== null) {
      if (typeof spec.unschedulable !== 'boolean') throw kubeError('must be true or false', origin, 'spec.unschedulable', spec.unschedulable);
      if (spec.unschedulable) node.unschedulable = true;
    }
    this.nodeIds.set(id, origin.file);
    this.nodes.push(node);
  }

  private taint(t: unknown, origin: Origin, path: string): Taint {
    if (!isObject(t)) throw kubeError('must be a mapping', origin, path, t);
    if (typeof t.key !== 'string' || t.key === '') throw kubeError('missing key', origin, `${path}.key`, t.key ?? 'missing');
    if (typeof t.effect !== 'string' || !TAINT_EFFECTS.has(t.effect)) throw kubeError('effect must be NoSchedule, PreferNoSchedule or NoExecute', origin, `${path}.effect`, t.effect ?? 'missing');
    const taint: Taint = { key: t.key, effect: t.effect as Taint['effect'] };
    if (t.value !== undefined && t.value !== null) {
      if (typeof t.value !== 'string') throw kubeError('must be a string', origin, `${path}.value`, t.value);
      taint.value = t.value;
    }
    return taint;
  }

  private pod(obj: Obj, origin: Origin): void {
    const meta = metadataOf(obj, origin);
    const name = objectName(meta, origin);
    const phase = isObject(obj.status) && typeof obj.status.phase === 'string' ? obj.status.phase : null;
    if (phase === 'Succeeded') return this.out.drop('pod_succeeded');
    if (phase === 'Failed') return this.out.drop('pod_failed');
    const spec = obj.spec;
    if (!isObject(spec)) throw kubeError('missing pod spec', origin, 'spec', spec ?? 'missing');
    const job = podJob(meta, spec, origin, 'spec', null);
    job.id = `${job.tenant}/${name}`;
    job.logStatus = phase;
    this.out.jobs.push(job);
  }

  /** A controller's pods: `replicas` (or `parallelism`) copies of its template. */
  private controller(obj: Obj, kind: string, origin: Origin): void {
    const meta = metadataOf(obj, origin);
    const name = objectName(meta, origin);
    const spec = obj.spec;
    if (!isObject(spec)) throw kubeError('missing spec', origin, 'spec', spec ?? 'missing');
    const field = kind === 'Job' ? 'parallelism' : 'replicas';
    const count = spec[field] ?? 1;
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0) throw kubeError('must be a non-negative integer', origin, `spec.${field}`, count);
    const { templateMeta, templateSpec } = this.template(spec, origin);
    const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
    for (let i = 0; i < count; i++) {
      const job = podJob({ ...templateMeta, namespace: templateMeta.namespace ?? namespace }, templateSpec, origin, 'spec.template.spec', meta);
      job.id = `${job.tenant}/${name}-${i}`;
      this.out.jobs.push(job);
    }
    if (count === 0) this.out.count(`objects.${kind}.zero_replicas`);
  }

  private template(spec: Obj, origin: Origin): { templateMeta: Obj; templateSpec: Obj } {
    const template = spec.template;
    if (!isObject(template)) throw kubeError('missing pod template', origin, 'spec.template', template ?? 'missing');
    const templateSpec = template.spec;
    if (!isObject(templateSpec)) throw kubeError('missing pod spec', origin, 'spec.template.spec', templateSpec ?? 'missing');
    return { templateMeta: metadataOf(template, origin, 'spec.template.metadata'), templateSpec };
  }

  private daemonSet(obj: Obj, origin: Origin): void {
    const meta = metadataOf(obj, origin);
    const name = objectName(meta, origin);
    const spec = obj.spec;
    if (!isObject(spec)) throw kubeError('missing spec', origin, 'spec', spec ?? 'missing');
    const { templateMeta, templateSpec } = this.template(spec, origin);
    const nodes = this.clusterNodes ?? this.nodes;
    if (nodes.length === 0) return this.out.drop('daemonset_without_nodes');
    const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
    for (const node of nodes) {
      const job = podJob({ ...templateMeta, namespace: templateMeta.namespace ?? namespace }, templateSpec, origin, 'spec.template.spec', meta);
      if (!mayRunOn(job, node)) continue;
      job.id = `${job.tenant}/${name}-${node.id}`;
      job.constraints = { ...job.constraints, nodeName: node.id };
      this.out.jobs.push(job);
    }
  }
}
