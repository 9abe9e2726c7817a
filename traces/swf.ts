/**
 * Reader of the Standard Workload Format (SWF) of the Parallel Workloads
 * Archive (Chapin et al., JSSPP 1999; https://www.cs.huji.ac.il/labs/parallel/workload/swf.html).
 *
 * A log is `;` header comments (`; Key: value`) and one job per line of 18
 * whitespace-separated numbers, -1 meaning unknown. Decimal numbers are
 * accepted. The parser takes one line at a time and has no Node dependency
 * (the browser uses it too); traces/node-read.ts streams files into it, so
 * memory holds the jobs kept, never the file.
 *
 * The conventions papers disagree on are options, with these defaults:
 * - processors: `allocated` (field 5, what the job ran on), falling back to the
 *   requested count (field 8) when field 5 is -1; `requested` does the reverse.
 * - estimate: `requested` (field 9), falling back to the actual runtime when
 *   field 9 is -1 (counted under repaired.estimate_from_runtime); `runtime`
 *   gives perfect estimates.
 * - the machine: `machineProcs` when given (the CLI passes --procs, or the
 *   processors of the --cluster file, so jobs are checked against the machine
 *   actually simulated), else the header's MaxProcs, else MaxNodes; a header
 *   value of -1 means unknown in SWF and counts as absent. Nodes of
 *   `procsPerNode` processors (1).
 * - dropped, counted by reason: submit unknown, runtime unknown or not
 *   positive (0 means under half a second in SWF), size unknown or not
 *   positive, wider than the machine.
 * Whether a job may run past its estimate is decided at simulation time
 * (`overrun`), not here.
 *
 * Records are counted so that the drop report reconciles: `log` job lines
 * (= jobs kept + every dropped count), `log.comments` `;` lines, `log.lines`
 * every line including blank ones.
 */
import type { ClusterSpec, NodeSpec } from '../sim/cluster.ts';
import { InputError } from '../sim/errors.ts';
import { lazyJobList } from '../sim/job-columns.ts';
import type { Workload } from '../workloads/workload.ts';
import { LineSplitter } from './lines.ts';
import { SwfColumns } from './swf-columns.ts';

export const SWF_FIELDS = [
  'job_number',
  'submit_time',
  'wait_time',
  'run_time',
  'allocated_processors',
  'average_cpu_time',
  'used_memory',
  'requested_processors',
  'requested_time',
  'requested_memory',
  'status',
  'user_id',
  'group_id',
  'executable',
  'queue',
  'partition',
  'preceding_job',
  'think_time',
] as const;

export interface SwfOptions {
  processors?: 'allocated' | 'requested';
  estimate?: 'requested' | 'runtime';
  /** Processors of the machine, overriding the header (--procs, or the processors of the --cluster file). */
  machineProcs?: number;
  procsPerNode?: number;
}

/** Fields that must hold integers (counters, processors, ids), by index. */
const INTEGER_FIELD = SWF_FIELDS.map((_, i) => [0, 4, 7, 10, 11, 12, 13, 14, 15, 16].includes(i));

/** Powers of ten that are exact doubles (10^0 .. 10^22). */
const EXACT_POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * Splits the line text[from, n) on spaces and tabs, recording where each of the first 18
 * tokens starts and ends, and converts plain numbers on the way from the
 * character codes (no string per field): an optional minus, digits and an
 * optional fraction, with at most 15 digits in all. Such a number is m / 10^k
 * with m < 2^53 and k <= 15 both exact doubles, so the one division is
 * correctly rounded: the same double as Number(token). Other tokens (exponents,
 * long numbers, garbage) get NaN, to be checked strictly by the caller.
 * Returns the number of tokens.
 */
function scanFields(text: string, from: number, n: number, out: Float64Array, starts: Int32Array, ends: Int32Array): number {
  let count = 0;
  let i = from;
  for (;;) {
    while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i >= n) return count;
    const start = i;
    let negative = false;
    let value = 0;
    let plain = true;
    let digits = 0;
    /** Digits after the point, or -1 before a point. */
    let fraction = -1;
    if (text.charCodeAt(i) === 45) {
      negative = true;
      i++;
    }
    for (; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === 32 || c === 9) break;
      if (c >= 48 && c <= 57 && digits < 15) {
        value = value * 10 + (c - 48);
        digits++;
        if (fraction >= 0) fraction++;
      } else if (c === 46 && fraction < 0) fraction = 0;
      else plain = false;
    }
    if (count < 18) {
      starts[count] = start;
      ends[count] = i;
      if (!plain || digits === 0 || fraction === 0) out[count] = NaN;
      else {
        const x = fraction > 0 ? value / EXACT_POWERS[fraction]! : value;
        out[count] = negative ? -x : x;
      }
    }
    count++;
  }
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** Parses one SWF file fed line by line; independent of Node so the browser can use it too. */
export class SwfParser {
  /** The jobs kept, as columns (no object per job: see swf-columns.ts). */
  private readonly jobs = new SwfColumns();
  private readonly header: Record<string, string> = {};
  private readonly dropped: Record<string, number> = {};
  private readonly repaired: Record<string, number> = {};
  private readonly values = new Float64Array(18);
  private readonly starts = new Int32Array(18);
  private readonly ends = new Int32Array(18);
  private machine: number | null = null;
  private sawJob = false;
  private lastKey: string | null = null;
  /** Line of the first occurrence of each header key (errors about a header value name its line). */
  private readonly headerLines = new Map<string, number>();
  private lines = 0;
  private comments = 0;
  private jobLines = 0;

  /** `jobColumns`: hand out the jobs as a lazy list over the columns (see ImportOptions.jobColumns), else as objects. */
  constructor(
    private readonly file: string,
    private readonly options: SwfOptions = {},
    private readonly jobColumns = false,
  ) {
    const { machineProcs, procsPerNode } = options;
    // 0 is a machine without whole processors (a given cluster of GPU or fractional-cpu nodes): every job is wider.
    if (machineProcs !== undefined && !(Number.isInteger(machineProcs) && machineProcs >= 0)) {
      throw new InputError('machine size must be a non-negative integer', { field: 'machineProcs', value: String(machineProcs) });
    }
    if (procsPerNode !== undefined && !(Number.isInteger(procsPerNode) && procsPerNode > 0)) {
      throw new InputError('processors per node must be a positive integer', { field: 'procsPerNode', value: String(procsPerNode) });
    }
  }

  line(text: string, lineNo: number): void {
    this.lineIn(text, 0, text.length, lineNo);
  }

  /**
   * The line text[start, end) (without its line ending): the reader passes each line as a
   * range of the chunk it is in, so a job line is read from the chunk's character codes
   * with no string made for the line or its fields (the job id is the one string kept).
   */
  lineIn(text: string, start: number, end: number, lineNo: number): void {
    this.lines++;
    // Surrounding white space is trimmed as String.prototype.trim does; a line that starts and
    // ends with a printable ASCII character (every job line of a log, as a rule) has none.
    const first = text.charCodeAt(start);
    const last = text.charCodeAt(end - 1);
    if (end > start && first > 32 && first < 127 && last > 32 && last < 127) this.trimmedLine(text, start, end, lineNo);
    else {
      const trimmed = text.slice(start, end).trim();
      if (trimmed !== '') this.trimmedLine(trimmed, 0, trimmed.length, lineNo);
    }
  }

  /** A line without surrounding white space, not empty: a header comment or a job. */
  private trimmedLine(text: string, start: number, end: number, lineNo: number): void {
    if (text.charCodeAt(start) === 59) {
      this.comments++;
      this.headerLine(text.slice(start, end), lineNo);
      return;
    }
    if (!this.sawJob) {
      this.sawJob = true;
      this.machine = this.options.machineProcs ?? this.headerSize();
    }
    this.jobLines++;
    this.jobLine(text, start, end, lineNo);
  }

  finish(): Workload {
    if (!this.sawJob) this.machine = this.options.machineProcs ?? this.headerSize();
    const cluster = this.machine === null ? null : processorCluster(this.machine, this.options.procsPerNode ?? 1);
    return {
      jobs: this.jobColumns ? lazyJobList(this.jobs) : this.jobs.all(),
      source: { format: 'swf', file: this.file },
      cluster,
      dropped: this.dropped,
      repaired: this.repaired,
      header: this.header,
      records: { log: this.jobLines, 'log.comments': this.comments, 'log.lines': this.lines },
    };
  }

  private headerLine(text: string, lineNo: number): void {
    const m = /^;\s*([A-Za-z][\w ]*?)\s*:\s*(.*)$/.exec(text);
    if (m) {
      const key = m[1]!;
      const value = m[2]!.trim();
      this.header[key] = key in this.header ? `${this.header[key]}\n${value}` : value;
      if (!this.headerLines.has(key)) this.headerLines.set(key, lineNo);
      this.lastKey = key;
      if (this.sawJob && (key === 'MaxProcs' || key === 'MaxNodes')) {
        throw new InputError(`${key} header after the first job`, { file: this.file, line: lineNo, field: key, value });
      }
    } else if (this.lastKey && /^;\s+\S/.test(text)) {
      // A continuation line of the previous key.
      this.header[this.lastKey] += `\n${text.slice(1).trim()}`;
    }
  }

  /**
   * The machine size the header gives: MaxProcs, else MaxNodes; -1 (unknown,
   * as in any SWF field) counts as absent. A bad value is an error at the
   * header line that holds it (the first occurrence of a repeated key).
   */
  private headerSize(): number | null {
    for (const key of ['MaxProcs', 'MaxNodes']) {
      const value = this.header[key];
      if (value === undefined) continue;
      const first = value.split('\n')[0]!;
      if (first === '-1') continue;
      const n = Number(first);
      if (!NUMBER.test(first) || !Number.isInteger(n) || n <= 0) {
        throw new InputError(`header ${key} must be a positive integer (or -1, unknown)`, { file: this.file, line: this.headerLines.get(key), field: key, value: first });
      }
      return n;
    }
    return null;
  }

  private drop(reason: string): void {
    this.dropped[reason] = (this.dropped[reason] ?? 0) + 1;
  }

  private fieldError(reason: string, lineNo: number, i: number, value: string): InputError {
    return new InputError(reason, { file: this.file, line: lineNo, field: `${i + 1} (${SWF_FIELDS[i]})`, value });
  }

  /** The job line text[start, end), trimmed. */
  private jobLine(text: string, start: number, end: number, lineNo: number): void {
    const v = this.values;
    const count = scanFields(text, start, end, v, this.starts, this.ends);
    if (count !== 18) {
      const line = text.slice(start, end);
      // eslint-disable-next-line no-control-regex
      const control = /[\u0000-\u0008\u000e-\u001f]/.exec(line);
      if (control) {
        const code = control[0].charCodeAt(0).toString(16).padStart(4, '0');
        throw new InputError(`binary data, not an SWF line (control character U+${code.toUpperCase()} at column ${control.index + 1}): is this file an SWF log?`, { file: this.file, line: lineNo, column: control.index + 1 });
      }
      throw new InputError(`expected 18 whitespace-separated SWF fields, found ${count}`, { file: this.file, line: lineNo, value: line });
    }
    for (let i = 0; i < 18; i++) {
      const x = v[i]!;
      if (Number.isNaN(x)) {
        // Not a plain integer: check the token strictly, then convert.
        const raw = text.slice(this.starts[i]!, this.ends[i]!);
        if (!NUMBER.test(raw)) throw this.fieldError('not a number', lineNo, i, raw);
        const y = Number(raw);
        if (!Number.isFinite(y)) throw this.fieldError('number out of range', lineNo, i, raw);
        v[i] = y;
      }
      if (v[i]! < 0 && v[i] !== -1) throw this.fieldError('negative value (only -1, meaning unknown, is allowed)', lineNo, i, text.slice(this.starts[i]!, this.ends[i]!));
      if (INTEGER_FIELD[i] && !Number.isInteger(v[i])) throw this.fieldError('must be an integer', lineNo, i, text.slice(this.starts[i]!, this.ends[i]!));
    }
    const submit = v[1]!;
    const runtime = v[3]!;
    const allocated = v[4]!;
    const requested = v[7]!;
    const requestedTime = v[8]!;
    if (submit === -1) return this.drop('submit_unknown');
    if (runtime === -1) return this.drop('runtime_unknown');
    if (!(runtime > 0)) return this.drop('runtime_not_positive');
    const primary = this.options.processors === 'requested' ? requested : allocated;
    const secondary = this.options.processors === 'requested' ? allocated : requested;
    const size = primary !== -1 ? primary : secondary;
    if (size === -1) return this.drop('size_unknown');
    if (!(size > 0)) return this.drop('size_not_positive');
    if (this.machine !== null && size > this.machine) return this.drop('wider_than_machine');
    let estimate: number;
    if (this.options.estimate === 'runtime') estimate = runtime;
    else if (requestedTime > 0) estimate = requestedTime;
    else {
      estimate = runtime;
      this.repaired.estimate_from_runtime = (this.repaired.estimate_from_runtime ?? 0) + 1;
    }
    this.jobs.push(v, size, estimate, this.plainId(text, this.starts[0]!, this.ends[0]!) ? null : text.slice(this.starts[0]!, this.ends[0]!));
  }

  /** Is the id token text[start, end) the decimal form of its number (digits, no leading zero, exact)? As a rule it is. */
  private plainId(text: string, start: number, end: number): boolean {
    if (end - start > 15 || (text.charCodeAt(start) === 48 && end - start > 1)) return false;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c < 48 || c > 57) return false;
    }
    return true;
  }
}

/** `procs` processors as nodes of `perNode` processors (the last node takes the remainder). */
/** Does the header give a machine size: a positive integer MaxProcs or MaxNodes before the first job (null: the header runs past `head`)? */
export function swfHeaderHasMachines(head: string): boolean | null {
  const lines = head.split('\n');
  for (let i = 0; i < lines.length - 1; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    if (!line.startsWith(';')) return false; // the first job: the header is over
    const m = /^;\s*(MaxProcs|MaxNodes)\s*:\s*(\d+)\s*$/.exec(line);
    if (m && Number(m[2]) > 0) return true;
  }
  return null;
}

export function processorCluster(procs: number, perNode: number): ClusterSpec {
  const nodes: NodeSpec[] = [];
  for (let first = 0; first < procs; first += perNode) {
    nodes.push({ id: `n${nodes.length}`, capacity: { cpu: Math.min(perNode, procs - first) } });
  }
  return { resources: ['cpu'], nodes };
}

/**
 * The processors a cluster offers to SWF jobs, whose tasks each take one
 * whole processor (`{cpu: 1}`): Σ ⌊cpu⌋ over its nodes. This is the machine
 * size a log is checked against when it runs on a given cluster.
 */
export function processorsOf(cluster: ClusterSpec): number {
  let procs = 0;
  for (const node of cluster.nodes) procs += Math.floor(node.capacity.cpu ?? 0);
  return procs;
}

/** Parses SWF text held in memory (tests, the browser). */
export function parseSwf(text: string, file = '<swf>', options: SwfOptions = {}, jobColumns = false): Workload {
  const parser = new SwfParser(file, options, jobColumns);
  const splitter = LineSplitter.ranges(file, (text, start, end, no) => parser.lineIn(text, start, end, no));
  splitter.push(text);
  splitter.end();
  return parser.finish();
}
