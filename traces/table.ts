/**
 * The common part of the CSV importers: a parser over one or more tables,
 * each with a schema (column names, header row or not), that checks the
 * column count and the header, counts the records of each table, and hands
 * each record to the format through a strict FieldReader.
 *
 * Header rows: `none` (the published files have none: Google, Alibaba),
 * `required` (openb, Azure LLM, Philly), or `optional` (a source repository
 * added one, as for the Alibaba 2017 copy). A header may list the columns in
 * any order and add others; names are compared ignoring case, spaces and
 * underscores.
 */
import { InputError } from '../sim/errors.ts';
import type { Workload } from '../workloads/workload.ts';
import { WorkloadBuilder } from './builder.ts';
import { CsvRecords, type CsvRecord } from './csv.ts';
import { FieldReader } from './fields.ts';
import { unknownTable, type TraceParser } from './parser.ts';

export interface TableSchema {
  columns: readonly string[];
  header: 'none' | 'optional' | 'required';
  /** Trim spaces around values (files written with `, ` separators). */
  trim?: boolean;
  delimiter?: string;
}

export function normalizeName(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_]+/g, '_');
}

export abstract class CsvTableParser implements TraceParser {
  protected readonly out: WorkloadBuilder;
  protected file = '';
  protected table = '';
  protected schema: TableSchema | null = null;
  private f: FieldReader | null = null;
  private records: CsvRecords | null = null;
  private firstRecord = true;
  /** Number of fields each record must have in the current file. */
  private width = 0;
  protected readonly files: string[] = [];

  constructor(
    readonly format: string,
    private readonly tables: Readonly<Record<string, TableSchema>>,
  ) {
    this.out = new WorkloadBuilder(format);
  }

  begin(file: string, table: string): void {
    const schema = Object.hasOwn(this.tables, table) ? this.tables[table]! : undefined;
    if (!schema) throw unknownTable(this.format, table, Object.keys(this.tables), file);
    this.file = file;
    this.table = table;
    this.schema = schema;
    this.files.push(file);
    this.f = new FieldReader(file, schema.columns, schema.trim ?? false);
    this.records = new CsvRecords(file, (r) => this.onRecord(r), schema.delimiter ?? ',');
    this.firstRecord = true;
    this.width = schema.columns.length;
    this.beginTable(table);
  }

  line(text: string, lineNo: number): void {
    this.records!.line(text, lineNo);
  }

  end(): void {
    this.records!.end();
    if (this.firstRecord && this.schema!.header === 'required') {
      throw new InputError(`empty file: expected a header row naming the columns ${this.schema!.columns.join(',')}`, { file: this.file });
    }
    this.endTable(this.table);
  }

  finish(): Workload {
    this.complete();
    return this.out.build(this.files);
  }

  /** Handles one record of the current table (already counted). */
  protected abstract record(f: FieldReader): void;
  protected beginTable(_table: string): void {}
  protected endTable(_table: string): void {}
  /** Called once before the workload is built (joins, clusters, deferred decisions). */
  protected complete(): void {}

  private onRecord(r: CsvRecord): void {
    const schema = this.schema!;
    if (this.firstRecord) {
      this.firstRecord = false;
      if (schema.header !== 'none' && this.headerRow(r, schema)) return;
    }
    if (r.fields.length !== this.width) {
      throw new InputError(`expected ${this.width} comma-separated fields (${this.table}: ${schema.columns.join(', ')}), found ${r.fields.length}`, {
        file: this.file,
        line: r.line,
      });
    }
    this.out.count(this.table);
    this.record(this.f!.set(r));
  }

  /** True if `r` is the header row (and sets the column order from it). */
  private headerRow(r: CsvRecord, schema: TableSchema): boolean {
    const names = r.fields.map(normalizeName);
    const order = schema.columns.map((c) => names.indexOf(normalizeName(c)));
    if (order.every((i) => i >= 0)) {
      this.width = names.length;
      this.f!.setOrder(order.every((j, i) => j === i) ? null : order);
      return true;
    }
    if (schema.header === 'required') {
      const missing = schema.columns.filter((_, i) => order[i]! < 0);
      throw new InputError(`expected a header row naming the columns ${schema.columns.join(',')}; missing ${missing.join(', ')}`, {
        file: this.file,
        line: r.line,
        value: r.fields.join(','),
      });
    }
    return false;
  }
}
