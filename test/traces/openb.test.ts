import { describe, expect, it } from 'vitest';
import { OpenbParser } from '../../traces/openb.ts';
import { parseTexts } from '../../traces/parser.ts';
import { errorOf, parseOne } from '../helpers/traces.ts';

const PODS = [
  'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time',
  'p0,12000,16384,1,460,,LS,Running,100,1100,150',
  'p1,500,1024,0,0,,BE,Failed,0,30,0',
  'p2,88000,393216,8,1000,V100M16|V100M32,Guaranteed,Pending,5,905,',
  'p3,1000,1024,2,500,,LS,Pending,7,7,',
];
const read = (pods: string[]) => parseOne(() => new OpenbParser(), 'pods', pods.join('\n'), 'pods.csv');

describe('openb importer', () => {
  it('maps pods: milli-CPU to cores, GPU share to GPUs and the device shape, timestamps to submit and runtime', () => {
    const w = read(PODS);
    const base = { tasks: 1, priority: 0, user: null, group: null, dependencies: [], kind: 'pod' };
    expect(w.jobs).toEqual([
      { ...base, id: 'p0', submit: 100, request: { cpu: 12, memory: 16384, gpu: 0.46 }, gpu: { count: 1, milli: 460 }, runtime: 950, estimate: 950, queue: 'LS', logStatus: 'Running', logWait: 50 },
      { ...base, id: 'p1', submit: 0, request: { cpu: 0.5, memory: 1024 }, runtime: 30, estimate: 30, queue: 'BE', logStatus: 'Failed', logWait: 0 },
      {
        ...base, id: 'p2', submit: 5, request: { cpu: 88, memory: 393216, gpu: 8 }, gpu: { count: 8, milli: 1000 }, runtime: 900, estimate: 900, queue: 'Guaranteed', logStatus: 'Pending', logWait: null,
        constraints: { gpuModels: ['V100M16', 'V100M32'] },
      },
      { ...base, id: 'p3', submit: 7, request: { cpu: 1, memory: 1024, gpu: 1 }, gpu: { count: 2, milli: 500 }, runtime: 1, estimate: 1, queue: 'LS', logStatus: 'Pending', logWait: null },
    ]);
    expect(w.repaired).toEqual({ runtime_from_lifetime_never_scheduled: 2, runtime_zero_set_to_1s: 1 });
  });

  it('drops pods deleted or scheduled before their creation, counted', () => {
    const w = read([PODS[0]!, 'a,1,1,0,0,,LS,Running,10,5,10', 'b,1,1,0,0,,LS,Running,10,50,9']);
    expect(w.jobs).toEqual([]);
    expect(w.dropped).toEqual({ deleted_before_creation: 1, scheduled_before_creation: 1 });
  });

  it('maps nodes with their GPU model label, whatever the column order of the header', () => {
    const w = parseTexts(new OpenbParser(), [{ file: 'n.csv', table: 'nodes', text: 'model,gpu,sn,memory_mib,cpu_milli\nT4,2,n1,524288,104000\n,0,n2,262144,32000\n' }]);
    expect(w.cluster).toEqual({
      resources: ['cpu', 'memory', 'gpu'],
      nodes: [
        { id: 'n1', capacity: { cpu: 104, memory: 524288, gpu: 2 }, labels: { 'clusterlab/gpu-model': 'T4' } },
        { id: 'n2', capacity: { cpu: 32, memory: 262144, gpu: 0 } },
      ],
    });
  });

  it('requires the header, and names file, line, column, field and value', () => {
    expect(errorOf(() => read(PODS.slice(1))).message).toMatch(/^pods.csv:1: expected a header row naming the columns name,cpu_milli,.*; missing name, cpu_milli/);
    expect(errorOf(() => read([PODS[0]!, 'p,1,1,1,1500,,LS,Running,0,1,0'])).message).toBe('pods.csv:2:9: must be between 0 and 1000 (milli-GPU) (field 5 (gpu_milli), value "1500")');
    expect(errorOf(() => read([PODS[0]!, 'p,1,1,1,0,,LS,Running,0,1,0'])).message).toMatch(/must be positive when num_gpu > 0/);
    const dup = parseTexts.bind(null, new OpenbParser(), [{ file: 'n.csv', table: 'nodes', text: 'sn,cpu_milli,memory_mib,gpu,model\nn1,1,1,0,\nn1,1,1,0,\n' }]);
    expect(errorOf(dup).message).toBe('n.csv:3:1: node listed twice (field 1 (sn), value "n1")');
    expect(errorOf(() => parseTexts(new OpenbParser(), [{ file: 'x', table: 'jobs', text: '' }])).message).toMatch(/format openb has no table "jobs"; tables: pods, nodes/);
  });
});
