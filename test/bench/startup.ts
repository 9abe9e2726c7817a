/**
 * Start-up of the command, as a difference and a ratio against `node -e 0`
 * measured in the same rounds: each round runs `node -e 0`, `clusterlab
 * --version` and `clusterlab simulate` of a 10-job SWF log once each, in
 * turn, so a busy machine slows all three alike; the medians are reported.
 * The compiled command (dist/, bin/build.js) is built before the first round.
 * Targets: --version within 0.15 s of node -e 0, simulate within 0.35 s.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { quantileSorted } from '../../sim/metrics.ts';

const BIN = resolve('bin/clusterlab.js');

/** Ten jobs on 4 processors, in SWF. */
function tenJobLog(dir: string): string {
  const lines = ['; MaxProcs: 4'];
  for (let i = 1; i <= 10; i++) lines.push(`${i} ${i * 10} 0 ${50 + 10 * i} ${1 + (i % 4)} -1 -1 ${1 + (i % 4)} ${60 + 10 * i} -1 1 1 1 -1 1 -1 -1 -1`);
  const path = join(dir, 'ten.swf');
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function seconds(args: string[]): number {
  const t0 = process.hrtime.bigint();
  execFileSync(process.execPath, args, { stdio: 'ignore', env: { ...process.env, CLUSTERLAB_CLI: '' } });
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

const median = (xs: number[]) => quantileSorted([...xs].sort((a, b) => a - b), 0.5);

export function startupBenchmark(rounds: number): Record<string, unknown> {
  const dir = mkdtempSync(join(tmpdir(), 'clusterlab-startup-'));
  try {
    const log = tenJobLog(dir);
    const commands = {
      node: ['-e', '0'],
      version: [BIN, '--version'],
      simulate: [BIN, 'simulate', '--trace', log, '--out', join(dir, 'out')],
    };
    seconds(commands.version); // builds dist/ if the sources changed since
    const times: Record<keyof typeof commands, number[]> = { node: [], version: [], simulate: [] };
    for (let r = 0; r < rounds; r++) for (const name of Object.keys(commands) as (keyof typeof commands)[]) times[name].push(seconds(commands[name]));
    const node = median(times.node);
    const of = (name: 'version' | 'simulate', target: number) => {
      const m = median(times[name]);
      return { median_seconds: m, over_node_seconds: m - node, ratio_to_node: m / node, target_over_node_seconds: target, seconds: times[name] };
    };
    return { rounds, node_e_0: { median_seconds: node, seconds: times.node }, version: of('version', 0.15), simulate_10_jobs: of('simulate', 0.35) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report's lines. */
export function startupLines(r: ReturnType<typeof startupBenchmark>): string[] {
  const node = r.node_e_0 as { median_seconds: number };
  const line = (label: string, x: { median_seconds: number; over_node_seconds: number; ratio_to_node: number; target_over_node_seconds: number }) =>
    `  ${label.padEnd(28)} ${x.median_seconds.toFixed(3)} s: ${x.ratio_to_node.toFixed(2)}x node -e 0, +${x.over_node_seconds.toFixed(3)} s (target +${x.target_over_node_seconds} s)`;
  return [
    `  node -e 0                    ${node.median_seconds.toFixed(3)} s (median of ${r.rounds} alternated rounds)`,
    line('clusterlab --version', r.version as never),
    line('clusterlab simulate, 10 jobs', r.simulate_10_jobs as never),
  ];
}
