/** Scenario files: validation with paths, variants, the example scenarios, and whole runs. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../sim/errors.ts';
import { loadScenarioFile, parseScenarioText } from '../../experiments/scenario/load.ts';
import { runScenario } from '../../experiments/scenario/run.ts';
import { ScenarioSchema, type ScenarioInput } from '../../experiments/scenario/schema.ts';
import { deepMerge, scenarioVariants } from '../../experiments/scenario/variants.ts';

const base: ScenarioInput = {
  name: 'small',
  horizon: 7200,
  sampleStep: 600,
  cluster: { nodeGroups: [{ name: 'w', nodes: 6, capacity: { cpu: 4, memory: 16384 }, zones: ['a', 'b', 'c'], min: 3, max: 10, costPerHour: 0.2, provisioningDelay: 60 }] },
  batch: { poisson: { count: 40, meanInterarrival: 120, runtime: { distribution: 'exponential', mean: 1800 }, request: { cpu: 1, memory: 1024 } } },
  services: [
    {
      name: 'web',
      replicas: 3,
      request: { cpu: 1, memory: 1024 },
      capacity: 20,
      requestRate: { kind: 'sinusoid', mean: 60, amplitude: 0.5, period: 7200, peak: 3600 },
      autoscaler: { policy: 'hpa', maxReplicas: 10, metrics: [{ type: 'Resource', averageUtilization: 50 }] },
      deployment: { strategy: { policy: 'rolling-update' }, at: [1800] },
    },
  ],
  failures: [
    { policy: 'outage', name: 'b', at: 2400, duration: 1200 },
    { policy: 'node-failures', timeToFailure: { distribution: 'exponential', mean: 20000 }, timeToRepair: { distribution: 'constant', value: 600 } },
    { policy: 'task-failures', probability: 0.1 },
  ],
  recovery: { policy: 'checkpoint-restart', interval: 600, cost: 10 },
  clusterAutoscaler: {},
  config: { driftRate: 0.5, changes: [{ at: 3600, version: 2 }], reconcile: { policy: 'event-driven' } },
};

describe('scenario validation', () => {
  const bad: [string, (s: Record<string, any>) => void, RegExp][] = [
    ['a negative capacity', (s) => (s.services[0].capacity = -1), /field services\[0\]\.capacity/],
    ['an unknown failure policy, with the valid names', (s) => (s.failures[0].policy = 'meteor'), /Expected 'node-failures' \| 'correlated-failures'.*field failures\[0\]\.policy/],
    ['a bad HPA behavior', (s) => (s.services[0].autoscaler.behavior = { scaleUp: { selectPolicy: 'Maximum' } }), /field services\[0\]\.autoscaler\.behavior\.scaleUp\.selectPolicy/],
    ['a typo in a field name', (s) => (s.services[0].readinesDelay = 3), /unknown field \(did you mean readinessDelay\?\); valid here: name, replicas, .* \(field services\[0\]\.readinesDelay\)/],
    ['a group whose initial size is outside its bounds', (s) => (s.cluster.nodeGroups[0].nodes = 20), /outside \[min, max\].*field cluster\.nodeGroups\[0\]\.nodes/],
    ['a distribution written with the generators\' old key', (s) => (s.failures[1].timeToFailure = { dist: 'exponential', mean: 60 }), /"dist" is not a key here; write "distribution" \(field failures\[1\]\.timeToFailure\.distribution\)/],
    ['a distribution without its parameter', (s) => delete s.failures[1].timeToFailure.mean, /field failures\[1\]\.timeToFailure\.mean/],
    ['a rate curve of an unknown kind', (s) => (s.services[0].requestRate = { kind: 'wave', rate: 3 }), /field services\[0\]\.requestRate/],
  ];
  for (const [what, change, message] of bad) {
    it(`rejects ${what}, naming the field`, () => {
      const doc = structuredClone(base) as Record<string, any>;
      change(doc);
      expect(() => scenarioVariants(doc, 'x.yaml')).toThrow(InputError);
      expect(() => scenarioVariants(doc, 'x.yaml')).toThrow(message);
    });
  }

  it('variants: named lists merge by name, a new policy replaces the old one, errors name the variant', () => {
    const doc = { ...structuredClone(base), variants: [{ name: 'tt', services: [{ name: 'web', autoscaler: { policy: 'target-tracking', maxReplicas: 10, targetValue: 50 } }] }, { name: 'bad', recovery: { policy: 'reschedule', interval: 3 } }] };
    expect(() => scenarioVariants(doc, 'x.yaml')).toThrow(/unknown field in variant bad \(field recovery\.interval\)/);
    doc.variants.pop();
    const [tt] = scenarioVariants(doc, 'x.yaml');
    expect(tt!.name).toBe('tt');
    expect(tt!.scenario.services[0]!.autoscaler).toMatchObject({ policy: 'target-tracking', targetValue: 50 });
    expect(tt!.scenario.services[0]!.capacity).toBe(20); // kept from the base
    expect(deepMerge([{ name: 'a', x: 1 }, { name: 'b', x: 2 }], [{ name: 'b', y: 3 }, { name: 'c' }])).toEqual([{ name: 'a', x: 1 }, { name: 'b', x: 2, y: 3 }, { name: 'c' }]);
    expect(deepMerge([1, 2], [3])).toEqual([3]);
  });

  it('YAML errors name the line', () => {
    expect(() => parseScenarioText('a: 1\na: 2\n', 's.yaml')).toThrow(/^s\.yaml:2: not valid YAML: Map keys must be unique$/);
  });
});

describe('the example scenarios', () => {
  const dir = 'experiments/scenario/examples';
  for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort()) {
    it(`${file} is valid and runs (first 2 simulated hours, invariants after every instant)`, () => {
      const loaded = loadScenarioFile(join(dir, file));
      expect(loaded.variants.length).toBeGreaterThan(0);
      for (const v of loaded.variants) {
        const scenario = { ...v.scenario, horizon: Math.min(v.scenario.horizon, 7200) };
        const { output, dynamics } = runScenario(scenario, { seed: 1, readText: loaded.readText, checkInvariants: true, checkEveryStep: true });
        expect(output.result.now).toBe(scenario.horizon);
        expect(Object.keys(dynamics)).toEqual(['nodes', 'recovery', 'services', 'services_total', 'autoscaling', 'rollouts', 'config']);
      }
    });
  }
});

describe('a scenario with everything', () => {
  it('runs under the Kubernetes-style scheduler too (cordons and failed nodes respected: invariants after every instant)', () => {
    const kube = ScenarioSchema.parse({ ...base, scheduler: { kind: 'kube' } });
    const r = runScenario(kube, { seed: 5, checkInvariants: true, checkEveryStep: true });
    expect(r.output.policyName).toMatch(/kube|default-scheduler/);
    expect((r.dynamics as any).rollouts[0].outcome).toBe('completed');
  });

  const scenario = ScenarioSchema.parse(base);
  it('runs with the invariants checked after every instant, and two runs agree exactly', () => {
    const a = runScenario(scenario, { seed: 5, checkInvariants: true, checkEveryStep: true });
    const b = runScenario(scenario, { seed: 5 });
    expect(JSON.stringify(a.dynamics)).toBe(JSON.stringify(b.dynamics));
    expect(Array.from(a.output.result.end)).toEqual(Array.from(b.output.result.end));
    const d = a.dynamics as any;
    expect(d.nodes.failures).toBeGreaterThanOrEqual(1); // zone b's nodes (those the autoscaler kept)
    expect(d.rollouts[0]).toMatchObject({ service: 'web', outcome: 'completed' });
    expect(d.config.changes[0].time_to_converge).toBeGreaterThan(0);
    expect(d.recovery.policy).toBe('checkpoint-restart');
    expect(d.recovery.interruptions).toBeGreaterThan(0);
    const c = runScenario(scenario, { seed: 6 });
    expect(JSON.stringify(c.dynamics)).not.toBe(JSON.stringify(a.dynamics));
  });
});

describe('the docs', () => {
  it('the scenario format example of docs/dynamics.md is a valid scenario, and runs', () => {
    const readme = readFileSync('docs/dynamics.md', 'utf8');
    const start = readme.indexOf('The format, with the defaults:');
    const block = readme.slice(readme.indexOf('```yaml\n', start) + 8, readme.indexOf('```\n', readme.indexOf('```yaml\n', start) + 8));
    const variants = scenarioVariants(parseScenarioText(block, 'README.yaml'), 'README.yaml');
    expect(variants.map((v) => v.name)).toEqual(['baseline', 'slow-eviction']);
    const r = runScenario({ ...variants[1]!.scenario, horizon: 3600 }, { seed: 1, checkInvariants: true });
    expect(r.output.result.now).toBe(3600);
  });
});

describe('scenario errors in words', () => {
  it('a misspelt top-level field is named with the valid ones, before the required field it leaves missing', () => {
    const doc = { name: 'x', horizn: 3600 };
    expect(() => scenarioVariants(doc, 'x.yaml')).toThrow(/^x\.yaml: unknown field \(did you mean horizon\?\); valid here: name, description, horizon, .*, variants \(and \d+ more problems?\) \(field horizn\)$/);
    expect(() => scenarioVariants({ name: 'x' }, 'x.yaml')).toThrow(/^x\.yaml: required( \(and \d+ more problems?\))? \(field horizon\)$/);
  });
});

describe('scenario errors name the line and column', () => {
  const text = [
    'name: located', //                    1
    'horizon: 3600', //                    2
    'cluster:', //                         3
    '  nodeGroups:', //                    4
    '    - name: w', //                    5
    '      nodes: 2', //                   6
    '      capacity: { cpu: 4 }', //       7
    'recovery:', //                        8
    '  policy: reschedule', //             9
    'variants:', //                        10
    '  - name: ok', //                     11
    '  - name: bad', //                    12
    '    recovery:', //                    13
    '      policy: restart-in-place', //   14
    '      maxWaitForNode: -3', //         15
  ].join('\n');
  const located = (body: string) => {
    const dir = mkdtempSync(join(tmpdir(), 'clusterlab-scenario-'));
    const file = join(dir, 'located.yaml');
    writeFileSync(file, body);
    try {
      loadScenarioFile(file);
    } catch (err) {
      return (err as Error).message.replace(dir, '<dir>');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return 'no error';
  };

  it('a bad value of a variant: the line and column of its key in the variant, the field and the value', () => {
    expect(located(text)).toMatch(/^<dir>\/located\.yaml:15:7: .* in variant bad \(field recovery\.maxWaitForNode, value "-3"\)$/);
  });
  it('a bad value of the scenario itself, and a misspelt field', () => {
    expect(located(text.replace('nodes: 2', 'nodes: -2'))).toMatch(/^<dir>\/located\.yaml:6:7: .*\(field cluster\.nodeGroups\[0\]\.nodes, value "-2"\)$/);
    expect(located(text.replace('      nodes: 2', '      nodez: 2\n      nodes: 2'))).toMatch(/^<dir>\/located\.yaml:6:7: unknown field .*\(field cluster\.nodeGroups\[0\]\.nodez\)$/);
  });
  it('JSON too', () => {
    const json = '{\n  "name": "j",\n  "horizon": "soon",\n  "cluster": {"nodeGroups": [{"name": "w", "nodes": 1, "capacity": {"cpu": 1}}]}\n}\n';
    const dir = mkdtempSync(join(tmpdir(), 'clusterlab-scenario-'));
    const file = join(dir, 'j.json');
    writeFileSync(file, json);
    try {
      expect(() => loadScenarioFile(file)).toThrow(/j\.json:3:3: .*\(field horizon, value "soon"\)$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
