/**
 * Kubernetes label selectors and node selector terms, as in
 * apimachinery/pkg/labels and component-helpers/scheduling/corev1/nodeaffinity.
 * Objects arrive as parsed YAML/JSON; they are checked here and a malformed one
 * is an error naming where it came from.
 */
import { InputError } from '../../sim/errors.ts';

export type Labels = Readonly<Record<string, string>>;

export interface Requirement {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';
  values: readonly string[];
}

/** A metav1.LabelSelector: matchLabels and matchExpressions, ANDed. `null` selects nothing. */
export interface LabelSelector {
  requirements: readonly Requirement[];
}

const OPERATORS = new Set(['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt']);

function obj(value: unknown, where: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new InputError(`${where} must be an object`);
  return value as Record<string, unknown>;
}

function arr(value: unknown, where: string): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new InputError(`${where} must be a list`);
  return value;
}

export function parseRequirement(value: unknown, where: string): Requirement {
  const o = obj(value, where);
  const key = o.key;
  const operator = o.operator;
  if (typeof key !== 'string' || key === '') throw new InputError(`${where}.key must be a non-empty string`);
  if (typeof operator !== 'string' || !OPERATORS.has(operator)) throw new InputError(`${where}.operator must be one of ${[...OPERATORS].join(', ')}, got ${JSON.stringify(operator)}`);
  const values = arr(o.values, `${where}.values`).map((v) => String(v));
  return { key, operator: operator as Requirement['operator'], values };
}

/** Parses a LabelSelector; undefined/null gives null (selects nothing), `{}` selects everything. */
export function parseLabelSelector(value: unknown, where: string): LabelSelector | null {
  if (value === undefined || value === null) return null;
  const o = obj(value, where);
  const requirements: Requirement[] = [];
  const ml = o.matchLabels === undefined ? {} : obj(o.matchLabels, `${where}.matchLabels`);
  for (const [key, v] of Object.entries(ml)) requirements.push({ key, operator: 'In', values: [String(v)] });
  arr(o.matchExpressions, `${where}.matchExpressions`).forEach((e, i) => requirements.push(parseRequirement(e, `${where}.matchExpressions[${i}]`)));
  return { requirements };
}

/** Does one requirement hold for `labels`? Gt/Lt compare integers as upstream (a non-integer label fails). */
export function matchesRequirement(r: Requirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = has ? labels[r.key]! : undefined;
  switch (r.operator) {
    case 'In':
      return has && r.values.includes(v!);
    case 'NotIn':
      return !has || !r.values.includes(v!);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || !/^-?\d+$/.test(v!) || r.values.length !== 1 || !/^-?\d+$/.test(r.values[0]!)) return false;
      const a = Number(v);
      const b = Number(r.values[0]);
      return r.operator === 'Gt' ? a > b : a < b;
    }
  }
}

export function matchesSelector(selector: LabelSelector | null, labels: Labels): boolean {
  if (!selector) return false;
  for (const r of selector.requirements) if (!matchesRequirement(r, labels)) return false;
  return true;
}

/**
 * A NodeSelectorTerm: matchExpressions on labels and matchFields on
 * `metadata.name`, ANDed. An empty term matches no node (upstream).
 */
export interface NodeSelectorTerm {
  expressions: readonly Requirement[];
  fields: readonly Requirement[];
}

export function parseNodeSelectorTerm(value: unknown, where: string): NodeSelectorTerm {
  const o = obj(value, where);
  const expressions = arr(o.matchExpressions, `${where}.matchExpressions`).map((e, i) => parseRequirement(e, `${where}.matchExpressions[${i}]`));
  const fields = arr(o.matchFields, `${where}.matchFields`).map((e, i) => {
    const r = parseRequirement(e, `${where}.matchFields[${i}]`);
    if (r.key !== 'metadata.name') throw new InputError(`${where}.matchFields[${i}].key: only metadata.name is supported, got ${JSON.stringify(r.key)}`);
    return r;
  });
  return { expressions, fields };
}

export function matchesNodeSelectorTerm(term: NodeSelectorTerm, labels: Labels, nodeName: string): boolean {
  if (term.expressions.length === 0 && term.fields.length === 0) return false;
  for (const r of term.expressions) if (!matchesRequirement(r, labels)) return false;
  for (const r of term.fields) if (!matchesRequirement({ ...r, key: 'name' }, { name: nodeName })) return false;
  return true;
}

export { arr as listOf, obj as objectOf };
