/**
 * Any CSV trace, with a column mapping: which column holds the submit time,
 * the runtime (or the start and end), the number of tasks, each resource
 * request, and the optional fields. The mapping is a small object, validated
 * with zod (errors name its field path), written in a YAML or JSON file:
 *
 *   file: jobs.csv            # the CSV, relative to the mapping file (when the mapping is the trace argument)
 *   delimiter: ","            # one character
 *   header: true              # columns are named by the first row; false: by number, from 1
 *   time_unit: 1              # seconds per unit of the time columns (0.001 for ms, 1e-6 for µs)
 *   columns:
 *     id: job                 # default: the record number
 *     submit: submitted       # required
 *     runtime: duration       # or end (with start, or else submit): runtime = end − start
 *     start: started
 *     end: finished
 *     estimate: walltime      # default: the runtime
 *     tasks: nodes            # default 1
 *     user: user              # also group, queue, status (→ logStatus), priority
 *   request:                  # per task; default {cpu: {value: 1}}, one core per task
 *     cpu: cores              # a column, {column, scale} (the value times scale), or {value: x} (a constant)
 *     memory: {column: mem_gb, scale: 1024}
 *
 * Empty submit or runtime cells drop the record (submit_unknown,
 * runtime_unknown); a runtime ≤ 0 drops it (runtime_not_positive); tasks < 1
 * (tasks_not_positive); an empty request cell reads as 0 (counted,
 * repaired.request_empty_as_zero). Any other bad value is an error naming
 * file, line, column and field.
 */
import { z } from 'zod';
import { InputError } from '../sim/errors.ts';
import type { Workload } from '../workloads/workload.ts';
import { Interner, WorkloadBuilder, own } from './builder.ts';
import { CsvRecords, type CsvRecord } from './csv.ts';
import { FieldReader } from './fields.ts';
import { unknownTable, type TraceParser } from './parser.ts';
import { normalizeName } from './table.ts';
import { maxOf } from '../sim/arrays.ts';

const Column = z.union([z.string().min(1), z.number().int().positive()]);
const Request = z.union([
  Column,
  z.object({ column: Column, scale: z.number().positive().finite().default(1) }).strict(),
  z.object({ value: z.number().nonnegative().finite() }).strict(),
]);

export const CsvMappingSchema = z
  .object({
    file: z.string().min(1).optional(),
    delimiter: z.string().length(1).default(','),
    header: z.boolean().default(true),
    time_unit: z.number().positive().finite().default(1),
    columns: z
      .object({
        id: Column.optional(),
        submit: Column,
        runtime: Column.optional(),
        start: Column.optional(),
        end: Column.optional(),
        estimate: Column.optional(),
        tasks: Column.optional(),
        user: Column.optional(),
        group: Column.optional(),
        queue: Column.optional(),
        status: Column.optional(),
        priority: Column.optional(),
      })
      .strict()
      .refine((c) => c.runtime !== undefined || c.end !== undefined, { message: 'give columns.runtime, or columns.end (with columns.start or the submit time)' }),
    request: z.record(z.string().min(1), Request).default({ cpu: { value: 1 } }),
  })
  .strict();

export type CsvMapping = z.input<typeof CsvMappingSchema>;
type Mapping = z.output<typeof CsvMappingSchema>;

/** Validates a mapping object; errors name `where` and the field path. */
export function parseCsvMapping(value: unknown, where: string): Mapping {
  const parsed = CsvMappingSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`bad CSV mapping: ${issue.message}`, { file: where, field: issue.path.join('.') || '(mapping)' });
  }
  return parsed.data;
}

const FIELDS = ['id', 'submit', 'runtime', 'start', 'end', 'estimate', 'tasks', 'user', 'group', 'queue', 'status', 'priority'] as const;
type Field = (typeof FIELDS)[number];

export class GenericCsvParser implements TraceParser {
  private readonly out = new WorkloadBuilder('csv');
  private readonly files: string[] = [];
  private readonly mapping: Mapping;
  private readonly names = new Interner();
  private records: CsvRecords | null = null;
  private reader: FieldReader | null = null;
  private first = true;
  private width = 0;
  /** File column of each mapped field (-1: not mapped), and of each request. */
  private at: Record<Field, number> = Object.fromEntries(FIELDS.map((f) => [f, -1])) as Record<Field, number>;
  /** Each request: a column (-1 for a constant) times scale, or the constant. */
  private requests: { name: string; column: number; scale: number; value: number }[] = [];
  private file = '';
  private row = 0;

  constructor(mapping: CsvMapping | Mapping, where = '<mapping>') {
    this.mapping = parseCsvMapping(mapping, where);
  }

  begin(file: string, table: string): void {
    if (table !== 'records') throw unknownTable('csv', table, ['records'], file);
    this.file = file;
    this.files.push(file);
    this.first = true;
    this.records = new CsvRecords(file, (r) => this.onRecord(r), this.mapping.delimiter);
    if (!this.mapping.header) this.resolve(null);
  }

  line(text: string, lineNo: number): void {
    this.records!.line(text, lineNo);
  }

  end(): void {
    this.records!.end();
    if (this.first && this.mapping.header) throw new InputError('empty file: expected a header row', { file: this.file });
  }

  finish(): Workload {
    return this.out.build(this.files);
  }

  /** Column indexes from the header row (or from numbers when there is none). */
  private resolve(header: CsvRecord | null): void {
    const names = header ? header.fields.map(normalizeName) : null;
    const index = (c: string | number, what: string): number => {
      if (typeof c === 'number') {
        if (header && c > header.fields.length) throw new InputError(`column ${c} does not exist (the header has ${header.fields.length})`, { file: this.file, line: header.line, field: what });
        return c - 1;
      }
      if (!names) throw new InputError('the mapping has header: false, so columns must be numbers', { file: this.file, field: what, value: c });
      const i = names.indexOf(normalizeName(c));
      if (i < 0) throw new InputError(`no column named ${JSON.stringify(c)} in the header`, { file: this.file, line: header!.line, field: what, value: header!.fields.join(',') });
      return i;
    };
    const cols = this.mapping.columns as Partial<Record<Field, string | number>>;
    for (const f of FIELDS) this.at[f] = cols[f] === undefined ? -1 : index(cols[f]!, `columns.${f}`);
    this.requests = Object.entries(this.mapping.request).map(([name, r]) => {
      if (typeof r === 'object' && 'value' in r) return { name, column: -1, scale: 1, value: r.value };
      const spec = typeof r === 'object' ? r : { column: r, scale: 1 };
      return { name, column: index(spec.column, `request.${name}`), scale: spec.scale, value: 0 };
    });
    const labels = header ? header.fields : [];
    const maxColumn = Math.max(maxOf(Object.values(this.at)), maxOf(this.requests.map((r) => r.column)));
    this.width = header ? header.fields.length : maxColumn + 1;
    const columnNames = Array.from({ length: this.width }, (_, i) => labels[i] ?? `column ${i + 1}`);
    this.reader = new FieldReader(this.file, columnNames, true);
  }

  private onRecord(r: CsvRecord): void {
    if (this.first) {
      this.first = false;
      if (this.mapping.header) {
        this.resolve(r);
        return;
      }
    }
    if (this.mapping.header ? r.fields.length !== this.width : r.fields.length < this.width) {
      throw new InputError(`expected ${this.mapping.header ? '' : 'at least '}${this.width} fields, found ${r.fields.length}`, { file: this.file, line: r.line });
    }
    this.row++;
    this.out.count('records');
    const f = this.reader!.set(r);
    const at = this.at;
    const unit = this.mapping.time_unit;
    const time = (i: number): number | null => (i < 0 ? null : f.optNum(i) === null ? null : f.num(i) * unit);
    const submit = time(at.submit);
    if (submit === null) return this.out.drop('submit_unknown');
    let runtime: number | null;
    if (at.runtime >= 0) runtime = time(at.runtime);
    else {
      const end = time(at.end);
      const start = at.start >= 0 ? time(at.start) : submit;
      runtime = end === null || start === null ? null : end - start;
    }
    if (runtime === null) return this.out.drop('runtime_unknown');
    if (!(runtime > 0)) return this.out.drop('runtime_not_positive');
    let tasks = 1;
    if (at.tasks >= 0) {
      tasks = f.int(at.tasks);
      if (tasks < 1) return this.out.drop('tasks_not_positive');
    }
    let estimate = runtime;
    if (at.estimate >= 0) {
      const e = time(at.estimate);
      if (e === null || e <= 0) this.out.repair('estimate_from_runtime');
      else estimate = e;
    }
    const request: Record<string, number> = {};
    for (const { name, column, scale, value } of this.requests) {
      if (column < 0) {
        request[name] = value;
        continue;
      }
      const x = f.optNonNeg(column);
      if (x === null) this.out.repair('request_empty_as_zero');
      request[name] = (x ?? 0) * scale;
    }
    const text = (i: number): string | null => (i < 0 || f.raw(i) === '' ? null : this.names.get(f.raw(i)));
    let logWait: number | null = null;
    if (at.start >= 0) {
      const start = time(at.start);
      if (start !== null) logWait = start - submit;
    }
    this.out.jobs.push({
      id: at.id >= 0 ? own(f.str(at.id)) : String(this.row),
      submit,
      tasks,
      request,
      runtime,
      estimate,
      priority: at.priority >= 0 && f.raw(at.priority) !== '' ? f.num(at.priority) : 0,
      user: text(at.user),
      group: text(at.group),
      queue: text(at.queue),
      dependencies: [],
      logStatus: text(at.status),
      logWait,
    });
  }
}
