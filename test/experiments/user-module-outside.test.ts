/**
 * A scheduler written in TypeScript outside the clone loads, in a folder with
 * no package.json (tsx compiles it to CommonJS there) and in one saying
 * "type": "module", and gives the same result files as the example it copies.
 * (Through a process-wide tsx it failed: "Cannot require() ES Module ... in a cycle".)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, removeTemporaries, smallTrace, tmp } from './helpers.ts';

afterAll(removeTemporaries);

describe('a TypeScript scheduler outside the clone', () => {
  it('loads with or without a package.json of type module, and runs as the example does', () => {
    const root = tmp('outside');
    const trace = smallTrace(root, 50);
    const source = readFileSync('examples/my-scheduler.ts', 'utf8')
      .replace("'../sim/policy.ts'", JSON.stringify(resolve('sim/policy.ts')))
      .replace("'../schedulers/user.ts'", JSON.stringify(resolve('schedulers/user.ts')));
    const jobs = (scheduler: string, out: string) => {
      const r = spawnSync(process.execPath, [BIN, 'simulate', '--trace', trace, '--scheduler', scheduler, '--out', out], { encoding: 'utf8', cwd: root });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      return readFileSync(join(out, 'jobs.csv'), 'utf8');
    };
    const expected = jobs(resolve('examples/my-scheduler.ts'), join(root, 'example'));
    for (const [dir, pkg] of [['plain', null], ['esm', '{"type":"module"}']] as const) {
      mkdirSync(join(root, dir));
      if (pkg) writeFileSync(join(root, dir, 'package.json'), pkg);
      writeFileSync(join(root, dir, 'ljf.ts'), source);
      expect(jobs(join(root, dir, 'ljf.ts'), join(root, `out-${dir}`)), dir).toBe(expected);
    }
  });
});
