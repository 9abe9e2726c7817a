/**
 * Deterministic by construction: no code under sim/, schedulers/, workloads/ or
 * traces/ reads the wall clock or an unseeded random source (every draw comes
 * from a named stream of sim/rng.ts).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('no wall clock, no unseeded randomness', () => {
  for (const dir of ['sim', 'schedulers', 'workloads', 'traces']) {
    it(`${dir}/`, () => {
      const offenders: string[] = [];
      for (const file of sources(dir)) {
        const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
        for (const pattern of [/Math\.random\s*\(/, /Date\.now\s*\(/, /new Date\s*\(/, /performance\.now\s*\(/, /process\.hrtime/]) {
          if (pattern.test(code)) offenders.push(`${file}: ${pattern.source}`);
        }
      }
      expect(offenders).toEqual([]);
    });
  }
});
