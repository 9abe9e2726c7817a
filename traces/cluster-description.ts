/**
 * Cluster descriptions: a YAML or JSON file of node groups, expanded to the
 * canonical ClusterSpec (sim/cluster.ts). Validated with zod; an error names
 * the file, the line and the path of the bad field.
 *
 *   resources: [cpu, memory, gpu]      # optional: resource order (default: first seen)
 *   groups:
 *     - name: gpu-a100                 # nodes are named <name>-<i>, i from 0
 *       count: 16
 *       capacity: {cpu: 64, memory: 256Gi, gpu: 8}
 *       labels: {clusterlab/gpu-model: A100}
 *       taints: [{key: nvidia.com/gpu, value: present, effect: NoSchedule}]
 *       zones: [a, b]                  # failure domains: nodes go to the zones in turn (i mod zones)
 *       nodes_per_rack: 4              # racks within each zone, filled in node order
 *       unschedulable: false
 *   nodes:                             # and/or nodes one by one
 *     - {id: big-0, capacity: {cpu: 128, memory: 1048576}}
 *
 * Capacities are in canonical units (cpu in cores, memory in MiB, gpu in
 * GPUs); a string with a Kubernetes quantity suffix is read as Kubernetes
 * does (`500m` cpu = 0.5 cores; `256Gi` memory = 262,144 MiB, for memory,
 * ephemeral-storage and hugepages-*). Every node gets labels
 * `kubernetes.io/hostname` (its id) and, from a group, `clusterlab/node-group`
 * (the group name), `topology.kubernetes.io/zone` and `clusterlab/rack`
 * (`<group>-<zone>-r<k>`, or `<group>-r<k>` without zones) when given. Pure:
 * no Node dependency.
 */
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import type { ClusterSpec, NodeSpec } from '../sim/cluster.ts';
import { InputError } from '../sim/errors.ts';
import { parseQuantity } from './quantity.ts';

const Name = z.string().regex(/^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/, 'must be letters, digits, - _ . (starting and ending with a letter or digit)');
const Amount = z.union([z.number().finite().nonnegative(), z.string().min(1)]);
const Taint = z.object({ key: z.string().min(1), value: z.string().optional(), effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']) }).strict();
const Labels = z.record(z.string().min(1), z.string());

const Group = z
  .object({
    name: Name,
    count: z.number().int().positive(),
    capacity: z.record(z.string().min(1), Amount),
    labels: Labels.default({}),
    taints: z.array(Taint).default([]),
    unschedulable: z.boolean().default(false),
    zones: z.array(Name).min(1).optional(),
    nodes_per_rack: z.number().int().positive().optional(),
  })
  .strict();

const Node = z
  .object({
    id: Name,
    capacity: z.record(z.string().min(1), Amount),
    labels: Labels.default({}),
    taints: z.array(Taint).default([]),
    unschedulable: z.boolean().default(false),
  })
  .strict();

export const ClusterDescriptionSchema = z
  .object({
    kind: z.literal('ClusterDescription').optional(),
    resources: z.array(z.string().min(1)).min(1).optional(),
    groups: z.array(Group).default([]),
    nodes: z.array(Node).default([]),
  })
  .strict()
  .refine((d) => d.groups.length + d.nodes.length > 0, { message: 'a cluster needs at least one group or node' });

export type ClusterDescription = z.input<typeof ClusterDescriptionSchema>;

const MIB = 2 ** 20;
const SUFFIX = /[A-Za-z]$/;

/** Capacity in canonical units: numbers as they are, Kubernetes quantities converted. */
function amount(resource: string, value: number | string): number | null {
  if (typeof value === 'number') return value;
  const q = parseQuantity(value);
  if (q === null || q < 0) return null;
  const bytes = resource === 'memory' || resource === 'ephemeral-storage' || resource.startsWith('hugepages-');
  return bytes && SUFFIX.test(value.trim()) ? q / MIB : q;
}

/** Expands a description (already parsed from YAML or JSON) into a ClusterSpec. */
export function expandClusterDescription(value: unknown, file = '<cluster>', lineOf: (path: (string | number)[]) => number | undefined = () => undefined): ClusterSpec {
  const parsed = ClusterDescriptionSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path as (string | number)[];
    let bad: unknown = value;
    for (const key of path) bad = (bad as Record<string | number, unknown> | undefined)?.[key];
    throw new InputError(`bad cluster description: ${issue.message}`, {
      file,
      line: lineOf(path),
      field: path.join('.') || '(description)',
      value: bad === undefined ? undefined : JSON.stringify(bad),
    });
  }
  const d = parsed.data;
  const nodes: NodeSpec[] = [];
  const ids = new Set<string>();
  const capacityOf = (cap: Record<string, number | string>, path: (string | number)[]): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const [r, v] of Object.entries(cap)) {
      const x = amount(r, v);
      if (x === null) throw new InputError('bad cluster description: not a quantity', { file, line: lineOf([...path, r]), field: [...path, r].join('.'), value: JSON.stringify(v) });
      out[r] = x;
    }
    return out;
  };
  const add = (node: NodeSpec, path: (string | number)[]) => {
    if (ids.has(node.id)) throw new InputError('bad cluster description: duplicate node id', { file, line: lineOf(path), field: path.join('.'), value: node.id });
    ids.add(node.id);
    nodes.push(node);
  };
  d.groups.forEach((g, gi) => {
    const capacity = capacityOf(g.capacity, ['groups', gi, 'capacity']);
    const zones = g.zones ?? null;
    const inZone = new Map<string, number>();
    for (let i = 0; i < g.count; i++) {
      const id = `${g.name}-${i}`;
      const labels: Record<string, string> = { 'kubernetes.io/hostname': id, 'clusterlab/node-group': g.name };
      let domain = g.name;
      if (zones) {
        const zone = zones[i % zones.length]!;
        labels['topology.kubernetes.io/zone'] = zone;
        domain = `${g.name}-${zone}`;
      }
      if (g.nodes_per_rack) {
        const k = inZone.get(domain) ?? 0;
        inZone.set(domain, k + 1);
        labels['clusterlab/rack'] = `${domain}-r${Math.floor(k / g.nodes_per_rack)}`;
      }
      Object.assign(labels, g.labels);
      const node: NodeSpec = { id, capacity, labels };
      if (g.taints.length > 0) node.taints = g.taints;
      if (g.unschedulable) node.unschedulable = true;
      add(node, ['groups', gi, 'name']);
    }
  });
  d.nodes.forEach((n, ni) => {
    const node: NodeSpec = { id: n.id, capacity: capacityOf(n.capacity, ['nodes', ni, 'capacity']), labels: { 'kubernetes.io/hostname': n.id, ...n.labels } };
    if (n.taints.length > 0) node.taints = n.taints;
    if (n.unschedulable) node.unschedulable = true;
    add(node, ['nodes', ni, 'id']);
  });
  if (d.resources) {
    for (const node of nodes) {
      for (const r of Object.keys(node.capacity)) {
        if (!d.resources.includes(r)) throw new InputError(`bad cluster description: resource ${r} of node ${node.id} is not in resources`, { file, field: 'resources', value: d.resources.join(',') });
      }
    }
    return { resources: d.resources, nodes };
  }
  return { nodes };
}

/** Parses the text of a description (YAML or JSON) and expands it; errors give the line of the bad field. */
export function parseClusterDescription(text: string, file = '<cluster>'): ClusterSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  const problem = doc.errors[0];
  if (problem) {
    const pos = problem.linePos?.[0];
    throw new InputError(`not valid YAML or JSON: ${problem.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')}`, { file, line: pos?.line, column: pos?.col });
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    throw new InputError(`not valid YAML: ${(err as Error).message}`, { file });
  }
  const lineOf = (path: (string | number)[]): number | undefined => {
    for (let n = path.length; n >= 0; n--) {
      const node = doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
      if (node && typeof node === 'object' && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };
  return expandClusterDescription(value, file, lineOf);
}
