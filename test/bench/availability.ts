/**
 * The long availability benchmark, in its own process: the 3-of-5 service of
 * test/fixtures/scenarios/long-availability.yaml over 10^7 hours, run by
 * `clusterlab scenario` with the default settings (hourly buckets: a
 * timeseries.csv of 10^7 rows), against the same run with the fixture's
 * 10^4-hour buckets (10^3 rows) in this process: the ratio is what the
 * buckets cost beyond the events. Between failures the state is constant, so
 * the meters integrate each stretch as one piece and repeat its row
 * (sim/timeseries.ts, steady stretches). `tsx test/bench/availability.ts`
 * prints one JSON line; the target is 30 s.
 */
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../experiments/cli/cli.ts';

async function timed(file: string, out: string): Promise<{ seconds: number; cpu_seconds: number; timeseries_mb: number }> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const code = await main(['scenario', file, '--out', out]);
  if (code !== 0) throw new Error(`clusterlab scenario ${file} exited ${code}`);
  const cpu = process.cpuUsage(c0);
  return { seconds: (performance.now() - t0) / 1000, cpu_seconds: (cpu.user + cpu.system) / 1e6, timeseries_mb: statSync(join(out, 'timeseries.csv')).size / 2 ** 20 };
}

if (process.argv[1]?.endsWith('availability.ts')) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-availability-'));
  try {
    const fixture = readFileSync('test/fixtures/scenarios/long-availability.yaml', 'utf8');
    const coarse = join(dir, 'coarse.yaml');
    const hourly = join(dir, 'hourly.yaml');
    writeFileSync(coarse, fixture);
    writeFileSync(hourly, fixture.replace(/^sampleStep: .*\n/m, ''));
    const base = await timed(coarse, join(dir, 'coarse'));
    const run = await timed(hourly, join(dir, 'hourly'));
    process.stdout.write(`${JSON.stringify({ hours: 1e7, nodes: 5, buckets: 1e7, ...run, coarse_seconds: base.seconds, ratio_to_coarse: run.seconds / base.seconds, peak_rss_mb: process.resourceUsage().maxRSS / 1024 })}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
