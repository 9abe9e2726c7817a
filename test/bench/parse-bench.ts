/**
 * Parse throughput of every importer: the real samples in traces/samples
 * (read through format detection, as the CLI reads them) and synthetic files
 * for the formats without a large sample (Azure VM table, Philly job log,
 * generic CSV). MB/s counts decompressed bytes; records/s counts the records
 * the reader reports (table rows, objects, SWF lines with jobs).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Rng } from '../../sim/rng.ts';
import { readTrace } from '../../traces/node-read.ts';
import type { Workload } from '../../workloads/workload.ts';

export interface ParseCase {
  name: string;
  files: string[];
  options?: Parameters<typeof readTrace>[1];
}

export interface ParseResult {
  name: string;
  format: string;
  megabytes: number;
  records: number;
  seconds: number;
  mb_per_second: number;
  records_per_second: number;
}

const S = 'traces/samples/';

export const SAMPLE_CASES: ParseCase[] = [
  { name: 'SWF HPC2N (202,871 jobs)', files: [S + 'HPC2N-2002-2.2-cln.swf.gz'] },
  { name: 'Google 2011 task_events part 0', files: [S + 'google-2011-task_events-part-00000-of-00500.csv.gz'] },
  { name: 'Google 2011 machine_events', files: [S + 'google-2011-machine_events-part-00000-of-00001.csv.gz'] },
  { name: 'Alibaba 2017 batch_task', files: [S + 'alibaba-2017-batch_task.csv.gz'] },
  { name: 'Alibaba 2018 machine_meta + usage', files: [S + 'alibaba-2018-machine_meta.csv', S + 'alibaba-2018-machine_usage-excerpt-100k.csv.gz'] },
  { name: 'openb pods', files: [S + 'openb_pod_list_default.csv'] },
  { name: 'openb nodes', files: [S + 'openb_node_list_all_node.csv'] },
  { name: 'PAI 2020 machine spec', files: [S + 'pai_machine_spec.csv'] },
  { name: 'Azure LLM conv', files: [S + 'AzureLLMInferenceTrace_conv.csv'] },
  { name: 'Philly machine list', files: [S + 'philly_cluster_machine_list.csv'] },
  { name: 'Kubernetes YAML (1,213 Nodes)', files: [S + 'kubernetes/openb-nodes/openb_node_list_gpu_node.yaml'] },
];

/** Synthetic files for the formats without a large sample, written to `dir`. */
export function syntheticCases(dir: string, rows: number): ParseCase[] {
  const rng = new Rng(1).stream('bench');
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;
  const vm: string[] = [];
  const csv: string[] = ['id,submit,runtime,tasks,cpu,mem'];
  const jobs: string[] = [];
  let t = 0;
  for (let i = 0; i < rows; i++) {
    t += Math.floor(rng() * 30);
    const life = 300 + Math.floor(rng() * 86400);
    vm.push(`vm${i}hash${(i * 7919) % 100003},sub${i % 997},dep${i % 4999},${t},${t + life},${(rng() * 100).toFixed(4)},${(rng() * 50).toFixed(4)},${(rng() * 90).toFixed(4)},${pick(['Interactive', 'Delay-insensitive', 'Unknown'])},${pick(['2', '4', '8', '24', '>24'])},${pick(['2', '4', '8', '32', '>64'])}`);
    csv.push(`j${i},${t},${life},${1 + (i % 64)},${(rng() * 4).toFixed(2)},${(rng() * 16).toFixed(2)}`);
  }
  const stamp = (s: number) => {
    const d = 3 + Math.floor(s / 86400);
    const r = s % 86400;
    const pad = (x: number) => String(x).padStart(2, '0');
    return `2017-10-${pad(d)} ${pad(Math.floor(r / 3600))}:${pad(Math.floor((r % 3600) / 60))}:${pad(r % 60)}`;
  };
  for (let i = 0, s = 0; i < rows / 4; i++) {
    s += Math.floor(rng() * 20);
    const start = s + Math.floor(rng() * 600);
    const gpus = Array.from({ length: 1 + (i % 8) }, (_, g) => `"gpu${g}"`).join(', ');
    jobs.push(
      `{"status": "${pick(['Pass', 'Killed', 'Failed'])}", "vc": "vc${i % 11}", "jobid": "application_${i}", "submitted_time": "${stamp(s)}", "user": "u${i % 301}", "attempts": [{"start_time": "${stamp(start)}", "end_time": "${stamp(start + 60 + Math.floor(rng() * 7200))}", "detail": [{"ip": "m${i % 552}", "gpus": [${gpus}]}]}]}`,
    );
  }
  writeFileSync(join(dir, 'vmtable.csv'), `${vm.join('\n')}\n`);
  writeFileSync(join(dir, 'jobs.csv'), `${csv.join('\n')}\n`);
  writeFileSync(join(dir, 'mapping.yaml'), 'file: jobs.csv\ncolumns: {id: id, submit: submit, runtime: runtime, tasks: tasks}\nrequest: {cpu: cpu, memory: {column: mem, scale: 1024}}\n');
  writeFileSync(join(dir, 'cluster_job_log'), `[\n${jobs.join(',\n')}\n]\n`);
  return [
    { name: `Azure VM table (synthetic, ${rows.toLocaleString('en-US')} VMs)`, files: [join(dir, 'vmtable.csv')] },
    { name: `generic CSV (synthetic, ${rows.toLocaleString('en-US')} rows)`, files: [join(dir, 'mapping.yaml')] },
    { name: `Philly job log JSON (synthetic, ${(rows / 4).toLocaleString('en-US')} jobs)`, files: [join(dir, 'cluster_job_log')], options: { format: 'philly:jobs' } },
  ];
}

function recordsOf(w: Workload): number {
  const tables = Object.entries(w.records ?? {}).filter(([k]) => !k.includes('.'));
  if (tables.length > 0) return tables.reduce((a, [, v]) => a + v, 0);
  return w.jobs.length + Object.values(w.dropped).reduce((a, b) => a + b, 0);
}

function bytesOf(files: string[]): number {
  let n = 0;
  for (const f of files) {
    const raw = readFileSync(f);
    n += f.endsWith('.gz') ? gunzipSync(raw).length : raw.length;
  }
  return n;
}

/** Best of `repeat` reads of each case. */
export async function parseBenchmark(cases: ParseCase[], repeat: number): Promise<ParseResult[]> {
  const out: ParseResult[] = [];
  for (const c of cases) {
    let best = Infinity;
    let w: Workload | null = null;
    for (let i = 0; i < repeat; i++) {
      const t0 = performance.now();
      w = await readTrace(c.files, c.options ?? {});
      best = Math.min(best, (performance.now() - t0) / 1000);
    }
    // A mapping file names its CSV: count the CSV's bytes.
    const files = c.files.map((f) => (f.endsWith('mapping.yaml') ? join(f, '..', 'jobs.csv') : f));
    const megabytes = bytesOf(files) / 1e6;
    const records = recordsOf(w!);
    out.push({ name: c.name, format: w!.source.format, megabytes, records, seconds: best, mb_per_second: megabytes / best, records_per_second: records / best });
  }
  return out;
}
