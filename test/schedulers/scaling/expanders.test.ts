import { describe, expect, it } from 'vitest';
import { Rng } from '../../../sim/rng.ts';
import { expanders, type ScaleUpOption } from '../../../schedulers/scaling/expanders/registry.ts';

const options: ScaleUpOption[] = [
  { group: 'a', nodes: 3, pods: 6, waste: 0.25, priority: 1 },
  { group: 'b', nodes: 1, pods: 6, waste: 0.5, priority: 10 },
  { group: 'c', nodes: 2, pods: 4, waste: 0.1, priority: 10 },
];

describe('expanders', () => {
  const cases: [string, string[]][] = [
    ['least-waste', ['c']],
    ['most-pods', ['a', 'b']],
    ['priority', ['b', 'c']],
    ['random', ['a', 'b', 'c']],
  ];
  for (const [name, allowed] of cases) {
    it(`${name} picks among ${allowed.join(', ')}, ties from the stream`, () => {
      const picks = new Set<string>();
      const random = new Rng(1).stream('expander');
      for (let i = 0; i < 200; i++) picks.add(expanders.get(name).create({}, undefined).choose(options, random).group);
      expect([...picks].sort()).toEqual(allowed);
      // The same stream gives the same choices.
      const again = new Rng(1).stream('expander');
      const first = new Rng(1).stream('expander');
      expect(expanders.get(name).create({}, undefined).choose(options, again).group).toBe(expanders.get(name).create({}, undefined).choose(options, first).group);
    });
  }
});
