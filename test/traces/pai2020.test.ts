import { describe, expect, it } from 'vitest';
import { Pai2020Parser } from '../../traces/pai2020.ts';
import { errorOf, parseOne } from '../helpers/traces.ts';

const read = (text: string) => parseOne(() => new Pai2020Parser(), 'machine_spec', text, 'pai_machine_spec.csv');

describe('PAI 2020 machine spec importer', () => {
  it('maps machines to nodes (GB read as GiB), with the GPU model except for CPU machines', () => {
    const w = read('7399a758eb02bae1a3621236,CPU,96,512,0\nab12cd34ef56ab12cd34ef56,V100M32,96,384,8\n');
    expect(w.cluster).toEqual({
      resources: ['cpu', 'memory', 'gpu'],
      nodes: [
        { id: '7399a758eb02bae1a3621236', capacity: { cpu: 96, memory: 524288, gpu: 0 } },
        { id: 'ab12cd34ef56ab12cd34ef56', capacity: { cpu: 96, memory: 393216, gpu: 8 }, labels: { 'clusterlab/gpu-model': 'V100M32' } },
      ],
    });
    expect(w.records).toEqual({ machine_spec: 2, 'machine_spec.gpu_type.CPU': 1, 'machine_spec.gpu_type.V100M32': 1, 'machine_spec.gpus': 8 });
    expect(read('machine,gpu_type,cap_cpu,cap_mem,cap_gpu\na,T4,96,512,2\n').cluster!.nodes).toHaveLength(1);
  });

  it('names file, line, column, field and value', () => {
    expect(errorOf(() => read('a,T4,96,512,two\n')).message).toBe('pai_machine_spec.csv:1:13: not an integer (field 5 (cap_gpu), value "two")');
    expect(errorOf(() => read('a,T4,96,512,2\na,T4,96,512,2\n')).message).toMatch(/:2:1: machine listed twice/);
  });
});
