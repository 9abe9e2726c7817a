/** Loading results directories: a study, a single run, several runs; tolerant of extra columns. */
import { describe, expect, it } from 'vitest';
import { toJson as cliToJson } from '../../experiments/results/files.ts';
import { parseCsv } from '../../viz/data/csv.ts';
import { toJson } from '../../viz/data/json.ts';
import { loadJobs, loadResults } from '../../viz/data/load.ts';
import { memorySource } from '../../viz/data/memory-source.ts';
import { SMALL_STUDY, variantName } from '../../viz/gallery/fixture.ts';
import { fixtureFiles } from './fixture.ts';

describe('csv', () => {
  it('reads quotes, doubled quotes, CRLF, a BOM and short rows', () => {
    const t = parseCsv('\uFEFFa,b,c\r\n1,"x,""y""",\r\n2,<b>hi</b>\n');
    expect(t.columns).toEqual(['a', 'b', 'c']);
    expect(t.rowCount).toBe(2);
    expect(t.text('b')).toEqual(['x,"y"', '<b>hi</b>']);
    expect([...t.num('a')!]).toEqual([1, 2]);
    expect(t.num('c')![0]).toBeNaN();
  });
  it('never reads empty or hexadecimal cells as numbers', () => {
    const t = parseCsv('x\n\n0x10\n1e3\n');
    expect([...t.num('x')!].map(String)).toEqual(['NaN', '1000']);
  });
});

describe('loading results', () => {
  it('writes JSON exactly as the CLI does', () => {
    const value = { a: [1, 2.5, null], b: { c: 'x<y>' } };
    expect(toJson(value)).toBe(cliToJson(value));
  });

  it('recognises a study by its runs.csv, with grid parameters and flattened metrics', async () => {
    const files = fixtureFiles();
    const data = await loadResults(memorySource(files, 'some/dir/'));
    expect(data.kind).toBe('study');
    expect(data.title).toBe('fixture study');
    const runs = SMALL_STUDY.loads.length * SMALL_STUDY.seeds.length * SMALL_STUDY.variants.length;
    expect(data.runs).toHaveLength(runs);
    expect(data.variants).toEqual(SMALL_STUDY.variants.map(variantName));
    expect(data.baseline).toBe(variantName(SMALL_STUDY.variants[0]!));
    expect(data.params).toEqual(['load']);
    expect(data.metrics).toContain('utilization_cpu');
    expect(data.metrics).toContain('mean_wait');
    const r = data.runs[0]!;
    expect(r.dir).toBe('some/dir/runs/r000/');
    // runs.csv metrics agree with the run's own summary.json.
    const summary = JSON.parse(files.get('runs/r000/summary.json')!);
    expect(r.metrics.mean_wait).toBe(summary.metrics.mean_wait);
    expect(r.metrics.utilization_cpu).toBe(summary.metrics.utilization.cpu);
    expect(r.timeseries!.names[0]).toBe('utilization_cpu');
    expect(r.jobs).toBeNull();
    const jobs = (await loadJobs(memorySource(files, 'some/dir/'), r))!;
    expect(jobs.count).toBe(summary.metrics.jobs_submitted);
    expect(jobs.nodes).not.toBeNull();
  });

  it('reads a single simulate directory and names the variant after its scheduler', async () => {
    const files = fixtureFiles();
    const single = new Map<string, string>();
    for (const f of ['jobs.csv', 'timeseries.csv', 'summary.json']) single.set(`kth-easy/${f}`, files.get(`runs/r001/${f}`)!);
    single.set('kth-easy/manifest.json', JSON.stringify({ seed: 7 }));
    const data = await loadResults(memorySource(single));
    expect(data.kind).toBe('run');
    expect(data.runs[0]!.id).toBe('kth-easy');
    expect(data.runs[0]!.seed).toBe(7);
    expect(data.variants).toEqual(['sjf+easy+first-fit']);
  });

  it('reads several run directories side by side (clusterlab default)', async () => {
    const files = fixtureFiles();
    const m = new Map<string, string>();
    for (const id of ['r000', 'r001']) for (const f of ['timeseries.csv', 'summary.json']) m.set(`results/${id}/${f}`, files.get(`runs/${id}/${f}`)!);
    m.set('results/comparison.csv', 'variant\nx\n');
    const data = await loadResults(memorySource(m));
    expect(data.kind).toBe('runs');
    expect(data.runs.map((r) => r.variant)).toEqual(['fcfs+easy+first-fit', 'sjf+easy+first-fit']);
  });

  it('keeps unknown columns out of the way and reports missing results', async () => {
    const m = new Map([['runs.csv', 'run_id,variant,seed,status,mean_wait,new_metric,notes\na,v1,1,ok,5,7,hello\nb,v2,1,failed,,,\n']]);
    const data = await loadResults(memorySource(m));
    expect(data.runs[0]!.metrics).toEqual({ mean_wait: 5, new_metric: 7 });
    expect(data.runs[1]!.status).toBe('failed');
    await expect(loadResults(memorySource(new Map([['x.txt', '']])))).rejects.toThrow(/no results found/);
  });
});

describe('csv round trip', () => {
  it('reads back what the CLI writes, whatever the fields hold, with or without column projection', async () => {
    const fc = (await import('fast-check')).default;
    const { csvRow } = await import('../../experiments/results/csv.ts');
    const field = fc.oneof(fc.string(), fc.constantFrom('', ',', '"', '\n', '\r\n', 'a"b', '<b>x</b>', '-0', '+7', '1e3', '0x10', '.5', '12345678901234567'), fc.integer().map(String), fc.double().map(String));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(fc.array(field, { minLength: 5, maxLength: 5 }), { maxLength: 8 }), (width, rows) => {
        const header = Array.from({ length: width }, (_, i) => `c${i}`);
        const body = rows.map((r) => r.slice(0, width)).filter((r) => !(width === 1 && r[0] === ''));
        const text = csvRow(header) + body.map((r) => csvRow(r)).join('');
        const t = parseCsv(text);
        expect(t.columns).toEqual(header);
        header.forEach((c, k) => expect(t.text(c)).toEqual(body.map((r) => r[k])));
        const numbers = parseCsv(text, undefined, header);
        header.forEach((c) => expect([...numbers.num(c)!].map(String)).toEqual([...t.num(c)!].map(String)));
        const only = parseCsv(text, [header[width - 1]!]);
        expect(only.columns).toEqual([header[width - 1]]);
        expect(only.text(header[width - 1]!)).toEqual(body.map((r) => r[width - 1]));
      }),
    );
  });
});
