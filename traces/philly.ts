/**
 * Microsoft Philly traces (Jeon et al., "Analysis of Large-Scale
 * Multi-Tenant GPU Clusters for DNN Training Workloads", USENIX ATC 2019;
 * https://github.com/msr-fiddle/philly-traces).
 *
 * Table `machines` (cluster_machine_list: CSV, header `machineId, number of
 * GPUs, single GPU mem`, values after `, `) → cluster nodes: id = machineId,
 * capacity gpu = number of GPUs, label `clusterlab/gpu-memory` = single GPU
 * mem (`12GB`, `24GB`). The list gives no CPU or memory.
 *
 * Table `jobs` (cluster_job_log: one JSON array of jobs, ~1 GB, streamed job
 * by job) → one canonical job per job: id = jobid; submit = submitted_time
 * (`YYYY-MM-DD HH:MM:SS`, read as written) − the earliest submitted_time;
 * tasks = the GPUs of its last attempt (the sum of the `gpus` lists over its
 * `detail` entries), each task requesting `gpu: 1`; runtime = end_time −
 * start_time of the last attempt (the run that decided the job's fate;
 * jobs retried are counted in repaired.retried_last_attempt_kept); logWait =
 * the first attempt's start_time − submitted_time; user = user; tenant and
 * queue = vc (the virtual cluster); logStatus = status (Pass, Killed,
 * Failed); estimate = runtime. Dropped: no_attempts (never started),
 * attempt_time_unknown (start or end missing: `null` or `None`, still running
 * when the log was taken), no_gpus, runtime_not_positive.
 */
import type { NodeSpec } from '../sim/cluster.ts';
import { InputError } from '../sim/errors.ts';
import type { Job } from '../workloads/job.ts';
import { own } from './builder.ts';
import type { FieldReader } from './fields.ts';
import { JsonElements } from './json-stream.ts';
import { CsvTableParser, type TableSchema } from './table.ts';
import { parseStamp, stampDiff, type Stamp } from './time.ts';

export const PHILLY_TABLES = {
  machines: { columns: ['machineId', 'number of GPUs', 'single GPU mem'], header: 'required', trim: true },
} as const satisfies Record<string, TableSchema>;

/** Tables of the format, the JSON job log included. */
type Obj = Record<string, unknown>;

export class PhillyParser extends CsvTableParser {
  private readonly nodes: NodeSpec[] = [];
  private readonly ids = new Set<string>();
  private json: JsonElements | null = null;
  private jsonFile = '';
  private readonly submits: Stamp[] = [];

  constructor() {
    super('philly', PHILLY_TABLES);
  }

  override begin(file: string, table: string): void {
    if (table === 'jobs') {
      this.jsonFile = file;
      this.files.push(file);
      this.json = new JsonElements(file, (v, line) => this.job(v, line));
      this.table = 'jobs';
      return;
    }
    this.json = null;
    super.begin(file, table);
  }

  override line(text: string, lineNo: number): void {
    if (this.json) this.json.line(text, lineNo);
    else super.line(text, lineNo);
  }

  override end(): void {
    if (this.json) this.json.end();
    else super.end();
  }

  protected record(f: FieldReader): void {
    const id = own(f.str(0));
    if (this.ids.has(id)) throw f.error('machine listed twice', 0);
    this.ids.add(id);
    const gpus = f.int(1);
    if (gpus < 0) throw f.error('must not be negative', 1);
    const memory = f.str(2);
    this.out.count('machines.gpus', gpus);
    this.nodes.push({ id, capacity: { gpu: gpus }, labels: { 'clusterlab/gpu-memory': memory } });
  }

  private fail(reason: string, line: number, field: string, value: unknown): InputError {
    return new InputError(reason, { file: this.jsonFile, line, field, value: typeof value === 'string' ? value : JSON.stringify(value) ?? 'missing' });
  }

  /** A time field: a stamp, or null when missing (`null`, `None`, absent). */
  private time(v: unknown, line: number, field: string): Stamp | null {
    if (v === null || v === undefined || v === 'None') return null;
    const stamp = typeof v === 'string' ? parseStamp(v) : null;
    if (stamp === null) throw this.fail('not a time (YYYY-MM-DD HH:MM:SS)', line, field, v);
    return stamp;
  }

  private job(value: unknown, line: number): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.fail('a job must be an object', line, '(job)', value);
    const j = value as Obj;
    this.out.count('jobs');
    const id = j.jobid;
    if (typeof id !== 'string' || id === '') throw this.fail('missing job id', line, 'jobid', id);
    const submitted = this.time(j.submitted_time, line, 'submitted_time');
    if (submitted === null) throw this.fail('missing submit time', line, 'submitted_time', j.submitted_time);
    const status = typeof j.status === 'string' ? j.status : null;
    this.out.count(`jobs.status.${status ?? ''}`);
    const attempts = j.attempts ?? [];
    if (!Array.isArray(attempts)) throw this.fail('must be a list', line, 'attempts', attempts);
    if (attempts.length === 0) return this.out.drop('no_attempts');
    const last = attempts[attempts.length - 1] as Obj;
    const first = attempts[0] as Obj;
    if (typeof last !== 'object' || last === null || typeof first !== 'object' || first === null) throw this.fail('an attempt must be an object', line, 'attempts', attempts);
    const start = this.time(last.start_time, line, 'attempts[-1].start_time');
    const end = this.time(last.end_time, line, 'attempts[-1].end_time');
    const firstStart = this.time(first.start_time, line, 'attempts[0].start_time');
    if (start === null || end === null) return this.out.drop('attempt_time_unknown');
    const detail = last.detail ?? [];
    if (!Array.isArray(detail)) throw this.fail('must be a list', line, 'attempts[-1].detail', detail);
    let gpus = 0;
    for (const d of detail) {
      const list = (d as Obj | null)?.gpus;
      if (!Array.isArray(list)) throw this.fail('must be a list', line, 'attempts[-1].detail[].gpus', list);
      gpus += list.length;
    }
    if (gpus === 0) return this.out.drop('no_gpus');
    const runtime = stampDiff(end, start);
    if (!(runtime > 0)) return this.out.drop('runtime_not_positive');
    if (attempts.length > 1) this.out.repair('retried_last_attempt_kept');
    const vc = typeof j.vc === 'string' ? j.vc : null;
    const job: Job = {
      id,
      submit: 0,
      tasks: gpus,
      request: { gpu: 1 },
      runtime,
      estimate: runtime,
      priority: 0,
      user: typeof j.user === 'string' ? j.user : null,
      group: null,
      queue: vc,
      dependencies: [],
      logStatus: status,
      logWait: firstStart === null ? null : stampDiff(firstStart, submitted),
    };
    if (vc !== null) job.tenant = vc;
    this.submits.push(submitted);
    this.out.jobs.push(job);
  }

  protected override complete(): void {
    if (this.submits.length > 0) {
      let base = this.submits[0]!;
      for (const s of this.submits) if (stampDiff(s, base) < 0) base = s;
      this.out.jobs.forEach((job, i) => (job.submit = stampDiff(this.submits[i]!, base)));
    }
    if (this.nodes.length > 0) this.out.cluster = { resources: ['gpu'], nodes: this.nodes };
  }
}
