/**
 * Reading trace files in the browser (or any runtime with web streams), as the
 * CLI reads them (traces/node-read.ts readTrace and readCluster): each file's
 * format and table detected by content with traces/detect.ts, the files of one
 * trace checked to be one format and fed in the format's table order to the
 * importer of traces/formats.ts, plain or gzip (by the magic bytes, through
 * DecompressionStream), decoded as UTF-8, line by line through the same
 * LineSplitter. So any format `clusterlab trace info` reads gives the same
 * workload here, and a node list or cluster description the same cluster.
 *
 * What stays on Node: directories (the browser is given files), and a CSV
 * mapping naming its CSV by path (here the CSV must be among the files given,
 * found by its name).
 */
import { parse as parseYaml } from 'yaml';
import type { ClusterSpec } from '../../sim/cluster.ts';
import { InputError } from '../../sim/errors.ts';
import { DETECT_BYTES, detectFormat, type Detection } from '../../traces/detect.ts';
import { FORMATS, formatSpec, type ImportOptions } from '../../traces/formats.ts';
import { parseCsvMapping } from '../../traces/generic-csv.ts';
import { LineSplitter } from '../../traces/lines.ts';
import type { TraceParser } from '../../traces/parser.ts';
import { processorCluster, type SwfOptions } from '../../traces/swf.ts';
import type { Workload } from '../../workloads/workload.ts';

/** A file given to the page: its name (no directory) and its bytes. */
export interface TraceFile {
  name: string;
  blob: Blob;
}

async function isGzip(blob: Blob): Promise<boolean> {
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  return head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/** Text chunks of a plain or gzip file, decoded as UTF-8 (invalid bytes become U+FFFD, as on Node). */
async function* textChunks(file: TraceFile): AsyncGenerator<string> {
  let stream: ReadableStream<Uint8Array> = file.blob.stream();
  const gz = await isGzip(file.blob);
  if (gz) stream = stream.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  const reader = stream.pipeThrough(new TextDecoderStream('utf-8') as unknown as ReadableWritablePair<string, Uint8Array>).getReader();
  try {
    for (;;) {
      let chunk: ReadableStreamReadResult<string>;
      try {
        chunk = await reader.read();
      } catch (err) {
        throw new InputError(`truncated or corrupt ${gz ? 'gzip ' : ''}data: ${(err as Error).message}`, { file: file.name });
      }
      if (chunk.done) return;
      yield chunk.value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** The first characters of a file, decompressed (for detection). */
async function readHead(file: TraceFile, chars = DETECT_BYTES): Promise<string> {
  let head = '';
  for await (const chunk of textChunks(file)) {
    head += chunk;
    if (head.length >= chars) break;
  }
  return head.slice(0, chars + 1);
}

async function readWhole(file: TraceFile): Promise<string> {
  let text = '';
  for await (const chunk of textChunks(file)) text += chunk;
  return text;
}

/** Streams one file into a parser as table `table` (a byte-order mark at its start is not data), as traces/node-read.ts feedFile. */
async function feed(parser: TraceParser, file: TraceFile, table: string): Promise<void> {
  parser.begin(file.name, table);
  const splitter = new LineSplitter(file.name, (line, no) => parser.line(no === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line, no));
  for await (const chunk of textChunks(file)) splitter.push(chunk);
  splitter.end();
  parser.end();
}

export interface ReadOptions extends ImportOptions {
  /** `auto` (detect, the default), a format name, or `name:table`. */
  format?: string;
}

/** The format and table of a file, from its content, then its name; null when unknown. */
export async function detectTraceFile(file: TraceFile): Promise<Detection | null> {
  return detectFormat(await readHead(file), file.name);
}

function forcedFormat(value: string | undefined): { format: string; table: string | null } | null {
  if (!value || value === 'auto') return null;
  const [format, table = null] = value.split(':') as [string, string?];
  const spec = formatSpec(format);
  if (!spec) throw new InputError(`unknown trace format ${JSON.stringify(format)}; valid: auto, ${FORMATS.map((f) => f.name).join(', ')}`);
  if (table !== null && !spec.tables.includes(table)) throw new InputError(`format ${format} has no table ${JSON.stringify(table)}; tables: ${spec.tables.join(', ')}`);
  return { format, table };
}

/**
 * Reads one trace from one or more files: the same planning as the CLI's
 * readTrace (detect each file, or take `format`; one format for all; the
 * format's table order), then its importer.
 */
export async function readTraceFiles(files: readonly TraceFile[], options: ReadOptions = {}): Promise<Workload> {
  if (files.length === 0) throw new InputError('no trace file given');
  const forced = forcedFormat(options.format);
  const detected: { file: TraceFile; found: Detection | null }[] = [];
  for (const file of files) {
    let found: Detection | null;
    if (forced?.table) found = { format: forced.format, table: forced.table };
    else {
      found = await detectTraceFile(file);
      if (forced && found?.format !== forced.format) {
        const spec = formatSpec(forced.format)!;
        if (spec.tables.length !== 1) throw new InputError(`cannot tell which table of ${forced.format} this file holds; name it as ${forced.format}:TABLE (${spec.tables.join(', ')})`, { file: file.name });
        found = { format: forced.format, table: spec.tables[0]! };
      }
    }
    detected.push({ file, found });
  }
  let mapping = options.mapping;
  let mappingFile = options.mappingFile;
  const kept: { file: TraceFile; format: string; table: string }[] = [];
  const named = new Set<TraceFile>();
  for (const { file, found } of detected) {
    if (found?.format !== 'csv' || found.table !== 'mapping') continue;
    // A mapping file as the trace names its CSV: here, one of the files given, by its name.
    let value: unknown;
    try {
      value = parseYaml(await readWhole(file), { maxAliasCount: 100 });
    } catch (err) {
      throw new InputError(`not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`, { file: file.name });
    }
    mapping = parseCsvMapping(value, file.name);
    mappingFile = file.name;
    if (!mapping.file) throw new InputError('a mapping given as the trace must name its CSV in `file`', { file: file.name, field: 'file' });
    const csvName = mapping.file.split('/').pop()!;
    const csv = files.find((f) => f.name === csvName);
    if (!csv) throw new InputError(`the mapping names ${JSON.stringify(mapping.file)}: choose that file too`, { file: file.name, field: 'file' });
    named.add(csv);
    kept.push({ file: csv, format: 'csv', table: 'records' });
  }
  for (const { file, found } of detected) {
    if (named.has(file) || (found?.format === 'csv' && found.table === 'mapping')) continue;
    if (found === null) throw new InputError(`unknown trace format; formats read: ${FORMATS.map((f) => f.name).join(', ')}`, { file: file.name });
    kept.push({ file, ...found });
  }
  const format = kept[0]!.format;
  const other = kept.find((p) => p.format !== format);
  if (other) throw new InputError(`files of different formats: ${kept[0]!.file.name} is ${format}, ${other.file.name} is ${other.format}; read one trace at a time (a node list goes in the cluster file)`);
  const spec = formatSpec(format)!;
  const order = (t: string) => spec.tables.indexOf(t);
  kept.sort((a, b) => order(a.table) - order(b.table));
  const parser = spec.create({ ...options, mapping, mappingFile });
  for (const p of kept) await feed(parser, p.file, p.table);
  return parser.finish();
}

/** The cluster of a file, as the CLI's readCluster: a cluster description, or any file of machines (node list, machine spec…). */
export async function readClusterFiles(files: readonly TraceFile[], options: ReadOptions = {}): Promise<ClusterSpec> {
  const workload = await readTraceFiles(files, options);
  if (!workload.cluster || workload.cluster.nodes.length === 0) {
    throw new InputError(`no nodes in this ${workload.source.format} file (a cluster file is a cluster description or a machine or node list)`, { file: files.map((f) => f.name).join(',') });
  }
  return workload.cluster;
}

/** The cluster to simulate, as the CLI chooses it (experiments/run/load.ts clusterFor): the cluster file, the trace's, or the processors given. */
export function clusterOf(workload: Workload, swf: SwfOptions = {}, cluster: ClusterSpec | null = null): ClusterSpec {
  if (cluster) return cluster;
  if (workload.cluster) return workload.cluster;
  if (swf.machineProcs) return processorCluster(swf.machineProcs, swf.procsPerNode ?? 1);
  if (workload.source.format === 'swf') {
    throw new InputError('the trace does not give the machine size (no MaxProcs or MaxNodes header); give the number of processors or a cluster file', { file: workload.source.file });
  }
  throw new InputError(`this ${workload.source.format} trace describes no machines; choose a cluster file (a cluster description or a node list)`, { file: workload.source.file });
}
