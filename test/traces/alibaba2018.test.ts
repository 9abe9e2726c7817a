import { describe, expect, it } from 'vitest';
import { Alibaba2018Parser } from '../../traces/alibaba2018.ts';
import { parseTexts } from '../../traces/parser.ts';
import { errorOf } from '../helpers/traces.ts';

const TASKS = ['M1,2,j_1,1,Terminated,100,160,50,0.5', 'R2_1,1,j_1,1,Terminated,170,200,100,1', 'J3_1_2_9,1,j_1,1,Terminated,210,220,100,1', 'task_Nzg3ODAwNjgzODc2NDgwMTYzNQ==,3,j_2,12,Terminated,1,5,200,2', 'M4,1,j_2,1,Waiting,0,0,,'];
const read = (tables: Record<string, string[]>) =>
  parseTexts(
    new Alibaba2018Parser({ machineMemory: 100 }),
    Object.entries(tables).map(([table, lines]) => ({ file: `${table}.csv`, table, text: lines.join('\n') })),
  );

describe('Alibaba 2018 importer', () => {
  it('maps batch tasks to jobs with their DAG dependencies', () => {
    const w = read({ batch_task: TASKS });
    expect(w.jobs.map((j) => [j.id, j.submit, j.tasks, j.request, j.runtime, j.queue, j.dependencies.map((d) => d.job)])).toEqual([
      ['j_1/M1', 100, 2, { cpu: 0.5, memory: 0.5 }, 60, '1', []],
      ['j_1/R2_1', 170, 1, { cpu: 1, memory: 1 }, 30, '1', ['j_1/M1']],
      ['j_1/J3_1_2_9', 210, 1, { cpu: 1, memory: 1 }, 10, '1', ['j_1/M1', 'j_1/R2_1']],
      ['j_2/task_Nzg3ODAwNjgzODc2NDgwMTYzNQ==', 1, 3, { cpu: 2, memory: 2 }, 4, '12', []],
    ]);
    expect(w.repaired).toEqual({ dependency_not_found: 1 }); // task 9 of j_1
    expect(w.dropped).toEqual({ time_unknown: 1 });
  });

  it('uses instances as the jobs when batch_instance is given, with their task request', () => {
    const w = read({
      batch_task: TASKS,
      batch_instance: ['ins_1,M1,j_1,1,Terminated,101,150,m_1,1,1,50,60,0.1,0.2', 'ins_2,M1,j_1,1,Terminated,102,160,m_2,1,1,50,60,0.1,0.2', 'ins_3,M7,j_1,1,Terminated,1,2,m_2,1,1,,,,'],
    });
    expect(w.jobs.map((j) => [j.id, j.submit, j.tasks, j.request, j.runtime])).toEqual([
      ['j_1/M1/ins_1/1', 101, 1, { cpu: 0.5, memory: 0.5 }, 49],
      ['j_1/M1/ins_2/1', 102, 1, { cpu: 0.5, memory: 0.5 }, 58],
    ]);
    expect(w.dropped).toEqual({ time_unknown: 1, instance_task_unknown: 1 });
  });

  it('maps containers to services pinned where they ran, and machines to nodes with failure domains', () => {
    const w = read({
      container_meta: ['c_1,m_1,10,app_5,started,400,800,1.5', 'c_1,m_1,20,app_5,allocated,800,800,1.5', 'c_2,m_2,0,app_5,started,,,'],
      machine_meta: ['m_1,0,219,17,96,100,USING', 'm_1,50,219,17,96,100,USING', 'm_1,60,219,17,96,50,USING', 'm_2,0,1,2,64,100,IMPORT_INSTALLING'],
      machine_usage: ['m_1,0,41,92,,,43.04,33.08,5'],
    });
    expect(w.jobs).toEqual([
      {
        id: 'c_1', submit: 10, tasks: 1, request: { cpu: 4, memory: 1.5 }, runtime: Infinity, estimate: Infinity, priority: 0, user: null, group: 'app_5', queue: null,
        dependencies: [], logStatus: 'started', logWait: null, kind: 'service', labels: { 'alibaba/app-du': 'app_5' }, constraints: { nodeName: 'm_1' },
      },
    ]);
    expect(w.repaired).toEqual({ container_request_changed_first_kept: 1 });
    expect(w.dropped).toEqual({ request_unknown: 1 });
    expect(w.cluster).toEqual({
      resources: ['cpu', 'memory'],
      nodes: [
        { id: 'm_1', capacity: { cpu: 96, memory: 100 }, labels: { 'clusterlab/rack': '219', 'topology.kubernetes.io/zone': '17' } },
        { id: 'm_2', capacity: { cpu: 64, memory: 100 }, labels: { 'clusterlab/rack': '1', 'topology.kubernetes.io/zone': '2' }, unschedulable: true },
      ],
    });
    expect(w.machineEvents).toEqual([{ time: 60, node: 'm_1', type: 'update', capacity: { cpu: 96, memory: 50 }, labels: { 'clusterlab/rack': '219', 'topology.kubernetes.io/zone': '17' }, unschedulable: false }]);
    expect(w.records).toMatchObject({ machine_usage: 1, container_meta: 3, machine_meta: 4 });
  });

  it('names file, line, column and field', () => {
    expect(errorOf(() => read({ batch_task: ['M1,two,j_1,1,Terminated,1,2,50,1'] })).message).toBe('batch_task.csv:1:4: not an integer (field 2 (instance_num), value "two")');
    expect(errorOf(() => read({ machine_usage: ['m_1,0,41,92,,,x,33.08,5'] })).message).toMatch(/^machine_usage.csv:1:\d+: not a number \(field 7 \(net_in\)/);
  });
});
