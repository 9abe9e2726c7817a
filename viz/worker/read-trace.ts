/**
 * Reading a trace file in the browser (or any runtime with web streams): plain
 * or gzip (by the magic bytes, as on Node), decoded as UTF-8 and fed line by
 * line into the same parsers as the CLI, so the workload is the same.
 * Formats: canonical JSON Lines (`.jsonl`, `.jsonl.gz`) and SWF (anything else);
 * other formats join here as their pure parsers land.
 */
import { LineSplitter } from '../../traces/lines.ts';
import { SwfParser, processorCluster, type SwfOptions } from '../../traces/swf.ts';
import { CanonicalParser } from '../../workloads/canonical.ts';
import type { ClusterSpec } from '../../sim/cluster.ts';
import type { Workload } from '../../workloads/workload.ts';

export type TraceFormat = 'swf' | 'canonical';

export function formatOf(name: string): TraceFormat {
  return /\.jsonl(\.gz)?$/i.test(name) ? 'canonical' : 'swf';
}

async function isGzip(blob: Blob): Promise<boolean> {
  const head = new Uint8Array(await blob.slice(0, 2).arrayBuffer());
  return head.length === 2 && head[0] === 0x1f && head[1] === 0x8b;
}

export async function readTrace(blob: Blob, name: string, swf: SwfOptions = {}): Promise<Workload> {
  const format = formatOf(name);
  const parser = format === 'canonical' ? new CanonicalParser(name) : new SwfParser(name, swf);
  const splitter = new LineSplitter(name, (line, no) => parser.line(line, no));
  let stream: ReadableStream<Uint8Array> = blob.stream();
  if (await isGzip(blob)) stream = stream.pipeThrough(new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>);
  const reader = stream.pipeThrough(new TextDecoderStream('utf-8') as unknown as ReadableWritablePair<string, Uint8Array>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      splitter.push(value);
    }
  } catch (err) {
    if (err instanceof Error && err.name === 'InputError') throw err;
    throw new Error(`${name}: truncated or corrupt data: ${(err as Error).message}`);
  }
  splitter.end();
  return parser.finish();
}

/** The cluster to simulate, as the CLI chooses it (experiments/load.ts clusterFor). */
export function clusterOf(workload: Workload, swf: SwfOptions = {}): ClusterSpec {
  if (workload.cluster) return workload.cluster;
  if (swf.machineProcs) return processorCluster(swf.machineProcs, swf.procsPerNode ?? 1);
  throw new Error(`${workload.source.file}: the trace does not give the machine size (no MaxProcs or MaxNodes header); give the number of processors`);
}
