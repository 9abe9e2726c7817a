/**
 * Format detection by content: from the first lines of a file (decompressed),
 * which format and table it holds. The file name only breaks ties that the
 * content leaves open (a headerless CSV of 8 columns is Alibaba 2017
 * batch_task or Google job_events: the status words decide, then the name).
 * Returns null when nothing matches; the caller then asks for --format.
 * Pure: no Node dependency.
 */
import { splitCsv } from './csv.ts';
import { DECIMAL, INTEGER } from './fields.ts';
import { normalizeName } from './table.ts';
import { maxOf } from '../sim/arrays.ts';

export interface Detection {
  format: string;
  table: string;
}

/** How many characters of a file detection needs (whole lines within them are used). */
export const DETECT_BYTES = 64 * 1024;

const INT = (s: string | undefined) => s !== undefined && INTEGER.test(s);
const NUM = (s: string | undefined) => s !== undefined && DECIMAL.test(s);
const NUM_OR_EMPTY = (s: string | undefined) => s === '' || NUM(s);
const INT_OR_EMPTY = (s: string | undefined) => s === '' || INT(s);
const HASH = /^[A-Za-z0-9+/]{20,}={0,2}$/;
const ALIBABA_2017_STATUS = new Set(['Terminated', 'Waiting', 'Running', 'Failed', 'Cancelled', 'Interrupted', 'Ready']);

const HEADERS: [string[], Detection][] = [
  [['sn', 'cpu_milli', 'memory_mib', 'gpu', 'model'], { format: 'openb', table: 'nodes' }],
  [['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli'], { format: 'openb', table: 'pods' }],
  [['timestamp', 'contexttokens', 'generatedtokens'], { format: 'azure-llm', table: 'requests' }],
  [['machineid', 'number_of_gpus', 'single_gpu_mem'], { format: 'philly', table: 'machines' }],
  [['task_create_time', 'task_end_time', 'job_id', 'task_id'], { format: 'alibaba-2017', table: 'batch_task' }],
  [['machine', 'gpu_type', 'cap_cpu', 'cap_mem', 'cap_gpu'], { format: 'pai-2020', table: 'machine_spec' }],
  [['vmid', 'subscriptionid', 'deploymentid', 'vmcreated', 'vmdeleted'], { format: 'azure-vm', table: 'vmtable' }],
];

/** A line of the head with its line number in the file (from 1). */
interface NumberedLine {
  text: string;
  no: number;
}

/** Whole, non-blank lines of `head` (the last one may be cut short, so it is dropped when there are others). */
function numberedLines(head: string): NumberedLine[] {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const lines = text.split('\n').map((l, i) => ({ text: l.replace(/\r$/, ''), no: i + 1 }));
  if (lines.length > 1) lines.pop();
  return lines.filter((l) => l.text.trim() !== '');
}

/** For a document of YAML or JSON text: what kind of document it is, from its keys. */
function structured(text: string): Detection | null {
  const t = text.trimStart();
  if (t.startsWith('[')) {
    if (/"jobid"\s*:/.test(text) && /"attempts"\s*:/.test(text)) return { format: 'philly', table: 'jobs' };
    if (/"kind"\s*:/.test(text)) return { format: 'kubernetes', table: 'objects' };
    return null;
  }
  const key = (k: string) => new RegExp(`^("${k}"|${k})\\s*:`, 'm').test(text) || new RegExp(`[{,]\\s*"${k}"\\s*:`).test(text);
  if (key('apiVersion') && key('kind')) return { format: 'kubernetes', table: 'objects' };
  if (key('columns') && /submit/.test(text)) return { format: 'csv', table: 'mapping' };
  if (key('groups') || key('nodes')) return { format: 'cluster', table: 'description' };
  if (key('kind')) return { format: 'kubernetes', table: 'objects' };
  return null;
}

/**
 * A headerless table recognized by its width and the shape of some columns
 * (0-based index, test, what the test wants). Tried in this order: the first
 * whose every row (of the first 20) fits wins, so tables of equal width are
 * told apart by the earlier, stricter entry.
 */
interface Shape {
  detection: Detection;
  width: number;
  columns: [number, (s: string | undefined) => boolean, string][];
}

const re = (pattern: RegExp) => (s: string | undefined) => s !== undefined && pattern.test(s);
const SHAPES: Shape[] = [
  { detection: { format: 'google-2011', table: 'task_events' }, width: 13, columns: [[0, INT, 'an integer'], [2, INT, 'an integer'], [3, INT, 'an integer'], [5, INT, 'an integer']] },
  {
    detection: { format: 'google-2011', table: 'machine_events' },
    width: 6,
    columns: [[0, INT, 'an integer'], [1, INT, 'an integer'], [2, re(/^[0-2]$/), '0, 1 or 2'], [4, NUM_OR_EMPTY, 'a number or empty'], [5, NUM_OR_EMPTY, 'a number or empty']],
  },
  {
    detection: { format: 'alibaba-2017', table: 'batch_task' },
    width: 8,
    columns: [[0, INT, 'an integer'], [1, INT_OR_EMPTY, 'an integer or empty'], [5, (s) => s !== undefined && ALIBABA_2017_STATUS.has(s), 'a task status']],
  },
  {
    detection: { format: 'google-2011', table: 'job_events' },
    width: 8,
    columns: [[0, INT, 'an integer'], [2, INT, 'an integer'], [3, re(/^[0-8]$/), 'an event type 0-8'], [4, (s) => s === '' || re(HASH)(s), 'empty or a hash']],
  },
  { detection: { format: 'alibaba-2018', table: 'container_meta' }, width: 8, columns: [[0, re(/^c_\d+$/), 'c_<n>'], [2, INT, 'an integer']] },
  { detection: { format: 'alibaba-2018', table: 'machine_meta' }, width: 7, columns: [[0, re(/^m_\d+$/), 'm_<n>'], [1, INT, 'an integer'], [4, NUM_OR_EMPTY, 'a number or empty']] },
  { detection: { format: 'alibaba-2018', table: 'machine_usage' }, width: 9, columns: [[0, re(/^m_\d+$/), 'm_<n>'], [1, NUM, 'a number']] },
  { detection: { format: 'alibaba-2018', table: 'batch_task' }, width: 9, columns: [[2, re(/^j_\d+$/), 'j_<n>'], [1, INT_OR_EMPTY, 'an integer or empty']] },
  { detection: { format: 'alibaba-2018', table: 'batch_instance' }, width: 14, columns: [[2, re(/^j_\d+$/), 'j_<n>']] },
  { detection: { format: 'alibaba-2018', table: 'container_usage' }, width: 11, columns: [[0, re(/^c_\d+$/), 'c_<n>'], [1, re(/^m_\d+$/), 'm_<n>']] },
  {
    detection: { format: 'azure-vm', table: 'vmtable' },
    width: 11,
    columns: [[3, NUM, 'a number'], [4, NUM, 'a number'], [9, re(/^>?\d+$/), 'a core bucket'], [10, re(/^>?\d+(\.\d+)?$/), 'a memory bucket']],
  },
  {
    detection: { format: 'pai-2020', table: 'machine_spec' },
    width: 5,
    columns: [[0, re(/^[0-9a-f]{8,}$/i), 'a hexadecimal machine id'], [1, re(/^[A-Za-z][\w-]*$/), 'a GPU type'], [2, INT, 'an integer'], [3, INT, 'an integer'], [4, INT, 'an integer']],
  },
];

/** Why a row does not have a shape (field numbers from 1, as in error messages), or null when it has it. */
function misfit(row: readonly string[], width: number, columns: Shape['columns']): string | null {
  if (row.length !== width) return `${row.length} fields, expected ${width}`;
  for (const [i, test, want] of columns) if (!test(row[i])) return `field ${i + 1} must be ${want}, value ${JSON.stringify(row[i])}`;
  return null;
}

function csvDetect(rows: string[][], name: string): Detection | null {
  const first = rows[0]!;
  const header = first.map(normalizeName);
  for (const [names, detection] of HEADERS) if (names.every((n, i) => header[i] === n)) return detection;
  const data = rows.slice(0, 20);
  for (const shape of SHAPES) if (data.every((r) => misfit(r, shape.width, shape.columns) === null)) return shape.detection;
  // Names, for what the content leaves open (a part file named by its table).
  const lower = name.toLowerCase();
  for (const table of ['task_events', 'job_events', 'machine_events']) if (lower.includes(table)) return { format: 'google-2011', table };
  return null;
}

const SWF_SHAPE: Shape['columns'] = Array.from({ length: 18 }, (_, i): [number, (s: string | undefined) => boolean, string] => [i, NUM, 'a number']);

/**
 * For a file detection gave up on: the formats that came closest and, for
 * each, the first line that does not fit it, e.g. `closest: pai-2020
 * machine_spec (6 of 7 lines fit; line 7: field 3 must be an integer, value
 * "x8")`. Closest means the most of the first 20 lines fit (or, for tables
 * with a header row, the most header names in place); null when nothing fits
 * even one line. Pure, like detectFormat.
 */
export function explainUndetected(head: string): string | null {
  const lines = numberedLines(head).slice(0, 20);
  if (lines.length === 0) return null;
  const found: { label: string; score: number; why: string }[] = [];
  const byShape = (label: string, rows: { fields: string[]; no: number }[], width: number, columns: Shape['columns']) => {
    let fit = 0;
    let firstBad: string | null = null;
    for (const row of rows) {
      const why = misfit(row.fields, width, columns);
      if (why === null) fit++;
      else firstBad ??= `line ${row.no}: ${why}`;
    }
    if (fit > 0 && firstBad !== null) found.push({ label, score: fit / rows.length, why: `${fit} of ${rows.length} lines fit; ${firstBad}` });
  };
  const jobLines = lines.filter((l) => !l.text.trim().startsWith(';'));
  if (jobLines.length > 0) byShape('swf', jobLines.map((l) => ({ fields: l.text.trim().split(/\s+/), no: l.no })), 18, SWF_SHAPE);
  const rows = lines.map((l) => ({ fields: splitCsv(l.text)?.fields ?? [l.text], no: l.no }));
  const header = rows[0]!.fields.map(normalizeName);
  for (const [names, detection] of HEADERS) {
    const wrong = names.findIndex((n, i) => header[i] !== n);
    const inPlace = names.filter((n, i) => header[i] === n).length;
    if (inPlace >= names.length / 2 && wrong >= 0) {
      found.push({
        label: `${detection.format} ${detection.table}`,
        score: inPlace / names.length,
        why: `header row, line ${rows[0]!.no}: column ${wrong + 1} is ${JSON.stringify(rows[0]!.fields[wrong] ?? '')}, expected ${JSON.stringify(names[wrong])}`,
      });
    }
  }
  for (const shape of SHAPES) byShape(`${shape.detection.format} ${shape.detection.table}`, rows, shape.width, shape.columns);
  if (found.length === 0) return null;
  const best = maxOf(found.map((f) => f.score));
  return `closest: ${found
    .filter((f) => f.score === best)
    .slice(0, 3)
    .map((f) => `${f.label} (${f.why})`)
    .join('; ')}`;
}

/**
 * The format and table of a file, from its first characters (`head`, at most
 * DETECT_BYTES, decompressed) and its name; null when unknown.
 */
export function detectFormat(head: string, name = ''): Detection | null {
  const lines = numberedLines(head).map((l) => l.text);
  if (lines.length === 0) return byName(name);
  const first = lines[0]!.trim();
  // The header line may be longer than the head (a cluster inline): its first key is enough.
  if (/^\{\s*"format"\s*:\s*"clusterlab-workload"/.test(first)) return { format: 'canonical', table: 'workload' };
  if (first.startsWith(';')) return { format: 'swf', table: 'log' };
  const swfLine = (l: string) => {
    const f = l.trim().split(/\s+/);
    return f.length === 18 && f.every((x) => NUM(x));
  };
  if (swfLine(first) && lines.slice(0, 5).every((l) => l.trim().startsWith(';') || swfLine(l))) return { format: 'swf', table: 'log' };
  const text = lines.join('\n');
  if (first.startsWith('{') || first.startsWith('[') || first === '---' || /^[A-Za-z_"][\w./"-]*\s*:(\s|$)/.test(first) || first.startsWith('#')) {
    const found = structured(text);
    if (found) return found;
  }
  const rows = lines.map((l) => splitCsv(l)?.fields ?? [l]);
  return csvDetect(rows, name) ?? byName(name);
}

/** The last resort, for files whose content says nothing (empty ones): the usual extensions. */
function byName(name: string): Detection | null {
  if (/\.swf(\.gz)?$/i.test(name)) return { format: 'swf', table: 'log' };
  if (/\.jsonl(\.gz)?$/i.test(name)) return { format: 'canonical', table: 'workload' };
  return null;
}
