/**
 * Every pluggable policy clusterlab has, read from the registries themselves:
 * the batch pieces (queue orders, backfilling, placements), the Kubernetes-style
 * framework's plugins, and the dynamics policies of scenarios (failures,
 * recovery, autoscalers, the cluster autoscaler's expanders, deployments,
 * configuration reconcilers). `clusterlab policies` prints it, and
 * docs/policies.md is generated from it (a test fails when they differ), so no
 * list of names is kept by hand.
 */
import { z } from 'zod';
import type { PolicyRegistry } from '../../schedulers/control/registry.ts';
import { reconcilePolicies } from '../../schedulers/config/registry.ts';
import { deploymentStrategies } from '../../schedulers/deployment/registry.ts';
import { failurePolicies } from '../../schedulers/failures/registry.ts';
import { NOOP_DESCRIPTION, PLUGIN_DESCRIPTIONS } from '../../schedulers/framework/plugin-descriptions.ts';
import { NOOP_PLUGINS, PLUGINS } from '../../schedulers/framework/registry.ts';
import { recoveryPolicies } from '../../schedulers/recovery/registry.ts';
import { backfills, placements, queueOrders } from '../../schedulers/registry.ts';
import { expanders } from '../../schedulers/scaling/expanders/registry.ts';
import { autoscalers } from '../../schedulers/scaling/registry.ts';

export interface PolicyListing {
  kind: string;
  name: string;
  description: string;
  /** JSON Schema of the parameters (dynamics policies), else null. */
  params: Record<string, unknown> | null;
}

/** Where each kind is chosen, for the headings. */
export const POLICY_KINDS: readonly { kind: string; chosenBy: string }[] = [
  { kind: 'queue-order', chosenBy: '`simulate --queue`, a study variant\'s `queue`' },
  { kind: 'backfill', chosenBy: '`simulate --backfill`, a study variant\'s `backfill`' },
  { kind: 'placement', chosenBy: '`simulate --placement`, a study variant\'s `placement`' },
  { kind: 'framework-plugin', chosenBy: 'a KubeSchedulerConfiguration profile (`simulate --scheduler-config`)' },
  { kind: 'failure', chosenBy: 'a scenario\'s `failures: [{policy}]`' },
  { kind: 'recovery', chosenBy: 'a scenario\'s `recovery: {policy}`' },
  { kind: 'autoscaler', chosenBy: 'a service\'s `autoscaler: {policy}`' },
  { kind: 'expander', chosenBy: 'a scenario\'s `clusterAutoscaler.expander`' },
  { kind: 'deployment', chosenBy: 'a service\'s `deployment: {policy}`' },
  { kind: 'reconcile', chosenBy: 'a scenario\'s `config.reconcile: {policy}`' },
];

function fromPolicyRegistry(kind: string, registry: PolicyRegistry<unknown, never>): PolicyListing[] {
  return registry.names().map((name) => {
    const entry = registry.get(name);
    return { kind, name, description: entry.description, params: z.toJSONSchema(entry.schema, { io: 'input', target: 'draft-07' }) as Record<string, unknown> };
  });
}

export function listPolicies(): PolicyListing[] {
  const simple = (kind: string, map: ReadonlyMap<string, { description: string }>) =>
    [...map].map(([name, e]): PolicyListing => ({ kind, name, description: e.description, params: null }));
  const plugins = [...PLUGINS.keys()].map(
    (name): PolicyListing => ({ kind: 'framework-plugin', name, description: NOOP_PLUGINS.has(name) ? NOOP_DESCRIPTION : (PLUGIN_DESCRIPTIONS.get(name) ?? ''), params: null }),
  );
  return [
    ...simple('queue-order', queueOrders),
    ...simple('backfill', backfills),
    ...simple('placement', placements),
    ...plugins,
    ...fromPolicyRegistry('failure', failurePolicies as PolicyRegistry<unknown, never>),
    ...fromPolicyRegistry('recovery', recoveryPolicies as PolicyRegistry<unknown, never>),
    ...fromPolicyRegistry('autoscaler', autoscalers as PolicyRegistry<unknown, never>),
    ...simple('expander', expanders),
    ...fromPolicyRegistry('deployment', deploymentStrategies as PolicyRegistry<unknown, never>),
    ...fromPolicyRegistry('reconcile', reconcilePolicies as PolicyRegistry<unknown, never>),
  ];
}

/** The parameter names of a JSON Schema object, with their defaults: `mtbf, mttr = 3600`. */
function paramNames(params: Record<string, unknown> | null): string {
  const props = (params?.properties ?? {}) as Record<string, { default?: unknown }>;
  return Object.entries(props)
    .map(([k, v]) => (v.default !== undefined ? `${k} = ${JSON.stringify(v.default)}` : k))
    .join(', ');
}

/** The listing as text: one section per kind, one line per policy. */
export function policiesText(list: readonly PolicyListing[]): string {
  const out: string[] = [];
  for (const { kind, chosenBy } of POLICY_KINDS) {
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
  for (const { kind, chosenBy } of POLICY_KINDS) {
    const rows = list.filter((p) => p.kind === kind);
    if (rows.length === 0) continue;
    out.push(`## ${kind}`, '', `Chosen by ${chosenBy}.`, '');
    const withParams = rows.some((p) => p.params !== null);
    out.push(withParams ? '| name | description | parameters |' : '| name | description |', withParams ? '|---|---|---|' : '|---|---|');
    for (const p of rows) out.push(withParams ? `| \`${p.name}\` | ${esc(p.description)} | ${esc(paramNames(p.params))} |` : `| \`${p.name}\` | ${esc(p.description)} |`);
    out.push('');
  }
  return out.join('\n');
}
