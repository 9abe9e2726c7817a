/**
 * Loading a workload and its cluster from the command line's choices: any
 * trace format (detected by content, or named with --format), from one or
 * more files or directories; the cluster from --cluster (a cluster
 * description or any machine or node list) or from the trace itself.
 *
 * One rule for the machine an SWF log's jobs are checked against (a job wider
 * than it is dropped, `wider_than_machine`): the machine simulated. With
 * --cluster that is the cluster file (its processors: Σ ⌊cpu⌋ over nodes),
 * else --procs, else the header's MaxProcs, else MaxNodes. The same for a
 * Kubernetes trace's DaemonSets: one pod per node of the cluster simulated.
 */
import type { ClusterSpec } from '../../sim/cluster.ts';
import { InputError, UsageError } from '../../sim/errors.ts';
import { FORMATS as TRACE_FORMATS, type ImportOptions } from '../../traces/formats.ts';
import { readCluster, readTrace, type ReadOptions } from '../../traces/node-read.ts';
import { processorCluster, processorsOf, type SwfOptions } from '../../traces/swf.ts';
import type { Workload } from '../../workloads/workload.ts';

/** Format names `--format` accepts (besides `auto`). */
export const FORMATS = TRACE_FORMATS.map((f) => f.name);

export interface LoadOptions {
  /** `auto`, a format name, or `name:table`. */
  format?: string;
  swf?: SwfOptions;
  /** Importer options (machine size, Google unfinished tasks, LLM rates). */
  import?: ImportOptions;
  /** A CSV column mapping file, for the csv format. */
  mapping?: string;
  /**
   * Called for every file read, with its role (`trace`, `mapping`, `cluster`)
   * and its path as given, in reading order: what a manifest records.
   */
  onFile?: (role: string, path: string, table?: string) => void;
  /** The caller hands the jobs to the simulator: SWF jobs may stay columns (ImportOptions.jobColumns). */
  jobColumns?: boolean;
}

function readOptions(options: LoadOptions, role: string): ReadOptions {
  const onFile = options.onFile;
  return {
    ...options.import,
    swf: options.swf,
    format: options.format ?? 'auto',
    mappingPath: options.mapping,
    ...(options.jobColumns ? { jobColumns: true } : {}),
    ...(onFile ? { onFile: (kind: 'data' | 'mapping', path: string, table?: string) => onFile(kind === 'data' ? role : `${role === 'trace' ? '' : `${role}-`}mapping`, path, table) } : {}),
  };
}

/** Reads the workload of one trace (several files for multi-table formats, or a directory). */
export async function loadWorkload(path: string | readonly string[], options: LoadOptions = {}): Promise<Workload> {
  return readTrace(typeof path === 'string' ? [path] : path, readOptions(options, 'trace'));
}

/** Reads a cluster file: a cluster description, or a machine or node list of any format. */
export async function loadCluster(path: string | readonly string[], options: Pick<LoadOptions, 'import' | 'format' | 'onFile'> = {}): Promise<ClusterSpec> {
  return readCluster(typeof path === 'string' ? [path] : path, readOptions({ import: options.import, format: options.format, onFile: options.onFile }, 'cluster'));
}

/**
 * Reads a trace and, when `clusterPath` is given, the cluster it runs on,
 * cluster first: an SWF log is then checked against the processors of that
 * cluster, the machine actually simulated (see the rule above). `cluster` is
 * the cluster file's, or null (the caller then uses the trace's own, as
 * clusterFor does); `swf` the SWF options the trace was read with.
 */
export async function loadTraceAndCluster(
  paths: readonly string[],
  clusterPath: string | undefined,
  options: LoadOptions = {},
): Promise<{ workload: Workload; cluster: ClusterSpec | null; swf: SwfOptions }> {
  if (clusterPath === undefined) return { workload: await loadWorkload(paths, options), cluster: null, swf: options.swf ?? {} };
  if (options.swf?.machineProcs !== undefined) throw new UsageError('--procs sets the machine of the trace and --cluster gives one: use one of them');
  const cluster = await loadCluster(clusterPath, { import: options.import, onFile: options.onFile });
  const swf: SwfOptions = { ...options.swf, machineProcs: processorsOf(cluster) };
  const workload = await loadWorkload(paths, { ...options, swf, import: { ...options.import, clusterNodes: cluster.nodes } });
  return { workload, cluster, swf };
}

/** The cluster to simulate: the one the trace describes, or an error saying how to give one. */
export function clusterFor(workload: Workload, swf: SwfOptions = {}): ClusterSpec {
  if (workload.cluster) return workload.cluster;
  if (swf.machineProcs) return processorCluster(swf.machineProcs, swf.procsPerNode ?? 1);
  if (workload.source.format === 'swf') {
    throw new InputError('the trace does not give the machine size (no MaxProcs or MaxNodes header); pass --procs N or --cluster FILE', { file: workload.source.file });
  }
  throw new InputError(`this ${workload.source.format} trace describes no machines; pass --cluster FILE (a cluster description or a node list)`, { file: workload.source.file });
}

/** Keys of `--import-option key=value` and the importer option each sets. */
export const IMPORT_OPTION_KEYS = ['machine-cpu', 'machine-memory', 'unfinished', 'prefill-rate', 'decode-rate'] as const;

/** Parses `--import-option key=value` pairs (strict: unknown keys and bad numbers are usage errors). */
export function parseImportOptions(pairs: readonly string[]): ImportOptions {
  const out: ImportOptions = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const key = eq < 0 ? pair : pair.slice(0, eq);
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    const positive = () => {
      if (!/^(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value) || !(Number(value) > 0) || !Number.isFinite(Number(value))) {
        throw new UsageError(`--import-option ${key} must be a positive number, got ${JSON.stringify(value)}`);
      }
      return Number(value);
    };
    switch (key) {
      case 'machine-cpu':
        out.machineCpu = positive();
        break;
      case 'machine-memory':
        out.machineMemory = positive();
        break;
      case 'prefill-rate':
        out.prefillRate = positive();
        break;
      case 'decode-rate':
        out.decodeRate = positive();
        break;
      case 'unfinished':
        if (value !== 'censor' && value !== 'drop' && value !== 'infinite') throw new UsageError(`--import-option unfinished must be censor, drop or infinite, got ${JSON.stringify(value)}`);
        out.unfinished = value;
        break;
      default:
        throw new UsageError(`unknown --import-option ${JSON.stringify(key)}; valid: ${IMPORT_OPTION_KEYS.join(', ')}`);
    }
  }
  return out;
}
