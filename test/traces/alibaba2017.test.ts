import { describe, expect, it } from 'vitest';
import { Alibaba2017Parser } from '../../traces/alibaba2017.ts';
import { errorOf, parseOne } from '../helpers/traces.ts';

const HEADER = 'task_create_time, task_end_time, job_id, task_id,number_of_instances, status, number_of_cpus_requested_per_instance_in_the_task,normalized_memory_requested_per_instance_in_the_task';
const ROWS = ['6459,6524,3,4,15740,Terminated,50,0.007956928', '-100,20,3,5,1,Failed,100,0.5', '6036,6046,4,7,393,Waiting,,', '10,10,4,8,1,Running,100,0.1', '10,,4,9,1,Running,100,0.1', '10,20,5,1,0,Terminated,100,0.1'];
const read = (text: string, machineMemory?: number) => parseOne(() => new Alibaba2017Parser({ machineMemory }), 'batch_task', text, 'batch_task.csv');

describe('Alibaba 2017 batch_task importer', () => {
  it('maps a task to a job of its instances, runtime from create to end, memory scaled', () => {
    const w = read(ROWS.join('\r\n'), 1000);
    expect(w.jobs).toEqual([
      { id: '3/4', submit: 6459, tasks: 15740, request: { cpu: 0.5, memory: 0.007956928 * 1000 }, runtime: 65, estimate: 65, priority: 0, user: null, group: '3', queue: null, dependencies: [], logStatus: 'Terminated', logWait: null },
      { id: '3/5', submit: -100, tasks: 1, request: { cpu: 1, memory: 500 }, runtime: 120, estimate: 120, priority: 0, user: null, group: '3', queue: null, dependencies: [], logStatus: 'Failed', logWait: null },
    ]);
    expect(w.dropped).toEqual({ request_unknown: 1, runtime_not_positive: 1, end_unknown: 1, no_instances: 1 });
    expect(w.records).toMatchObject({ batch_task: 6, 'batch_task.jobs': 3, 'batch_task.instances': 15740 + 1 + 393 + 1 + 1, 'batch_task.status.Running': 2 });
  });

  it('reads the same with or without the header row some copies add', () => {
    expect(read(`${HEADER}\n${ROWS.join('\n')}`)).toEqual(read(ROWS.join('\n')));
  });

  it('names file, line, column, field and value', () => {
    expect(errorOf(() => read('1,2,3,4,x,Terminated,1,1')).message).toBe('batch_task.csv:1:9: not an integer (field 5 (number_of_instances), value "x")');
    expect(errorOf(() => read('1,2,3,4,5,Terminated,1,-1')).message).toMatch(/must not be negative \(field 8/);
    expect(errorOf(() => read('1,2,3')).message).toMatch(/^batch_task.csv:1: expected 8 comma-separated fields/);
  });
});
