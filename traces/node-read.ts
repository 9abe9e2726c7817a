/**
 * Reading trace files on Node: streams plain or gzip files, line by line,
 * into a format's parser, detects formats by content, expands directories.
 * The parsers themselves have no Node dependency.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { fsReason } from '../sim/fs-errors.ts';
import { nearest } from '../sim/nearest.ts';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse as parseYaml } from 'yaml';
import type { ClusterSpec } from '../sim/cluster.ts';
import { InputError, UsageError } from '../sim/errors.ts';
import { CanonicalParser } from '../workloads/canonical.ts';
import type { Workload } from '../workloads/workload.ts';
import { DETECT_BYTES, detectFormat, type Detection } from './detect.ts';
import { FORMATS, formatSpec, type ImportOptions } from './formats.ts';
import { parseCsvMapping } from './generic-csv.ts';
import { LineSplitter } from './lines.ts';
import { readTraceSources, type PlannedSource, type ReadHost, type TraceSource } from './read-sources.ts';
import { isGzip, readTextChunks } from './source.ts';
import { SwfParser, type SwfOptions } from './swf.ts';

/** Calls `onLine` for every line of a plain or gzip file, streaming. */
export async function forEachLine(path: string, onLine: (line: string, lineNo: number) => void): Promise<void> {
  const splitter = new LineSplitter(path, onLine);
  for await (const chunk of readTextChunks(path)) splitter.push(chunk);
  splitter.end();
}

/** Reads an SWF file, plain or gzip, streaming; `jobColumns` as ImportOptions.jobColumns. */
export async function readSwf(path: string, options: SwfOptions = {}, jobColumns = false): Promise<Workload> {
  const parser = new SwfParser(path, options, jobColumns);
  const splitter = LineSplitter.ranges(path, (text, start, end, no) => parser.lineIn(text, start, end, no));
  for await (const chunk of readTextChunks(path)) splitter.push(chunk);
  splitter.end();
  return parser.finish();
}

/** Reads a canonical workload (JSON Lines, see workloads/canonical.ts), plain or gzip. */
export async function readCanonical(path: string): Promise<Workload> {
  const parser = new CanonicalParser(path);
  await forEachLine(path, (line, no) => parser.line(line, no));
  return parser.finish();
}

/** The first characters of a file, decompressed (for detection). */
export async function readHead(path: string, bytes = DETECT_BYTES): Promise<string> {
  let head = '';
  for await (const chunk of readTextChunks(path)) {
    head += chunk;
    if (head.length >= bytes) break;
  }
  return head.slice(0, bytes + 1);
}

/** Format and table of a file, by content (then name); null when unknown. */
export async function detectFile(path: string): Promise<Detection | null> {
  return detectFormat(await readHead(path), basename(path));
}

/** Files named in the README of trace folders that are not traces. */
const NOT_TRACES = /(^|\/)(README|PROVENANCE|LICENSE|schema)[^/]*$|\.(md|txt|pdf|png|html|ipynb|py|sh|header)$/i;

/** Paths with directories replaced by the files under them, sorted (dot files skipped). */
export async function expandPaths(paths: readonly string[]): Promise<{ path: string; fromDirectory: boolean }[]> {
  const out: { path: string; fromDirectory: boolean }[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && !NOT_TRACES.test(p)) out.push({ path: p, fromDirectory: true });
    }
  };
  for (const p of paths) {
    let s;
    try {
      s = await stat(p);
    } catch (err) {
      throw new InputError(`cannot open: ${fsReason(err)}`, { file: p });
    }
    if (s.isDirectory()) await walk(p);
    else out.push({ path: p, fromDirectory: false });
  }
  return out;
}

/** `name` or `name:table` of --format, checked against the registry. */
export function parseFormatOption(value: string): { format: string; table: string | null } {
  const [format, table = null] = value.split(':') as [string, string?];
  const spec = formatSpec(format);
  const hint = (name: string, known: readonly string[]) => {
    const near = nearest(name, known);
    return near ? ` (did you mean ${near}?)` : '';
  };
  if (!spec) throw new UsageError(`unknown trace format ${JSON.stringify(format)}${hint(format, FORMATS.map((f) => f.name))}; valid: auto, ${FORMATS.map((f) => f.name).join(', ')}`);
  if (table !== null && !spec.tables.includes(table)) throw new UsageError(`format ${format} has no table ${JSON.stringify(table)}${hint(table, spec.tables)}; tables: ${spec.tables.join(', ')}`);
  return { format, table };
}

/** Reads a YAML or JSON file whole (mapping files, which are small). */
async function readStructured(path: string): Promise<unknown> {
  let raw: Buffer;
  try {
    raw = await readFile(path);
  } catch (err) {
    throw new InputError(`cannot read: ${fsReason(err)}`, { file: path });
  }
  const text = (await isGzip(path)) ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
  try {
    return parseYaml(text, { maxAliasCount: 100 });
  } catch (err) {
    throw new InputError(`not valid YAML or JSON: ${(err as Error).message.split('\n')[0]}`, { file: path });
  }
}

export interface ReadOptions extends ImportOptions {
  /** `auto` (detect), a format name, or `name:table`. */
  format?: string;
  /** A CSV column mapping file: the trace is then a generic CSV (any other --format is a usage error). */
  mappingPath?: string;
  /**
   * Called for every file read, in reading order, with the path as given (or
   * as a mapping names its CSV, relative to the mapping): `data` for trace
   * files, `mapping` for column mappings. Manifests record them.
   */
  onFile?: (kind: 'data' | 'mapping', path: string, table?: string) => void;
}

/** The CSV a mapping names, relative to the mapping's directory (kept relative when the mapping's path is). */
function mappedCsv(mappingPath: string, file: string): string {
  return isAbsolute(file) ? file : join(dirname(mappingPath), file);
}

/** A file on disk as a trace source. */
function fileSource(path: string, fromDirectory = false): TraceSource {
  return { name: path, fromDirectory, chunks: () => readTextChunks(path) };
}

/** The command line's side of reading (traces/read-sources.ts): usage errors, mappings relative to themselves, no alternative tables. */
function nodeHost(paths: readonly string[], fromDirectory: boolean): ReadHost {
  return {
    usage: (reason, file) => new UsageError(file === undefined ? reason : `${file}: ${reason}`),
    formatOption: '--format',
    mappedCsv: (mapping, file) => fileSource(mappedCsv(mapping.name, file)),
    checkPlanned: (planned) => checkCompeting(planned, fromDirectory ? paths : null),
  };
}

/**
 * Reads one trace from one or more files or directories: detects each file's
 * format and table (or uses `format`), checks they are one format, and feeds
 * them to its parser in the format's table order (traces/read-sources.ts).
 * Files inside a directory whose format is unknown are skipped and listed in
 * header.skipped_files; a file named on its own must be known.
 */
export async function readTrace(paths: readonly string[], options: ReadOptions = {}): Promise<Workload> {
  if (paths.length === 0) throw new UsageError('no trace file given');
  let forced = options.format && options.format !== 'auto' ? parseFormatOption(options.format) : null;
  let { mapping, mappingFile } = options;
  if (options.mappingPath) {
    // A column mapping says how to read a CSV: the trace is one, whatever its content looks like.
    if (forced && forced.format !== 'csv') throw new UsageError(`--mapping reads the trace as a generic CSV; it contradicts --format ${options.format}`);
    forced = { format: 'csv', table: 'records' };
    mapping = parseCsvMapping(await readStructured(options.mappingPath), options.mappingPath);
    mappingFile = options.mappingPath;
  }
  const files = await expandPaths(paths);
  const fromDirectory = files.some((f) => f.fromDirectory);
  const sources = files.map((f) => fileSource(f.path, f.fromDirectory));
  if (options.mappingPath) options.onFile?.('mapping', options.mappingPath);
  try {
    return await readTraceSources(sources, forced, { ...options, mapping, mappingFile }, nodeHost(paths, fromDirectory));
  } catch (err) {
    // Objects one to a file (Kubernetes): a folder of several clusters lists a node twice.
    if (err instanceof InputError && /listed twice/.test(err.reason) && fromDirectory) {
      throw new InputError(`${err.reason}; ${paths.join(', ')} holds more than one cluster: name the files or the subdirectory to read`, err.location);
    }
    throw err;
  }
}

/**
 * Two files of one table whose names differ beyond their numbers are
 * alternatives, not parts of one table (`openb_node_list_gpu_node.csv` and
 * `..._all_node.csv`, the Azure LLM `_code` and `_conv` traces), where part
 * files differ only in their numbers (`task_events-part-00000-of-00500`).
 * Reading both would merge two traces, or list every node twice, so the user
 * is asked to choose. Kubernetes objects come one to a file by design.
 */
function checkCompeting(planned: readonly PlannedSource[], directories: readonly string[] | null): void {
  const byTable = new Map<string, PlannedSource[]>();
  for (const p of planned) {
    if (p.format === 'kubernetes') continue;
    const list = byTable.get(p.table) ?? [];
    list.push(p);
    byTable.set(p.table, list);
  }
  for (const [table, list] of byTable) {
    const stems = new Set(list.map((p) => basename(p.source.name).replace(/\d+/g, '#')));
    if (stems.size < 2) continue;
    const names = list.map((p) => basename(p.source.name)).join(', ');
    const how = directories ? `name the files to read instead of ${directories.join(', ')}` : 'name only one of them';
    throw new UsageError(`${names}: alternative ${list[0]!.format} ${table} tables (one trace reads one); ${how}`);
  }
}

/**
 * The cluster of a file: a cluster description, or any trace file that
 * describes machines (openb node list, PAI machine spec, Alibaba
 * machine_meta, Philly machine list, Kubernetes nodes, Google
 * machine_events, an SWF header).
 */
export async function readCluster(paths: readonly string[], options: ReadOptions = {}): Promise<ClusterSpec> {
  const workload = await readTrace(paths, options);
  if (!workload.cluster || workload.cluster.nodes.length === 0) {
    throw new InputError(`no nodes in this ${workload.source.format} file (a cluster file is a cluster description or a machine or node list)`, { file: paths.join(',') });
  }
  return workload.cluster;
}
