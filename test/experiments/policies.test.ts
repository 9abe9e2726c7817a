/** `clusterlab policies` lists every registry, and docs/policies.md is its output. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listPolicies, policiesMarkdown, policiesText } from '../../experiments/cli/policies.ts';
import { frameworkPlugins } from '../../schedulers/framework/plugin-registry.ts';
import { REGISTRIES } from '../../schedulers/registries.ts';
import { backfills, placements, queueOrders } from '../../schedulers/registry.ts';

describe('clusterlab policies', () => {
  const list = listPolicies();

  it('lists every entry of every registry, in order, each with a description', () => {
    const names = (kind: string) => list.filter((p) => p.kind === kind).map((p) => p.name);
    for (const registry of REGISTRIES) expect(names(registry.kind), registry.kind).toEqual(registry.names());
    expect(names('queue-order')).toContain('fcfs');
    expect(names('framework-plugin')).toEqual(frameworkPlugins.names());
    for (const p of list) expect(p.description, `${p.kind} ${p.name}`).not.toBe('');
    expect(new Set(REGISTRIES.map((r) => r.kind)).size).toBe(REGISTRIES.length);
  });

  it('lists the registries a batch scheduler, a profile and a scenario choose from', () => {
    expect(REGISTRIES.map((r) => r.kind)).toEqual(['queue-order', 'backfill', 'placement', 'framework-plugin', 'failure', 'recovery', 'autoscaler', 'expander', 'deployment', 'reconcile']);
    for (const r of [queueOrders, backfills, placements]) expect(REGISTRIES).toContain(r);
  });

  it('gives each policy its parameters, with defaults', () => {
    const outage = list.find((p) => p.kind === 'failure' && p.name === 'outage')!;
    expect(Object.keys((outage.params as { properties: object }).properties)).toContain('duration');
    expect(policiesText(list)).toMatch(/^ {2}outage\s+.*\[domain = "zone", /m);
    // A framework plugin's args too, as KubeSchedulerConfiguration v1 has them.
    expect(policiesText(list)).toMatch(/^ {2}InterPodAffinity\s+.*\[hardPodAffinityWeight = 1, ignorePreferredTermsOfExistingPods = false\]/m);
    // A piece without parameters shows none.
    expect(policiesText(list)).toMatch(/^ {2}fcfs\s+first come, first served \(submit time\)$/m);
  });

  it('is what docs/policies.md says (regenerate: clusterlab policies --markdown > docs/policies.md)', () => {
    expect(readFileSync('docs/policies.md', 'utf8')).toBe(policiesMarkdown(list));
  });
});
