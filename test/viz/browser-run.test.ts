/**
 * What the browser runs, checked on Node against the CLI's own code path: every
 * bundled trace format read from blobs through web streams (gzip through
 * DecompressionStream) gives the CLI's workload, every node list the CLI's
 * cluster; a run gives summary.json with the same bytes and jobs.csv with the
 * same hash, on an SWF log and on the openb pods with their node list and a
 * fill, against `clusterlab simulate` itself.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { clusterFor, loadCluster, loadWorkload } from '../../experiments/run/load.ts';
import { simulateToFiles } from '../../experiments/run/run-files.ts';
import { fillOption, parseSeeds, procsOption } from '../../viz/app/run-form.ts';
import { clusterOf, readClusterFiles, readTraceFiles, type TraceFile } from '../../viz/worker/read-trace.ts';
import { optionsOf, simulateRun } from '../../viz/worker/simulate-run.ts';
import { runCli } from './cli-results.ts';

const S = 'traces/samples/';
const SDSC = `${S}SDSC-SP2-1998-conv3-first4961jobs.swf.gz`;
const file = (path: string): TraceFile => ({ name: basename(path), blob: new Blob([readFileSync(path)]) });

/** 40,000 lines from the middle of the Google task_events part (the whole part takes seconds to read twice; its first lines are all submits). */
function googleTasks(): string {
  const dir = mkdtempSync(join(tmpdir(), 'browser-google-'));
  const path = join(dir, 'google-2011-task_events-part-00000-of-00500.csv');
  const lines = gunzipSync(readFileSync(`${S}google-2011-task_events-part-00000-of-00500.csv.gz`)).toString('utf8').split('\n');
  writeFileSync(path, `${lines.slice(300_000, 340_000).join('\n')}\n`);
  return path;
}

describe('traces read in the browser', () => {
  // One trace of every format the samples hold, as `clusterlab trace info` reads them.
  const traces: [string, string[]][] = [
    ['swf (gzip)', [SDSC]],
    ['google-2011 (two tables, one gzip)', [`${S}google-2011-machine_events-part-00000-of-00001.csv.gz`, googleTasks()]],
    ['alibaba-2017 (gzip)', [`${S}alibaba-2017-batch_task.csv.gz`]],
    ['azure-llm', [`${S}AzureLLMInferenceTrace_code.csv`]],
    ['openb pods', [`${S}openb_pod_list_default.csv`]],
    ['kubernetes manifests', readdirSync(`${S}kubernetes/fgd-test-cluster`, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name)).sort()],
  ];
  for (const [what, paths] of traces) {
    it(`give the CLI's workload: ${what}`, async () => {
      const browser = await readTraceFiles(paths.map(file));
      const cli = await loadWorkload(paths);
      expect(browser.source.format).toBe(cli.source.format);
      expect(browser.jobs).toEqual(cli.jobs);
      expect(browser.dropped).toEqual(cli.dropped);
      expect(browser.repaired).toEqual(cli.repaired);
      expect(browser.cluster).toEqual(cli.cluster);
      expect(browser.jobs.length).toBeGreaterThan(0);
    }, 60_000);
  }

  const clusters = [`${S}openb_node_list_gpu_node.csv`, `${S}pai_machine_spec.csv`, `${S}philly_cluster_machine_list.csv`, `${S}alibaba-2018-machine_meta.csv`];
  for (const path of clusters) {
    it(`give the CLI's cluster: ${basename(path)}`, async () => {
      const browser = await readClusterFiles([file(path)]);
      expect(browser).toEqual(await loadCluster(path));
      expect(browser.nodes.length).toBeGreaterThan(0);
    });
  }

  it("give the CLI's workload for a CSV read through its mapping (both files chosen)", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'browser-mapping-'));
    writeFileSync(join(dir, 'jobs.csv'), 'name,t,dur,cores\na,0,100,2\nb,5,50,1\nc,9,,1\n');
    writeFileSync(join(dir, 'mapping.yaml'), 'file: jobs.csv\ncolumns: { id: name, submit: t, runtime: dur }\nrequest: { cpu: cores }\n');
    const paths = [join(dir, 'mapping.yaml'), join(dir, 'jobs.csv')];
    const browser = await readTraceFiles(paths.map(file));
    const cli = await loadWorkload(paths[0]!);
    expect(browser.jobs).toEqual(cli.jobs);
    expect(browser.dropped).toEqual(cli.dropped);
    expect(browser.jobs.map((j) => j.id)).toEqual(['a', 'b']);
    await expect(readTraceFiles([file(paths[0]!)])).rejects.toThrow(/choose that file too/);
  });

  it('say what they cannot read, naming the file', async () => {
    await expect(readTraceFiles([{ name: 'notes.txt', blob: new Blob(['hello\nworld\n']) }])).rejects.toThrow(/notes\.txt.*unknown trace format/);
    await expect(readTraceFiles([file(SDSC), file(`${S}openb_pod_list_default.csv`)])).rejects.toThrow(/different formats/);
    await expect(readClusterFiles([file(`${S}AzureLLMInferenceTrace_code.csv`)])).rejects.toThrow(/no nodes in this azure-llm file/);
    await expect(readTraceFiles([{ name: 'cut.swf.gz', blob: new Blob([readFileSync(SDSC).subarray(0, 5000)]) }])).rejects.toThrow(/cut\.swf\.gz.*truncated or corrupt gzip/);
  });
});

describe('runs in the browser', () => {
  it('give summary.json with the CLI bytes and jobs.csv with its hash (SWF)', async () => {
    const bytes = readFileSync(SDSC);
    const spec = { id: 'x', queue: 'sjf', backfill: 'conservative', placement: 'best-fit', seed: 3 };
    const workload = await readTraceFiles([{ name: 'SDSC.swf.gz', blob: new Blob([bytes]) }]);
    const fractions: number[] = [];
    const run = await simulateRun(workload, clusterOf(workload), spec, { inputs: [], reader: {}, version: '0' }, (f) => fractions.push(f));
    const dir = mkdtempSync(join(tmpdir(), 'browser-eq-'));
    const cliWorkload = await loadWorkload(SDSC);
    simulateToFiles(cliWorkload, clusterFor(cliWorkload), optionsOf(spec), dir, {});
    expect(run.files['summary.json']).toBe(readFileSync(join(dir, 'summary.json'), 'utf8'));
    expect(run.files['timeseries.csv']).toBe(readFileSync(join(dir, 'timeseries.csv'), 'utf8'));
    expect(run.jobsSha256).toBe(createHash('sha256').update(readFileSync(join(dir, 'jobs.csv'))).digest('hex'));
    expect(run.run.variant).toBe('sjf+conservative+best-fit');
    expect(run.run.jobs!.count).toBe(cliWorkload.jobs.length);
    expect(fractions.length).toBeGreaterThan(10);
    expect(fractions.at(-1)).toBe(1);
  });

  it('give clusterlab simulate’s summary.json bytes on the openb pods with their node list, FGD placement and a fill', async () => {
    const pods = `${S}openb_pod_list_default.csv`;
    const nodes = `${S}openb_node_list_gpu_node.csv`;
    const dir = mkdtempSync(join(tmpdir(), 'browser-openb-'));
    runCli(['simulate', '-t', pods, '--cluster', nodes, '--placement', 'fgd', '--fill', '0.1', '--seed', '2', '--out', dir]);
    const workload = await readTraceFiles([file(pods)]);
    const cluster = clusterOf(workload, {}, await readClusterFiles([file(nodes)]));
    const spec = { id: 'x', queue: 'fcfs', backfill: 'easy', placement: 'fgd', seed: 2 };
    const run = await simulateRun(workload, cluster, spec, { inputs: [], reader: {}, transforms: fillOption('0.1'), version: '0' });
    const cli = readFileSync(join(dir, 'summary.json'), 'utf8');
    expect(run.files['summary.json']).toBe(cli);
    expect(JSON.parse(cli).gpu_allocation_at_demand).toBeDefined();
    expect(run.jobsSha256).toBe(createHash('sha256').update(readFileSync(join(dir, 'jobs.csv'))).digest('hex'));
  }, 60_000);

  it('parse the form: seed lists and ranges, processors, fill', () => {
    expect(parseSeeds('1-3, 7')).toEqual([1, 2, 3, 7]);
    expect(() => parseSeeds('x')).toThrow(/not a number/);
    expect(() => parseSeeds('')).toThrow(/at least one/);
    expect(procsOption('')).toEqual({});
    expect(procsOption('128')).toEqual({ machineProcs: 128 });
    expect(() => procsOption('1e3')).toThrow(/processors/);
    expect(fillOption('1.3')).toEqual([{ type: 'fill', multiple: 1.3, step: 1 }]);
    expect(() => fillOption('0')).toThrow(/fill/);
  });
});
