/**
 * Reading trace files in the browser (or any runtime with web streams), as the
 * CLI reads them: both go through traces/read-sources.ts (detection, one
 * format, the table order, the importer of traces/formats.ts, line by line);
 * this file opens a browser File as a source, plain or gzip (by the magic
 * bytes, through DecompressionStream), decoded as UTF-8. So any format
 * `clusterlab trace info` reads gives the same workload here, and a node list
 * or cluster description the same cluster.
 *
 * What stays on Node: directories (the browser is given files), and a CSV
 * mapping naming its CSV by path (here the CSV must be among the files given,
 * found by its name).
 */
import type { ClusterSpec } from '../../sim/cluster.ts';
import { InputError } from '../../sim/errors.ts';
import { detectFormat, type Detection } from '../../traces/detect.ts';
import { FORMATS, formatSpec, type ImportOptions } from '../../traces/formats.ts';
import { readSourceHead, readTraceSources, type ReadHost, type TraceSource } from '../../traces/read-sources.ts';
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

/** A file given to the page as a trace source. */
function fileSource(file: TraceFile): TraceSource {
  return { name: file.name, chunks: () => textChunks(file) };
}

export interface ReadOptions extends ImportOptions {
  /** `auto` (detect, the default), a format name, or `name:table`. */
  format?: string;
}

/** The format and table of a file, from its content, then its name; null when unknown. */
export async function detectTraceFile(file: TraceFile): Promise<Detection | null> {
  return detectFormat(await readSourceHead(fileSource(file)), file.name);
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
 * Reads one trace from one or more files, as the CLI's readTrace does
 * (traces/read-sources.ts: detect each file, or take `format`; one format for
 * all; the format's table order), then its importer.
 */
export async function readTraceFiles(files: readonly TraceFile[], options: ReadOptions = {}): Promise<Workload> {
  if (files.length === 0) throw new InputError('no trace file given');
  const host: ReadHost = {
    usage: (reason, file) => new InputError(reason, file === undefined ? undefined : { file }),
    formatOption: 'the format',
    // A mapping given as the trace names its CSV: here, one of the files given, by its name.
    mappedCsv: (mapping, file) => {
      const csv = files.find((f) => f.name === file.split('/').pop());
      if (!csv) throw new InputError(`the mapping names ${JSON.stringify(file)}: choose that file too`, { file: mapping.name, field: 'file' });
      return fileSource(csv);
    },
    differentFormatsHint: ' (a node list goes in the cluster file)',
  };
  return readTraceSources(files.map(fileSource), forcedFormat(options.format), options, host);
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
