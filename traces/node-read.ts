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
import { DETECT_BYTES, detectFormat, explainUndetected, type Detection } from './detect.ts';
import { FORMATS, formatSpec, type ImportOptions } from './formats.ts';
import { parseCsvMapping } from './generic-csv.ts';
import { LineSplitter } from './lines.ts';
import type { TraceParser } from './parser.ts';
import { isGzip, readTextChunks } from './source.ts';
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

/** Streams one file into a parser as table `table` (a byte-order mark at its start is not part of the data). */
export async function feedFile(parser: TraceParser, path: string, table: string): Promise<void> {
  parser.begin(path, table);
  await forEachLine(path, (line, no) => parser.line(no === 1 && line.charCodeAt(0) === 0xfeff ? line.slice(1) : line, no));
  parser.end();
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

interface Planned {
  path: string;
  format: string;
  table: string;
}

/**
 * Reads one trace from one or more files or directories: detects each file's
 * format and table (or uses `format`), checks they are one format, and feeds
 * them to its parser in the format's table order. Files inside a directory
 * whose format is unknown are skipped and listed in header.skipped_files; a
 * file named on its own must be known.
 */
export async function readTrace(paths: readonly string[], options: ReadOptions = {}): Promise<Workload> {
  if (paths.length === 0) throw new UsageError('no trace file given');
  let forced = options.format && options.format !== 'auto' ? parseFormatOption(options.format) : null;
  if (options.mappingPath) {
    // A column mapping says how to read a CSV: the trace is one, whatever its content looks like.
    if (forced && forced.format !== 'csv') throw new UsageError(`--mapping reads the trace as a generic CSV; it contradicts --format ${options.format}`);
    forced = { format: 'csv', table: 'records' };
  }
  const files = await expandPaths(paths);
  const planned: Planned[] = [];
  const skipped: string[] = [];
  const mappings: string[] = [];
  let mapping = options.mapping;
  let mappingFile = options.mappingFile;
  if (options.mappingPath) {
    mapping = parseCsvMapping(await readStructured(options.mappingPath), options.mappingPath);
    mappingFile = options.mappingPath;
    mappings.push(options.mappingPath);
  }
  for (const { path, fromDirectory } of files) {
    let found: Detection | null;
    if (forced && forced.table) found = { format: forced.format, table: forced.table };
    else {
      found = await detectFile(path);
      if (forced) {
        const spec = formatSpec(forced.format)!;
        if (found?.format !== forced.format) found = spec.tables.length === 1 ? { format: forced.format, table: spec.tables[0]! } : null;
        if (found === null && !fromDirectory) {
          throw new UsageError(`${path}: cannot tell which table of ${forced.format} this file holds; give --format ${forced.format}:TABLE (${spec.tables.join(', ')})`);
        }
      }
    }
    if (found === null) {
      if (fromDirectory) {
        skipped.push(path);
        continue;
      }
      const why = explainUndetected(await readHead(path));
      throw new UsageError(`${path}: unknown trace format${why ? ` (${why})` : ''}; give --format (${FORMATS.map((f) => f.name).join(', ')})`);
    }
    if (found.format === 'csv' && found.table === 'mapping') {
      // A mapping file as the trace: it names its CSV, relative to itself.
      const value = await readStructured(path);
      mapping = parseCsvMapping(value, path);
      mappingFile = path;
      mappings.push(path);
      if (!mapping.file) throw new InputError('a mapping given as the trace must name its CSV in `file`', { file: path, field: 'file' });
      planned.push({ path: mappedCsv(path, mapping.file), format: 'csv', table: 'records' });
      continue;
    }
    planned.push({ path, ...found });
  }
  if (planned.length === 0) throw new InputError(`no trace files found${skipped.length ? ` (skipped: ${skipped.join(', ')})` : ''}`, { file: paths.join(',') });
  const format = planned[0]!.format;
  const other = planned.find((p) => p.format !== format);
  if (other) throw new UsageError(`files of different formats: ${planned[0]!.path} is ${format}, ${other.path} is ${other.format}; read one trace at a time`);
  const spec = formatSpec(format)!;
  checkCompeting(planned, files.some((f) => f.fromDirectory) ? paths : null);
  const order = (t: string) => spec.tables.indexOf(t);
  planned.sort((a, b) => order(a.table) - order(b.table));
  const parser = spec.create({ ...options, mapping, mappingFile });
  for (const m of mappings) options.onFile?.('mapping', m);
  try {
    for (const p of planned) {
      options.onFile?.('data', p.path, p.table);
      await feedFile(parser, p.path, p.table);
    }
  } catch (err) {
    // Objects one to a file (Kubernetes): a folder of several clusters lists a node twice.
    if (err instanceof InputError && /listed twice/.test(err.reason) && files.some((f) => f.fromDirectory)) {
      throw new InputError(`${err.reason}; ${paths.join(', ')} holds more than one cluster: name the files or the subdirectory to read`, err.location);
    }
    throw err;
  }
  const workload = parser.finish();
  if (skipped.length > 0) workload.header.skipped_files = skipped.join('\n');
  return workload;
}

/**
 * Two files of one table whose names differ beyond their numbers are
 * alternatives, not parts of one table (`openb_node_list_gpu_node.csv` and
 * `..._all_node.csv`, the Azure LLM `_code` and `_conv` traces), where part
 * files differ only in their numbers (`task_events-part-00000-of-00500`).
 * Reading both would merge two traces, or list every node twice, so the user
 * is asked to choose. Kubernetes objects come one to a file by design.
 */
function checkCompeting(planned: readonly Planned[], directories: readonly string[] | null): void {
  const byTable = new Map<string, Planned[]>();
  for (const p of planned) {
    if (p.format === 'kubernetes') continue;
    const list = byTable.get(p.table) ?? [];
    list.push(p);
    byTable.set(p.table, list);
  }
  for (const [table, list] of byTable) {
    const stems = new Set(list.map((p) => basename(p.path).replace(/\d+/g, '#')));
    if (stems.size < 2) continue;
    const names = list.map((p) => basename(p.path)).join(', ');
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
