/**
 * Reading one trace from files, the same on Node (traces/node-read.ts: paths,
 * directories) and in the browser (viz/worker/read-trace.ts: File objects):
 * each file's format and table detected by content (traces/detect.ts) or
 * forced, a column mapping given as the trace replaced by the CSV it names,
 * the files checked to be one format, sorted in the format's table order and
 * fed line by line to its importer (traces/formats.ts). The runtimes differ
 * only in how bytes are opened and decompressed (a `TraceSource`) and in how a
 * mistake of the caller is reported (a `ReadHost`). Imports nothing from Node.
 */
import { parse as parseYaml } from 'yaml';
import { InputError } from '../sim/errors.ts';
import type { Workload } from '../workloads/workload.ts';
import { DETECT_BYTES, detectFormat, explainUndetected, type Detection } from './detect.ts';
import { FORMATS, formatSpec, type ImportOptions } from './formats.ts';
import { parseCsvMapping, type CsvMapping } from './generic-csv.ts';
import { splitterFor, type TraceParser } from './parser.ts';

/** One file of a trace: its name for messages and manifests (a path, or a browser file's name) and its text. */
export interface TraceSource {
  readonly name: string;
  /** Found by listing a directory: skipped, not refused, when its format is unknown. */
  readonly fromDirectory?: boolean;
  /** The text, decompressed when gzip, decoded as UTF-8, in chunks. */
  chunks(): AsyncIterable<string>;
}

/** What differs between the runtimes besides the bytes. */
export interface ReadHost {
  /** A mistake in what was asked for (Node: a usage error; the browser: an input error naming the file). */
  usage(reason: string, file?: string): Error;
  /** How the user names a format: `--format` on the command line, `format` elsewhere. */
  formatOption: string;
  /** The CSV a column mapping names in `file` (relative to the mapping, or among the files given). */
  mappedCsv(mapping: TraceSource, file: string): TraceSource;
  /** Added to the message when the files are of different formats. */
  differentFormatsHint?: string;
  /** Further checks of the files planned, before any is read. */
  checkPlanned?(planned: readonly PlannedSource[]): void;
}

export interface PlannedSource {
  source: TraceSource;
  format: string;
  table: string;
}

export interface SourceReadOptions extends ImportOptions {
  /** Called for every file read, in reading order: `data` for trace files, `mapping` for column mappings. */
  onFile?: (kind: 'data' | 'mapping', name: string, table?: string) => void;
}

/** The first characters of a source (for detection). */
export async function readSourceHead(source: TraceSource, chars = DETECT_BYTES): Promise<string> {
  let head = '';
  for await (const chunk of source.chunks()) {
    head += chunk;
    if (head.length >= chars) break;
  }
  return head.slice(0, chars + 1);
}

/** A small YAML or JSON source read whole (a column mapping). */
export async function readStructuredSource(source: TraceSource): Promise<unknown> {
  let text = '';
  for await (const chunk of source.chunks()) text += chunk;
  try {
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new InputError(`not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`, { file: source.name });
  }
}

/** Streams one source into a parser as table `table` (a byte-order mark at its start is not data). */
export async function feedSource(parser: TraceParser, source: TraceSource, table: string): Promise<void> {
  parser.begin(source.name, table);
  const splitter = splitterFor(parser, source.name);
  for await (const chunk of source.chunks()) splitter.push(chunk);
  splitter.end();
  parser.end();
}

/** Format and table of one source: detected, or forced (a format of one table needs no detection to know it). */
async function detectSource(source: TraceSource, forced: { format: string; table: string | null } | null, host: ReadHost): Promise<Detection | null> {
  if (forced?.table) return { format: forced.format, table: forced.table };
  const found = detectFormat(await readSourceHead(source), source.name.split('/').pop()!);
  if (!forced || found?.format === forced.format) return found;
  const spec = formatSpec(forced.format)!;
  if (spec.tables.length === 1) return { format: forced.format, table: spec.tables[0]! };
  if (source.fromDirectory) return null;
  throw host.usage(`cannot tell which table of ${forced.format} this file holds; give ${host.formatOption} ${forced.format}:TABLE (${spec.tables.join(', ')})`, source.name);
}

/**
 * Reads one trace from `sources`, with `forced` the format (and table) given
 * instead of detection, and `mapping` a column mapping given apart. Sources
 * from a directory whose format is unknown are skipped and listed in
 * header.skipped_files.
 */
export async function readTraceSources(
  sources: readonly TraceSource[],
  forced: { format: string; table: string | null } | null,
  options: SourceReadOptions & { mapping?: CsvMapping; mappingFile?: string },
  host: ReadHost,
): Promise<Workload> {
  const detected: { source: TraceSource; found: Detection | null }[] = [];
  for (const source of sources) detected.push({ source, found: await detectSource(source, forced, host) });
  let { mapping, mappingFile } = options;
  const mappings: string[] = [];
  const planned: PlannedSource[] = [];
  const named = new Set<string>();
  for (const { source, found } of detected) {
    if (found?.format !== 'csv' || found.table !== 'mapping') continue;
    // A mapping file as the trace names its CSV.
    mapping = parseCsvMapping(await readStructuredSource(source), source.name);
    mappingFile = source.name;
    mappings.push(source.name);
    if (!mapping.file) throw new InputError('a mapping given as the trace must name its CSV in `file`', { file: source.name, field: 'file' });
    const csv = host.mappedCsv(source, mapping.file);
    named.add(csv.name);
    planned.push({ source: csv, format: 'csv', table: 'records' });
  }
  const skipped: string[] = [];
  for (const { source, found } of detected) {
    if (named.has(source.name) || (found?.format === 'csv' && found.table === 'mapping')) continue;
    if (found !== null) planned.push({ source, ...found });
    else if (source.fromDirectory) skipped.push(source.name);
    else {
      const why = explainUndetected(await readSourceHead(source));
      throw host.usage(`unknown trace format${why ? ` (${why})` : ''}; give ${host.formatOption} (${FORMATS.map((f) => f.name).join(', ')})`, source.name);
    }
  }
  if (planned.length === 0) throw new InputError(`no trace files found${skipped.length ? ` (skipped: ${skipped.join(', ')})` : ''}`, { file: sources.map((s) => s.name).join(',') });
  const format = planned[0]!.format;
  const other = planned.find((p) => p.format !== format);
  if (other) throw host.usage(`files of different formats: ${planned[0]!.source.name} is ${format}, ${other.source.name} is ${other.format}; read one trace at a time${host.differentFormatsHint ?? ''}`);
  host.checkPlanned?.(planned);
  const spec = formatSpec(format)!;
  const order = (t: string) => spec.tables.indexOf(t);
  planned.sort((a, b) => order(a.table) - order(b.table));
  const parser = spec.create({ ...options, mapping, mappingFile });
  for (const m of mappings) options.onFile?.('mapping', m);
  for (const p of planned) {
    options.onFile?.('data', p.source.name, p.table);
    await feedSource(parser, p.source, p.table);
  }
  const workload = parser.finish();
  if (skipped.length > 0) workload.header.skipped_files = skipped.join('\n');
  return workload;
}
