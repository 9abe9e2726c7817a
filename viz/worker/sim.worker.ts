/**
 * The simulation worker: reads a trace and its cluster file (once, kept for
 * the next runs of the same files) and runs one spec at a time, reporting
 * progress through a comlink callback. Cancelling terminates the worker (a run
 * is one synchronous loop).
 */
// First: before any module builds a zod schema (see the module).
import '../zod-jitless.ts';
import * as Comlink from 'comlink';
import pkg from '../../package.json';
import type { ClusterSpec } from '../../sim/cluster.ts';
import type { Workload } from '../../workloads/workload.ts';
import type { BrowserTrace } from './browser-trace.ts';
import { clusterOf, readClusterFiles, readTraceFiles, type TraceFile } from './read-trace.ts';
import { sha256Hex, simulateRun, type BrowserRun, type InputRecord, type RunSpec } from './simulate-run.ts';

let cached: { key: string; workload: Workload; cluster: ClusterSpec; inputs: InputRecord[] } | null = null;

async function describe(role: InputRecord['role'], f: TraceFile): Promise<InputRecord> {
  const digest = await crypto.subtle.digest('SHA-256', await f.blob.arrayBuffer());
  return { role, file: f.name, bytes: f.blob.size, sha256: [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('') };
}

async function prepared(trace: BrowserTrace): Promise<NonNullable<typeof cached>> {
  const files = [...trace.traces, ...trace.cluster].map((f) => `${f.name}\u0000${f.blob.size}`);
  const key = JSON.stringify([files, trace.format, trace.swf, trace.import]);
  if (cached?.key !== key) {
    const options = { ...trace.import, swf: trace.swf, format: trace.format };
    const workload = await readTraceFiles(trace.traces, options);
    if (workload.jobs.length === 0) throw new Error(`${trace.traces[0]!.name}: no jobs to simulate (dropped: ${JSON.stringify(workload.dropped)})`);
    const clusterFile = trace.cluster.length ? await readClusterFiles(trace.cluster, { ...trace.import }) : null;
    const cluster = clusterOf(workload, trace.swf, clusterFile);
    const inputs = [...(await Promise.all(trace.traces.map((f) => describe('trace', f)))), ...(await Promise.all(trace.cluster.map((f) => describe('cluster', f))))];
    cached = { key, workload, cluster, inputs };
  }
  return cached;
}

const api = {
  async simulate(trace: BrowserTrace, spec: RunSpec, onProgress?: (fraction: number) => void): Promise<BrowserRun> {
    const { workload, cluster, inputs } = await prepared(trace);
    const reader = { format: workload.source.format, ...trace.swf, ...trace.import };
    return simulateRun(workload, cluster, spec, { inputs, reader, transforms: trace.transforms, version: pkg.version }, (f) => onProgress?.(f));
  },
  sha256Hex,
};

export type SimWorker = typeof api;
Comlink.expose(api);
