import { describe, expect, it } from 'vitest';
import { Google2011Parser, type Google2011Options } from '../../traces/google2011.ts';
import { parseTexts } from '../../traces/parser.ts';
import { errorOf } from '../helpers/traces.ts';

// task_events: time,missing,job,task,machine,type,user,class,priority,cpu,mem,disk,distinct
const ev = (us: number, job: number, task: number, type: number, cpu = '0.125', mem = '0.25', distinct = '0', machine = '') =>
  `${us},,${job},${task},${machine},${type},userA,2,9,${cpu},${mem},0.001,${distinct}`;
const S = 1_000_000; // one second in trace units

function read(tasks: string[], options: Google2011Options = {}, more: { table: string; lines: string[] }[] = []) {
  return parseTexts(new Google2011Parser(options), [
    ...more.map((m) => ({ file: `${m.table}.csv`, table: m.table, text: m.lines.join('\n') })),
    { file: 'task_events.csv', table: 'task_events', text: tasks.join('\n') },
  ]);
}

describe('Google 2011 importer', () => {
  it('maps a task that ran to the end: submit, last run, scaled request, attributes', () => {
    const w = read([ev(10 * S, 7, 0, 0), ev(12 * S, 7, 0, 1, '0.125', '0.25', '0', '99'), ev(112_500_001, 7, 0, 4)]);
    expect(w.jobs).toEqual([
      {
        id: '7/0', submit: 10, tasks: 1, request: { cpu: 4, memory: 16384 }, runtime: 100.500001, estimate: 100.500001, priority: 9,
        user: 'userA', group: null, queue: '2', dependencies: [], logStatus: 'finish', logWait: 2, labels: { 'google/job': '7' },
      },
    ]);
    expect(w.header).toMatchObject({ machine_cpu: '32', machine_memory_mib: '65536' });
  });

  it('scales by the chosen machine size', () => {
    const w = read([ev(0, 1, 0, 0), ev(0, 1, 0, 1), ev(5 * S, 1, 0, 4)], { machineCpu: 48, machineMemory: 1000 });
    expect(w.jobs[0]!.request).toEqual({ cpu: 6, memory: 250 });
  });

  it('keeps the last run of a task evicted and scheduled again, and counts it', () => {
    const w = read([ev(0, 1, 0, 0), ev(1 * S, 1, 0, 1), ev(4 * S, 1, 0, 2), ev(5 * S, 1, 0, 0), ev(9 * S, 1, 0, 1), ev(19 * S, 1, 0, 5)]);
    expect(w.jobs[0]).toMatchObject({ submit: 0, runtime: 10, logStatus: 'kill', logWait: 1 });
    expect(w.repaired).toMatchObject({ rescheduled_last_run_kept: 1 });
  });

  it('takes the latest request (UPDATE events) and marks tasks before the window', () => {
    const w = read([ev(0, 2, 0, 0), ev(0, 2, 0, 1), ev(3 * S, 2, 0, 8, '0.5', '0.5'), ev(6 * S, 2, 0, 4, '', '')]);
    expect(w.jobs[0]!.request).toEqual({ cpu: 16, memory: 32768 });
    expect(w.repaired).toEqual({ submitted_before_window: 1, started_before_window: 1 });
  });

  it('treats tasks still running at the end by the unfinished option', () => {
    const tasks = [ev(1 * S, 3, 0, 0), ev(2 * S, 3, 0, 1), ev(1 * S, 3, 1, 0), ev(10 * S, 3, 1, 1), ev(50 * S, 4, 0, 0), ev(50 * S, 4, 0, 1), ev(60 * S, 4, 0, 4)];
    const censor = read(tasks);
    expect(censor.jobs.map((j) => [j.id, j.runtime, j.logStatus])).toEqual([
      ['3/0', 58, 'running'],
      ['3/1', 50, 'running'],
      ['4/0', 10, 'finish'],
    ]);
    expect(censor.repaired.runtime_censored_at_window_end).toBe(2);
    const drop = read(tasks, { unfinished: 'drop' });
    expect(drop.jobs.map((j) => j.id)).toEqual(['4/0']);
    expect(drop.dropped).toEqual({ running_at_window_end: 2 });
    const infinite = read(tasks, { unfinished: 'infinite' });
    expect(infinite.jobs.map((j) => j.runtime)).toEqual([Infinity, Infinity, 10]);
  });

  it('counts every task or event it cannot use, by reason', () => {
    const w = read([
      ev(1 * S, 5, 0, 4), // FINISH of a task never submitted in these files
      ev(1 * S, 5, 1, 1), // SCHEDULE without SUBMIT: the schedule time is the submit
      ev(3 * S, 5, 1, 4),
      ev(1 * S, 5, 2, 0), // never scheduled
      ev(1 * S, 5, 3, 0),
      ev(2 * S, 5, 3, 5), // killed while pending
      ev(1 * S, 5, 4, 0, '', ''),
      ev(1 * S, 5, 4, 1, '', ''),
      ev(2 * S, 5, 4, 4, '', ''), // no request known
      ev(2 * S, 5, 5, 0),
      ev(2 * S, 5, 5, 1),
      ev(2 * S, 5, 5, 4), // ran 0 s
      '9223372036854775807,,5,6,,4,userA,2,9,,,,', // after the end of the trace
    ]);
    expect(w.jobs.map((j) => [j.id, j.submit, j.runtime])).toEqual([['5/1', 1, 2]]);
    expect(w.dropped).toEqual({ event_without_submit: 1, never_scheduled: 1, ended_without_running: 1, request_unknown: 1, runtime_not_positive: 1, time_after_trace_end: 1 });
    expect(w.repaired).toEqual({ submit_missing: 1 });
  });

  it('turns the different-machines restriction into a required pod anti-affinity within the job', () => {
    const w = read([ev(0, 8, 0, 0, '0.1', '0.1', '1'), ev(0, 8, 0, 1, '0.1', '0.1', '1'), ev(S, 8, 0, 4, '0.1', '0.1', '1')]);
    expect(w.jobs[0]!.constraints).toEqual({
      affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { 'google/job': '8' } }, topologyKey: 'kubernetes.io/hostname' }] } },
    });
  });

  it('builds the cluster from the machines of the first time, and the rest as machine events', () => {
    const machines = ['0,1,0,p,0.5,0.25', '0,2,0,p,1,1', '0,3,0,p,,', '0,2,1,p,,', '5000000,4,0,p,0.25,0.5', '6000000,1,2,p,0.5,0.5', '7000000,1,1,,,'];
    const w = read([], {}, [{ table: 'machine_events', lines: machines }]);
    expect(w.cluster).toEqual({ resources: ['cpu', 'memory'], nodes: [{ id: '1', capacity: { cpu: 16, memory: 16384 } }] });
    expect(w.machineEvents).toEqual([
      { time: 5, node: '4', type: 'add', capacity: { cpu: 8, memory: 32768 } },
      { time: 6, node: '1', type: 'update', capacity: { cpu: 16, memory: 32768 } },
      { time: 7, node: '1', type: 'remove' },
    ]);
    expect(w.dropped).toEqual({ machine_capacity_unknown: 1 });
    expect(w.records).toMatchObject({ machine_events: 7, 'machine_events.ADD': 4, 'machine_events.REMOVE': 2, 'machine_events.UPDATE': 1, 'machine_events.machines': 4 });
  });

  it('labels tasks with their logical job name and counts jobs without task events', () => {
    const jobs = ['0,,9,0,userA,2,name,logical9', '0,,10,0,userA,2,name,logical10'];
    const w = read([ev(0, 9, 0, 0), ev(0, 9, 0, 1), ev(S, 9, 0, 4)], {}, [{ table: 'job_events', lines: jobs }]);
    expect(w.jobs[0]!.labels).toEqual({ 'google/job': '9', 'google/logical-job-name': 'logical9' });
    expect(w.dropped).toEqual({ job_without_task_events: 1 });
  });

  it('names file, line, column, field and value for malformed records', () => {
    expect(errorOf(() => read([ev(0, 1, 0, 0), '5,,1,0,,9,u,2,9,0.1,0.1,0,0'])).message).toBe('task_events.csv:2:9: event type must be 0-8 (field 6 (event type), value "9")');
    expect(errorOf(() => read([ev(0, 1, 0, 0).replace('0.125', '0x1')])).message).toMatch(/^task_events.csv:1:\d+: not a number \(field 10 \(CPU request\), value "0x1"\)$/);
    expect(errorOf(() => read(['1,2,3'])).message).toMatch(/^task_events.csv:1: expected 13 comma-separated fields .*found 3$/);
    expect(errorOf(() => read([ev(-5, 1, 0, 0)])).message).toMatch(/must not be negative \(field 1 \(time\)/);
    expect(errorOf(() => read([ev(0, 1, 0, 0, '0.1', '0.1', '2')])).message).toMatch(/must be 0 or 1 \(field 13 \(different machines restriction\)/);
  });
});
