/**
 * Alibaba cluster-trace-gpu-v2023 ("openb", Weng et al., "Beware of
 * Fragmentation", USENIX ATC 2023): the pod list and the node list of
 * https://github.com/alibaba/clusterdata/tree/master/cluster-trace-gpu-v2023,
 * CSV with a header row.
 *
 * Table `pods` (openb_pod_list_*.csv): name, cpu_milli, memory_mib, num_gpu,
 * gpu_milli, gpu_spec, qos, pod_phase, creation_time, deletion_time,
 * scheduled_time. One pod → one canonical job of kind `pod` with one task:
 * - request: cpu = cpu_milli / 1000 cores, memory = memory_mib MiB, gpu =
 *   num_gpu × gpu_milli / 1000 GPUs (only when num_gpu > 0), and the device
 *   shape `gpu = {count: num_gpu, milli: gpu_milli}` for GPU-sharing policies;
 * - submit = creation_time; runtime = deletion_time − scheduled_time, or for
 *   pods never scheduled (Pending, scheduled_time empty) deletion_time −
 *   creation_time, counted in repaired.runtime_from_lifetime_never_scheduled;
 *   a runtime of 0 becomes 1 s (repaired.runtime_zero_set_to_1s), so that
 *   every pod of the list is kept, as the FGD experiments use them all;
 *   pods still running at the end of the trace have deletion_time = its end;
 * - estimate = runtime (the trace has no estimates); logWait =
 *   scheduled_time − creation_time; logStatus = pod_phase; queue = qos;
 * - gpu_spec (`|`-separated GPU models) → constraints.gpuModels.
 * Dropped: a pod deleted or scheduled before its creation
 * (`deleted_before_creation`, `scheduled_before_creation`).
 *
 * Table `nodes` (openb_node_list_*.csv): sn, cpu_milli, memory_mib, gpu,
 * model → cluster nodes with capacity {cpu: cpu_milli / 1000, memory:
 * memory_mib, gpu} and label `clusterlab/gpu-model` = model (when not empty).
 * A node name seen twice is an error.
 */
import type { NodeSpec } from '../sim/cluster.ts';
import type { Job } from '../workloads/job.ts';
import { Interner, own } from './builder.ts';
import type { FieldReader } from './fields.ts';
import { CsvTableParser, type TableSchema } from './table.ts';

export const OPENB_TABLES = {
  pods: {
    columns: ['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli', 'gpu_spec', 'qos', 'pod_phase', 'creation_time', 'deletion_time', 'scheduled_time'],
    header: 'required',
  },
  nodes: { columns: ['sn', 'cpu_milli', 'memory_mib', 'gpu', 'model'], header: 'required' },
} as const satisfies Record<string, TableSchema>;

export const GPU_MODEL_LABEL = 'clusterlab/gpu-model';

export class OpenbParser extends CsvTableParser {
  private readonly nodes: NodeSpec[] = [];
  private readonly nodeIds = new Set<string>();
  private readonly names = new Interner();

  constructor() {
    super('openb', OPENB_TABLES);
  }

  protected record(f: FieldReader): void {
    if (this.table === 'nodes') this.node(f);
    else this.pod(f);
  }

  private pod(f: FieldReader): void {
    const name = own(f.str(0));
    const cpuMilli = f.nonNeg(1);
    const memory = f.nonNeg(2);
    const numGpu = f.int(3);
    if (numGpu < 0) throw f.error('must not be negative', 3);
    const gpuMilli = f.int(4);
    if (gpuMilli < 0 || gpuMilli > 1000) throw f.error('must be between 0 and 1000 (milli-GPU)', 4);
    if (numGpu > 0 && gpuMilli === 0) throw f.error('must be positive when num_gpu > 0', 4);
    const spec = f.optStr(5);
    const qos = f.raw(6) === '' ? null : this.names.get(f.raw(6));
    const phase = f.raw(7) === '' ? null : this.names.get(f.raw(7));
    const creation = f.num(8);
    const deletion = f.num(9);
    const scheduled = f.optNum(10);
    this.out.count(`pods.phase.${phase ?? ''}`);
    if (deletion < creation) return this.out.drop('deleted_before_creation');
    if (scheduled !== null && scheduled < creation) return this.out.drop('scheduled_before_creation');
    let runtime: number;
    if (scheduled === null) {
      runtime = deletion - creation;
      this.out.repair('runtime_from_lifetime_never_scheduled');
    } else runtime = deletion - scheduled;
    if (runtime <= 0) {
      runtime = 1;
      this.out.repair('runtime_zero_set_to_1s');
    }
    const request: Record<string, number> = { cpu: cpuMilli / 1000, memory };
    if (numGpu > 0) request.gpu = (numGpu * gpuMilli) / 1000;
    else if (gpuMilli > 0) this.out.repair('gpu_milli_without_gpu_ignored');
    const job: Job = {
      id: name,
      submit: creation,
      tasks: 1,
      request,
      runtime,
      estimate: runtime,
      priority: 0,
      user: null,
      group: null,
      queue: qos,
      dependencies: [],
      logStatus: phase,
      logWait: scheduled === null ? null : scheduled - creation,
      kind: 'pod',
    };
    if (numGpu > 0) job.gpu = { count: numGpu, milli: gpuMilli };
    if (spec !== null) job.constraints = { gpuModels: spec.split('|').filter((m) => m !== '').map((m) => this.names.get(m)) };
    this.out.jobs.push(job);
  }

  private node(f: FieldReader): void {
    const id = own(f.str(0));
    if (this.nodeIds.has(id)) throw f.error('node listed twice', 0);
    this.nodeIds.add(id);
    const gpu = f.int(3);
    if (gpu < 0) throw f.error('must not be negative', 3);
    const model = f.raw(4) === '' ? null : this.names.get(f.raw(4));
    const node: NodeSpec = { id, capacity: { cpu: f.nonNeg(1) / 1000, memory: f.nonNeg(2), gpu } };
    if (model !== null) node.labels = { [GPU_MODEL_LABEL]: model };
    this.nodes.push(node);
  }

  protected override complete(): void {
    if (this.nodes.length > 0) this.out.cluster = { resources: ['cpu', 'memory', 'gpu'], nodes: this.nodes };
  }
}
