/** The scheduler options of `clusterlab simulate` and `clusterlab check-scheduler`, run in process. */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runMain } from './in-process.ts';

const SNAPSHOT = 'test/fixtures/k8s/open-simulator-demo.jsonl';
const CONFIG = 'test/fixtures/k8s/kube-scheduler.yaml';

describe('simulate with the Kubernetes-style scheduler', () => {
  it('--scheduler-config FILE --explain writes decisions.jsonl and records the config in the manifest', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-cli-'));
    const r = await runMain(['simulate', '--trace', SNAPSHOT, '--scheduler-config', CONFIG, '--explain', '--out', dir, '--json']);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.policy).toBe('kube-scheduler(default-scheduler)');
    expect(summary.metrics.jobs_rejected).toBe(4);
    const decisions = readFileSync(join(dir, 'decisions.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    // 16 scheduling attempts, and each of the 4 rejections with its reason.
    expect(decisions).toHaveLength(20);
    const rejected = decisions.filter((d) => d.decision === 'rejected');
    expect(rejected).toHaveLength(4);
    for (const d of rejected) expect(d.reason).toMatch(/no running job will ever end/);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.inputs.map((i: { role: string }) => i.role)).toEqual(['trace', 'scheduler-config']);
    expect(manifest.options.scheduler).toEqual({ kind: 'kube', config: CONFIG });
  });

  it('a bad configuration is an input error naming the file (exit 2)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kube-cli-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles:\n- plugins:\n    score:\n      enabled: [{name: NodeResourcesFitt}]\n');
    const r = await runMain(['simulate', '--trace', SNAPSHOT, '--scheduler-config', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`clusterlab: error: ${bad}: profiles[0].plugins.score.enabled[0].name: unknown scheduler plugin "NodeResourcesFitt"`);
    // Found only by building the profile, still before the run and naming the file.
    writeFileSync(bad, 'apiVersion: kubescheduler.config.k8s.io/v1\nkind: KubeSchedulerConfiguration\nprofiles: [{plugins: {score: {enabled: [{name: NodeName}]}}}]\n');
    const r2 = await runMain(['simulate', '--trace', SNAPSHOT, '--scheduler-config', bad, '--out', join(dir, 'out')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toContain(`clusterlab: error: ${bad}: plugin NodeName does not implement the score extension point`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('an unknown --scheduler is a usage error listing the choices', async () => {
    const r = await runMain(['simulate', '--trace', SNAPSHOT, '--scheduler', 'kubernetes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown --scheduler "kubernetes"; valid: batch, kube/);
  });
});
