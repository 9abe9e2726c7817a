/** `clusterlab scenario`, run as a user would. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = resolve('bin/clusterlab.js');

function cli(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const SCENARIO = `
name: tiny
description: a tiny scenario for the CLI tests
horizon: 3600
sampleStep: 600
cluster:
  nodeGroups:
    - { name: w, nodes: 4, capacity: { cpu: 4, memory: 8192 }, zones: [a, b] }
services:
  - name: web
    replicas: 2
    request: { cpu: 1, memory: 1024 }
    capacity: 20
    requestRate: { kind: trace, file: data/code.csv, step: 60, scale: 2 }
failures:
  - { policy: outage, name: a, at: 600, duration: 600 }
  - { policy: trace, file: data/machine_events.csv.gz, from: 600 }
variants:
  - name: fast-eviction
    health: { evictionTimeout: 0 }
  - name: slow-eviction
`;

function setup(): string {
  const dir = mkdtempSync(join(tmpdir(), 'scenario-cli-'));
  mkdirSync(join(dir, 'data'));
  copyFileSync('traces/samples/AzureLLMInferenceTrace_code.csv', join(dir, 'data', 'code.csv'));
  copyFileSync('traces/samples/google-2011-machine_events-part-00000-of-00001.csv.gz', join(dir, 'data', 'machine_events.csv.gz'));
  writeFileSync(join(dir, 'tiny.yaml'), SCENARIO);
  return dir;
}

describe('clusterlab scenario', () => {
  it('runs every variant, writes their results and a comparison, the same bytes twice', () => {
    const dir = setup();
    const r = cli(['scenario', 'tiny.yaml', '--out', 'out'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/metric\s+fast-eviction\s+slow-eviction/);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['comparison.csv', 'fast-eviction', 'slow-eviction']);
    const v = join(dir, 'out', 'fast-eviction');
    expect(readdirSync(v).sort()).toEqual(['jobs.csv', 'manifest.json', 'nodes.csv', 'summary.json', 'system-events.csv', 'timeseries.csv']);
    const header = readFileSync(join(v, 'timeseries.csv'), 'utf8').split('\n')[0];
    expect(header).toBe(
      'time,utilization_cpu,utilization_memory,queued,running,submitted,started,ended,nodes,nodes_up,nodes_ready,capacity_lost_cpu,capacity_lost_memory,cost,replicas,replicas_ready,requests,requests_failed,requests_dropped,latency,slo_violations,replicas_web,ready_web',
    );
    const events = readFileSync(join(v, 'system-events.csv'), 'utf8').split('\n');
    expect(events[0]).toBe('time,type,source,node,job,detail');
    expect(events.some((e) => e.startsWith('600,zone-outage,outage(a),,,'))).toBe(true);
    const summary = JSON.parse(readFileSync(join(v, 'summary.json'), 'utf8'));
    expect(Object.keys(summary)).toEqual(['scenario', 'scheduler', 'metrics', 'workload', 'cluster', 'run', 'dynamics']);
    expect(summary.scenario).toEqual({ name: 'tiny', variant: 'fast-eviction', description: 'a tiny scenario for the CLI tests', horizon: 3600 });
    const manifest = JSON.parse(readFileSync(join(v, 'manifest.json'), 'utf8'));
    expect(manifest.inputs.map((i: { file: string }) => i.file)).toEqual(['tiny.yaml', 'code.csv', 'machine_events.csv.gz']);
    // Same inputs, same bytes.
    const r2 = cli(['scenario', 'tiny.yaml', '--out', 'again'], dir);
    expect(r2.code).toBe(0);
    for (const f of ['summary.json', 'timeseries.csv', 'jobs.csv', 'system-events.csv']) {
      expect(readFileSync(join(dir, 'again', 'slow-eviction', f), 'utf8')).toBe(readFileSync(join(dir, 'out', 'slow-eviction', f), 'utf8'));
    }
    const comparison = readFileSync(join(dir, 'out', 'comparison.csv'), 'utf8').split('\n');
    expect(comparison[0]!.startsWith('variant,node_availability,node_failures,mttr_observed_s')).toBe(true);
    expect(comparison).toHaveLength(4);
  });

  it('exits 2 naming the file, line, column, field and value of a bad scenario, or an unknown variant', () => {
    const dir = setup();
    writeFileSync(join(dir, 'bad.yaml'), SCENARIO.replace('capacity: 20', 'capacity: fast'));
    const r = cli(['scenario', 'bad.yaml'], dir);
    expect(r.code).toBe(2);
    const line = SCENARIO.split('\n').findIndex((l) => l.includes('capacity: 20')) + 1;
    const column = SCENARIO.split('\n')[line - 1]!.indexOf('capacity') + 1;
    expect(r.stderr).toMatch(new RegExp(`^clusterlab: error: bad\\.yaml:${line}:${column}: .*\\(field services\\[0\\]\\.capacity, value "fast"\\)\n$`));
    const v = cli(['scenario', 'tiny.yaml', '--variant', 'medium'], dir);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(/no variant "medium" in tiny\.yaml; variants: fast-eviction, slow-eviction/);
    const missing = cli(['scenario', 'nope.yaml'], dir);
    expect(missing.code).toBe(2);
  });
});
