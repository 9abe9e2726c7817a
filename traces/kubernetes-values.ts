/**
 * Reading the values of Kubernetes objects (traces/kubernetes.ts): metadata,
 * names, string maps, resource quantities in canonical units, and the errors
 * that name the file, the line where the object starts and the field path.
 */
import { InputError } from '../sim/errors.ts';
import { parseQuantity } from './quantity.ts';

/** Where in the input an object came from, for errors. */
export interface Origin {
  file: string;
  line: number;
}

export const MIB = 2 ** 20;
export const GPU_COUNT = 'alibabacloud.com/gpu-count';
export const GPU_MILLI = 'alibabacloud.com/gpu-milli';
export const GPU_MEM = 'alibabacloud.com/gpu-mem';

export type Obj = Record<string, unknown>;

export function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Canonical name and amount of a Kubernetes resource quantity, or null for names not mapped. */
export function canonicalResource(name: string, amount: number): [string, number] | null {
  if (name === 'cpu') return ['cpu', amount];
  if (name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-') || name === GPU_MEM) return [name, amount / MIB];
  if (name === 'nvidia.com/gpu' || name === 'amd.com/gpu' || name === GPU_COUNT) return ['gpu', amount];
  if (name === GPU_MILLI) return null; // the node's GPU count says the same
  return [name, amount];
}

export function kubeError(reason: string, origin: Origin, field?: string, value?: unknown): InputError {
  return new InputError(reason, {
    file: origin.file,
    line: origin.line,
    field,
    value: value === undefined ? undefined : typeof value === 'string' ? value : JSON.stringify(value),
  });
}

export function metadataOf(obj: Obj, origin: Origin, path = 'metadata'): Obj {
  const m = obj.metadata ?? {};
  if (!isObject(m)) throw kubeError('must be a mapping', origin, path, m);
  return m;
}

export function objectName(meta: Obj, origin: Origin, path = 'metadata'): string {
  const name = meta.name;
  if (typeof name !== 'string' || name === '') throw kubeError('missing name', origin, `${path}.name`, name ?? 'missing');
  return name;
}

export function stringMap(v: unknown, origin: Origin, path: string): Record<string, string> | undefined {
  if (v === undefined || v === null) return undefined;
  if (!isObject(v)) throw kubeError('must be a mapping of strings', origin, path, v);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') throw kubeError('must be a string (quote it in YAML)', origin, `${path}.${k}`, x);
    out[k] = x;
  }
  return out;
}

export function quantity(v: unknown, origin: Origin, path: string): number {
  const q = parseQuantity(v);
  if (q === null || q < 0) throw kubeError('not a resource quantity', origin, path, v ?? 'missing');
  return q;
}

export function resourceMap(v: unknown, origin: Origin, path: string): Record<string, number> {
  if (!isObject(v)) throw kubeError('must be a mapping of quantities', origin, path, v);
  const out: Record<string, number> = {};
  for (const [name, q] of Object.entries(v)) {
    const mapped = canonicalResource(name, quantity(q, origin, `${path}.${name}`));
    if (mapped) out[mapped[0]] = (out[mapped[0]] ?? 0) + mapped[1];
  }
  return out;
}
