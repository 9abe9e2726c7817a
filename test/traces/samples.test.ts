/**
 * The real samples in traces/samples read with the record counts of their
 * PROVENANCE.md files (quoted next to each expectation), and the mappings
 * checked against figures the provenance files state independently.
 */
import { describe, expect, it } from 'vitest';
import { readTrace } from '../../traces/node-read.ts';

const S = 'traces/samples/';
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const count = (xs: readonly unknown[], pred: (x: never) => boolean) => xs.filter(pred as (x: unknown) => boolean).length;

describe('real samples: record counts of the provenance files', () => {
  /**
   * The SWF logs: every job line is a record (records.log), and the jobs kept
   * plus every dropped count add up to it. The figures are quoted from each
   * log's PROVENANCE.md, not computed here.
   */
  const swf = async (file: string) => {
    const w = await readTrace([S + file]);
    expect(w.jobs.length + sum(Object.values(w.dropped))).toBe(w.records!.log);
    return w;
  };

  it('KTH SP2: 28,476 records; 8 with run time 0; 1 with -1 in fields 5 and 8', async () => {
    const w = await swf('KTH-SP2-1996-2.1-cln.swf.gz');
    expect(w.records!.log).toBe(28476);
    expect(w.dropped).toEqual({ runtime_not_positive: 8, size_unknown: 1 });
  });

  it('SDSC SP2 excerpt: 4,961 jobs; 355 with run time -1', async () => {
    const w = await swf('SDSC-SP2-1998-conv3-first4961jobs.swf.gz');
    expect(w.records!.log).toBe(4961);
    expect(w.dropped.runtime_unknown).toBe(355);
  });

  it('CTC SP2: 77,222 jobs; 17 with run time 0; largest job 336 processors (MaxProcs 338)', async () => {
    const w = await swf('CTC-SP2-1996-3.1-cln.swf.gz');
    expect(w.records!.log).toBe(77222);
    expect(w.dropped).toEqual({ runtime_not_positive: 17 });
    expect(Math.max(...w.jobs.map((j) => j.tasks))).toBe(336);
  });

  it('HPC2N: 202,871 jobs; no run time -1 or 0; processors present for every job', async () => {
    const w = await swf('HPC2N-2002-2.2-cln.swf.gz');
    expect(w.records!.log).toBe(202871);
    expect(w.dropped).toEqual({});
    expect(w.jobs.length).toBe(202871);
  });

  it('SDSC Blue Horizon: 243,306 jobs; 10,744 with run time -1', async () => {
    const w = await swf('SDSC-BLUE-2000-4.2-cln.swf.gz');
    expect(w.records!.log).toBe(243306);
    expect(w.dropped.runtime_unknown).toBe(10744);
  });

  it('NASA iPSC/860: 18,239 jobs; 173 with run time 0; sizes powers of two up to 128', async () => {
    const w = await swf('NASA-iPSC-1993-3.1-cln.swf.gz');
    expect(w.records!.log).toBe(18239);
    expect(w.dropped).toEqual({ runtime_not_positive: 173 });
    expect(w.jobs.every((j) => Number.isInteger(Math.log2(j.tasks)) && j.tasks <= 128)).toBe(true);
  });

  it('Lublin model logs: 10,000 jobs each, on 256 nodes (MaxNodes 256, no MaxProcs)', async () => {
    for (const file of ['lublin_256.swf.gz', 'lublin_256_new2.swf.gz']) {
      const w = await swf(file);
      expect(w.records!.log).toBe(10000);
      expect(w.cluster!.nodes.length).toBe(256);
    }
  });

  it('Google 2011: task_events and job_events part 0, machine_events complete', async () => {
    const w = await readTrace([S + 'google-2011-task_events-part-00000-of-00500.csv.gz', S + 'google-2011-job_events-part-00000-of-00500.csv.gz', S + 'google-2011-machine_events-part-00000-of-00001.csv.gz']);
    const r = w.records!;
    // task_events part 0: 450,146 rows, 4,895 jobs; SUBMIT 201,491, SCHEDULE 189,994, EVICT 4,338, FAIL 581, FINISH 43,237, KILL 10,505
    expect(r.task_events).toBe(450146);
    expect(r['task_events.jobs']).toBe(4895);
    expect([r['task_events.SUBMIT'], r['task_events.SCHEDULE'], r['task_events.EVICT'], r['task_events.FAIL'], r['task_events.FINISH'], r['task_events.KILL']]).toEqual([201491, 189994, 4338, 581, 43237, 10505]);
    // job_events part 0: 10,704 rows, 4,900 jobs; SUBMIT 4,900, SCHEDULE 4,892, FAIL 8, FINISH 636, KILL 268
    expect(r.job_events).toBe(10704);
    expect(r['job_events.jobs']).toBe(4900);
    expect([r['job_events.SUBMIT'], r['job_events.SCHEDULE'], r['job_events.FAIL'], r['job_events.FINISH'], r['job_events.KILL']]).toEqual([4900, 4892, 8, 636, 268]);
    // machine_events: 37,780 rows of 12,583 machines; ADD 21,443, REMOVE 8,957, UPDATE 7,380; 12,477 machines added at time 0
    expect(r.machine_events).toBe(37780);
    expect(r['machine_events.machines']).toBe(12583);
    expect([r['machine_events.ADD'], r['machine_events.REMOVE'], r['machine_events.UPDATE']]).toEqual([21443, 8957, 7380]);
    expect(w.cluster!.nodes.length).toBe(12477);
    // Every event after time 0 is a machine event, except ADDs without a capacity (counted).
    expect(w.machineEvents!.length + (w.dropped.machine_capacity_unknown ?? 0)).toBe(37780 - 12477);
    // task_events span 0 .. 5,611,086,346 us
    expect(w.header.window_end_seconds).toBe('5611.086346');
    // Capacities at time 0: (0.5, 0.4995) x 6,672 machines, scaled by the default 32 cores, 65,536 MiB.
    expect(count(w.cluster!.nodes, (n: { capacity: Record<string, number> }) => n.capacity.cpu === 16 && n.capacity.memory === 0.4995 * 65536)).toBe(6672);
    // Every task is a job or dropped, and nothing else: a task is kept at most once.
    const ids = new Set(w.jobs.map((j) => j.id));
    expect(ids.size).toBe(w.jobs.length);
    expect(w.jobs.every((j) => j.runtime > 0 && j.runtime <= 5611.086346 && j.submit >= 0 && j.submit <= 5611.086346)).toBe(true);
  });

  it('Alibaba 2017 batch_task: 80,553 tasks of 12,951 jobs, 11,909,321 instances', async () => {
    const w = await readTrace([S + 'alibaba-2017-batch_task.csv.gz']);
    const r = w.records!;
    expect(r.batch_task).toBe(80553);
    expect(r['batch_task.jobs']).toBe(12951);
    expect(r['batch_task.instances']).toBe(11909321);
    // status: Terminated 67,013; Waiting 8,847; Running 3,567; Failed 1,126
    expect([r['batch_task.status.Terminated'], r['batch_task.status.Waiting'], r['batch_task.status.Running'], r['batch_task.status.Failed']]).toEqual([67013, 8847, 3567, 1126]);
    expect(w.jobs.length + sum(Object.values(w.dropped))).toBe(80553);
    // No duplicate (job id, task id) pairs.
    expect(new Set(w.jobs.map((j) => j.id)).size).toBe(w.jobs.length);
    // Waiting tasks have no cpu request: none is kept.
    expect(w.jobs.some((j) => j.logStatus === 'Waiting')).toBe(false);
    expect(w.dropped.request_unknown).toBeGreaterThanOrEqual(8847 - (w.dropped.runtime_not_positive ?? 0));
  });

  it('Alibaba 2018: machine_meta complete (17,592 rows, 4,034 machines) and the machine_usage excerpt (100,002 rows)', async () => {
    const w = await readTrace([S + 'alibaba-2018-machine_meta.csv', S + 'alibaba-2018-machine_usage-excerpt-100k.csv.gz']);
    const r = w.records!;
    expect(r.machine_meta).toBe(17592);
    expect(r.machine_usage).toBe(100002);
    // status: USING 17,587, IMPORT_INSTALLING 5
    expect([r['machine_meta.status.USING'], r['machine_meta.status.IMPORT_INSTALLING']]).toEqual([17587, 5]);
    expect(w.cluster!.nodes.length).toBe(4034);
    // every machine: cpu_num 96, mem_size 100
    expect(w.cluster!.nodes.every((n) => n.capacity.cpu === 96 && n.capacity.memory === 65536)).toBe(true);
    expect(w.jobs).toEqual([]);
  });

  it('openb: 8,152 pods; 1,213 GPU nodes with 6,212 GPUs; 1,523 nodes in all', async () => {
    const w = await readTrace([S + 'openb_pod_list_default.csv', S + 'openb_node_list_gpu_node.csv']);
    expect(w.jobs.length).toBe(8152);
    expect(w.dropped).toEqual({});
    const r = w.records!;
    // phase Running 5,193, Failed 1,870, Pending 897, Succeeded 192
    expect([r['pods.phase.Running'], r['pods.phase.Failed'], r['pods.phase.Pending'], r['pods.phase.Succeeded']]).toEqual([5193, 1870, 897, 192]);
    // num_gpu 0: 1,088, 1: 6,989 (3,078 fractional), 2: 16, 4: 15, 8: 44
    const byGpus = (k: number) => w.jobs.filter((j) => (j.gpu?.count ?? 0) === k).length;
    expect([0, 1, 2, 4, 8].map(byGpus)).toEqual([1088, 6989, 16, 15, 44]);
    expect(w.jobs.filter((j) => j.gpu?.count === 1 && j.gpu.milli < 1000).length).toBe(3078);
    // Total GPU demand 6,086.8 GPUs
    expect(sum(w.jobs.map((j) => j.request.gpu ?? 0))).toBeCloseTo(6086.8, 6);
    // creation_time 0 .. 12,901,761 s
    expect(Math.min(...w.jobs.map((j) => j.submit))).toBe(0);
    expect(Math.max(...w.jobs.map((j) => j.submit))).toBe(12901761);
    // GPU nodes: 1,213 nodes, 6,212 GPUs, 107,018 cores, 503,828,480 MiB
    const nodes = w.cluster!.nodes;
    expect(nodes.length).toBe(1213);
    expect(sum(nodes.map((n) => n.capacity.gpu!))).toBe(6212);
    expect(sum(nodes.map((n) => n.capacity.cpu!))).toBeCloseTo(107018, 9);
    expect(sum(nodes.map((n) => n.capacity.memory!))).toBe(503828480);
    const all = await readTrace([S + 'openb_node_list_all_node.csv']);
    expect(all.cluster!.nodes.length).toBe(1523);
    // GPU models (all_node): G2 549, T4 404, P100 134, V100M16 55, G3 39, V100M32 30, A10 2, none 310
    const model = (m: string | undefined) => all.cluster!.nodes.filter((n) => n.labels?.['clusterlab/gpu-model'] === m).length;
    expect(['G2', 'T4', 'P100', 'V100M16', 'G3', 'V100M32', 'A10', undefined].map(model)).toEqual([549, 404, 134, 55, 39, 30, 2, 310]);
  });

  it('PAI 2020 machine spec: 1,897 machines, 6,742 GPUs, shapes as listed', async () => {
    const w = await readTrace([S + 'pai_machine_spec.csv']);
    const nodes = w.cluster!.nodes;
    expect(nodes.length).toBe(1897);
    expect(sum(nodes.map((n) => n.capacity.gpu!))).toBe(6742);
    const shape = (model: string | undefined, cpu: number, gb: number, gpu: number) =>
      nodes.filter((n) => n.labels?.['clusterlab/gpu-model'] === model && n.capacity.cpu === cpu && n.capacity.memory === gb * 1024 && n.capacity.gpu === gpu).length;
    // (P100, 64, 512, 2) x 798; (T4, 96, 512, 2) x 497; (MISC, 96, 512, 8) x 280; (V100M32, 96, 384, 8) x 135; (CPU, 96, 512, 0) x 83; (V100, 96, 512, 8) x 59; (V100, 96, 384, 8) x 45
    expect([shape('P100', 64, 512, 2), shape('T4', 96, 512, 2), shape('MISC', 96, 512, 8), shape('V100M32', 96, 384, 8), shape(undefined, 96, 512, 0), shape('V100', 96, 512, 8), shape('V100', 96, 384, 8)]).toEqual([798, 497, 280, 135, 83, 59, 45]);
  });

  it('Azure LLM 2023: 8,819 code and 19,366 conversation requests, with the stated token means and spans', async () => {
    const code = await readTrace([S + 'AzureLLMInferenceTrace_code.csv']);
    const conv = await readTrace([S + 'AzureLLMInferenceTrace_conv.csv']);
    expect(code.jobs.length).toBe(8819);
    expect(conv.jobs.length).toBe(19366);
    // means: code 2,047.8 context, 27.9 generated; conv 1,154.7 and 211.1
    expect(code.records!['requests.context_tokens']! / 8819).toBeCloseTo(2047.8, 1);
    expect(code.records!['requests.generated_tokens']! / 8819).toBeCloseTo(27.9, 1);
    expect(conv.records!['requests.context_tokens']! / 19366).toBeCloseTo(1154.7, 1);
    expect(conv.records!['requests.generated_tokens']! / 19366).toBeCloseTo(211.1, 1);
    // code: 18:17:03.98 .. 19:14:19.93 (rounded to the hundredth in the provenance)
    expect(Math.max(...code.jobs.map((j) => j.submit))).toBeCloseTo(57 * 60 + 15.95, 1);
    // conv: 18:15:46.68 .. 19:14:08.40
    expect(Math.max(...conv.jobs.map((j) => j.submit))).toBeCloseTo(58 * 60 + 21.72, 1);
  });

  it('Philly machine list: 552 machines, 321 with 2 GPUs of 12GB and 231 with 8 of 24GB (2,490 GPUs)', async () => {
    const w = await readTrace([S + 'philly_cluster_machine_list.csv']);
    const nodes = w.cluster!.nodes;
    expect(nodes.length).toBe(552);
    expect(nodes.filter((n) => n.capacity.gpu === 2 && n.labels!['clusterlab/gpu-memory'] === '12GB').length).toBe(321);
    expect(nodes.filter((n) => n.capacity.gpu === 8 && n.labels!['clusterlab/gpu-memory'] === '24GB').length).toBe(231);
    expect(sum(nodes.map((n) => n.capacity.gpu!))).toBe(2490);
  });

  it('Kubernetes: the openb GPU nodes as YAML (1,213 Node documents) equal the CSV node list', async () => {
    const yaml = await readTrace([S + 'kubernetes/openb-nodes/openb_node_list_gpu_node.yaml']);
    const csv = await readTrace([S + 'openb_node_list_gpu_node.csv']);
    expect(yaml.records!['objects.Node']).toBe(1213);
    const y = yaml.cluster!.nodes;
    const c = csv.cluster!.nodes;
    expect(y.map((n) => n.id)).toEqual(c.map((n) => n.id));
    for (let i = 0; i < y.length; i++) {
      expect({ cpu: y[i]!.capacity.cpu, memory: y[i]!.capacity.memory, gpu: y[i]!.capacity.gpu }).toEqual(c[i]!.capacity);
      expect(y[i]!.labels!['clusterlab/gpu-model']).toBe(c[i]!.labels!['clusterlab/gpu-model']);
      expect(y[i]!.capacity.pods).toBe(1001);
    }
  });

  it('Kubernetes: the FGD test cluster (2 nodes, 3 pods) and the open-simulator examples', async () => {
    const fgd = await readTrace([S + 'kubernetes/fgd-test-cluster']);
    expect(fgd.cluster!.nodes.map((n) => [n.id, n.capacity.gpu, n.capacity.cpu, n.capacity.memory])).toEqual([
      ['pai-node-00', 2, 64, 256000],
      ['pai-node-01', 4, 64, 256000],
    ]);
    expect(fgd.jobs.map((j) => [j.id, j.request.gpu, j.gpu])).toEqual([
      ['pai-gpu/gpu-pod-00', 0.5, { count: 1, milli: 500 }],
      ['pai-gpu/gpu-pod-01', undefined, undefined],
      ['pai-gpu/gpu-pod-02', 2, { count: 2, milli: 1000 }],
    ]);
    const os = await readTrace([S + 'kubernetes/open-simulator']);
    // The .json files next to nodes are open-local storage descriptions, not Kubernetes objects: skipped and listed.
    expect(os.header.skipped_files!.split('\n').map((f) => f.split('/').pop())).toEqual(['master-1.json', 'worker-1.json', 'node-1.json']);
    // Nodes: cluster-demo_1 (3 masters + 1 worker), cluster-gpushare (2), apps-complicate/node.yaml, newnode-demo_1/node-1.yaml
    expect(os.cluster!.nodes.length).toBe(8);
    const r = os.records!;
    expect([r['objects.Deployment'], r['objects.StatefulSet'], r['objects.ReplicaSet'], r['objects.DaemonSet'], r['objects.Job'], r['objects.Pod']]).toEqual([4, 4, 2, 1, 1, 5]);
    // Pods: Deployments 8 + 4 + 8 + 4 replicas, StatefulSets 4 x 8, ReplicaSets 6 + 2, Job 1, Pods 5,
    // DaemonSet busybox-ds: nodes without the master role label (worker-1, fake-node, node-1).
    expect(os.jobs.length).toBe(24 + 32 + 8 + 1 + 5 + 3);
    expect(os.jobs.filter((j) => j.id.startsWith('simple/busybox-ds-')).map((j) => j.constraints!.nodeName)).toEqual(['fake-node', 'worker-1', 'node-1']);
  });
});
