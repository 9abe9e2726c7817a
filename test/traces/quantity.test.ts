import { describe, expect, it } from 'vitest';
import { parseQuantity } from '../../traces/quantity.ts';

describe('Kubernetes quantities', () => {
  it('reads plain numbers and every suffix', () => {
    const cases: [unknown, number][] = [
      [64, 64], ['4', 4], ['100m', 0.1], ['64000m', 64], ['0.5', 0.5], ['1500u', 0.0015], ['2n', 2e-9],
      ['1Ki', 1024], ['256Gi', 256 * 2 ** 30], ['9216Mi', 9216 * 2 ** 20], ['1G', 1e9], ['2k', 2000], ['1e3', 1000], ['129E-1', 12.9], ['1Ei', 2 ** 60],
    ];
    for (const [text, value] of cases) expect(parseQuantity(text), String(text)).toBe(value);
  });

  it('refuses what is not a quantity', () => {
    for (const bad of ['', 'lots', '1 Gi', '0x10', 'Gi', '1GiB', '1.2.3', null, undefined, true, [], {}, Infinity, NaN]) expect(parseQuantity(bad), String(bad)).toBeNull();
  });
});
