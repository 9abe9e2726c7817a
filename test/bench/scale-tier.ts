/**
 * The scale tier of `npm run bench` (`npm run bench:scale` alone): every
 * command at research scale, each in a process of its own timed by
 * /usr/bin/time (wall, CPU, peak RSS), as a user would run it:
 *
 *  - `workload generate` of 10^6 jobs, `trace convert` of a 10^6-job SWF log,
 *    `trace info` of both;
 *  - `simulate --out` of the 10^6-job log under every queue order (with EASY)
 *    and every backfilling (under fcfs) the registry lists, against a bare
 *    loop that parses the same file and runs fcfs without backfilling;
 *  - the Kubernetes-style scheduler (most-allocated.yaml) at 10^5 nodes;
 *  - a scenario of 1,000 nodes over 30 days (batch jobs, a service, node failures);
 *  - `run` of a 2-worker study over the 10^6-job log;
 *  - the browser app's loader (viz/data/load.ts) on a 10^6-job jobs.csv.
 *
 * The table replaces the scale section of docs/performance.md (between its
 * `bench:scale` markers) and goes to test/output/bench-scale.json.
 * `--jobs N` shrinks the workloads (a quick check of the tier itself).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticSwfLines } from '../../workloads/synthetic-swf.ts';
import { replaceDocSection } from './doc-section.ts';

const ROOT = new URL('../../', import.meta.url).pathname;
const BIN = join(ROOT, 'bin/clusterlab.js');
const argJobs = process.argv.indexOf('--jobs');
const JOBS = argJobs > 0 ? Number(process.argv[argJobs + 1]) : 1_000_000;
const KUBE_NODES = argJobs > 0 ? 1_000 : 100_000;
const KUBE_PODS = argJobs > 0 ? 1_000 : 10_000;

export interface ScaleCase {
  name: string;
  wall: number;
  cpu: number;
  rssMb: number;
  ok: boolean;
  note: string;
}

/** Runs `argv` under /usr/bin/time; the case fails (ok false, stderr's last line as the note) on a non-zero exit. */
function timed(name: string, argv: string[], note = ''): ScaleCase {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', ...argv], { cwd: ROOT, encoding: 'utf8', maxBuffer: 1 << 28 });
  const lines = r.stderr.trim().split('\n');
  const t = lines.filter((l) => l.startsWith('TIME ')).pop()?.split(' ').map(Number) ?? [];
  const ok = r.status === 0;
  const failure = ok ? '' : (lines.filter((l) => !l.startsWith('TIME ') && !l.startsWith('Command exited')).pop() ?? `exit ${r.status}`);
  const c: ScaleCase = { name, wall: t[1] ?? NaN, cpu: (t[2] ?? NaN) + (t[3] ?? NaN), rssMb: (t[4] ?? NaN) / 1024, ok, note: ok ? note : failure };
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${name}: ${c.wall.toFixed(1)} s wall, ${c.cpu.toFixed(1)} s cpu, ${c.rssMb.toFixed(0)} MB${c.note ? ` (${c.note})` : ''}\n`);
  return c;
}

const cli = (name: string, args: string[], note = '') => timed(name, [process.execPath, BIN, ...args], note);

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(`${line}\n`)) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function policies(): { queue: string[]; backfill: string[] } {
  const list = JSON.parse(execFileSync(process.execPath, [BIN, 'policies', '--json'], { cwd: ROOT, encoding: 'utf8' })) as { kind: string; name: string }[];
  const names = (kind: string) => {
    const found = list.filter((e) => e.kind === kind).map((e) => e.name);
    if (found.length === 0) throw new Error(`clusterlab policies --json lists no ${kind}`);
    return found;
  };
  return { queue: names('queue-order'), backfill: names('backfill') };
}

function scenarioYaml(): string {
  // 1,000 nodes, 30 days: Poisson batch jobs at about 60 % of the cluster, one service, node failures.
  return `name: scale-30d
horizon: 2592000
sampleStep: 3600
seed: 1
cluster:
  nodeGroups:
    - name: worker
      nodes: 1000
      capacity: { cpu: 32, memory: 131072 }
      zones: [zone-a, zone-b, zone-c]
batch:
  poisson:
    count: ${Math.round(JOBS / 10)}
    meanInterarrival: ${(2592000 / (JOBS / 10)).toFixed(3)}
    runtime: { distribution: lognormal, mu: 8.6, sigma: 0.7 }
    tasks: 1
    request: { cpu: 4, memory: 8192 }
    estimateFactor: 1.5
services:
  - name: frontend
    replicas: 20
    request: { cpu: 2, memory: 4096 }
    capacity: 100
    minAvailable: 15
    requestRate: { kind: sinusoid, mean: 1500, amplitude: 0.5 }
failures:
  - policy: node-failures
    timeToFailure: { distribution: exponential, mean: 2592000 }
    timeToRepair: { distribution: lognormal, mu: 7.6, sigma: 0.6 }
`;
}

function studyYaml(swf: string): string {
  return `name: scale-study
workload:
  trace: ${swf}
variants:
  - name: fcfs-easy
    backfill: easy
  - name: sjf-easy
    queue: sjf
    backfill: easy
seeds: 1
outputs:
  jobs: true
  timeseries: true
`;
}

function kubeWorkload(path: string): void {
  // The canonical header without a cluster: --cluster gives it.
  const lines: string[] = [JSON.stringify({ format: 'clusterlab-workload', version: 1, source: { format: 'synthetic', file: 'scale-tier' } })];
  for (let i = 0; i < KUBE_PODS; i++) {
    // One pod per job, arriving every second, running 10-60 minutes; requests of 1-8 cores.
    const runtime = 600 + ((i * 7919) % 3000);
    const request = { cpu: 1 + (i % 8), memory: 2048 * (1 + (i % 4)) };
    lines.push(JSON.stringify({ id: `p${i}`, submit: i, tasks: 1, request, runtime, estimate: 2 * runtime, priority: 0, user: `u${i % 40}`, group: null, queue: null, dependencies: [], logStatus: null, logWait: null }));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}

async function main(): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'bin/build.js')], { cwd: ROOT, stdio: 'inherit' });
  const d = mkdtempSync(join(tmpdir(), 'clusterlab-scale-'));
  const started = loadavg()[0]!;
  const cases: ScaleCase[] = [];
  try {
    const swf = join(d, 'synthetic.swf');
    await writeLines(swf, syntheticSwfLines({ jobs: JOBS, procs: 1000, load: 0.85, seed: 1 }));
    const spec = join(d, 'gen.yaml');
    writeFileSync(spec, readFileSync(join(ROOT, 'workloads/examples/poisson-lognormal.yaml'), 'utf8').replace(/count: \d+/, `count: ${JOBS}`));
    const size = (p: string) => `${(statSync(p).size / 1e6).toFixed(0)} MB`;

    cases.push(cli(`workload generate, ${JOBS.toLocaleString('en')} jobs`, ['workload', 'generate', spec, '--out', join(d, 'gen.jsonl')]));
    cases.push(cli('trace info of the generated workload', ['trace', 'info', join(d, 'gen.jsonl')], size(join(d, 'gen.jsonl'))));
    cases.push(cli(`trace convert, SWF of ${JOBS.toLocaleString('en')} jobs`, ['trace', 'convert', swf, '--to', join(d, 'swf.jsonl')], size(swf)));
    cases.push(cli('trace info of the SWF log', ['trace', 'info', swf]));

    cases.push(timed('bare loop: parse the SWF log, fcfs', [process.execPath, '--import', 'tsx', join(ROOT, 'test/bench/scale-bare-fcfs.ts'), swf]));
    const { queue, backfill } = policies();
    for (const b of backfill) cases.push(cli(`simulate --out, fcfs + ${b}`, ['simulate', '-t', swf, '-q', 'fcfs', '-b', b, '--out', join(d, `sim-fcfs-${b}`)]));
    for (const q of queue.filter((q) => q !== 'fcfs')) cases.push(cli(`simulate --out, ${q} + easy`, ['simulate', '-t', swf, '-q', q, '-b', 'easy', '--out', join(d, `sim-${q}-easy`)]));

    const cluster = join(d, 'kube-cluster.yaml');
    writeFileSync(cluster, `groups:\n  - name: n\n    count: ${KUBE_NODES}\n    capacity: {cpu: 32, memory: 131072}\n    zones: [a, b, c, d, e, f, g, h, i, j]\n`);
    const pods = join(d, 'pods.jsonl');
    kubeWorkload(pods);
    cases.push(
      // The default profile, so percentageOfNodesToScore is upstream's adaptive one (5 % of 10^5 nodes);
      // most-allocated.yaml scores every node, 20 times the work per pod at this size.
      cli(`simulate --scheduler kube (default profile), ${KUBE_NODES.toLocaleString('en')} nodes, ${KUBE_PODS.toLocaleString('en')} pods`, [
        'simulate', '-t', pods, '--cluster', cluster, '--scheduler', 'kube', '--out', join(d, 'kube'),
      ]),
    );

    const scenario = join(d, 'scenario.yaml');
    writeFileSync(scenario, scenarioYaml());
    cases.push(cli('scenario, 1,000 nodes, 30 days', ['scenario', scenario, '--out', join(d, 'scenario')], `${Math.round(JOBS / 10).toLocaleString('en')} batch jobs, a service of 20 replicas, node failures`));

    const study = join(d, 'study.yaml');
    writeFileSync(study, studyYaml(swf));
    cases.push(cli('run, a 2-worker study (2 runs over the log)', ['run', study, '--out', join(d, 'study'), '--workers', '2']));

    cases.push(timed('browser app loader, jobs.csv of the fcfs + easy run', [process.execPath, '--import', 'tsx', join(ROOT, 'test/bench/scale-viz-load.ts'), join(d, 'sim-fcfs-easy')], size(join(d, 'sim-fcfs-easy', 'jobs.csv'))));
  } finally {
    rmSync(d, { recursive: true, force: true });
  }
  report(cases, started);
}

function report(cases: ScaleCase[], loadStart: number): void {
  const bare = cases.find((c) => c.name.startsWith('bare loop'));
  const ratio = (name: string) => {
    const c = cases.find((x) => x.name === name);
    // CPU seconds: on a shared machine they hold better than wall time.
    return c && bare && c.ok ? `${(c.cpu / bare.cpu).toFixed(1)}× the bare loop's cpu` : '';
  };
  const rows = cases.map((c) => {
    const target = c.name === 'simulate --out, fcfs + none' ? 3 : c.name === 'simulate --out, fcfs + easy' ? 5 : 0;
    const note = [c.note, target ? `${ratio(c.name)} (target ${target}×)` : ''].filter(Boolean).join('; ');
    return `| ${c.name} | ${c.ok ? 'ok' : '**failed**'} | ${c.wall.toFixed(1)} | ${c.cpu.toFixed(1)} | ${c.rssMb.toFixed(0)} | ${note} |`;
  });
  const md = [
    `Last run: ${JOBS.toLocaleString('en')} jobs, load average ${loadStart.toFixed(1)} at the start and ${loadavg()[0]!.toFixed(1)} at the end (2 cores).`,
    '',
    '| command | result | wall s | cpu s | peak RSS MB | note |',
    '|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  process.stdout.write(`\n${md}\n`);
  mkdirSync(join(ROOT, 'test/output'), { recursive: true });
  writeFileSync(join(ROOT, 'test/output/bench-scale.json'), `${JSON.stringify({ jobs: JOBS, load: [loadStart, loadavg()[0]], cases }, null, 2)}\n`);
  if (JOBS === 1_000_000) replaceDocSection(join(ROOT, 'docs/performance.md'), 'scale', md);
  if (cases.some((c) => !c.ok)) process.exitCode = 1;
}

await main();
