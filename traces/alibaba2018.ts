/**
 * Alibaba cluster-trace-v2018 (https://github.com/alibaba/clusterdata/tree/master/cluster-trace-v2018,
 * trace_2018.md and schema.txt). CSV without header rows; times in seconds
 * from the start of the 8-day trace; cpu in hundredths of a core (100 = 1
 * core); memory normalized to [0, 100], scaled here by the machine size
 * (option `machineMemory`, MiB for 100, default 65,536: the trace hides it).
 * Any subset of the tables may be given:
 *
 * - `batch_task` (task_name, instance_num, job_name, task_type, status,
 *   start_time, end_time, plan_cpu, plan_mem) → without batch_instance, one
 *   canonical job per task, id `<job_name>/<task_name>`, tasks = instance_num,
 *   request cpu = plan_cpu / 100, memory = plan_mem / 100 × machine MiB,
 *   submit = start_time, runtime = end_time − start_time, estimate = runtime,
 *   queue = task_type, logStatus = status, group = job_name. The DAG in the
 *   task name (`R3_1_2`: task 3 after tasks 1 and 2 of the same job; `M1`: no
 *   dependency; other names such as `task_XXXX==`: independent) becomes
 *   `dependencies` (think time 0); a dependency on a task not in the files is
 *   left out and counted (repaired.dependency_not_found).
 * - `batch_instance` (instance_name, task_name, job_name, task_type, status,
 *   start_time, end_time, machine_id, seq_no, total_seq_no, cpu_avg, cpu_max,
 *   mem_avg, mem_max) → when present, jobs are the instances instead (one task
 *   each, id `<job_name>/<task_name>/<instance_name>/<seq_no>`), with the
 *   request of their task (batch_task must then be given: an instance of an
 *   unknown task is dropped, instance_task_unknown), submit = start_time,
 *   runtime = end_time − start_time; the tasks are then not jobs themselves.
 * - `container_meta` (container_id, machine_id, time_stamp, app_du, status,
 *   cpu_request, cpu_limit, mem_size) → one long-running service per
 *   container (kind `service`, runtime Infinity), id = container_id, from its
 *   first row: submit = time_stamp, request cpu = cpu_request / 100, memory =
 *   mem_size / 100 × machine MiB, group = app_du (the deploy unit), label
 *   `alibaba/app-du`, constraints.nodeName = machine_id (where the trace ran
 *   it); later rows count per status; a later row with another request keeps
 *   the first (repaired.container_request_changed_first_kept).
 * - `machine_meta` (machine_id, time_stamp, failure_domain_1,
 *   failure_domain_2, cpu_num, mem_size, status) → the cluster: one node per
 *   machine from its first row, capacity cpu = cpu_num, memory = mem_size / 100
 *   × machine MiB, labels `clusterlab/rack` = failure_domain_1 (the finer
 *   level: 292 values in the trace) and `topology.kubernetes.io/zone` =
 *   failure_domain_2 (21 values; the two levels are not nested in the data,
 *   which is our reason for calling the finer one a rack), unschedulable when
 *   status is not USING; a later row that changes anything → a machine event
 *   (update).
 * - `machine_usage` and `container_usage`: utilization samples; validated and
 *   counted in records, not mapped (the canonical workload has no place for
 *   measured usage).
 * Dropped: runtime_not_positive, request_unknown (empty plan), time_unknown.
 */
import type { NodeSpec } from '../sim/cluster.ts';
import type { Job } from '../workloads/job.ts';
import { DEFAULT_MACHINE_MEMORY_MIB, type AlibabaOptions } from './alibaba2017.ts';
import { Interner, own } from './builder.ts';
import type { FieldReader } from './fields.ts';
import { CsvTableParser, type TableSchema } from './table.ts';

export const ALIBABA_2018_TABLES = {
  machine_meta: { columns: ['machine_id', 'time_stamp', 'failure_domain_1', 'failure_domain_2', 'cpu_num', 'mem_size', 'status'], header: 'none' },
  batch_task: { columns: ['task_name', 'instance_num', 'job_name', 'task_type', 'status', 'start_time', 'end_time', 'plan_cpu', 'plan_mem'], header: 'none' },
  batch_instance: {
    columns: ['instance_name', 'task_name', 'job_name', 'task_type', 'status', 'start_time', 'end_time', 'machine_id', 'seq_no', 'total_seq_no', 'cpu_avg', 'cpu_max', 'mem_avg', 'mem_max'],
    header: 'none',
  },
  container_meta: { columns: ['container_id', 'machine_id', 'time_stamp', 'app_du', 'status', 'cpu_request', 'cpu_limit', 'mem_size'], header: 'none' },
  machine_usage: { columns: ['machine_id', 'time_stamp', 'cpu_util_percent', 'mem_util_percent', 'mem_gps', 'mkpi', 'net_in', 'net_out', 'disk_io_percent'], header: 'none' },
  container_usage: {
    columns: ['container_id', 'machine_id', 'time_stamp', 'cpu_util_percent', 'mem_util_percent', 'cpi', 'mem_gps', 'mpki', 'net_in', 'net_out', 'disk_io_percent'],
    header: 'none',
  },
} as const satisfies Record<string, TableSchema>;

/** The order tables are read in when several are given (tasks before their instances). */
export const ALIBABA_2018_TABLE_ORDER = ['machine_meta', 'batch_task', 'batch_instance', 'container_meta', 'machine_usage', 'container_usage'] as const;

const DAG_NAME = /^[A-Za-z]+(\d+)((?:_\d+)*)$/;

interface Task {
  job: Job;
  jobName: string;
  /** Task numbers this one depends on (from its name). */
  after: string[];
}

export class Alibaba2018Parser extends CsvTableParser {
  private readonly names = new Interner();
  private readonly memoryScale: number;
  /** Tasks by `<job>/<task name>`, and task names by `<job>/<number>` for the DAG. */
  private readonly tasks = new Map<string, Task>();
  private readonly taskByNumber = new Map<string, string>();
  private instances = 0;
  private readonly containers = new Map<string, Job>();
  private readonly machines = new Map<string, { node: NodeSpec; key: string }>();

  constructor(options: AlibabaOptions = {}) {
    super('alibaba-2018', ALIBABA_2018_TABLES);
    this.memoryScale = options.machineMemory ?? DEFAULT_MACHINE_MEMORY_MIB;
    this.out.header.machine_memory_mib = String(this.memoryScale);
  }

  protected record(f: FieldReader): void {
    switch (this.table) {
      case 'batch_task':
        return this.task(f);
      case 'batch_instance':
        return this.instance(f);
      case 'container_meta':
        return this.container(f);
      case 'machine_meta':
        return this.machine(f);
      case 'machine_usage':
        f.str(0);
        f.num(1);
        for (let i = 2; i < 9; i++) f.optNum(i);
        return;
      default: // container_usage
        f.str(0);
        f.str(1);
        f.num(2);
        for (let i = 3; i < 11; i++) f.optNum(i);
    }
  }

  private task(f: FieldReader): void {
    const name = own(f.str(0));
    const instances = f.optInt(1);
    const jobName = this.names.get(f.str(2));
    const type = this.names.get(f.str(3));
    const status = this.names.get(f.str(4));
    const start = f.optInt(5);
    const end = f.optInt(6);
    const cpu = f.optNonNeg(7);
    const memory = f.optNonNeg(8);
    this.out.count(`batch_task.status.${status}`);
    if (start === null || end === null || start <= 0) return this.out.drop('time_unknown');
    if (end <= start) return this.out.drop('runtime_not_positive');
    if (cpu === null || memory === null) return this.out.drop('request_unknown');
    if (instances === null || instances < 1) return this.out.drop('no_instances');
    const runtime = end - start;
    const id = `${jobName}/${name}`;
    const job: Job = {
      id,
      submit: start,
      tasks: instances,
      request: { cpu: cpu / 100, memory: (memory / 100) * this.memoryScale },
      runtime,
      estimate: runtime,
      priority: 0,
      user: null,
      group: jobName,
      queue: type,
      dependencies: [],
      logStatus: status,
      logWait: null,
    };
    const dag = DAG_NAME.exec(name);
    const after = dag && dag[2] ? dag[2].slice(1).split('_') : [];
    if (dag) this.taskByNumber.set(`${jobName}/${dag[1]}`, id);
    this.tasks.set(id, { job, jobName, after });
  }

  private instance(f: FieldReader): void {
    const instance = own(f.str(0));
    const taskName = f.str(1);
    const jobName = f.str(2);
    f.str(3);
    const status = this.names.get(f.str(4));
    const start = f.optInt(5);
    const end = f.optInt(6);
    f.optStr(7);
    const seq = f.optInt(8);
    f.optInt(9);
    for (let i = 10; i < 14; i++) f.optNum(i);
    this.instances++;
    this.out.count(`batch_instance.status.${status}`);
    const task = this.tasks.get(`${jobName}/${taskName}`);
    if (task === undefined) return this.out.drop('instance_task_unknown');
    if (start === null || end === null || start <= 0) return this.out.drop('time_unknown');
    if (end <= start) return this.out.drop('runtime_not_positive');
    const runtime = end - start;
    this.out.jobs.push({
      ...task.job,
      id: `${task.job.id}/${instance}/${seq ?? ''}`,
      submit: start,
      tasks: 1,
      runtime,
      estimate: runtime,
      logStatus: status,
      dependencies: [],
    });
  }

  private container(f: FieldReader): void {
    const id = f.str(0);
    const machine = f.optStr(1);
    const time = f.int(2);
    const app = f.optStr(3);
    const status = this.names.get(f.str(4));
    const cpu = f.optNonNeg(5);
    f.optNonNeg(6);
    const memory = f.optNonNeg(7);
    this.out.count(`container_meta.status.${status}`);
    const known = this.containers.get(id);
    const request = cpu === null || memory === null ? null : { cpu: cpu / 100, memory: (memory / 100) * this.memoryScale };
    if (known) {
      if (request && (request.cpu !== known.request.cpu || request.memory !== known.request.memory)) this.out.repair('container_request_changed_first_kept');
      return;
    }
    if (request === null) return this.out.drop('request_unknown');
    const job: Job = {
      id: own(id),
      submit: time,
      tasks: 1,
      request,
      runtime: Infinity,
      estimate: Infinity,
      priority: 0,
      user: null,
      group: app === null ? null : this.names.get(app),
      queue: null,
      dependencies: [],
      logStatus: status,
      logWait: null,
      kind: 'service',
    };
    if (app !== null) job.labels = { 'alibaba/app-du': job.group! };
    if (machine !== null) job.constraints = { nodeName: this.names.get(machine) };
    this.containers.set(job.id, job);
    this.out.jobs.push(job);
  }

  private machine(f: FieldReader): void {
    const id = f.str(0);
    const time = f.int(1);
    const fd1 = f.optStr(2);
    const fd2 = f.optStr(3);
    const cpu = f.optNonNeg(4);
    const memory = f.optNonNeg(5);
    const status = this.names.get(f.str(6));
    this.out.count(`machine_meta.status.${status}`);
    if (cpu === null || memory === null) return this.out.drop('machine_capacity_unknown');
    const capacity = { cpu, memory: (memory / 100) * this.memoryScale };
    const labels: Record<string, string> = {};
    if (fd1 !== null) labels['clusterlab/rack'] = this.names.get(fd1);
    if (fd2 !== null) labels['topology.kubernetes.io/zone'] = this.names.get(fd2);
    const unschedulable = status !== 'USING';
    const key = `${fd1},${fd2},${cpu},${memory},${status}`;
    const known = this.machines.get(id);
    if (known === undefined) {
      const node: NodeSpec = { id: this.names.get(id), capacity, labels };
      if (unschedulable) node.unschedulable = true;
      this.machines.set(node.id, { node, key });
      return;
    }
    if (known.key === key) return;
    known.key = key;
    this.out.machineEvents.push({ time, node: known.node.id, type: 'update', capacity, labels, unschedulable });
  }

  protected override complete(): void {
    if (this.instances === 0) {
      // Tasks are the jobs; resolve their DAG now that every task is known.
      // Tasks come before containers in the output, as they were read.
      const containers = this.out.jobs.splice(0);
      for (const task of this.tasks.values()) {
        for (const n of task.after) {
          const dep = this.taskByNumber.get(`${task.jobName}/${n}`);
          if (dep === undefined) this.out.repair('dependency_not_found');
          else task.job.dependencies.push({ job: dep, thinkTime: 0 });
        }
        this.out.jobs.push(task.job);
      }
      for (const c of containers) this.out.jobs.push(c);
    }
    if (this.machines.size > 0) this.out.cluster = { resources: ['cpu', 'memory'], nodes: [...this.machines.values()].map((m) => m.node) };
  }
}
