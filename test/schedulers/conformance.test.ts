/**
 * The conformance suite over every entry of every registry (schedulers/registries.ts), with no list of names
 * to keep up to date here: a new entry is checked as soon as it is registered, and a new registry fails the
 * first test until it gets a check.
 *   - batch pieces: each composed with the others through the scheduling conformance suite;
 *   - framework plugins: each, with its default args, in a default profile, through the same suite;
 *   - failure and recovery policies: each, from its defaults or its example, in a small dynamic run with the
 *     engine's and the dynamics' invariants checked at every instant;
 *   - autoscalers, expanders, deployment strategies, reconcilers: each builds from its defaults or its example.
 */
import { describe, expect, it } from 'vitest';
import { frameworkFromConfig } from '../../experiments/run/scheduler-choice.ts';
import { Cluster } from '../../sim/cluster.ts';
import type { SimJob } from '../../sim/jobs.ts';
import { JobTable } from '../../sim/jobs.ts';
import { runConformance } from '../../schedulers/conformance.ts';
import type { PolicyEntry, PolicyRegistry } from '../../schedulers/control/registry.ts';
import { RACK_LABEL, ZONE_LABEL } from '../../schedulers/control/world.ts';
import { failurePolicies } from '../../schedulers/failures/registry.ts';
import { CONFIG_VERSIONS, type ConfigVersion } from '../../schedulers/framework/plugin-args.ts';
import { emptyObjects } from '../../schedulers/framework/objects.ts';
import { createPlugin, frameworkPlugins, removedIn } from '../../schedulers/framework/plugin-registry.ts';
import { Snapshot } from '../../schedulers/framework/state.ts';
import { isFilter, isPostFilter, isPreFilter, isPreScore, isQueueSort, isScore, type AnyPlugin } from '../../schedulers/framework/types.ts';
import { recoveryPolicies } from '../../schedulers/recovery/registry.ts';
import { REGISTRIES } from '../../schedulers/registries.ts';
import { backfills, createScheduler, placements, queueOrders } from '../../schedulers/registry.ts';
import { expanders } from '../../schedulers/scaling/expanders/registry.ts';
import { nodes, runDynamic } from '../helpers/dynamics.ts';

/** The parameters an entry is checked with, as a user writes them: its example, else none (its defaults). */
const paramsOf = (entry: PolicyEntry<unknown, unknown, unknown>): Record<string, unknown> => ({ ...entry.example });

/** Kinds checked by running their entries; the other registries' entries are built. */
const RUN = new Set(['queue-order', 'backfill', 'placement', 'framework-plugin', 'failure', 'recovery']);

describe('every registry', () => {
  it('is checked here: batch pieces, plugins, failures and recovery run; the rest are built', () => {
    const built = REGISTRIES.filter((r) => !RUN.has(r.kind)).map((r) => r.kind);
    expect(built).toEqual(['autoscaler', 'expander', 'deployment', 'reconcile']);
  });

  for (const registry of REGISTRIES) {
    it(`${registry.kind}: every entry's parameters parse from its example or its defaults (required ones need an example)`, () => {
      for (const entry of registry.all()) expect(() => entry.params.parse(paramsOf(entry)), `${registry.kind} ${entry.name}`).not.toThrow();
    });
  }
});

describe('conformance suite: every batch piece passes', () => {
  // Each queue order with EASY and first fit, each backfilling with fcfs, each placement with fcfs and EASY,
  // plus combinations that exercise the pieces together.
  const batch: [string, string, string][] = [
    ...queueOrders.names().map((q): [string, string, string] => [q, 'easy', 'first-fit']),
    ...backfills.names().map((b): [string, string, string] => ['fcfs', b, 'first-fit']),
    ...placements.names().map((p): [string, string, string] => ['fcfs', 'easy', p]),
    ['sjf', 'conservative', 'best-fit'],
    ['priority', 'none', 'worst-fit'],
    ['drf', 'easy', 'tetris'],
  ];
  for (const [queue, backfill, placement] of batch) {
    it(`${queue}+${backfill}+${placement}`, () => {
      const results = runConformance((c) => createScheduler({ queue, backfill, placement }, c));
      expect(results.flatMap((r) => r.problems)).toEqual([]);
    });
  }
});

/** The extension points a plugin implements, found by building it with its default args. */
function pointsOf(name: string, version: ConfigVersion): string[] {
  const resources = ['cpu', 'memory'];
  const cluster = new Cluster({ resources, nodes: [{ id: 'n', capacity: { cpu: 1, memory: 1 } }] });
  const handle = { snapshot: new Snapshot(cluster, new JobTable([], resources)), random: () => 0 };
  const p: AnyPlugin = createPlugin(name, paramsOf(frameworkPlugins.get(name)), { handle, objects: emptyObjects(), startTimeOf: () => 0, existing: () => [], version });
  const guards: [string, (p: AnyPlugin) => boolean][] = [['queueSort', isQueueSort], ['preFilter', isPreFilter], ['filter', isFilter], ['postFilter', isPostFilter], ['preScore', isPreScore], ['score', isScore]];
  return guards.filter(([, is]) => is(p)).map(([point]) => point);
}

/**
 * A profile of the newest version that still has the plugin: the version's defaults, plus the plugin enabled at
 * every point it implements (at queueSort, instead of the default), with its default args (its example when it
 * needs some). Its args are in pluginConfig, so a plugin with no point clusterlab runs is still named.
 */
function profileWith(name: string): string {
  const version = [...CONFIG_VERSIONS].reverse().find((v) => removedIn(name, v) === null)!;
  const points = pointsOf(name, version);
  const plugins = points.map((point) => `    ${point}:\n      enabled: [{name: ${name}}]\n${point === 'queueSort' ? "      disabled: [{name: '*'}]\n" : ''}`).join('');
  return [
    `apiVersion: kubescheduler.config.k8s.io/${version}`,
    'kind: KubeSchedulerConfiguration',
    'profiles:',
    '- schedulerName: default-scheduler',
    ...(points.length > 0 ? [`  plugins:\n${plugins.trimEnd()}`] : []),
    `  pluginConfig:\n  - name: ${name}\n    args: ${JSON.stringify(paramsOf(frameworkPlugins.get(name)))}`,
    '',
  ].join('\n');
}

describe('conformance suite: every framework plugin passes, with its default args in a default profile', () => {
  it('the default profile', () => {
    expect(runConformance(frameworkFromConfig(null, 'default')).flatMap((r) => r.problems)).toEqual([]);
  });
  for (const name of frameworkPlugins.names()) {
    it(name, () => {
      const factory = frameworkFromConfig(profileWith(name), `${name}.yaml`);
      expect(runConformance(factory).flatMap((r) => r.problems)).toEqual([]);
    });
  }
  it('a profile enables the plugin where it runs (queue sorts replace the default)', () => {
    expect(profileWith('DominantResourceFairness')).toContain("queueSort:\n      enabled: [{name: DominantResourceFairness}]\n      disabled: [{name: '*'}]");
    expect(profileWith('NodeResourcesLeastAllocated')).toMatch(/^apiVersion: kubescheduler\.config\.k8s\.io\/v1beta1\n[\s\S]*score:\n {6}enabled: \[\{name: NodeResourcesLeastAllocated\}\]/);
    expect(profileWith('VolumeZone')).toContain('pluginConfig:\n  - name: VolumeZone');
  });
});

/** Eight nodes in two zones of two racks each, with batch jobs that keep them busy for most of two days. */
const DYNAMIC = {
  cluster: nodes(8, { cpu: 4 }, (i) => ({ [ZONE_LABEL]: i < 4 ? 'zone-a' : 'zone-b', [RACK_LABEL]: `rack-${i >> 1}` })),
  jobs: Array.from({ length: 40 }, (_, i): SimJob => ({ id: `j${i}`, submit: i * 600, tasks: 1 + (i % 3), request: { cpu: 2 }, runtime: 3000 + (i % 7) * 1000, estimate: 20000 })),
  horizon: 2 * 86400,
};
/** Machine events (Google 2011): machines 1-8 present; machine 3 away from trace time 700 s to 4000 s. */
const MACHINE_EVENTS = [...Array.from({ length: 8 }, (_, i) => `0,${i + 1},0,p,0.5,0.5`), '700000000,3,1,,,', '4000000000,3,0,p,0.5,0.5', ''].join('\n');

describe('every failure and recovery policy runs with the invariants checked at every instant', () => {
  for (const entry of failurePolicies.all()) {
    it(`failure ${entry.name}`, () => {
      const config = { policy: entry.name, ...paramsOf(entry) };
      const run = runDynamic({ ...DYNAMIC, controllers: (world, rng) => [failurePolicies.create(config, { world, rng, horizon: DYNAMIC.horizon, readText: () => MACHINE_EVENTS })] });
      expect(run.result.jobs.count).toBe(40);
    });
  }
  for (const entry of recoveryPolicies.all()) {
    it(`recovery ${entry.name}, under node failures`, () => {
      const failures = failurePolicies.get('node-failures');
      const config = { policy: 'node-failures', ...paramsOf(failures) };
      const run = runDynamic({
        ...DYNAMIC,
        recovery: { policy: entry.name, ...paramsOf(entry) },
        controllers: (world, rng) => [failurePolicies.create(config, { world, rng, horizon: DYNAMIC.horizon })],
      });
      expect(run.events.some((e) => e.type === 'node-failed')).toBe(true);
    });
  }
});

describe('every other dynamics policy builds from its defaults or its example', () => {
  for (const registry of REGISTRIES.filter((r) => !RUN.has(r.kind)) as PolicyRegistry<{ name?: string }, undefined>[]) {
    for (const entry of registry.all()) {
      it(`${registry.kind} ${entry.name}`, () => {
        const built = registry.create({ policy: entry.name, ...paramsOf(entry) }, undefined);
        expect(built).toBeTypeOf('object');
      });
    }
  }
  it('an expander chooses one of the options it is given', () => {
    const options = [{ group: 'a', nodes: 1, pods: 2, waste: 0.5, priority: 1 }, { group: 'b', nodes: 2, pods: 3, waste: 0.1, priority: 2 }];
    for (const name of expanders.names()) expect(options).toContain(expanders.get(name).create({}, undefined).choose(options, () => 0.5));
  });
});
