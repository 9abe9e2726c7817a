/**
 * A Kubernetes snapshot (open-simulator's demo cluster and simple apps, from the
 * shared traces; test/fixtures/k8s/PROVENANCE.md) replayed under a deployed-style
 * KubeSchedulerConfiguration, with the decision log checked.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clusterFor, loadWorkload } from '../../experiments/run/load.ts';
import { frameworkFromConfig } from '../../experiments/run/scheduler-choice.ts';
import { DEFAULT_OPTIONS, runSimulation } from '../../experiments/run/simulate.ts';
import { JOB_STATE_NAMES } from '../../sim/policy.ts';

const DIR = 'test/fixtures/k8s';

async function replay() {
  const workload = await loadWorkload(`${DIR}/open-simulator-demo.jsonl`);
  const decisions: Record<string, unknown>[] = [];
  const config = readFileSync(`${DIR}/kube-scheduler.yaml`, 'utf8');
  const out = runSimulation(workload, clusterFor(workload), {
    ...DEFAULT_OPTIONS,
    seed: 3,
    policy: frameworkFromConfig(config, `${DIR}/kube-scheduler.yaml`),
    explain: (r) => decisions.push(r),
  });
  return { out, decisions, workload };
}

describe('Kubernetes snapshot replayed with a KubeSchedulerConfiguration', () => {
  it('places the pods as the plugins say and explains every attempt', async () => {
    const { out, decisions } = await replay();
    const jobs = out.result.jobs;
    const by = (id: string) => decisions.filter((d) => d.pod === id);
    // PrioritySort with the PriorityClass: the calico pods are scheduled first.
    expect(decisions[0]!.pod).toBe('kube-system/calico-kube-controllers-0');
    expect(decisions[1]!.pod).toBe('kube-system/calico-kube-controllers-1');
    // The Job's pod tolerates no taint: not master-1, the one tainted node of the snapshot.
    expect(by('default/pi-0')[0]).toMatchObject({ decision: 'scheduled', feasible: 3, filtered: { TaintToleration: { 'node(s) had untolerated taint {node-role.kubernetes.io/master: }': 1 } } });
    expect(by('default/pi-0')[0]!.node).not.toBe('master-1');
    // The bare pod selects masters.
    expect(by('simple/single-pod')[0]).toMatchObject({ decision: 'scheduled', filtered: { NodeAffinity: { "node(s) didn't match Pod's node affinity/selector": 1 } } });
    expect(String(by('simple/single-pod')[0]!.node)).toMatch(/^master-/);
    // The StatefulSet's required anti-affinity (one per host): 4 of 8 pods on 4 distinct nodes, the rest rejected
    // (nothing in a snapshot ever ends), each with upstream's message.
    const sts = Array.from({ length: 8 }, (_, i) => `simple/busybox-sts-new-${i}`);
    const placed = sts.filter((id) => by(id)[0]!.decision === 'scheduled').map((id) => by(id)[0]!.node);
    expect(new Set(placed).size).toBe(4);
    for (const id of sts.slice(4)) {
      expect(by(id)[0]).toMatchObject({ decision: 'unschedulable', message: "0/4 nodes are available: 4 node(s) didn't match pod anti-affinity rules." });
      expect(JOB_STATE_NAMES[out.result.state[jobs.ids.indexOf(id)]!]).toBe('rejected');
    }
    // Scores: every scored node lists each plugin's raw, normalized, weight and weighted score; the total adds up.
    for (const d of decisions.filter((x) => x.decision === 'scheduled' && (x.scores as unknown[]).length > 0)) {
      for (const s of d.scores as { plugins: Record<string, { raw: number; normalized: number; weight: number; weighted: number }>; total: number }[]) {
        expect(s.plugins.NodeResourcesFit!.weight).toBe(5);
        for (const p of Object.values(s.plugins)) expect(p.weighted).toBe(p.normalized * p.weight);
        expect(s.total).toBe(Object.values(s.plugins).reduce((a, p) => a + p.weighted, 0));
      }
      // The chosen node has the highest total.
      const scores = d.scores as { node: string; total: number }[];
      const best = Math.max(...scores.map((s) => s.total));
      expect(scores.find((s) => s.node === d.node)!.total).toBe(best);
    }
    // MostAllocated by hand for the first calico pod (no requests: 100m and 200 MiB non-zero) on an empty 8-core, 16 GiB node:
    // cpu 100 × 100 / 8000 = 1, memory 200 × 100 / 16384 = 1 → 1.
    const first = (decisions[0]!.scores as { plugins: Record<string, { raw: number }> }[])[0]!;
    expect(first.plugins.NodeResourcesFit!.raw).toBe(1);
  });

  it('is reproducible: the same seed gives the same decisions, byte for byte', async () => {
    const a = JSON.stringify((await replay()).decisions);
    const b = JSON.stringify((await replay()).decisions);
    expect(a).toBe(b);
  });
});
