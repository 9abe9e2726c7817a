/**
 * The workload and cluster of one run, from its settings and seed:
 *
 *   1. the jobs: the trace read (any format, as `simulate --trace`), or the
 *      generator spec generated with the seed (as `clusterlab workload generate`);
 *   2. the cluster: the config's (`procs`, `nodes` + `capacity`, or `file`, read
 *      as `simulate --cluster`), else the one the trace or the spec describes;
 *   3. the transforms, applied with `new Rng(seed)` exactly as `simulate --seed`
 *      applies them (streams `transform:<type>`), so seed N of a study is the
 *      workload of `simulate --seed N` with the same transforms.
 *
 * A worker keeps what it read: traces and cluster files by the sha256 of
 * their bytes (the pool sends runs of one workload to the worker that has
 * it; a trace shared by several seeds or variants is parsed once per worker),
 * and the final workloads of its last few (workload, seed) keys. Node only.
 */
import { readFileSync } from 'node:fs';
import { fsReason } from '../../sim/fs-errors.ts';
import { basename, dirname, resolve } from 'node:path';
import type { ClusterSpec } from '../../sim/cluster.ts';
import { homogeneousCluster } from '../../sim/cluster.ts';
import { InputError } from '../../sim/errors.ts';
import { Rng } from '../../sim/rng.ts';
import { processorCluster, processorsOf } from '../../traces/swf.ts';
import type { GeneratorSpec } from '../../workloads/spec.ts';
import { applyTransforms } from '../../workloads/transforms/index.ts';
import type { Workload } from '../../workloads/workload.ts';
import { loadCluster, loadWorkload } from './load.ts';
import { noMachineMessage } from './machine-check.ts';
import type { TransformSpec } from '../../workloads/transforms/index.ts';
import type { ClusterConfig, WorkloadConfig } from './workload-spec.ts';

export interface RunInputs {
  workload: Workload;
  cluster: ClusterSpec;
}

/** What a run's inputs depend on. Paths are absolute; `hashes` maps each input file to its sha256. */
export interface InputsKey {
  workload: WorkloadConfig;
  cluster: ClusterConfig | null;
  seed: number;
  /** Directory of the config file: an inline generator spec reads its traces from there. */
  baseDir: string;
  hashes: Readonly<Record<string, string>>;
}

/** The transforms of a workload that draw random numbers (their result depends on the seed). */
export function seededTransforms(transforms: readonly TransformSpec[] | undefined): TransformSpec[] {
  return (transforms ?? []).filter((t) => t.type === 'sample' || t.type === 'fill');
}

/**
 * True when the workload depends on the seed: a generator, or a seeded
 * transform. (A worker imports only this, not the config schema, to start fast.)
 */
export function workloadUsesSeed(workload: WorkloadConfig): boolean {
  return workload.generate !== undefined || seededTransforms(workload.transforms).length > 0;
}

/** Small caches, most recent last, oldest dropped first. */
class Lru<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly size: number) {}
  get(key: string, make: () => V): V {
    let v = this.map.get(key);
    if (v !== undefined) this.map.delete(key);
    else v = make();
    this.map.set(key, v);
    while (this.map.size > this.size) this.map.delete(this.map.keys().next().value!);
    return v;
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

const traces = new Lru<Promise<Workload>>(2);
const clusters = new Lru<Promise<ClusterSpec>>(4);
const finals = new Lru<Promise<RunInputs>>(2);

/** Runs with the same key have the same workload and cluster (the seed counts only when it is used). */
export function inputsKey(key: InputsKey): string {
  return JSON.stringify({ workload: key.workload, cluster: key.cluster, seed: workloadUsesSeed(key.workload) ? key.seed : null, hashes: key.hashes });
}

/** Caches a promise, forgetting it if it fails (a later run tries again and reports its own error). */
function cached<V>(cache: Lru<Promise<V>>, key: string, make: () => Promise<V>): Promise<V> {
  const p = cache.get(key, make);
  p.catch(() => cache.delete(key));
  return p;
}

export function runInputs(key: InputsKey): Promise<RunInputs> {
  return cached(finals, inputsKey(key), () => build(key));
}

async function build(key: InputsKey): Promise<RunInputs> {
  const { workload: w, cluster: c, seed } = key;
  // A cluster the config gives is read first: an SWF log is checked against the
  // machine simulated (experiments/run/load.ts states the rule), not its header.
  const given = await configCluster(c, key.hashes);
  const jobs = w.generate !== undefined ? await generated(w.generate, seed, key.baseDir) : await trace(w, given, c, key.hashes);
  const cluster = given ?? clusterOfWorkload(jobs);
  const workload = w.transforms && w.transforms.length > 0 ? applyTransforms(jobs, cluster, w.transforms, new Rng(seed)).workload : jobs;
  return { workload, cluster };
}

function trace(w: WorkloadConfig, given: ClusterSpec | null, c: ClusterConfig | null, hashes: Readonly<Record<string, string>>): Promise<Workload> {
  // The machine size matters to the SWF reader (jobs wider than the machine are dropped).
  // So do the nodes to a Kubernetes trace (its DaemonSets expand over them): both come from the given cluster, which
  // the key names by its config and its file's sha256 rather than by its nodes.
  const options = { format: w.format, swf: { ...w.swf, machineProcs: given === null ? undefined : processorsOf(given), procsPerNode: c?.procs_per_node } };
  const files = Object.keys(hashes).filter((p) => p === w.trace || p.startsWith(`${w.trace}/`)).sort();
  const cluster = given === null ? null : { ...c, sha256: c?.file !== undefined ? (hashes[c.file] ?? null) : null };
  const id = JSON.stringify({ options, cluster, contents: files.map((f) => hashes[f]), path: files.length === 0 ? w.trace : null });
  return cached(traces, id, () => loadWorkload(w.trace!, given === null ? options : { ...options, import: { clusterNodes: given.nodes } }));
}

async function generated(generate: string | GeneratorSpec, seed: number, baseDir: string): Promise<Workload> {
  // Imported here: workers of trace studies do not load the generators.
  const [{ generateWorkload, traceReferences }, { parseGeneratorSpec }] = await Promise.all([import('../../workloads/generate.ts'), import('../../workloads/spec.ts')]);
  let spec: GeneratorSpec;
  let dir = baseDir;
  let file = '<config>';
  if (typeof generate === 'string') {
    let text: string;
    try {
      text = readFileSync(generate, 'utf8');
    } catch (err) {
      throw new InputError(`cannot read the generator spec: ${fsReason(err)}`, { file: generate });
    }
    spec = parseGeneratorSpec(text, generate);
    dir = dirname(generate);
    file = basename(generate);
  } else spec = generate;
  // Traces the spec names (replayed arrivals, empirical distributions) are read relative to it.
  const tables = new Map<string, Workload>();
  for (const path of traceReferences(spec)) tables.set(path, await loadWorkload(resolve(dir, path)));
  return generateWorkload(spec, seed, { file, traces: tables });
}

/** The cluster the config gives (`file`, `nodes` + `capacity`, or `procs`), or null: the trace's or the spec's. */
async function configCluster(c: ClusterConfig | null, hashes: Readonly<Record<string, string>>): Promise<ClusterSpec | null> {
  if (c?.file !== undefined) return cached(clusters, `${hashes[c.file] ?? c.file}`, () => loadCluster(c.file!));
  if (c?.nodes !== undefined) return homogeneousCluster(c.nodes, c.capacity!);
  if (c?.procs !== undefined) return processorCluster(c.procs, c.procs_per_node ?? 1);
  return null;
}

function clusterOfWorkload(workload: Workload): ClusterSpec {
  if (!workload.cluster) throw new InputError(noMachineMessage(workload.source.format), { file: workload.source.file });
  return workload.cluster;
}
