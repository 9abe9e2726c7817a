/**
 * Every trace format clusterlab reads, by name: its tables (in the order they
 * are read when several files are given), a one-line description, and a
 * factory for its parser. The CLI's `--format` takes these names (with
 * `:table` when a file's table cannot be told from its content).
 */
import type { NodeSpec } from '../sim/cluster.ts';
import { InputError } from '../sim/errors.ts';
import { CanonicalParser, canonicalHasMachines } from '../workloads/canonical.ts';
import type { Workload } from '../workloads/workload.ts';
import { Alibaba2017Parser } from './alibaba2017.ts';
import { ALIBABA_2018_TABLE_ORDER, Alibaba2018Parser } from './alibaba2018.ts';
import { AzureLlmParser } from './azure-llm.ts';
import { AzureVmParser } from './azure-vm.ts';
import { parseClusterDescription } from './cluster-description.ts';
import { GenericCsvParser, type CsvMapping } from './generic-csv.ts';
import { Google2011Parser } from './google2011.ts';
import { KubernetesParser } from './kubernetes.ts';
import { OpenbParser } from './openb.ts';
import { Pai2020Parser } from './pai2020.ts';
import type { TraceParser } from './parser.ts';
import { PhillyParser } from './philly.ts';
import { SwfParser, swfHeaderHasMachines, type SwfOptions } from './swf.ts';

/** Options of the importers; each format reads the ones it needs. */
export interface ImportOptions {
  swf?: SwfOptions;
  /** Cores of the largest machine (Google 2011 normalized CPU). */
  machineCpu?: number;
  /** MiB of the largest machine (Google 2011, Alibaba normalized memory). */
  machineMemory?: number;
  /** Google 2011 tasks still running at the end of the files read. */
  unfinished?: 'censor' | 'drop' | 'infinite';
  /** Azure LLM runtime model, tokens per second. */
  prefillRate?: number;
  decodeRate?: number;
  /** The nodes of the cluster simulated, when it is not the trace's own (Kubernetes DaemonSets expand over them). */
  clusterNodes?: readonly NodeSpec[];
  /** Generic CSV: the column mapping, and where it came from (for errors). */
  mapping?: CsvMapping;
  mappingFile?: string;
  /**
   * SWF: the jobs as columns, `jobs` a lazy list (sim/job-columns.ts) whose objects are made on
   * first use, for a caller that hands them to the simulator (its job table reads the columns):
   * readTrace (experiments/api/trace.ts) sets it, so `simulate` and studies read an SWF log this way.
   */
  jobColumns?: boolean;
}

export interface FormatSpec {
  name: string;
  /** Tables in reading order. */
  tables: readonly string[];
  description: string;
  create(options: ImportOptions): TraceParser;
  /** Tables that describe machines: a trace read with one of them has a cluster (checked before a study runs, experiments/run/machine-check.ts). */
  machineTables?: readonly string[];
  /**
   * For a format whose header says whether there are machines: reads the head
   * of a file (its first 64 KiB) and says yes, no, or null when the head
   * cannot tell. Takes precedence over `machineTables`.
   */
  headHasMachines?(head: string): boolean | null;
}

type LineParser = Pick<TraceParser, 'line' | 'lineIn' | 'finish'>;

/** Runs a one-file, line-based parser (SWF, canonical) behind the TraceParser interface. */
class SingleFileParser implements TraceParser {
  private inner: LineParser | null = null;

  constructor(
    private readonly format: string,
    private readonly make: (file: string) => LineParser,
  ) {}

  begin(file: string): void {
    if (this.inner) throw new InputError(`the ${this.format} format reads one file at a time`, { file });
    this.inner = this.make(file);
  }

  line(text: string, lineNo: number): void {
    this.inner!.line(text, lineNo);
  }

  lineIn(text: string, start: number, end: number, lineNo: number): void {
    const inner = this.inner!;
    if (inner.lineIn) inner.lineIn(text, start, end, lineNo);
    else inner.line(text.slice(start, end), lineNo);
  }

  end(): void {}

  finish(): Workload {
    if (!this.inner) throw new InputError(`no ${this.format} file given`);
    return this.inner.finish();
  }
}

/** A cluster description: gathered whole (they are small, capped), expanded at the end. */
class ClusterDescriptionParser implements TraceParser {
  private readonly lines: string[] = [];
  private length = 0;
  private file = '';

  begin(file: string): void {
    if (this.file) throw new InputError('a cluster description is one file', { file });
    this.file = file;
  }

  line(text: string): void {
    this.length += text.length + 1;
    if (this.length > 64 << 20) throw new InputError('cluster description larger than 64 MiB', { file: this.file });
    this.lines.push(text);
  }

  end(): void {}

  finish(): Workload {
    const cluster = parseClusterDescription(this.lines.join('\n'), this.file);
    return { jobs: [], source: { format: 'cluster', file: this.file }, cluster, dropped: {}, repaired: {}, header: {}, records: { nodes: cluster.nodes.length } };
  }
}

export const FORMATS: readonly FormatSpec[] = [
  { name: 'swf', tables: ['log'], description: 'Standard Workload Format (Parallel Workloads Archive)', create: (o) => new SingleFileParser('swf', (f) => new SwfParser(f, o.swf ?? {}, o.jobColumns)), headHasMachines: swfHeaderHasMachines },
  { name: 'canonical', tables: ['workload'], description: 'clusterlab canonical workload (JSON Lines)', create: () => new SingleFileParser('canonical', (f) => new CanonicalParser(f)), headHasMachines: canonicalHasMachines },
  {
    name: 'google-2011',
    tables: ['machine_events', 'job_events', 'task_events'],
    description: 'Google cluster-data 2011: task_events, job_events, machine_events part files',
    create: (o) => new Google2011Parser({ machineCpu: o.machineCpu, machineMemory: o.machineMemory, unfinished: o.unfinished }),
    machineTables: ['machine_events'],
  },
  { name: 'alibaba-2017', tables: ['batch_task'], description: 'Alibaba cluster-trace-v2017 batch_task', create: (o) => new Alibaba2017Parser({ machineMemory: o.machineMemory }) },
  {
    name: 'alibaba-2018',
    tables: ALIBABA_2018_TABLE_ORDER,
    description: 'Alibaba cluster-trace-v2018: batch_task, batch_instance, machine_meta, container_meta, machine_usage, container_usage',
    create: (o) => new Alibaba2018Parser({ machineMemory: o.machineMemory }),
    machineTables: ['machine_meta'],
  },
  { name: 'openb', tables: ['nodes', 'pods'], description: 'Alibaba cluster-trace-gpu-v2023 (openb): pod list, node list', create: () => new OpenbParser(), machineTables: ['nodes'] },
  { name: 'pai-2020', tables: ['machine_spec'], description: 'Alibaba cluster-trace-gpu-v2020 (PAI) machine spec', create: () => new Pai2020Parser(), machineTables: ['machine_spec'] },
  { name: 'azure-vm', tables: ['vmtable'], description: 'Azure public dataset VM table (V1, V2)', create: () => new AzureVmParser() },
  { name: 'azure-llm', tables: ['requests'], description: 'Azure LLM inference trace 2023', create: (o) => new AzureLlmParser({ prefillRate: o.prefillRate, decodeRate: o.decodeRate }) },
  { name: 'philly', tables: ['machines', 'jobs'], description: 'Microsoft Philly: cluster_machine_list, cluster_job_log', create: () => new PhillyParser(), machineTables: ['machines'] },
  { name: 'kubernetes', tables: ['objects'], description: 'Kubernetes snapshot: kubectl get -o json List, or YAML manifests', create: (o) => new KubernetesParser(o.clusterNodes), machineTables: ['objects'] },
  {
    name: 'csv',
    tables: ['records'],
    description: 'any CSV, with a column mapping',
    create: (o) => {
      if (!o.mapping) throw new InputError('the csv format needs a column mapping (a mapping file as the trace, or --mapping FILE)');
      return new GenericCsvParser(o.mapping, o.mappingFile);
    },
  },
  { name: 'cluster', tables: ['description'], description: 'cluster description (node groups), YAML or JSON', create: () => new ClusterDescriptionParser(), machineTables: ['description'] },
];

export function formatSpec(name: string): FormatSpec | undefined {
  return FORMATS.find((f) => f.name === name);
}
