/**
 * Reading a scenario document: its variants applied (deep merge), each
 * validated with ScenarioSchema; errors name the path of the bad field
 * (`services[0].autoscaler.maxReplicas`), and the variant when in one. Pure.
 */
import type { z } from 'zod';
import { InputError } from '../../sim/errors.ts';
import { firstIssue, keysAt, nearest, valueAt } from '../../schedulers/framework/zod-issues.ts';
import { nowhere, type Locate } from './positions.ts';
import { ScenarioFileSchema, ScenarioSchema, type Scenario } from './schema.ts';

export interface ScenarioVariant {
  /** null when the file has no variants. */
  name: string | null;
  scenario: Scenario;
}

/**
 * Objects merged key by key (but a `{policy: ...}` object naming another
 * policy replaces the old one whole); lists of named objects (services, node
 * groups) merged item by item by `name` (new names appended); other arrays
 * and values replaced.
 */
export function deepMerge(base: unknown, patch: unknown): unknown {
  if (Array.isArray(base) && Array.isArray(patch) && isNamedList(base) && isNamedList(patch)) {
    const out = base.map((item) => {
      const p = patch.find((x) => x.name === item.name);
      return p ? deepMerge(item, p) : item;
    });
    for (const p of patch) if (!base.some((x) => x.name === p.name)) out.push(p);
    return out;
  }
  if (!isPlainObject(base) || !isPlainObject(patch)) return patch;
  // A policy replaced by another one takes none of the old one's parameters.
  if ('policy' in patch && patch.policy !== base.policy) return patch;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(patch)) out[k] = k in out ? deepMerge(out[k], v) : v;
  return out;
}

function isNamedList(xs: unknown[]): xs is ({ name: string } & Record<string, unknown>)[] {
  return xs.length > 0 && xs.every((x) => isPlainObject(x) && typeof x.name === 'string');
}

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out === '' ? String(p) : `.${String(p)}`;
  return out || '(top level)';
}

/**
 * An issue in words a config's author reads: a missing field is `required`, an
 * unknown one is named (a misspelt key also leaves a required one missing, so it
 * is reported first) with the nearest valid name of its object.
 */
function wordsOf(issue: z.core.$ZodIssue, path: readonly PropertyKey[], schema: z.ZodType | undefined): { path: PropertyKey[]; message: string } {
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]!;
    const known = schema ? (keysAt(schema, path) ?? []) : [];
    const near = nearest(key, known);
    return { path: [...path, key], message: `unknown field${near ? ` (did you mean ${near}?)` : ''}${known.length ? `; valid here: ${known.join(', ')}` : ''}` };
  }
  if (issue.code === 'invalid_type' && / received undefined$/.test(issue.message)) return { path: [...path], message: 'required' };
  return { path: [...path], message: issue.message };
}

/** The most specific issue: inside unions, the branch that got furthest. */
function deepest(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[] = [], schema?: z.ZodType): { path: PropertyKey[]; message: string } {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && !('note' in issue && issue.note) && issue.errors.length > 0) {
    let best: { path: PropertyKey[]; message: string } | null = null;
    for (const branch of issue.errors) {
      for (const inner of branch) {
        const d = deepest(inner, path, schema);
        if (!best || d.path.length > best.path.length) best = d;
      }
    }
    if (best && best.path.length > path.length) return best;
  }
  return wordsOf(issue, path, schema);
}

export function describeZodError(error: z.ZodError, schema?: z.ZodType): { field: string; message: string; path: PropertyKey[] } {
  const first = deepest(firstIssue(error), [], schema);
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? 's' : ''})` : '';
  return { field: formatPath(first.path), message: `${first.message}${more}`, path: first.path };
}

/** The value written at `path`, when it is a single value (a number, a string, a flag), for the error line. */
function scalarAt(doc: unknown, path: readonly PropertyKey[]): string | undefined {
  const v = valueAt(doc, path);
  return v === null || ['number', 'string', 'boolean'].includes(typeof v) ? String(v) : undefined;
}

/** The fields a scenario file may hold (a scenario and its variants), for naming the valid ones. */
const FILE_FIELDS = ScenarioSchema.extend({ variants: ScenarioFileSchema.shape.variants });

/**
 * Validates a scenario document (already parsed from YAML or JSON) and applies
 * its variants; `locate` gives the line and column of a field for the errors.
 */
export function scenarioVariants(doc: unknown, file: string, locate: Locate = nowhere): ScenarioVariant[] {
  const outer = ScenarioFileSchema.safeParse(doc);
  if (!outer.success) {
    const { field, message, path } = describeZodError(outer.error, ScenarioFileSchema);
    throw new InputError(message, { file, ...locate(path), field });
  }
  const { variants, ...base } = outer.data as { variants: { name: string }[] } & Record<string, unknown>;
  // A problem of the scenario itself is reported as such, not as one of the first variant.
  const baseCheck = ScenarioSchema.safeParse(base);
  const baseProblem = baseCheck.success ? null : describeZodError(baseCheck.error, FILE_FIELDS);
  const parse = (raw: unknown, where: string | null, index: number): Scenario => {
    const r = ScenarioSchema.safeParse(raw);
    if (r.success) return r.data;
    const { field, message, path } = describeZodError(r.error, FILE_FIELDS);
    const inBase = baseProblem !== null && baseProblem.field === field && baseProblem.message.split(' (and ')[0] === message.split(' (and ')[0];
    // The value of a bad field (not of an unknown one: there the name is what is wrong).
    const value = message.startsWith('unknown field') ? undefined : scalarAt(raw, path);
    throw new InputError(where && !inBase ? `${message} in variant ${where}` : message, { file, ...positionOf(raw, path, where && !inBase ? index : null), field, value });
  };
  // A field the variant writes is found there; one the scenario writes, in the scenario; else at the variant.
  const positionOf = (raw: unknown, path: PropertyKey[], index: number | null) => {
    if (index === null) return locate(path);
    const written = valueAt(variants[index], path);
    if (written === undefined || written !== valueAt(raw, path)) {
      if (valueAt(base, path) !== undefined) return locate(path);
    }
    return locate(['variants', index, ...path]);
  };
  if (variants.length === 0) return [{ name: null, scenario: parse(base, null, -1) }];
  const names = new Set<string>();
  return variants.map(({ name, ...patch }, i) => {
    if (names.has(name)) throw new InputError(`duplicate variant name ${name}`, { file, ...locate(['variants', i, 'name']), field: `variants[${i}].name`, value: name });
    names.add(name);
    return { name, scenario: parse(deepMerge(base, patch), name, i) };
  });
}
