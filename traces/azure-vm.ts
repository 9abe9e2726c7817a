/**
 * Azure Public Dataset VM traces, table vmtable (V1 2017 and V2 2019;
 * https://github.com/Azure/AzurePublicDataset, AzurePublicDatasetV2.md).
 * CSV without a header row; columns as the official analysis notebooks name
 * them: vmid, subscriptionid, deploymentid, vmcreated, vmdeleted, maxcpu,
 * avgcpu, p95maxcpu, vmcategory, vmcorecountbucket, vmmemorybucket. Times in
 * seconds from the start of the trace (0).
 *
 * One VM → one canonical job with one task: id = vmid; submit = vmcreated;
 * runtime = vmdeleted − vmcreated (VMs alive at the end of the trace have
 * their deletion at its end); estimate = runtime; request cpu = the core
 * count bucket (2, 4, 8, 12, 24), memory = the memory bucket in GB × 1,024 MiB
 * (2, 4, 8, 32, 64); the open buckets `>24` and `>64` take their bound (24,
 * 64), counted in repaired.cores_bucket_open and memory_bucket_open; user =
 * subscriptionid; group = deploymentid; tenant = subscriptionid; queue =
 * vmcategory (Delay-insensitive, Interactive, Unknown). The CPU utilization
 * columns are validated, not mapped. Dropped: runtime_not_positive.
 */
import { Interner, own } from './builder.ts';
import type { FieldReader } from './fields.ts';
import { parseDecimal } from './fields.ts';
import { CsvTableParser, type TableSchema } from './table.ts';

export const AZURE_VM_TABLES = {
  vmtable: {
    columns: ['vmid', 'subscriptionid', 'deploymentid', 'vmcreated', 'vmdeleted', 'maxcpu', 'avgcpu', 'p95maxcpu', 'vmcategory', 'vmcorecountbucket', 'vmmemorybucket'],
    header: 'optional',
  },
} as const satisfies Record<string, TableSchema>;

export class AzureVmParser extends CsvTableParser {
  private readonly names = new Interner();

  constructor() {
    super('azure-vm', AZURE_VM_TABLES);
  }

  private bucket(f: FieldReader, i: number, repair: string): number {
    const text = f.str(i);
    const open = text.startsWith('>');
    const x = parseDecimal(open ? text.slice(1) : text);
    if (x === null || x <= 0) throw f.error('not a bucket (a number, or >number for the last one)', i);
    if (open) this.out.repair(repair);
    return x;
  }

  protected record(f: FieldReader): void {
    const id = own(f.str(0));
    const subscription = this.names.get(f.str(1));
    const deployment = this.names.get(f.str(2));
    const created = f.num(3);
    const deleted = f.num(4);
    for (let i = 5; i < 8; i++) f.optNum(i);
    const category = this.names.get(f.str(8));
    const cores = this.bucket(f, 9, 'cores_bucket_open');
    const memory = this.bucket(f, 10, 'memory_bucket_open') * 1024;
    if (deleted <= created) return this.out.drop('runtime_not_positive');
    const runtime = deleted - created;
    this.out.jobs.push({
      id,
      submit: created,
      tasks: 1,
      request: { cpu: cores, memory },
      runtime,
      estimate: runtime,
      priority: 0,
      user: subscription,
      group: deployment,
      queue: category,
      dependencies: [],
      logStatus: null,
      logWait: null,
      tenant: subscription,
    });
  }
}
