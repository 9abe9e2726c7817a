import { describe, expect, it } from 'vitest';
import { AzureVmParser } from '../../traces/azure-vm.ts';
import { errorOf, parseOne } from '../helpers/traces.ts';

const read = (text: string) => parseOne(() => new AzureVmParser(), 'vmtable', text, 'vmtable.csv');

describe('Azure VM table importer', () => {
  it('maps VMs to jobs: lifetime, core and memory buckets (open buckets at their bound, counted)', () => {
    const w = read('vmA,subX,depY,300,3900,99.5,20.1,90.2,Interactive,2,4\nvmB,subX,depZ,0,600,10,5,8,Delay-insensitive,>24,>64\nvmC,subX,depZ,600,600,1,1,1,Unknown,2,2\n');
    expect(w.jobs).toEqual([
      { id: 'vmA', submit: 300, tasks: 1, request: { cpu: 2, memory: 4096 }, runtime: 3600, estimate: 3600, priority: 0, user: 'subX', group: 'depY', queue: 'Interactive', dependencies: [], logStatus: null, logWait: null, tenant: 'subX' },
      { id: 'vmB', submit: 0, tasks: 1, request: { cpu: 24, memory: 65536 }, runtime: 600, estimate: 600, priority: 0, user: 'subX', group: 'depZ', queue: 'Delay-insensitive', dependencies: [], logStatus: null, logWait: null, tenant: 'subX' },
    ]);
    expect(w.repaired).toEqual({ cores_bucket_open: 1, memory_bucket_open: 1 });
    expect(w.dropped).toEqual({ runtime_not_positive: 1 });
  });

  it('names file, line, column, field and value', () => {
    expect(errorOf(() => read('vmA,s,d,0,10,1,1,1,Interactive,big,4\n')).message).toBe('vmtable.csv:1:32: not a bucket (a number, or >number for the last one) (field 10 (vmcorecountbucket), value "big")');
  });
});
