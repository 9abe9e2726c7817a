/**
 * Every pluggable policy clusterlab has, read from the registries themselves:
 * every registry of schedulers/registries.ts: the batch pieces (queue orders,
 * backfilling, placements), the Kubernetes-style
 * framework's plugins, and the dynamics policies of scenarios (failures,
 * recovery, autoscalers, the cluster autoscaler's expanders, deployments,
 * configuration reconcilers). `clusterlab policies` prints it, and
 * docs/policies.md is generated from it (a test fails when they differ), so no
 * list of names is kept by hand.
 */
import { z } from 'zod';
import type { PolicyRegistry } from '../../schedulers/control/registry.ts';
import { REGISTRIES } from '../../schedulers/registries.ts';

export interface PolicyListing {
  kind: string;
  name: string;
  description: string;
  /** JSON Schema of the parameters (an object schema; no properties when it takes none). */
  params: Record<string, unknown>;
  /** Parameters that build it, when some are required. */
  example?: Readonly<Record<string, unknown>>;
}

/** Every entry of `registry`, in its order. */
function listRegistry(registry: PolicyRegistry<unknown, any>): PolicyListing[] {
  return registry.all().map((entry) => ({
    kind: registry.kind,
    name: entry.name,
    description: entry.description,
    params: z.toJSONSchema(entry.params, { io: 'input', target: 'draft-07', unrepresentable: 'any' }) as Record<string, unknown>,
    ...(entry.example ? { example: entry.example } : {}),
  }));
}

export function listPolicies(): PolicyListing[] {
  return REGISTRIES.flatMap(listRegistry);
}

/** The parameter names of a JSON Schema object, with their defaults: `mtbf, mttr = 3600`. */
function paramNames(params: Record<string, unknown>): string {
  const props = (params.properties ?? {}) as Record<string, { default?: unknown }>;
  return Object.entries(props)
    .map(([k, v]) => (v.default !== undefined ? `${k} = ${JSON.stringify(v.default)}` : k))
    .join(', ');
}

/** The listing as text: one section per kind, one line per policy. */
export function policiesText(list: readonly PolicyListing[]): string {
  const out: string[] = [];
  for (const { kind, chosenBy } of REGISTRIES) {
    const rows = list.filter((p) => p.kind === kind);
    if (rows.length === 0) continue;
    out.push(`${kind} (${chosenBy.replace(/`/g, '')}):`);
    const width = rows.reduce((w, p) => Math.max(w, p.name.length), 0);
    for (const p of rows) {
      const params = paramNames(p.params);
      out.push(`  ${p.name.padEnd(width)}  ${p.description}${params ? ` [${params}]` : ''}`);
    }
    out.push('');
  }
  return out.join('\n');
}

/** docs/policies.md, generated: `clusterlab policies --markdown`. */
export function policiesMarkdown(list: readonly PolicyListing[]): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [
    '# Policies',
    '',
    'Every policy clusterlab has, generated from its registries by `clusterlab policies --markdown` (a test fails when',
    'this page and the registries differ). `clusterlab policies --json` gives the same with each parameter schema.',
    '',
  ];
  for (const { kind, chosenBy } of REGISTRIES) {
    const rows = list.filter((p) => p.kind === kind);
    if (rows.length === 0) continue;
    out.push(`## ${kind}`, '', `Chosen by ${chosenBy}.`, '');
    const withParams = rows.some((p) => paramNames(p.params) !== '');
    out.push(withParams ? '| name | description | parameters |' : '| name | description |', withParams ? '|---|---|---|' : '|---|---|');
    for (const p of rows) out.push(withParams ? `| \`${p.name}\` | ${esc(p.description)} | ${esc(paramNames(p.params))} |` : `| \`${p.name}\` | ${esc(p.description)} |`);
    out.push('');
  }
  return out.join('\n');
}
