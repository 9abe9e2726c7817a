/**
 * Alibaba cluster-trace-gpu-v2020 (PAI; Weng et al., "MLaaS in the Wild",
 * NSDI 2022), table pai_machine_spec
 * (https://github.com/alibaba/clusterdata/tree/master/cluster-trace-gpu-v2020).
 * CSV without a header row (pai_machine_spec.header: machine, gpu_type,
 * cap_cpu, cap_mem, cap_gpu; a header row is accepted).
 *
 * One machine → one cluster node: id = machine, capacity cpu = cap_cpu cores,
 * memory = cap_mem GB × 1,024 MiB (the table gives GB; we read them as GiB),
 * gpu = cap_gpu; label `clusterlab/gpu-model` = gpu_type (P100, T4, V100,
 * V100M32, MISC), except for CPU-only machines (gpu_type `CPU`). The table
 * has no jobs (the job, task and instance tables are not read here).
 */
import type { NodeSpec } from '../sim/cluster.ts';
import { Interner, own } from './builder.ts';
import type { FieldReader } from './fields.ts';
import { GPU_MODEL_LABEL } from './openb.ts';
import { CsvTableParser, type TableSchema } from './table.ts';

export const PAI_2020_TABLES = {
  machine_spec: { columns: ['machine', 'gpu_type', 'cap_cpu', 'cap_mem', 'cap_gpu'], header: 'optional' },
} as const satisfies Record<string, TableSchema>;

export class Pai2020Parser extends CsvTableParser {
  private readonly nodes: NodeSpec[] = [];
  private readonly ids = new Set<string>();
  private readonly names = new Interner();

  constructor() {
    super('pai-2020', PAI_2020_TABLES);
  }

  protected record(f: FieldReader): void {
    const id = own(f.str(0));
    if (this.ids.has(id)) throw f.error('machine listed twice', 0);
    this.ids.add(id);
    const type = this.names.get(f.str(1));
    const gpu = f.int(4);
    if (gpu < 0) throw f.error('must not be negative', 4);
    const node: NodeSpec = { id, capacity: { cpu: f.nonNeg(2), memory: f.nonNeg(3) * 1024, gpu } };
    if (type !== 'CPU') node.labels = { [GPU_MODEL_LABEL]: type };
    this.out.count(`machine_spec.gpu_type.${type}`);
    this.out.count('machine_spec.gpus', gpu);
    this.nodes.push(node);
  }

  protected override complete(): void {
    if (this.nodes.length > 0) this.out.cluster = { resources: ['cpu', 'memory', 'gpu'], nodes: this.nodes };
  }
}
