/**
 * Reading trace files on Node: streams a plain or gzip file, line by line,
 * into a format's parser. The parsers themselves have no Node dependency.
 */
import { CanonicalParser } from '../workloads/canonical.ts';
import type { Workload } from '../workloads/workload.ts';
import { LineSplitter } from './lines.ts';
import { readTextChunks } from './source.ts';
import { SwfParser, type SwfOptions } from './swf.ts';

/** Calls `onLine` for every line of a plain or gzip file, streaming. */
export async function forEachLine(path: string, onLine: (line: string, lineNo: number) => void): Promise<void> {
  const splitter = new LineSplitter(path, onLine);
  for await (const chunk of readTextChunks(path)) splitter.push(chunk);
  splitter.end();
}

/** Reads an SWF file, plain or gzip, streaming. */
export async function readSwf(path: string, options: SwfOptions = {}): Promise<Workload> {
  const parser = new SwfParser(path, options);
  await forEachLine(path, (line, no) => parser.line(line, no));
  return parser.finish();
}

/** Reads a canonical workload (JSON Lines, see workloads/canonical.ts), plain or gzip. */
export async function readCanonical(path: string): Promise<Workload> {
  const parser = new CanonicalParser(path);
  await forEachLine(path, (line, no) => parser.line(line, no));
  return parser.finish();
}


