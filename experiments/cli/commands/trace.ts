/**
 * `clusterlab trace info` and `clusterlab trace convert`: what a trace holds
 * (counts, span, offered load, distributions, what was dropped and why), and
 * the trace written as the canonical workload that every command reads.
 */
import { Command } from 'commander';
import type { ClusterSpec } from '../../../sim/cluster.ts';
import { traceStats, type Distribution, type TraceStats } from '../../../workloads/trace-stats.ts';
import { writeCanonicalFile } from '../../results/canonical-file.ts';
import { checkOutFile } from '../../results/out-dir.ts';
import { FORMATS, IMPORT_OPTION_KEYS, loadTraceAndCluster, parseImportOptions } from '../../run/load.ts';
import { formatTable, fmt } from '../../results/table.ts';

const collect = (v: string, all: string[]) => [...all, v];

/** The options both subcommands share: how to read the trace. */
function readingOptions(cmd: Command): Command {
  return cmd
    .option('-f, --format <format>', `trace format, detected by content when auto: ${FORMATS.join(', ')} (name:table for one table)`, 'auto')
    .option('-c, --cluster <file>', 'cluster for the offered load (or to embed): a description or a node list')
    .option('--import-option <key=value>', `importer option, repeatable: ${IMPORT_OPTION_KEYS.join(', ')}`, collect, [] as string[])
    .option('--mapping <file>', 'column mapping of a generic CSV trace (YAML or JSON); the trace is then read as CSV');
}

/** The trace and its cluster, read as simulate reads them (an SWF log is checked against the --cluster file). */
async function load(files: string[], opts: { format: string; cluster?: string; importOption: string[]; mapping?: string }) {
  const imports = parseImportOptions(opts.importOption);
  const read: FileRead[] = [];
  const onFile = (role: string, path: string, table?: string) => void read.push({ role, path, ...(table ? { table } : {}) });
  const loaded = await loadTraceAndCluster(files, opts.cluster, { format: opts.format, import: imports, mapping: opts.mapping, onFile });
  const cluster: ClusterSpec | null = loaded.cluster ?? loaded.workload.cluster;
  const skipped = loaded.workload.header.skipped_files?.split('\n') ?? [];
  return { workload: loaded.workload, cluster, read, skipped };
}

/** A file the trace was read from: its role (trace, cluster, mapping) and, for trace files, the table it was read as. */
interface FileRead {
  role: string;
  path: string;
  table?: string;
}

/** Which files were read as which table, and which were skipped: a directory's content is not all read. */
function filesText(read: readonly FileRead[], skipped: readonly string[]): string {
  const rows = [...read.map((f) => [f.path, f.role, f.table ?? '']), ...skipped.map((p) => [p, 'skipped', 'unknown format'])];
  return formatTable(['file', 'read as', 'table'], rows, [false, false, false]);
}

const num = (x: number) => (Number.isInteger(x) ? x.toLocaleString('en-US') : fmt(x, Math.abs(x) < 10 ? 3 : 1));

function distributionTable(stats: TraceStats): string {
  const rows = Object.entries(stats.distributions)
    .filter((e): e is [string, Distribution] => e[1] !== null)
    .map(([name, d]) => [name, num(d.count), num(d.mean), num(d.min), num(d.p25), num(d.p50), num(d.p75), num(d.p90), num(d.p99), num(d.max)]);
  return formatTable(['distribution', 'n', 'mean', 'min', 'p25', 'p50', 'p75', 'p90', 'p99', 'max'], rows, [false, true, true, true, true, true, true, true, true, true]);
}

function counts(title: string, c: Record<string, number>): string {
  const rows = Object.entries(c).map(([k, v]) => [k, num(v)]);
  return rows.length ? formatTable([title, 'count'], rows, [false, true]) : `${title}: none\n`;
}

function infoText(stats: TraceStats): string {
  const rows: [string, string][] = [
    ['format', stats.format],
    ['jobs', num(stats.jobs)],
    ['tasks', num(stats.tasks)],
    ['nodes', num(stats.nodes)],
    ['time span (first to last submit)', `${num(stats.span_seconds)} s`],
    ...Object.entries(stats.offered_load).map(([r, x]): [string, string] => [`offered load ${r}`, x === null ? 'n/a' : fmt(x, 3)]),
  ];
  if (stats.infinite_runtimes) rows.push(['jobs that never end (not in the load)', num(stats.infinite_runtimes)]);
  if (stats.machine_events) rows.push(['machine events', num(stats.machine_events)]);
  return [formatTable(['trace', 'value'], rows, [false, true]), distributionTable(stats), counts('records read', stats.records), counts('dropped', stats.dropped), counts('repaired', stats.repaired)].join('\n');
}

export function traceCommand(): Command {
  const trace = new Command('trace')
    .description('inspect and convert workload traces of any format')
    .addHelpText(
      'after',
      `
Examples:
  $ clusterlab trace info traces/samples/KTH-SP2-1996-2.1-cln.swf.gz
  $ clusterlab trace info openb_pod_list_default.csv --cluster openb_node_list_gpu_node.csv --json
  $ clusterlab trace convert task_events-part-00000.csv.gz machine_events-part-00000.csv.gz --to google.jsonl.gz

See "clusterlab trace info --help" and "clusterlab trace convert --help".
Exit codes: 0 ok, 2 usage or input error.`,
    );
  const info = readingOptions(new Command('info'))
    .description('describe a trace: jobs, tasks, nodes, span, offered load, distributions, what was dropped')
    .argument('<files...>', 'trace files, plain or gzip (several part files or tables of one trace, or a directory)')
    .option('--json', 'print JSON (keys format, jobs, tasks, nodes, span_seconds, offered_load, distributions, dropped, repaired, records..., read: the files with their role and table, skipped_files)')
    .addHelpText(
      'after',
      `
Examples:
  $ clusterlab trace info traces/samples/KTH-SP2-1996-2.1-cln.swf.gz
  $ clusterlab trace info openb_pod_list_default.csv --cluster openb_node_list_gpu_node.csv
  $ clusterlab trace info task_events-part-00000-of-00500.csv.gz job_events-part-00000-of-00500.csv.gz --json
  $ clusterlab trace info batch_task.csv.gz --import-option machine-memory=98304
  $ clusterlab trace info mapping.yaml        # a generic CSV through its column mapping
  $ clusterlab trace info jobs.csv --mapping mapping.yaml

Exit codes: 0 ok, 2 usage or input error.`,
    )
    .action(async (files: string[], opts) => {
      const { workload, cluster, read, skipped } = await load(files, opts);
      const stats = traceStats(workload, cluster);
      if (opts.json) process.stdout.write(`${JSON.stringify({ ...stats, read, skipped_files: skipped }, null, 2)}\n`);
      else process.stdout.write(`${infoText(stats)}\n${filesText(read, skipped)}`);
    });
  const convert = readingOptions(new Command('convert'))
    .description('write a trace as the canonical workload (JSON Lines), which every command reads')
    .argument('<files...>', 'trace files, plain or gzip (several part files or tables of one trace, or a directory)')
    .requiredOption('--to <file>', 'output file: canonical JSON Lines, gzip when the name ends in .gz; written whole')
    .addHelpText(
      'after',
      `
Examples:
  $ clusterlab trace convert openb_pod_list_default.csv --cluster openb_node_list_gpu_node.csv --to openb.jsonl
  $ clusterlab trace convert google/task_events google/machine_events --to google-part0.jsonl.gz
  $ clusterlab simulate --trace openb.jsonl

Exit codes: 0 ok, 2 usage or input error.`,
    )
    .action(async (files: string[], opts) => {
      checkOutFile(opts.to, '--to'); // before a long read
      const { workload, cluster } = await load(files, opts);
      await writeCanonicalFile(opts.to, { ...workload, cluster });
      process.stderr.write(`${workload.jobs.length} jobs${cluster ? `, ${cluster.nodes.length} nodes` : ''} written to ${opts.to}\n`);
    });
  // Usage errors of the subcommands reach cli.ts as CommanderError (exit code 2), as the top-level ones do.
  trace.addCommand(info.exitOverride());
  trace.addCommand(convert.exitOverride());
  return trace;
}
