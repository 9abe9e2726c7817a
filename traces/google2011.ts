/**
 * Google cluster-usage trace 2011 (clusterdata-2011-2; C. Reiss, J. Wilkes,
 * J. L. Hellerstein, "Google cluster-usage traces: format + schema", 2011;
 * https://github.com/google/cluster-data/blob/master/ClusterData2011_2.md).
 * CSV part files without a header row; times in microseconds (0 = before the
 * trace window, which starts at 600 s; 2^63 − 1 = after it); CPU, memory and
 * disk normalized to the largest machine.
 *
 * Tables (the files of one kind may be several part files, read in order):
 * - `task_events` (13 columns) → jobs. One canonical job per task (job ID,
 *   task index), id `<job ID>/<task index>`, one task each:
 *   submit = its first SUBMIT; runtime = its last run, from SCHEDULE to the
 *   EVICT, FAIL, FINISH, KILL or LOST that ended it (a task scheduled again
 *   after an eviction keeps its last run: repaired.rescheduled_last_run_kept);
 *   request cpu = CPU request × machine cores, memory = memory request ×
 *   machine MiB (the latest values, UPDATE events included; disk is not
 *   mapped because machine_events gives no disk capacity); priority = priority
 *   (0-11); queue = scheduling class (0-3); user = user hash; logStatus = the
 *   ending event (`finish`, `kill`...); logWait = first SCHEDULE − submit;
 *   estimate = runtime (the trace has none); label `google/job` = job ID, and
 *   "different machines restriction" = 1 becomes a required pod
 *   anti-affinity on `kubernetes.io/hostname` among the tasks of the job.
 * - `job_events` (8 columns): validated and counted; the logical job name
 *   becomes label `google/logical-job-name`; jobs without any task event are
 *   counted in dropped.job_without_task_events.
 * - `machine_events` (6 columns) → the cluster: the machines present at the
 *   first time of the table (time 0 in the real trace: the 12,477 machines
 *   there before the window), with capacity CPUs × machine cores and Memory ×
 *   machine MiB; every later ADD, REMOVE and UPDATE → workload.machineEvents.
 *
 * The machine size is a choice (the trace hides it): by default the largest
 * machine has 32 cores and 65,536 MiB (64 GiB); options `machineCpu`,
 * `machineMemory`.
 *
 * Partial traces (part 0 of 500 covers the first ~1.56 h): tasks submitted or
 * running before the window appear with events at time 0 (their submit time
 * is then 0, counted in repaired.submitted_before_window, and a run that
 * started at time 0 is a lower bound, repaired.started_before_window); an
 * event for a task never submitted in the files read is counted in
 * dropped.event_without_submit; a SCHEDULE without a SUBMIT takes its time as
 * the submit (repaired.submit_missing); tasks still pending at the end are
 * dropped (never_scheduled); tasks still running at the end of the files
 * read are, by option `unfinished`: `censor` (default: they end at the last
 * event time of task_events, repaired.runtime_censored_at_window_end),
 * `drop` (dropped.running_at_window_end) or `infinite` (runtime Infinity).
 * Other drops: ended_without_running, request_unknown, runtime_not_positive,
 * time_after_trace_end (events stamped 2^63 − 1).
 */
import type { NodeSpec } from '../sim/cluster.ts';
import type { Job } from '../workloads/job.ts';
import { Interner } from './builder.ts';
import type { FieldReader } from './fields.ts';
import { EVENT_NAMES, transition, TaskState, type Task } from './google2011-tasks.ts';
import { CsvTableParser, type TableSchema } from './table.ts';

export const GOOGLE_2011_TABLES = {
  task_events: {
    columns: ['time', 'missing info', 'job ID', 'task index', 'machine ID', 'event type', 'user', 'scheduling class', 'priority', 'CPU request', 'memory request', 'disk space request', 'different machines restriction'],
    header: 'none',
  },
  job_events: {
    columns: ['time', 'missing info', 'job ID', 'event type', 'user', 'scheduling class', 'job name', 'logical job name'],
    header: 'none',
  },
  machine_events: { columns: ['time', 'machine ID', 'event type', 'platform ID', 'CPUs', 'Memory'], header: 'none' },
} as const satisfies Record<string, TableSchema>;

const MACHINE_EVENT_NAMES = ['ADD', 'REMOVE', 'UPDATE'] as const;
/** Record-count keys, built once (not per record). */
const TASK_KEYS = EVENT_NAMES.map((n) => `task_events.${n}`);
const JOB_KEYS = EVENT_NAMES.map((n) => `job_events.${n}`);
const MACHINE_KEYS = MACHINE_EVENT_NAMES.map((n) => `machine_events.${n}`);
const AFTER_TRACE = '9223372036854775807';
/** Shared by every task: none has dependencies (saves an array per job). */
const NO_DEPENDENCIES: Job['dependencies'] = Object.freeze([]) as unknown as Job['dependencies'];

export interface Google2011Options {
  /** Cores of the largest machine (normalized CPU 1.0). */
  machineCpu?: number;
  /** MiB of memory of the largest machine (normalized memory 1.0). */
  machineMemory?: number;
  /** Tasks still running at the end of the files read. */
  unfinished?: 'censor' | 'drop' | 'infinite';
}

export const GOOGLE_2011_DEFAULTS = { machineCpu: 32, machineMemory: 65536, unfinished: 'censor' } as const;

export class Google2011Parser extends CsvTableParser {
  private readonly tasks = new Map<string, Task>();
  private readonly names = new Interner();
  private readonly jobs = new Map<string, { logicalName: string | null }>();
  private readonly jobsWithTasks = new Set<string>();
  private windowEnd = -Infinity;
  private readonly nodes = new Map<string, NodeSpec>();
  private readonly machineIds = new Set<string>();
  private firstMachineTime: number | null = null;
  private readonly cpuScale: number;
  private readonly memoryScale: number;
  private readonly unfinished: 'censor' | 'drop' | 'infinite';

  constructor(options: Google2011Options = {}) {
    super('google-2011', GOOGLE_2011_TABLES);
    this.cpuScale = options.machineCpu ?? GOOGLE_2011_DEFAULTS.machineCpu;
    this.memoryScale = options.machineMemory ?? GOOGLE_2011_DEFAULTS.machineMemory;
    this.unfinished = options.unfinished ?? GOOGLE_2011_DEFAULTS.unfinished;
    this.out.header.machine_cpu = String(this.cpuScale);
    this.out.header.machine_memory_mib = String(this.memoryScale);
  }

  protected record(f: FieldReader): void {
    if (this.table === 'task_events') this.taskEvent(f);
    else if (this.table === 'job_events') this.jobEvent(f);
    else this.machineEvent(f);
  }

  /** Event time in microseconds (integers, so differences are exact), or null for events after the trace (2^63 − 1). */
  private time(f: FieldReader): number | null {
    if (f.raw(0) === AFTER_TRACE) {
      this.out.drop('time_after_trace_end');
      return null;
    }
    const us = f.int(0);
    if (us < 0) throw f.error('must not be negative', 0);
    return us;
  }

  private eventType(f: FieldReader, i: number, keys: readonly string[]): number {
    const type = f.int(i);
    if (type < 0 || type >= keys.length) throw f.error(`event type must be 0-${keys.length - 1}`, i);
    this.out.count(keys[type]!);
    return type;
  }

  private taskEvent(f: FieldReader): void {
    const type = this.eventType(f, 5, TASK_KEYS);
    if (f.raw(1) !== '') {
      f.int(1);
      this.out.count('task_events.missing_info');
    }
    const t = this.time(f);
    if (t === null) return;
    if (t > this.windowEnd) this.windowEnd = t;
    f.int(2);
    f.int(3);
    const job = f.raw(2);
    const index = f.raw(3);
    if (f.raw(4) !== '') f.int(4);
    this.jobsWithTasks.add(job);
    const task = this.taskOf(job, index, type, t);
    if (task === null) return this.out.drop('event_without_submit');
    this.taskAttributes(f, task);
    transition(task, type, t);
  }

  /** The task of `job`/`index`, created by a SUBMIT or SCHEDULE event; null for another event of a task not seen. */
  private taskOf(job: string, index: string, type: number, t: number): Task | null {
    const key = `${job}/${index}`;
    let task = this.tasks.get(key);
    if (task === undefined) {
      if (type !== 0 && type !== 1) return null;
      task = {
        job,
        index,
        submit: t,
        state: TaskState.Pending,
        runStart: 0,
        firstStart: -1,
        lastRun: -1,
        lastRunStart: 0,
        status: 'pending',
        runs: 0,
        cpu: null,
        memory: null,
        priority: 0,
        schedulingClass: null,
        user: null,
        distinct: false,
        submitMissing: type === 1,
      };
      this.tasks.set(key, task);
    }
    return task;
  }

  /** Attributes of an event: the latest known values are kept. */
  private taskAttributes(f: FieldReader, task: Task): void {
    const user = f.optStr(6);
    if (user !== null && user !== task.user) task.user = this.names.get(user);
    if (f.raw(7) !== '') {
      f.int(7);
      task.schedulingClass = f.raw(7);
    }
    task.priority = f.int(8);
    const cpu = f.optNonNeg(9);
    if (cpu !== null) task.cpu = cpu;
    const memory = f.optNonNeg(10);
    if (memory !== null) task.memory = memory;
    f.optNonNeg(11);
    const distinct = f.optInt(12);
    if (distinct !== null) {
      if (distinct !== 0 && distinct !== 1) throw f.error('must be 0 or 1', 12);
      task.distinct = distinct === 1;
    }
  }

  private jobEvent(f: FieldReader): void {
    this.eventType(f, 3, JOB_KEYS);
    if (f.raw(1) !== '') {
      f.int(1);
      this.out.count('job_events.missing_info');
    }
    if (this.time(f) === null) return;
    f.int(2);
    const job = f.raw(2);
    if (f.raw(5) !== '') f.int(5);
    const logical = f.raw(7) === '' ? null : this.names.get(f.raw(7));
    const known = this.jobs.get(job);
    if (known === undefined) this.jobs.set(job, { logicalName: logical });
    else if (logical !== null) known.logicalName = logical;
  }

  private machineEvent(f: FieldReader): void {
    const type = this.eventType(f, 2, MACHINE_KEYS);
    const t = this.time(f);
    if (t === null) return;
    f.int(1);
    const id = f.raw(1);
    this.machineIds.add(id);
    const cpu = f.optNonNeg(4);
    const memory = f.optNonNeg(5);
    const capacity = cpu !== null && memory !== null ? { cpu: cpu * this.cpuScale, memory: memory * this.memoryScale } : undefined;
    this.firstMachineTime ??= t;
    if (t < this.firstMachineTime) throw f.error('machine events must be in time order', 0);
    if (type !== 1 && capacity === undefined) return this.out.drop('machine_capacity_unknown');
    if (t === this.firstMachineTime) {
      // The cluster at the start of the table.
      if (type === 1) this.nodes.delete(id);
      else this.nodes.set(id, { id, capacity: capacity! });
      return;
    }
    const kind = type === 0 ? 'add' : type === 1 ? 'remove' : 'update';
    const time = t / 1e6;
    this.out.machineEvents.push(capacity && type !== 1 ? { time, node: id, type: kind, capacity } : { time, node: id, type: kind });
  }

  protected override complete(): void {
    const out = this.out;
    // Labels and constraints are the same for every task of a job: one object per job, shared.
    const labelsOf = new Map<string, Record<string, string>>();
    const constraintsOf = new Map<string, Job['constraints']>();
    for (const task of this.tasks.values()) {
      const run = this.lastRun(task);
      if (run === null) continue;
      if (task.cpu === null || task.memory === null) {
        out.drop('request_unknown');
        continue;
      }
      if (!(run.runtime > 0)) {
        out.drop('runtime_not_positive');
        continue;
      }
      if (task.submit === 0) out.repair('submitted_before_window');
      if (run.start === 0) out.repair('started_before_window');
      if (task.submitMissing) out.repair('submit_missing');
      let labels = labelsOf.get(task.job);
      if (labels === undefined) {
        labels = { 'google/job': task.job };
        const logical = this.jobs.get(task.job)?.logicalName;
        if (logical) labels['google/logical-job-name'] = logical;
        labelsOf.set(task.job, labels);
      }
      const job: Job = {
        id: `${task.job}/${task.index}`,
        submit: task.submit / 1e6,
        tasks: 1,
        request: { cpu: task.cpu * this.cpuScale, memory: task.memory * this.memoryScale },
        runtime: run.runtime,
        estimate: run.runtime,
        priority: task.priority,
        user: task.user,
        group: null,
        queue: task.schedulingClass,
        dependencies: NO_DEPENDENCIES,
        logStatus: run.status,
        logWait: (task.firstStart - task.submit) / 1e6,
        labels,
      };
      if (task.distinct) job.constraints = distinctMachines(task.job, constraintsOf);
      out.jobs.push(job);
    }
    this.countIds();
  }

  /**
   * The run a task becomes a job of: its last, or the one under way at the
   * end of the window (censored, dropped or infinite, as asked); null when the
   * task is dropped (never ran).
   */
  private lastRun(task: Task): { runtime: number; status: string; start: number } | null {
    const out = this.out;
    if (task.state === TaskState.Running) {
      if (this.unfinished === 'drop') {
        out.drop('running_at_window_end');
        return null;
      }
      let runtime: number;
      if (this.unfinished === 'infinite') {
        runtime = Infinity;
        out.repair('runtime_infinite_running_at_window_end');
      } else {
        runtime = (this.windowEnd - task.runStart) / 1e6;
        out.repair('runtime_censored_at_window_end');
      }
      if (task.runs > 0) out.repair('rescheduled_last_run_kept');
      return { runtime, status: 'running', start: task.runStart };
    }
    if (task.runs === 0) {
      out.drop(task.state === TaskState.Pending ? 'never_scheduled' : 'ended_without_running');
      return null;
    }
    if (task.runs > 1) out.repair('rescheduled_last_run_kept');
    return { runtime: task.lastRun / 1e6, status: task.status, start: task.lastRunStart };
  }

  /** Distinct ids, as the trace documentation counts them; the machines; the window's end. */
  private countIds(): void {
    const out = this.out;
    if (this.jobsWithTasks.size > 0) out.count('task_events.jobs', this.jobsWithTasks.size);
    if (this.jobs.size > 0) out.count('job_events.jobs', this.jobs.size);
    if (this.machineIds.size > 0) out.count('machine_events.machines', this.machineIds.size);
    let jobsWithout = 0;
    for (const job of this.jobs.keys()) if (!this.jobsWithTasks.has(job)) jobsWithout++;
    if (jobsWithout > 0) out.drop('job_without_task_events', jobsWithout);
    if (this.nodes.size > 0) out.cluster = { resources: ['cpu', 'memory'], nodes: [...this.nodes.values()] };
    if (this.windowEnd > -Infinity) out.header.window_end_seconds = String(this.windowEnd / 1e6);
  }
}

/** The "different machines" restriction: required anti-affinity between the tasks of a job, one object per job. */
function distinctMachines(job: string, constraintsOf: Map<string, Job['constraints']>): Job['constraints'] {
  let constraints = constraintsOf.get(job);
  if (constraints === undefined) {
    constraints = {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { 'google/job': job } }, topologyKey: 'kubernetes.io/hostname' }],
        },
      },
    };
    constraintsOf.set(job, constraints);
  }
  return constraints;
}

