/**
 * Standard normal variates by the Box–Muller transform. Each variate uses
 * exactly two uniforms (the second, sine, variate is discarded) so the number
 * of uniforms consumed per job never depends on earlier draws.
 */
import type { Random } from '../../sim/rng.ts';
import { openUnit } from './sampler.ts';

export function standardNormal(random: Random): number {
  const u1 = openUnit(random);
  const u2 = random();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}
