/**
 * The kinds of policy a variant of an experiment combines, each checked
 * against its registry so that a typo fails when the config is loaded, with
 * the valid names.
 *
 * A variant names one policy per kind, as a bare name (`backfill: easy`) or as
 * `{name, params}`. Today the kinds are the three pieces of a batch scheduler;
 * later kinds (framework profile, scaling, failure, recovery, deployment) slot
 * in by adding one entry to POLICY_KINDS: the config schema, validation,
 * resolution, runs.csv and the docs all follow from this table.
 */
import { z } from 'zod';
import { backfills, placements, queueOrders, type Entry } from '../schedulers/registry.ts';

/** What the experiment layer needs to know about one policy: a description and its parameters. */
export interface PolicyInfo {
  readonly description: string;
  /** Schema of `params`; a policy without parameters accepts only `{}`. */
  readonly params?: z.ZodType;
}

export interface PolicyKind {
  /** The variant field, e.g. `backfill`. */
  readonly key: string;
  /** What the kind chooses, for help texts and errors. */
  readonly label: string;
  /** The name used when a variant does not choose; null when the kind is optional (absent = not used). */
  readonly default: string | null;
  /** The registry, read when the config schema is built (so entries registered before that count). */
  entries(): ReadonlyMap<string, PolicyInfo>;
}

const fromScheduler = <T>(registry: ReadonlyMap<string, Entry<T>>) => (): ReadonlyMap<string, PolicyInfo> =>
  new Map([...registry].map(([name, e]) => [name, { description: e.description }]));

export const POLICY_KINDS: readonly PolicyKind[] = [
  { key: 'queue', label: 'queue order', default: 'fcfs', entries: fromScheduler(queueOrders) },
  { key: 'backfill', label: 'backfill', default: 'easy', entries: fromScheduler(backfills) },
  { key: 'placement', label: 'placement', default: 'first-fit', entries: fromScheduler(placements) },
  // Later: { key: 'profile', label: 'framework profile', default: null, entries: ... }, then
  // scaling, failure, recovery, deployment: each an entry here, with its registry.
];

/** A policy as resolved: always `{name, params}`. */
export interface PolicyRef {
  name: string;
  params: Record<string, unknown>;
}

/** The input form of one kind's field: a name from the registry, or `{name, params}`. */
export function policyRefSchema(kind: PolicyKind): z.ZodType {
  const names = [...kind.entries().keys()] as [string, ...string[]];
  const description = `${kind.label}: ${[...kind.entries()].map(([n, e]) => `${n} (${e.description})`).join('; ')}`;
  const name = z.enum(names);
  return z
    .union([name, z.strictObject({ name, params: z.record(z.string(), z.unknown()).optional() })])
    .describe(description);
}

/**
 * Checks a policy's params against its own schema and returns them with
 * defaults applied; throws a message (the caller adds the path) on error.
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
