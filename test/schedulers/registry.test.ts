/** The one registry shape (schedulers/control/registry.ts): names, errors, building from validated params. */
import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { NO_PARAMS, PolicyRegistry } from '../../schedulers/control/registry.ts';
import { failurePolicies } from '../../schedulers/failures/registry.ts';
import { frameworkPlugins } from '../../schedulers/framework/plugin-registry.ts';
import { placements } from '../../schedulers/registry.ts';

const made = () =>
  new PolicyRegistry<{ n: number }, { base: number }>({ kind: 'thing', label: 'thing', chosenBy: 'a test' })
    .register({ name: 'plus', description: 'base + n', params: z.object({ n: z.number().default(2) }), create: (p, c) => ({ n: c.base + (p as { n: number }).n }) })
    .register({ name: 'zero', description: 'zero', params: NO_PARAMS, create: () => ({ n: 0 }) });

describe('PolicyRegistry', () => {
  it('keeps registration order and builds an entry from its validated params and the context', () => {
    const r = made();
    expect(r.names()).toEqual(['plus', 'zero']);
    expect(r.create({ policy: 'plus' }, { base: 10 })).toEqual({ n: 12 });
    expect(r.create({ policy: 'plus', n: 5 }, { base: 10 })).toEqual({ n: 15 });
    expect(() => r.create({ policy: 'zero', n: 1 }, { base: 0 })).toThrow(/Unrecognized key/);
  });

  it('names the nearest and the valid names for a wrong name, in every registry alike', () => {
    expect(() => made().get('pluss')).toThrow('unknown thing "pluss" (did you mean plus?); valid: plus, zero');
    expect(() => placements.get('best-fitt')).toThrow(/^unknown placement "best-fitt" \(did you mean best-fit\?\); valid: first-fit, /);
    expect(() => failurePolicies.get('outages')).toThrow(/^unknown failure policy "outages" \(did you mean outage\?\)/);
    expect(() => frameworkPlugins.get('NodeAfinity')).toThrow(/^unknown scheduler plugin "NodeAfinity" \(did you mean NodeAffinity\?\)/);
  });

  it('refuses a second entry of one name', () => {
    expect(() => made().register({ name: 'zero', description: 'again', params: NO_PARAMS, create: () => ({ n: 1 }) })).toThrow('duplicate thing zero');
  });
});
