/** runOne in-process: the files of `clusterlab simulate --out`, and a workload read once per worker. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../experiments/study/config-file.ts';
import { planRuns } from '../../experiments/study/plan.ts';
import { runOne, type RunSpec } from '../../experiments/study/run-one.ts';
import { runInputs } from '../../experiments/run/run-inputs.ts';
import { prepareStudy } from '../../experiments/study/study.ts';
import { cli, smallTrace, tmp, writeConfig, removeTemporaries } from './helpers.ts';

let dir: string;
let config: string;
beforeAll(() => {
  dir = tmp('run-one');
  smallTrace(dir, 300);
  config = writeConfig(dir, 'workload:\n  trace: kth-small.swf\nvariants:\n  - name: sjf-cons\n    queue: sjf\n    backfill: conservative\n    placement: best-fit\ngrid:\n  simulation.overrun: [cut]\nseeds: [7]\n');
});
afterAll(removeTemporaries);

describe('runOne', () => {
  it('writes jobs.csv, summary.json and timeseries.csv exactly as clusterlab simulate --out does', async () => {
    const { planned, specOf } = await prepareStudy(config);
    const spec = specOf(planned[0]!, join(dir, 'study'));
    const report = await runOne(spec);
    expect(report.run_id).toBe('sjf-cons.p0.s7');
    // 300 submissions, 300 ends, and 38 wake-ups conservative backfilling asks for at reservations
    expect(report.events).toBe(638);
    const simulated = join(dir, 'simulated');
    const r = cli(['simulate', '--trace', join(dir, 'kth-small.swf'), '--queue', 'sjf', '--backfill', 'conservative', '--placement', 'best-fit', '--overrun', 'cut', '--seed', '7', '--out', simulated]);
    expect(r.code, r.stderr).toBe(0);
    for (const f of ['jobs.csv', 'summary.json', 'timeseries.csv']) {
      expect(readFileSync(join(spec.run_dir, f)).equals(readFileSync(join(simulated, f))), f).toBe(true);
    }
    const a = JSON.parse(readFileSync(join(spec.run_dir, 'manifest.json'), 'utf8'));
    const b = JSON.parse(readFileSync(join(simulated, 'manifest.json'), 'utf8'));
    // simulate also records each input's path as given; a study's run keeps names only (its manifest must not depend on where it runs).
    expect(a.inputs).toEqual(b.inputs.map(({ path: _path, ...named }: { path: string }) => named));
    expect(a.options).toEqual(b.options);
    expect(a.seed).toBe(b.seed);
    expect(readdirSync(spec.run_dir).sort()).toEqual(['jobs.csv', 'manifest.json', 'nodes.csv', 'summary.json', 'timeseries.csv']);
  });

  const inputsOf = (spec: RunSpec) => runInputs({ workload: spec.settings.workload!, cluster: spec.settings.cluster, seed: spec.seed, baseDir: spec.base_dir, hashes: spec.hashes });

  it('reads a workload once and reuses it for the next runs', async () => {
    const { planned, specOf } = await prepareStudy(config);
    const spec = specOf(planned[0]!, join(dir, 'cache'));
    const first = (await inputsOf(spec)).workload;
    expect((await inputsOf({ ...spec, run_id: 'other', seed: 8 })).workload).toBe(first); // a trace replay does not depend on the seed
    const other = writeConfig(dir, readFileSync(config, 'utf8').replace('kth-small.swf', 'kth-other.swf'), 'other.yaml');
    smallTrace(dir, 100, 'kth-other.swf');
    const o = await prepareStudy(other);
    const w = (await inputsOf(o.specOf(o.planned[0]!, join(dir, 'cache2')))).workload;
    expect(w).not.toBe(first);
    expect(w.jobs).toHaveLength(100);
    expect(planRuns(loadConfigFile(other).config)).toHaveLength(1);
  });

  it('keeps the files the outputs ask for: events and decisions without jobs and time series', async () => {
    const c = writeConfig(dir, `${readFileSync(config, 'utf8')}outputs: { jobs: false, timeseries: false, events: true, decisions: true }\n`, 'outputs.yaml');
    const { planned, specOf } = await prepareStudy(c);
    const spec = specOf(planned[0]!, join(dir, 'outputs'));
    await runOne(spec);
    expect(readdirSync(spec.run_dir).sort()).toEqual(['decisions.jsonl', 'events.csv', 'manifest.json', 'summary.json']);
    const events = readFileSync(join(spec.run_dir, 'events.csv'), 'utf8').trim().split('\n');
    expect(events[0]).toBe('time,type,job,detail');
    expect(events.filter((l) => l.includes(',submit,'))).toHaveLength(300);
    expect(events.filter((l) => /,end,.*,(finished|killed)$/.test(l))).toHaveLength(300);
    expect(events.find((l) => l.includes(',start,'))).toMatch(/^\d+,start,\d+,n\d+x\d+( n\d+x\d+)*$/);
    expect(JSON.parse(readFileSync(join(spec.run_dir, 'manifest.json'), 'utf8')).files).toEqual(['summary.json', 'events.csv', 'decisions.jsonl', 'manifest.json']);
  });
});
