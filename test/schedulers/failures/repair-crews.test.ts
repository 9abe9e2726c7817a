/**
 * Repair crews: at most `repairCrews` failed nodes are repaired at once, the
 * others wait first come, first served (the statistics against the birth-death
 * closed form are in test/schedulers/services/outages.test.ts). A bad crew count
 * is one error line naming the file, the field and the value.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../../sim/errors.ts';
import { scenarioVariants } from '../../../experiments/scenario/variants.ts';
import { failurePolicies } from '../../../schedulers/failures/registry.ts';
import { nodes, runDynamic } from '../../helpers/dynamics.ts';

describe('repair crews', () => {
  it('one crew: three nodes failing together are repaired one after the other, in the order they failed', () => {
    const horizon = 1000;
    const r = runDynamic({
      cluster: nodes(3, { cpu: 1 }),
      horizon,
      controllers: (world, rng) => [
        failurePolicies.create(
          { policy: 'node-failures', timeToFailure: { distribution: 'constant', value: 100 }, timeToRepair: { distribution: 'constant', value: 50 }, repairCrews: 1 },
          { world, rng, horizon },
        ),
      ],
    });
    const first = r.world.failures.slice(0, 3).map((f) => [f.node, f.failedAt, f.repairedAt]);
    expect(first).toEqual([
      [0, 100, 150],
      [1, 100, 200],
      [2, 100, 250],
    ]);
    // Each node's age restarts at its own repair.
    expect(r.world.failures.slice(3, 6).map((f) => f.failedAt)).toEqual([250, 300, 350]);
  });

  it('unlimited by default: every failed node is repaired at once', () => {
    const horizon = 200;
    const r = runDynamic({
      cluster: nodes(3, { cpu: 1 }),
      horizon,
      controllers: (world, rng) => [
        failurePolicies.create({ policy: 'node-failures', timeToFailure: { distribution: 'constant', value: 100 }, timeToRepair: { distribution: 'constant', value: 50 } }, { world, rng, horizon }),
      ],
    });
    expect(r.world.failures.map((f) => f.repairedAt)).toEqual([150, 150, 150]);
  });

  const doc = (crews: unknown) => ({
    name: 'crews',
    horizon: 1000,
    cluster: { nodeGroups: [{ name: 'w', nodes: 2, capacity: { cpu: 1 } }] },
    failures: [{ policy: 'node-failures', timeToFailure: { distribution: 'exponential', mean: 100 }, timeToRepair: { distribution: 'exponential', mean: 10 }, repairCrews: crews }],
  });
  for (const bad of [0, -1, 1.5, 'two']) {
    it(`repairCrews: ${JSON.stringify(bad)} is an error naming file, field and value`, () => {
      expect(() => scenarioVariants(doc(bad), 'crews.yaml')).toThrow(InputError);
      try {
        scenarioVariants(doc(bad), 'crews.yaml');
      } catch (e) {
        expect((e as Error).message).toMatch(new RegExp(`^crews\\.yaml: .*\\(field failures\\[0\\]\\.repairCrews, value "${bad}"\\)$`));
      }
    });
  }

  it('the command exits 2 with one line', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crews-'));
    writeFileSync(join(dir, 'crews.json'), JSON.stringify(doc(0)));
    const r = spawnSync(process.execPath, [resolve('bin/clusterlab.js'), 'scenario', 'crews.json', '--out', 'out'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(2);
    // JSON on one line: the column is that of the key.
    const column = JSON.stringify(doc(0)).indexOf('"repairCrews"') + 1;
    expect(r.stderr).toBe(`clusterlab: error: crews.json:1:${column}: Too small: expected number to be >0 (field failures[0].repairCrews, value "0")\n`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });
});
