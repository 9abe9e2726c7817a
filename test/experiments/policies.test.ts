/** `clusterlab policies` lists every registry, and docs/policies.md is its output. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listPolicies, policiesMarkdown, policiesText, POLICY_KINDS } from '../../experiments/cli/policies.ts';
import { PLUGIN_DESCRIPTIONS } from '../../schedulers/framework/plugin-descriptions.ts';
import { NOOP_PLUGINS, PLUGINS } from '../../schedulers/framework/registry.ts';
import { failurePolicies } from '../../schedulers/failures/registry.ts';
import { backfills, placements, queueOrders } from '../../schedulers/registry.ts';

describe('clusterlab policies', () => {
  const list = listPolicies();

  it('lists every entry of every registry, each with a description', () => {
    const names = (kind: string) => list.filter((p) => p.kind === kind).map((p) => p.name);
    expect(names('queue-order')).toEqual([...queueOrders.keys()]);
    expect(names('backfill')).toEqual([...backfills.keys()]);
    expect(names('placement')).toEqual([...placements.keys()]);
    expect(names('framework-plugin')).toEqual([...PLUGINS.keys()]);
    expect(names('failure')).toEqual(failurePolicies.names());
    for (const p of list) expect(p.description, `${p.kind} ${p.name}`).not.toBe('');
    expect(new Set(list.map((p) => p.kind))).toEqual(new Set(POLICY_KINDS.map((k) => k.kind)));
  });

  it('describes every framework plugin that is not a no-op, and no plugin the registry lacks', () => {
    for (const name of PLUGINS.keys()) if (!NOOP_PLUGINS.has(name)) expect(PLUGIN_DESCRIPTIONS.has(name), name).toBe(true);
    for (const name of PLUGIN_DESCRIPTIONS.keys()) expect(PLUGINS.has(name), name).toBe(true);
  });

  it('gives each dynamics policy its parameters, with defaults', () => {
    const outage = list.find((p) => p.kind === 'failure' && p.name === 'outage')!;
    expect(Object.keys((outage.params as { properties: object }).properties)).toContain('duration');
    expect(policiesText(list)).toMatch(/^ {2}outage\s+.*\[domain = "zone", /m);
  });

  it('is what docs/policies.md says (regenerate: clusterlab policies --markdown > docs/policies.md)', () => {
    expect(readFileSync('docs/policies.md', 'utf8')).toBe(policiesMarkdown(list));
  });
});
