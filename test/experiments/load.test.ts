/**
 * experiments/run/load.ts: a trace read with the cluster it runs on. One rule for
 * an SWF log: its jobs are checked against the machine simulated, the
 * --cluster file's processors (Σ ⌊cpu⌋) when one is given.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../sim/errors.ts';
import { loadTraceAndCluster } from '../../experiments/run/load.ts';
import { runInputs } from '../../experiments/run/run-inputs.ts';

const job = (id: number, procs: number) => `${id} 0 0 10 ${procs} -1 -1 ${procs} 10 -1 1 1 1 -1 -1 -1 -1 -1`;

function files(cluster: string) {
  const dir = mkdtempSync(join(tmpdir(), 'clusterlab-load-'));
  writeFileSync(join(dir, 'log.swf'), `; MaxProcs: 4\n${job(1, 6)}\n${job(2, 3)}\n`);
  writeFileSync(join(dir, 'c.yaml'), cluster);
  return { log: join(dir, 'log.swf'), cluster: join(dir, 'c.yaml') };
}

describe('loadTraceAndCluster', () => {
  it('checks an SWF log against the cluster file, not its header', async () => {
    const f = files('groups:\n  - {name: n, count: 2, capacity: {cpu: 4, memory: 1024}}\n');
    const { workload, cluster, swf } = await loadTraceAndCluster([f.log], f.cluster);
    expect(workload.jobs.map((j) => j.id)).toEqual(['1', '2']); // 6 processors fit in 2 x 4
    expect(cluster!.nodes.length).toBe(2);
    expect(swf.machineProcs).toBe(8);
    // Without the cluster, the header's 4: job 1 is dropped.
    expect((await loadTraceAndCluster([f.log], undefined)).workload.dropped).toEqual({ wider_than_machine: 1 });
  });

  it('counts whole processors: fractional cpus round down, a cluster without cpu drops every job', async () => {
    const half = files('groups:\n  - {name: n, count: 10, capacity: {cpu: 1.5}}\n');
    expect((await loadTraceAndCluster([half.log], half.cluster)).swf.machineProcs).toBe(10);
    const gpu = files('groups:\n  - {name: g, count: 4, capacity: {gpu: 8}}\n');
    const { workload } = await loadTraceAndCluster([gpu.log], gpu.cluster);
    expect(workload.jobs).toEqual([]);
    expect(workload.dropped).toEqual({ wider_than_machine: 2 });
  });

  it('refuses --procs with --cluster, and reports the files read with their roles', async () => {
    const f = files('groups:\n  - {name: n, count: 8, capacity: {cpu: 1}}\n');
    await expect(loadTraceAndCluster([f.log], f.cluster, { swf: { machineProcs: 4 } })).rejects.toThrow(UsageError);
    const seen: string[] = [];
    await loadTraceAndCluster([f.log], f.cluster, { onFile: (role, path) => seen.push(`${role}:${path}`) });
    expect(seen).toEqual([`cluster:${f.cluster}`, `trace:${f.log}`]);
  });
});

describe('a study run (runInputs) follows the same rule as simulate --cluster', () => {
  const key = (trace: string, cluster: Record<string, unknown> | null) => ({ workload: { trace }, cluster, seed: 1, baseDir: '/', hashes: {} }) as Parameters<typeof runInputs>[0];

  it('checks an SWF log against `cluster: { file }` and `cluster: { nodes, capacity }`, not its header', async () => {
    const f = files('groups:\n  - {name: n, count: 2, capacity: {cpu: 4, memory: 1024}}\n');
    const byFile = await runInputs(key(f.log, { file: f.cluster }));
    const bySimulate = await loadTraceAndCluster([f.log], f.cluster);
    expect(byFile.workload.jobs.map((j) => j.id)).toEqual(bySimulate.workload.jobs.map((j) => j.id));
    expect(byFile.workload.jobs.map((j) => j.id)).toEqual(['1', '2']);
    expect(byFile.cluster.nodes.length).toBe(2);
    const byNodes = await runInputs(key(f.log, { nodes: 1, capacity: { cpu: 2 } }));
    expect(byNodes.workload.dropped).toEqual({ wider_than_machine: 2 }); // 6 and 3 processors on 2
    const byProcs = await runInputs(key(f.log, { procs: 6 }));
    expect(byProcs.workload.jobs.map((j) => j.id)).toEqual(['1', '2']);
    expect((await runInputs(key(f.log, null))).workload.dropped).toEqual({ wider_than_machine: 1 }); // the header's 4
  });
});

describe('a Kubernetes trace run on a cluster file', () => {
  it('expands its DaemonSets over the nodes of the cluster simulated (open-simulator keeps apps and cluster apart)', async () => {
    const apps = 'traces/samples/kubernetes/open-simulator/apps-simple';
    const cluster = 'traces/samples/kubernetes/open-simulator/cluster-demo_1';
    const alone = await loadTraceAndCluster([apps], undefined);
    expect(alone.workload.dropped).toEqual({ daemonset_without_nodes: 1 });
    const { workload } = await loadTraceAndCluster([apps], cluster);
    expect(workload.dropped).toEqual({});
    // busybox-ds avoids the masters (node-role.kubernetes.io/master DoesNotExist): one pod, bound to the worker.
    const ds = workload.jobs.filter((j) => j.id.startsWith('simple/busybox-ds-'));
    expect(ds.map((j) => [j.id, j.constraints?.nodeName])).toEqual([['simple/busybox-ds-worker-1', 'worker-1']]);
    const study = await runInputs({ workload: { trace: apps }, cluster: { file: cluster }, seed: 1, baseDir: '/', hashes: {} } as Parameters<typeof runInputs>[0]);
    expect(study.workload.jobs.map((j) => j.id)).toEqual(workload.jobs.map((j) => j.id));
  });
});
