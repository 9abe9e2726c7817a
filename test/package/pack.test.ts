/**
 * The tarball on its own (slow: one npm pack, one install). `npm pack` builds
 * dist/ (the command, the library, its declarations, the browser app) and the
 * package is installed into an empty folder, dependencies from npm's cache
 * (--offline) or, when the cache lacks them, the registry. There: clusterlab
 * default, simulate on a bundled trace, view (its page fetched), a study with
 * 2 workers, user schedulers in TypeScript typed against clusterlab/policy
 * (in the install, and outside it with and without a package.json of type
 * module), and a TypeScript consumer checked with tsc against the installed
 * types.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeTemporaries, tmp } from '../experiments/helpers.ts';

afterAll(removeTemporaries);
const REPO = resolve('.');

function run(cmd: string, args: string[], cwd: string) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Waits for the view server's address line, fetches the page, stops the server. npx starts the
 * command as a child of its own, which a signal to npx alone leaves running: the server runs in
 * a process group of its own, and the whole group is stopped and waited for.
 */
async function viewPage(cwd: string, dir: string): Promise<string> {
  const child = spawn('npx', ['clusterlab', 'view', dir, '--no-open', '--port', '0'], { cwd, detached: true });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  let out = '';
  try {
    const url = await new Promise<string>((done, fail) => {
      child.stdout.on('data', (d) => {
        out += String(d);
        const m = /serving .* at (http:\/\/\S+)/.exec(out);
        if (m) done(m[1]!);
      });
      child.once('exit', (code) => fail(new Error(`view exited ${code}: ${out}`)));
    });
    return await (await fetch(url)).text();
  } finally {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // the group has already gone
    }
    await exited;
    // Nothing of the group is left (the server, npx's child, may take a moment after npx).
    let left = '';
    for (let i = 0; i < 50; i++) {
      left = spawnSync('pgrep', ['-g', String(child.pid)], { encoding: 'utf8' }).stdout.trim();
      if (!left) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(left, 'processes left in the view server\'s group').toBe('');
  }
}

describe('npm pack', () => {
  it('gives a lean package that works on its own', async () => {
    const dest = tmp('pack');
    const packed = run('npm', ['pack', '--pack-destination', dest], REPO);
    expect(packed.code, packed.stderr).toBe(0);
    const tarball = join(dest, readdirSync(dest).find((f) => f.endsWith('.tgz'))!);
    const listing = run('tar', ['tzf', tarball], dest).stdout.split('\n').filter(Boolean);
    // No sources, tests or fixtures: of the source folders only the examples' data (studies, scenarios, workloads).
    const sources = listing.filter((f) => /^package\/(test|sim|workloads|viz|experiments)\//.test(f) && !/\/examples\/.*\.(ya?ml|json)$/.test(f));
    expect([...sources, ...listing.filter((f) => /fixtures/.test(f))]).toEqual([]);
    expect(listing).toContain('package/experiments/examples/kth-sp2.yaml');
    for (const f of ['dist/cli.mjs', 'dist/index.mjs', 'dist/policy.mjs', 'dist/browser.mjs', 'dist/viz/index.html', 'traces/samples/KTH-SP2-1996-2.1-cln.swf.gz']) expect(listing).toContain(`package/${f}`);
    console.log(`tarball ${(statSync(tarball).size / 1e6).toFixed(2)} MB, ${listing.length} files`);

    const home = tmp('install');
    writeFileSync(join(home, 'package.json'), '{ "name": "consumer", "private": true, "type": "module" }\n');
    let installed = run('npm', ['install', '--offline', '--no-audit', '--no-fund', tarball], home);
    if (installed.code !== 0) installed = run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], home);
    expect(installed.code, installed.stderr).toBe(0);
    const cl = (...args: string[]) => run('npx', ['clusterlab', ...args], home);

    const def = cl('default', '--out', 'r-default');
    expect(def.code, def.stderr).toBe(0);
    expect(readdirSync(join(home, 'r-default'))).toContain('comparison.csv');
    const sdsc = 'node_modules/clusterlab/traces/samples/SDSC-SP2-1998-conv3-first4961jobs.swf.gz';
    const sim = cl('simulate', '--trace', sdsc, '-q', 'sjf', '-b', 'easy', '--out', 'r-sjf');
    expect(sim.code, sim.stderr).toBe(0);
    expect(await viewPage(home, 'r-sjf')).toMatch(/<!doctype html>/i);

    writeFileSync(join(home, 'study.yaml'), `name: tiny\nworkload:\n  trace: ${sdsc}\nvariants:\n  - { name: fcfs-easy, queue: fcfs, backfill: easy }\n  - { name: sjf-easy, queue: sjf, backfill: easy }\nseeds: [1]\n`);
    const study = cl('run', 'study.yaml', '--workers', '2', '--out', 'r-study');
    expect(study.code, study.stderr).toBe(0);
    expect(study.stdout).toContain('2 of 2 runs finished');

    // sjf + easy composed from clusterlab/policy in the install: the built-in run's jobs.
    writeFileSync(
      join(home, 'mine.ts'),
      "import { backfills, createBatchScheduler, lookup, placements, queueOrders, type SchedulingPolicy, type UserSchedulerContext } from 'clusterlab/policy';\n" +
        "export default (_c: UserSchedulerContext): SchedulingPolicy => createBatchScheduler({ order: lookup(queueOrders, 'sjf'), backfill: lookup(backfills, 'easy'), placement: lookup(placements, 'first-fit') });\n",
    );
    const mine = cl('simulate', '--trace', sdsc, '--scheduler', './mine.ts', '--out', 'r-mine');
    expect(mine.code, mine.stderr).toBe(0);
    expect(readFileSync(join(home, 'r-mine/jobs.csv'), 'utf8')).toBe(readFileSync(join(home, 'r-sjf/jobs.csv'), 'utf8'));

    // The example scheduler, typed against clusterlab/policy, outside the install with and without a package.json.
    const example = readFileSync(join(home, 'node_modules/clusterlab/examples/my-scheduler.ts'), 'utf8')
      .replace("import type { SchedulingPolicy } from '../sim/policy.ts';", "import type { SchedulingPolicy, UserSchedulerContext } from 'clusterlab/policy';")
      .replace("import type { UserSchedulerContext } from '../schedulers/user.ts';\n", '');
    const jobs: string[] = [];
    for (const [dir, pkg] of [['away-plain', null], ['away-esm', '{"type":"module"}']] as const) {
      const where = join(tmp(dir), 'sched');
      mkdirSync(where);
      if (pkg) writeFileSync(join(where, 'package.json'), pkg);
      writeFileSync(join(where, 'ljf.ts'), example);
      const r = cl('simulate', '--trace', sdsc, '--scheduler', join(where, 'ljf.ts'), '--out', `r-${dir}`);
      expect(r.code, r.stderr).toBe(0);
      jobs.push(readFileSync(join(home, `r-${dir}/jobs.csv`), 'utf8'));
    }
    expect(jobs[1]).toBe(jobs[0]);

    // A TypeScript consumer of every entry, checked against the installed declarations.
    writeFileSync(
      join(home, 'use.ts'),
      "import { readTrace, simulate, type SimulationRun } from 'clusterlab';\nimport { checkConformance, type SchedulingPolicy } from 'clusterlab/policy';\nimport { runSimulation } from 'clusterlab/browser';\n" +
        "const run: SimulationRun = await simulate(await readTrace('x.swf'), { queue: 'fcfs', backfill: 'easy' });\nconst p: SchedulingPolicy = { name: 'n', schedule() {} };\nconsole.log(run.metrics.mean_wait, checkConformance(() => p).passed, typeof runSimulation);\n",
    );
    writeFileSync(
      join(home, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true, types: ['node'], typeRoots: [join(REPO, 'node_modules/@types')] }, files: ['use.ts', 'mine.ts'] }),
    );
    const tsc = run(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], home);
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.code).toBe(0);
  }, 1_800_000);
});
