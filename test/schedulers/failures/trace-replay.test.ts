/** Machine events of the Google 2011 trace as node outages. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readMachineEvents } from '../../../schedulers/failures/machine-events.ts';
import { failurePolicies } from '../../../schedulers/failures/registry.ts';
import { nodes, runDynamic } from '../../helpers/dynamics.ts';

const TEXT = [
  '0,5,0,p,0.5,0.25',
  '0,3,0,p,0.5,0.25',
  '0,9,0,p,0.5,0.25',
  '700000000,3,1,p,,',
  '900000000,3,0,p,0.5,0.25',
  '950000000,3,2,p,0.5,0.5',
  '1000000000,9,1,p,,',
  '1200000000,77,0,p,1,1', // added later: not one of the initial machines
  '',
].join('\n');

describe('machine events', () => {
  it('REMOVE then ADD is an outage; a REMOVE never undone lasts to the end; machines present at 0 in ID order', () => {
    expect(readMachineEvents(TEXT)).toEqual({ machines: ['3', '5', '9'], outages: [[[700, 900]], [], [[1000, Infinity]]] });
  });

  it('names the line and field of a bad record', () => {
    expect(() => readMachineEvents('0,5,0,p,1,1\n12x,5,1,p,,\n', 'm.csv')).toThrow(/m\.csv:2: not a time in microseconds \(field 1 \(time\), value "12x"\)/);
    expect(() => readMachineEvents('0,5,7,p,1,1\n', 'm.csv')).toThrow(/event type must be 0, 1 or 2/);
  });

  it('the shipped Google 2011 table: 12,477 machines at time 0', () => {
    const text = gunzipSync(readFileSync('traces/samples/google-2011-machine_events-part-00000-of-00001.csv.gz')).toString('utf8');
    const m = readMachineEvents(text);
    expect(m.machines).toHaveLength(12477);
    expect(m.outages.reduce((s, o) => s + o.length, 0)).toBeGreaterThan(5000);
  });

  it('replays onto nodes in order, trace time `from` at the start, scaled', () => {
    const r = runDynamic({
      cluster: nodes(3, { cpu: 1 }),
      horizon: 2000,
      controllers: (world, rng) => [failurePolicies.create({ policy: 'trace', file: 'm.csv', from: 600, timeScale: 2 }, { world, rng, horizon: 2000, readText: () => TEXT })],
    });
    // Machine 3 → n0: down (700 − 600) / 2 = 50 to (900 − 600) / 2 = 150; machine 9 → n2: down from 200 to the end.
    expect(r.world.failures.map((f) => [f.node, f.failedAt, f.repairedAt])).toEqual([
      [0, 50, 150],
      [2, 200, NaN],
    ]);
  });
});
