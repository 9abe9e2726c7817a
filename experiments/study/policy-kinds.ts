/**
 * The kinds of policy a variant of an experiment combines, each checked
 * against its registry so that a typo fails when the config is loaded, with
 * the valid names.
 *
 * A variant names one policy per kind, as a bare name (`backfill: easy`) or as
 * `{name, params}`. The config schema, validation, resolution, runs.csv, the
 * `init` template and the docs all follow from this table:
 *
 *   kind        studies     registry                               default (trace studies)
 *   queue       both        schedulers/registry.ts queueOrders      fcfs
 *   backfill    both        backfills                               easy
 *   placement   both        placements                              first-fit
 *   scheduler   both        batch (queue + backfill + placement),   batch
 *                           kube (the Kubernetes-style scheduler; params: config, a
 *                           KubeSchedulerConfiguration file, and unschedulable)
 *   recovery    scenario    schedulers/recovery/registry.ts         -
 *   autoscaler  scenario    schedulers/scaling/registry.ts          -  (every service of the scenario)
 *   deployment  scenario    schedulers/deployment/registry.ts       -  (every service with a deployment)
 *   reconcile   scenario    schedulers/config/registry.ts           -  (the scenario's config section)
 *   expander    scenario    schedulers/scaling/expanders            -  (the cluster autoscaler's)
 *
 * In a trace or generator study every `trace` kind has its default. In a
 * scenario study (`scenario: FILE`) a kind a variant does not set keeps what
 * the scenario says; one it sets replaces that part of the scenario before the
 * scenario is validated (`applyToScenario`).
 */
import { z } from 'zod';
import { deploymentStrategies } from '../../schedulers/deployment/registry.ts';
import { reconcilePolicies } from '../../schedulers/config/registry.ts';
import type { PolicyRegistry } from '../../schedulers/control/registry.ts';
import { recoveryPolicies } from '../../schedulers/recovery/registry.ts';
import { backfills, placements, queueOrders } from '../../schedulers/registry.ts';
import { expanders } from '../../schedulers/scaling/expanders/registry.ts';
import { autoscalers } from '../../schedulers/scaling/registry.ts';

/** What the experiment layer needs to know about one policy: a description and its parameters. */
export interface PolicyInfo {
  readonly description: string;
  /** Schema of `params`; a policy without parameters accepts only `{}`. */
  readonly params?: z.ZodType;
}

/** A scenario document (YAML as parsed), changed in place by a variant's policies. */
export type ScenarioDoc = Record<string, unknown>;

export interface PolicyKind {
  /** The variant field, e.g. `backfill`. */
  readonly key: string;
  /** What the kind chooses, for help texts and errors. */
  readonly label: string;
  /** Where it applies: trace and generator studies, scenario studies, or both. */
  readonly studies: 'both' | 'scenario';
  /** The name used in trace studies when a variant does not choose; null when the kind is optional there. */
  readonly default: string | null;
  /** The registry, read when the config schema is built (so entries registered before that count). */
  entries(): ReadonlyMap<string, PolicyInfo>;
  /** Parameters that name files (relative to the config file): resolved, hashed as inputs. */
  readonly fileParams?: readonly string[];
  /** Sets this policy into a scenario document; returns an error message when the scenario has no place for it. */
  applyToScenario?(doc: ScenarioDoc, ref: PolicyRef): string | null;
}

const fromRegistry = <T, C>(registry: PolicyRegistry<T, C>) => (): ReadonlyMap<string, PolicyInfo> =>
  new Map(registry.all().map((e) => [e.name, { description: e.description, params: (e.params as z.ZodObject).strict() }]));

const object = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const asPolicy = (ref: PolicyRef) => ({ policy: ref.name, ...ref.params });

/** A batch piece (queue, backfill, placement) set into the scenario's scheduler. */
const batchPiece = (key: 'queue' | 'backfill' | 'placement') => (doc: ScenarioDoc, ref: PolicyRef) => {
  const s = object(doc.scheduler);
  if (s.kind === 'kube') return `the scenario's scheduler is kube; set \`scheduler: batch\` in this variant too to use a ${key}`;
  doc.scheduler = { ...s, [key]: ref.name };
  return null;
};

const UNSCHEDULABLE = z.enum(['auto', 'wait', 'reject']);

const SCHEDULERS: ReadonlyMap<string, PolicyInfo> = new Map([
  ['batch', { description: 'queue order + backfilling + placement (the other kinds of the variant)' }],
  [
    'kube',
    {
      description: 'the Kubernetes-style scheduler (filter and score plugins); params.config: a KubeSchedulerConfiguration file (default profile without), params.unschedulable: auto|wait|reject',
      params: z.strictObject({
        config: z.string().min(1).optional().describe('KubeSchedulerConfiguration (YAML or JSON), relative to the config file, as simulate --scheduler-config'),
        unschedulable: UNSCHEDULABLE.optional().describe('pods no node can take: wait, reject, or auto (reject when no running job will ever end); default auto, wait in scenarios'),
      }),
    },
  ],
]);

export const POLICY_KINDS: readonly PolicyKind[] = [
  { key: 'queue', label: 'queue order', studies: 'both', default: 'fcfs', entries: fromRegistry(queueOrders), applyToScenario: batchPiece('queue') },
  { key: 'backfill', label: 'backfill', studies: 'both', default: 'easy', entries: fromRegistry(backfills), applyToScenario: batchPiece('backfill') },
  { key: 'placement', label: 'placement', studies: 'both', default: 'first-fit', entries: fromRegistry(placements), applyToScenario: batchPiece('placement') },
  {
    key: 'scheduler',
    label: 'scheduler',
    studies: 'both',
    default: 'batch',
    entries: () => SCHEDULERS,
    fileParams: ['config'],
    applyToScenario(doc, ref) {
      const s = object(doc.scheduler);
      if (ref.name === 'batch') {
        const { config: _c, ...rest } = s;
        doc.scheduler = { ...rest, kind: 'batch' };
      } else {
        // The kube scheduler takes none of the batch pieces.
        doc.scheduler = { kind: 'kube', ...(ref.params.config !== undefined ? { config: ref.params.config } : {}), unschedulable: ref.params.unschedulable ?? s.unschedulable ?? 'wait' };
      }
      return null;
    },
  },
  {
    key: 'recovery',
    label: 'recovery policy',
    studies: 'scenario',
    default: null,
    entries: fromRegistry(recoveryPolicies),
    applyToScenario(doc, ref) {
      doc.recovery = asPolicy(ref);
      return null;
    },
  },
  {
    key: 'autoscaler',
    label: 'service autoscaler',
    studies: 'scenario',
    default: null,
    entries: fromRegistry(autoscalers),
    applyToScenario(doc, ref) {
      const services = Array.isArray(doc.services) ? doc.services : [];
      if (services.length === 0) return 'the scenario has no services to autoscale';
      doc.services = services.map((s) => ({ ...object(s), autoscaler: asPolicy(ref) }));
      return null;
    },
  },
  {
    key: 'deployment',
    label: 'deployment strategy',
    studies: 'scenario',
    default: null,
    entries: fromRegistry(deploymentStrategies),
    applyToScenario(doc, ref) {
      const services = Array.isArray(doc.services) ? doc.services.map(object) : [];
      if (!services.some((s) => s.deployment !== undefined)) return 'no service of the scenario has a deployment (when to roll out)';
      doc.services = services.map((s) => (s.deployment === undefined ? s : { ...s, deployment: { ...object(s.deployment), strategy: asPolicy(ref) } }));
      return null;
    },
  },
  {
    key: 'reconcile',
    label: 'configuration reconciler',
    studies: 'scenario',
    default: null,
    entries: fromRegistry(reconcilePolicies),
    applyToScenario(doc, ref) {
      if (doc.config === undefined) return 'the scenario has no config section (configuration management)';
      doc.config = { ...object(doc.config), reconcile: asPolicy(ref) };
      return null;
    },
  },
  {
    key: 'expander',
    label: 'cluster autoscaler expander',
    studies: 'scenario',
    default: null,
    entries: fromRegistry(expanders),
    applyToScenario(doc, ref) {
      if (doc.clusterAutoscaler === undefined) return 'the scenario has no clusterAutoscaler';
      doc.clusterAutoscaler = { ...object(doc.clusterAutoscaler), expander: ref.name };
      return null;
    },
  },
];

/**
 * A copy of a variant's policies with every file parameter (a kind's
 * `fileParams`, e.g. the kube scheduler's config) passed through `path`:
 * made absolute for the run, made relative again for its manifest.
 */
export function mapFileParams(policies: Record<string, PolicyRef>, path: (value: string) => string): Record<string, PolicyRef> {
  const out = structuredClone(policies);
  for (const kind of POLICY_KINDS) {
    const ref = out[kind.key];
    for (const p of kind.fileParams ?? []) if (ref && typeof ref.params[p] === 'string') ref.params[p] = path(ref.params[p] as string);
  }
  return out;
}

/** A policy as resolved: always `{name, params}`. */
export interface PolicyRef {
  name: string;
  params: Record<string, unknown>;
}

/** The input form of one kind's field: a name from the registry, or `{name, params}`. */
export function policyRefSchema(kind: PolicyKind): z.ZodType {
  const names = [...kind.entries().keys()] as [string, ...string[]];
  const where = kind.studies === 'scenario' ? ' (scenario studies only)' : '';
  const description = `${kind.label}${where}: ${[...kind.entries()].map(([n, e]) => `${n} (${e.description})`).join('; ')}`;
  const name = z.enum(names);
  return z
    .union([name, z.strictObject({ name, params: z.record(z.string(), z.unknown()).optional() })])
    .describe(description);
}

/**
 * Checks a policy's params against its own schema and returns them with
 * defaults applied, or the path and message of the first problem.
 */
export function checkParams(
  kind: PolicyKind,
  name: string,
  params: Record<string, unknown>,
): { ok: true; params: Record<string, unknown> } | { ok: false; path: (string | number)[]; message: string } {
  const info = kind.entries().get(name)!;
  const schema = info.params ?? z.strictObject({});
  const parsed = schema.safeParse(params);
  if (parsed.success) return { ok: true, params: parsed.data as Record<string, unknown> };
  const issue = parsed.error.issues[0]!;
  const path = issue.path as (string | number)[];
  if (issue.code === 'unrecognized_keys') {
    const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
    const valid = shape ? Object.keys(shape) : [];
    return { ok: false, path: [...path, issue.keys[0]!], message: `unknown parameter of ${kind.label} ${name}; ${valid.length ? `valid: ${valid.join(', ')}` : 'it takes none'}` };
  }
  return { ok: false, path, message: `${kind.label} ${name}: ${issue.message}` };
}

/** `easy` or `{name: 'easy'}` → `{name: 'easy', params: {}}`. */
export function normalizeRef(value: string | { name: string; params?: Record<string, unknown> }): PolicyRef {
  return typeof value === 'string' ? { name: value, params: {} } : { name: value.name, params: value.params ?? {} };
}
