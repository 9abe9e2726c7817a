/**
 * Whole runs on each real format (acceptance of issue 3): the batch
 * schedulers replay every job of the sample on the cluster it describes (or a
 * cluster file) and the engine's invariants hold after every instant (the
 * Google part, 48k tasks on 12.5k machines, checks them at the end of the
 * whole run and after every instant on its first 2,000 tasks, for time).
 */
import { describe, expect, it } from 'vitest';
import { homogeneousCluster } from '../../sim/cluster.ts';
import { loadCluster, loadWorkload } from '../../experiments/run/load.ts';
import { runSimulation, type SimulationOptions } from '../../experiments/run/simulate.ts';
import { parseClusterDescription } from '../../traces/cluster-description.ts';

const S = 'traces/samples/';
const OPTIONS: SimulationOptions = { queue: 'fcfs', backfill: 'easy', placement: 'first-fit', overrun: 'run', sampleStep: 3600, seed: 1, checkEveryStep: true };

describe('whole runs on the real samples, invariants checked', () => {
  it('openb pods on the openb GPU node list: every pod runs', async () => {
    const workload = await loadWorkload(S + 'openb_pod_list_default.csv');
    const cluster = await loadCluster(S + 'openb_node_list_gpu_node.csv');
    const out = runSimulation(workload, cluster, OPTIONS);
    expect(out.metrics.jobs_finished).toBe(8152);
    expect(out.cluster.nodeCount).toBe(1213);
  });

  it('openb pods on the same nodes as Kubernetes Node objects give the same run', async () => {
    const workload = await loadWorkload(S + 'openb_pod_list_default.csv');
    const csv = runSimulation(workload, await loadCluster(S + 'openb_node_list_gpu_node.csv'), { ...OPTIONS, checkEveryStep: false });
    const yaml = runSimulation(workload, await loadCluster(S + 'kubernetes/openb-nodes/openb_node_list_gpu_node.yaml'), { ...OPTIONS, checkEveryStep: false });
    expect(Array.from(yaml.result.start)).toEqual(Array.from(csv.result.start));
  });

  it('Alibaba 2017 batch tasks on a described cluster of 1,300 machines of 64 cores', async () => {
    const workload = await loadWorkload(S + 'alibaba-2017-batch_task.csv.gz');
    const cluster = parseClusterDescription('groups: [{name: m, count: 1300, capacity: {cpu: 64, memory: 65536}}]');
    const out = runSimulation(workload, cluster, OPTIONS);
    expect(out.metrics.jobs_finished + out.metrics.jobs_rejected).toBe(workload.jobs.length);
    expect(out.metrics.jobs_finished).toBeGreaterThan(0.99 * workload.jobs.length);
  });

  it('a Kubernetes snapshot (the FGD test cluster): its pods run on its nodes, forever', async () => {
    const workload = await loadWorkload(S + 'kubernetes/fgd-test-cluster');
    const out = runSimulation(workload, workload.cluster!, OPTIONS);
    expect(out.metrics.jobs_running).toBe(3);
    expect(out.result.truncated).toBe(false);
  });

  it('a Google 2011 part: the tasks that ended in the window, on the machines there at its start', async () => {
    const workload = await loadWorkload([S + 'google-2011-task_events-part-00000-of-00500.csv.gz', S + 'google-2011-machine_events-part-00000-of-00001.csv.gz'], { import: { unfinished: 'drop' } });
    const whole = runSimulation(workload, workload.cluster!, { ...OPTIONS, checkEveryStep: false });
    expect(whole.metrics.jobs_finished + whole.metrics.jobs_rejected).toBe(workload.jobs.length);
    const first = [...workload.jobs].sort((a, b) => a.submit - b.submit).slice(0, 2000);
    const prefix = runSimulation({ ...workload, jobs: first }, workload.cluster!, OPTIONS);
    expect(prefix.metrics.jobs_finished + prefix.metrics.jobs_rejected).toBe(2000);
  });

  it('homogeneous clusters work with every format that has no machines (Azure LLM requests need none)', async () => {
    const workload = await loadWorkload(S + 'AzureLLMInferenceTrace_code.csv');
    const out = runSimulation(workload, homogeneousCluster(1, { cpu: 1 }), OPTIONS);
    expect(out.metrics.jobs_finished).toBe(8819);
  });
});
