/**
 * The example studies of experiments/examples/ run, reduced (fewer seeds, a
 * smaller cluster or workload), and show the direction of the headline their
 * comments state. The full studies' numbers are in their comments.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStudy } from '../../experiments/study/study.ts';
import { Quiet, removeTemporaries, tmp } from './helpers.ts';

const EXAMPLES = resolve('experiments/examples');

let dir: string;
beforeAll(() => {
  dir = tmp('examples');
});
afterAll(removeTemporaries);

/** The example with its relative paths made absolute and `edits` applied ([from, to] text replacements, each required). */
function reduced(name: string, edits: [string | RegExp, string][]): string {
  let text = readFileSync(join(EXAMPLES, name), 'utf8').replace(/(:\s*)(\.\.\/|kube\/)/g, (_, sep: string, rel: string) => `${sep}${EXAMPLES}/${rel}`);
  for (const [from, to] of edits) {
    const next = text.replace(from, to);
    if (next === text) throw new Error(`${name}: ${String(from)} not found`);
    text = next;
  }
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function run(config: string): Promise<Record<string, string>[]> {
  const out = join(dir, `${config.split('/').pop()}.out`);
  const result = await runStudy({ configFile: config, out, workers: 2, progress: new Quiet() });
  expect(result.failures).toEqual([]);
  return parse(readFileSync(join(out, 'runs.csv'), 'utf8'), { columns: true }) as Record<string, string>[];
}

const value = (rows: Record<string, string>[], id: string, column: string) => Number(rows.find((r) => r.run_id === id)![column]);

describe('example studies, reduced', () => {
  it('zone-outage-recovery: checkpoints lose the least work, restart-in-place the most, at every seed', async () => {
    const rows = await run(reduced('zone-outage-recovery.yaml', [['seeds: 8', 'seeds: [1, 2]']]));
    for (const s of [1, 2]) {
      const lost = (v: string) => value(rows, `${v}.s${s}`, 'dynamics_recovery_work_lost_cpu_seconds');
      expect(lost('checkpoint-restart')).toBeLessThan(lost('reschedule'));
      expect(lost('reschedule')).toBeLessThan(lost('restart-in-place'));
    }
  });

  it('openb-gpu-sharing: FGD allocates more GPUs than random placement at the end (120 nodes)', async () => {
    const nodes = readFileSync(resolve('traces/samples/openb_node_list_gpu_node.csv'), 'utf8').split('\n');
    const small = join(dir, 'openb-nodes-120.csv');
    writeFileSync(small, `${nodes.slice(0, 121).join('\n')}\n`);
    const rows = await run(
      reduced('openb-gpu-sharing.yaml', [
        [/file: \S+openb_node_list_gpu_node\.csv/, `file: ${small}`],
        ['seeds: [42, 43, 44, 45, 46, 47, 48, 49, 50, 51]', 'seeds: [42, 43]'],
      ]),
    );
    for (const s of [42, 43]) {
      const at = (v: string) => value(rows, `${v}.s${s}`, 'gpu_allocation_at_demand_final');
      expect(at('fgd')).toBeGreaterThan(at('random'));
      expect(at('best-fit')).toBeGreaterThan(at('random'));
    }
  });

  it('bin-packing: packing (MostAllocated, best-fit) waits less than spreading (LeastAllocated, worst-fit)', async () => {
    const rows = await run(reduced('bin-packing.yaml', [['count: 3000', 'count: 800'], ['seeds: 5', 'seeds: [1, 2]']]));
    const total = (v: string) => value(rows, `${v}.s1`, 'mean_wait') + value(rows, `${v}.s2`, 'mean_wait');
    expect(total('kube-most-allocated')).toBeLessThan(total('kube-least-allocated'));
    expect(total('best-fit')).toBeLessThan(total('worst-fit'));
  }, 180_000); // the Kubernetes-style scheduler scans every pending pod at every cycle
});
