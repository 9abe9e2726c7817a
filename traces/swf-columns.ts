/**
 * The jobs an SWF log keeps, as rows of numbers in typed blocks rather than
 * one object per job: at 10^6 jobs the objects took twice as long as the
 * parsing. The simulator packs its job table from them (sim/job-columns.ts);
 * `job(i)` makes the canonical job object, field for field what the reader
 * used to make, for the other uses.
 */
import type { JobColumns } from '../sim/job-columns.ts';
import type { Job } from '../workloads/job.ts';

const STATUS_NAMES: Record<string, string> = {
  '0': 'failed',
  '1': 'completed',
  '2': 'partial',
  '3': 'partial-completed',
  '4': 'partial-failed',
  '5': 'cancelled',
};

/** Shared by every SWF job: one processor per task, no dependencies (saves two objects per job). */
const ONE_PROCESSOR: Record<string, number> = Object.freeze({ cpu: 1 }) as Record<string, number>;
const NO_DEPENDENCIES: Job['dependencies'] = Object.freeze([]) as unknown as Job['dependencies'];

/** Numbers kept per job, at these offsets of its row. */
const ID = 0;
const SUBMIT = 1;
const WAIT = 2;
const RUNTIME = 3;
const ESTIMATE = 4;
const SIZE = 5;
const STATUS = 6;
const USER = 7;
const GROUP = 8;
const QUEUE = 9;
const PRECEDING = 10;
const THINK = 11;
const STRIDE = 12;
/** Jobs to a block: blocks are never copied, so a log grows its columns by one block at a time. */
const BLOCK_BITS = 12;
const BLOCK_MASK = (1 << BLOCK_BITS) - 1;

export class SwfColumns implements JobColumns<Job> {
  count = 0;
  readonly request = ONE_PROCESSOR;
  readonly priority = 0;
  /** Row k of job k at blocks[k >> BLOCK_BITS], offset (k & BLOCK_MASK) * STRIDE: the job's fields, next to one another. */
  private readonly blocks: Float64Array[] = [];
  /** Ids not in plain decimal form (leading zeros, a fraction `.0`), by position; the others are their job number. */
  private readonly odd = new Map<number, string>();
  /** User, group and queue numbers as shared strings (a log has few of them and many jobs). */
  private readonly names = new Map<number, string>();

  /**
   * Appends a job: `fields` are the 18 numbers of its line (-1 unknown), `size` and `estimate`
   * as the reader's options chose them; `idText` is null when the job number `fields[0]` written
   * in decimal is the id.
   */
  push(fields: Float64Array, size: number, estimate: number, idText: string | null): void {
    const k = this.count;
    if ((k & BLOCK_MASK) === 0) this.blocks.push(new Float64Array(STRIDE << BLOCK_BITS));
    const row = this.blocks[k >> BLOCK_BITS]!;
    const o = (k & BLOCK_MASK) * STRIDE;
    if (idText === null) row[o + ID] = fields[0]!;
    else {
      row[o + ID] = NaN;
      this.odd.set(k, idText);
    }
    row[o + SUBMIT] = fields[1]!;
    row[o + WAIT] = fields[2]!;
    row[o + RUNTIME] = fields[3]!;
    row[o + ESTIMATE] = estimate;
    row[o + SIZE] = size;
    row[o + STATUS] = fields[10]!;
    row[o + USER] = fields[11]!;
    row[o + GROUP] = fields[12]!;
    row[o + QUEUE] = fields[14]!;
    row[o + PRECEDING] = fields[16]!;
    row[o + THINK] = fields[17]!;
    this.count = k + 1;
  }

  /** Field `f` of job i. */
  private at(i: number, f: number): number {
    return this.blocks[i >> BLOCK_BITS]![(i & BLOCK_MASK) * STRIDE + f]!;
  }

  submit(i: number): number {
    return this.at(i, SUBMIT);
  }

  runtime(i: number): number {
    return this.at(i, RUNTIME);
  }

  estimate(i: number): number {
    return this.at(i, ESTIMATE);
  }

  tasks(i: number): number {
    return this.at(i, SIZE);
  }

  id(i: number): string {
    const n = this.at(i, ID);
    return n === n ? String(n) : this.odd.get(i)!;
  }

  user(i: number): string | null {
    return this.name(this.at(i, USER));
  }

  job(i: number): Job {
    const preceding = this.at(i, PRECEDING);
    const think = this.at(i, THINK);
    const status = this.at(i, STATUS);
    const wait = this.at(i, WAIT);
    return {
      id: this.id(i),
      submit: this.at(i, SUBMIT),
      tasks: this.at(i, SIZE),
      request: ONE_PROCESSOR,
      runtime: this.at(i, RUNTIME),
      estimate: this.at(i, ESTIMATE),
      priority: 0,
      user: this.user(i),
      group: this.name(this.at(i, GROUP)),
      queue: this.name(this.at(i, QUEUE)),
      dependencies: preceding === -1 ? NO_DEPENDENCIES : [{ job: String(preceding), thinkTime: think === -1 ? 0 : think }],
      logStatus: status === -1 ? null : (STATUS_NAMES[String(status)] ?? String(status)),
      logWait: wait === -1 ? null : wait,
    };
  }

  /** Every job object, in order. */
  all(): Job[] {
    const jobs: Job[] = new Array(this.count);
    for (let i = 0; i < this.count; i++) jobs[i] = this.job(i);
    return jobs;
  }

  /** A user, group or queue number as a shared string; null for -1 (unknown). */
  private name(n: number): string | null {
    if (n === -1) return null;
    let s = this.names.get(n);
    if (s === undefined) this.names.set(n, (s = String(n)));
    return s;
  }
}
