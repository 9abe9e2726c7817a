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

/** Whole lines of `head` (the last one may be cut short, so it is dropped when there are others). */
function linesOf(head: string): string[] {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const lines = text.split('\n').map((l) => l.replace(/\r$/, ''));
  if (lines.length > 1) lines.pop();
  return lines.filter((l) => l.trim() !== '');
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

function csvDetect(rows: string[][], name: string): Detection | null {
  const first = rows[0]!;
  const header = first.map(normalizeName);
  for (const [names, detection] of HEADERS) if (names.every((n, i) => header[i] === n)) return detection;
  const data = rows.slice(0, 20);
  const all = (width: number, test: (r: string[]) => boolean) => data.every((r) => r.length === width && test(r));
  const lower = name.toLowerCase();
  if (all(13, (r) => INT(r[0]) && INT(r[2]) && INT(r[3]) && INT(r[5]))) return { format: 'google-2011', table: 'task_events' };
  if (all(6, (r) => INT(r[0]) && INT(r[1]) && /^[0-2]$/.test(r[2]!) && NUM_OR_EMPTY(r[4]) && NUM_OR_EMPTY(r[5]))) return { format: 'google-2011', table: 'machine_events' };
  if (all(8, (r) => INT(r[0]) && INT_OR_EMPTY(r[1]) && ALIBABA_2017_STATUS.has(r[5]!))) return { format: 'alibaba-2017', table: 'batch_task' };
  if (all(8, (r) => INT(r[0]) && INT(r[2]) && /^[0-8]$/.test(r[3]!) && (r[4] === '' || HASH.test(r[4]!)))) return { format: 'google-2011', table: 'job_events' };
  if (all(8, (r) => /^c_\d+$/.test(r[0]!) && INT(r[2]))) return { format: 'alibaba-2018', table: 'container_meta' };
  if (all(7, (r) => /^m_\d+$/.test(r[0]!) && INT(r[1]) && NUM_OR_EMPTY(r[4]))) return { format: 'alibaba-2018', table: 'machine_meta' };
  if (all(9, (r) => /^m_\d+$/.test(r[0]!) && NUM(r[1]))) return { format: 'alibaba-2018', table: 'machine_usage' };
  if (all(9, (r) => /^j_\d+$/.test(r[2]!) && INT_OR_EMPTY(r[1]))) return { format: 'alibaba-2018', table: 'batch_task' };
  if (all(14, (r) => /^j_\d+$/.test(r[2]!))) return { format: 'alibaba-2018', table: 'batch_instance' };
  if (all(11, (r) => /^c_\d+$/.test(r[0]!) && /^m_\d+$/.test(r[1]!))) return { format: 'alibaba-2018', table: 'container_usage' };
  if (all(11, (r) => NUM(r[3]) && NUM(r[4]) && /^>?\d+$/.test(r[9]!) && /^>?\d+(\.\d+)?$/.test(r[10]!))) return { format: 'azure-vm', table: 'vmtable' };
  if (all(5, (r) => /^[0-9a-f]{8,}$/i.test(r[0]!) && /^[A-Za-z][\w-]*$/.test(r[1]!) && INT(r[2]) && INT(r[3]) && INT(r[4]))) return { format: 'pai-2020', table: 'machine_spec' };
  // Names, for what the content leaves open (a part file named by its table).
  for (const table of ['task_events', 'job_events', 'machine_events']) if (lower.includes(table)) return { format: 'google-2011', table };
  return null;
}

/**
 * The format and table of a file, from its first characters (`head`, at most
 * DETECT_BYTES, decompressed) and its name; null when unknown.
 */
export function detectFormat(head: string, name = ''): Detection | null {
  const lines = linesOf(head);
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
