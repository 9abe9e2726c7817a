/**
 * The simulation worker: reads a trace (once per trace, kept for the next
 * runs) and runs one spec at a time, reporting progress through a comlink
 * callback. Cancelling terminates the worker (a run is one synchronous loop).
 */
import * as Comlink from 'comlink';
import pkg from '../../package.json';
import type { SwfOptions } from '../../traces/swf.ts';
import type { Workload } from '../../workloads/workload.ts';
import { clusterOf, readTrace } from './read-trace.ts';
import { sha256Hex, simulateRun, type BrowserRun, type RunSpec } from './simulate-run.ts';

let cached: { key: string; workload: Workload; sha256: string } | null = null;

async function workloadOf(trace: Blob, name: string, swf: SwfOptions): Promise<{ workload: Workload; sha256: string }> {
  const key = `${name}\u0000${trace.size}\u0000${JSON.stringify(swf)}`;
  if (cached?.key !== key) {
    const [workload, sha256] = await Promise.all([readTrace(trace, name, swf), crypto.subtle.digest('SHA-256', await trace.arrayBuffer())]);
    cached = { key, workload, sha256: [...new Uint8Array(sha256)].map((b) => b.toString(16).padStart(2, '0')).join('') };
  }
  return cached;
}

const api = {
  async simulate(trace: Blob, name: string, swf: SwfOptions, spec: RunSpec, onProgress?: (fraction: number) => void): Promise<BrowserRun> {
    const { workload, sha256 } = await workloadOf(trace, name, swf);
    if (workload.jobs.length === 0) throw new Error(`${name}: no jobs to simulate (dropped: ${JSON.stringify(workload.dropped)})`);
    const input = { role: 'trace' as const, file: name, bytes: trace.size, sha256 };
    return simulateRun(workload, clusterOf(workload, swf), spec, { input, swf, version: pkg.version }, (f) => onProgress?.(f));
  },
  sha256Hex,
};

export type SimWorker = typeof api;
Comlink.expose(api);
