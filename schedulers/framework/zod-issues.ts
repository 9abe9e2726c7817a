/**
 * Turns the first zod issue of a configuration into an InputError naming the
 * file, the field path (`profiles[0].pluginConfig[1].args.hardPodAffinityWeight`)
 * and the value. An unknown field lists the valid ones of its object and the
 * nearest name ("did you mean profiles?"), because the usual mistake is a
 * misspelt or misplaced key, and upstream's strict decoder rejects those too.
 */
import { nearest } from '../../sim/nearest.ts';
import type { z } from 'zod';
import { InputError } from '../../sim/errors.ts';

type Path = readonly PropertyKey[];

/** `a.b[0].c` */
export function formatPath(path: Path): string {
  let out = '';
  for (const k of path) out += typeof k === 'number' ? `[${k}]` : out === '' ? String(k) : `.${String(k)}`;
  return out;
}

/** The value at `path` of a parsed document (undefined when the path does not exist). */
export function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

interface Def {
  type: string;
  innerType?: z.ZodType;
  in?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
}

const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  for (let k = 0; s && k < 20; k++) {
    const d = defOf(s);
    if (d.innerType && ['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional'].includes(d.type)) s = d.innerType;
    else if (d.type === 'pipe' && d.in) s = d.in;
    else return s;
  }
  return s;
}

/** The field names of the object schema at `path`, or null when it is not a plain object schema. */
export function keysAt(schema: z.ZodType, path: Path): string[] | null {
  let s: z.ZodType | undefined = schema;
  for (const key of path) {
    s = unwrap(s);
    if (!s) return null;
    const d = defOf(s);
    if (typeof key === 'number') s = d.type === 'array' ? d.element : undefined;
    else s = d.type === 'object' ? d.shape?.[String(key)] : undefined;
  }
  s = unwrap(s);
  if (!s) return null;
  const d = defOf(s);
  return d.type === 'object' && d.shape ? Object.keys(d.shape) : null;
}

/** The issue to report: an unknown field first (a misspelt key also leaves a required one missing). */
export function firstIssue(error: z.ZodError): z.core.$ZodIssue {
  return error.issues.find((i) => i.code === 'unrecognized_keys') ?? error.issues[0]!;
}

/**
 * An InputError for `error`'s first issue. `base` is prepended to the path (the
 * args of a plugin sit under `profiles[i].pluginConfig[k].args`); `hints` maps
 * an unknown field name to advice where a near name is not the answer (a
 * field that belongs in another object).
 */
export function issueError(error: z.ZodError, schema: z.ZodType, input: unknown, file: string, base: Path = [], hints: Readonly<Record<string, string>> = {}): InputError {
  const issue = firstIssue(error);
  const path = [...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const key = (issue as { keys: string[] }).keys[0]!;
    const known = keysAt(schema, path) ?? [];
    const hint = hints[key] ?? (nearest(key, known) ? `did you mean ${nearest(key, known)}?` : '');
    const field = formatPath([...base, ...path, key]);
    return new InputError(`unknown field ${field}${hint ? ` (${hint})` : ''}${known.length ? `; valid here: ${known.join(', ')}` : ''}`, { file });
  }
  const field = formatPath([...base, ...path]);
  const value = valueAt(input, path);
  const shown = value === undefined ? 'missing' : JSON.stringify(value);
  return new InputError(`${field}: ${issue.message.replace(/^Invalid input: /, '')}, got ${shown}`, { file });
}

export { nearest };
