/**
 * Alibaba cluster-trace-v2017 (ClusterData201708), table batch_task
 * (https://github.com/alibaba/clusterdata/tree/master/cluster-trace-v2017,
 * trace_201708.md). CSV without a header row in the official files; a header
 * row naming the columns is accepted (some copies add one). Times in seconds
 * from the start of the trace (negative = before it).
 *
 * Columns: task_create_time, task_end_time, job_id, task_id,
 * number_of_instances, status, number_of_cpus_requested_per_instance_in_the_task
 * (100 = 1 core), normalized_memory_requested_per_instance_in_the_task.
 *
 * One task → one canonical job, id `<job_id>/<task_id>`, with tasks =
 * number_of_instances; request cpu = cpus / 100 cores, memory = normalized
 * memory × the machine's MiB (option `machineMemory`, default 65,536: the
 * trace hides machine sizes); submit = task_create_time; runtime =
 * task_end_time − task_create_time (the table has no start time, so this
 * includes the task's wait); estimate = runtime; logStatus = status;
 * group = job_id. Dropped: runtime_not_positive (end at or before create),
 * request_unknown (empty cpu or memory: Waiting tasks have none),
 * end_unknown (empty end time), no_instances (0 instances). Records counted
 * per status (`batch_task.status.<status>`) and instances in total
 * (`batch_task.instances`).
 */
import { Interner } from './builder.ts';
import type { FieldReader } from './fields.ts';
import { CsvTableParser, type TableSchema } from './table.ts';

export const ALIBABA_2017_TABLES = {
  batch_task: {
    columns: [
      'task_create_time',
      'task_end_time',
      'job_id',
      'task_id',
      'number_of_instances',
      'status',
      'number_of_cpus_requested_per_instance_in_the_task',
      'normalized_memory_requested_per_instance_in_the_task',
    ],
    header: 'optional',
    trim: true,
  },
} as const satisfies Record<string, TableSchema>;

export const DEFAULT_MACHINE_MEMORY_MIB = 65536;

export interface AlibabaOptions {
  /** MiB of a machine's memory (normalized memory 1.0, or 100 in v2018). */
  machineMemory?: number;
}

export class Alibaba2017Parser extends CsvTableParser {
  private readonly names = new Interner();
  private readonly memoryScale: number;
  private readonly jobIds = new Set<string>();

  constructor(options: AlibabaOptions = {}) {
    super('alibaba-2017', ALIBABA_2017_TABLES);
    this.memoryScale = options.machineMemory ?? DEFAULT_MACHINE_MEMORY_MIB;
    this.out.header.machine_memory_mib = String(this.memoryScale);
  }

  protected record(f: FieldReader): void {
    const create = f.int(0);
    const end = f.optInt(1);
    f.int(2);
    f.int(3);
    const job = this.names.get(f.raw(2));
    const instances = f.int(4);
    if (instances < 0) throw f.error('must not be negative', 4);
    const status = this.names.get(f.str(5));
    const cpus = f.optNonNeg(6);
    const memory = f.optNonNeg(7);
    this.out.count(`batch_task.status.${status}`);
    this.out.count('batch_task.instances', instances);
    this.jobIds.add(job);
    if (end === null) return this.out.drop('end_unknown');
    if (end <= create) return this.out.drop('runtime_not_positive');
    if (cpus === null || memory === null) return this.out.drop('request_unknown');
    if (instances === 0) return this.out.drop('no_instances');
    const runtime = end - create;
    this.out.jobs.push({
      id: `${job}/${f.raw(3)}`,
      submit: create,
      tasks: instances,
      request: { cpu: cpus / 100, memory: memory * this.memoryScale },
      runtime,
      estimate: runtime,
      priority: 0,
      user: null,
      group: job,
      queue: null,
      dependencies: [],
      logStatus: status,
      logWait: null,
    });
  }

  protected override complete(): void {
    if (this.jobIds.size > 0) this.out.count('batch_task.jobs', this.jobIds.size);
  }
}
