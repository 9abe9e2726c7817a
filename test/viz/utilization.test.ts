// @vitest-environment jsdom
/** The utilization view on a small study: one line and band per variant, values that match the runs' files. */
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../viz/data/csv.ts';
import { utilizationView } from '../../viz/views/utilization.ts';
import { all, EXTENDED, expectAccessibleFrame, fixtureFiles, loadFixture, seriesByPanel } from './fixture.ts';

describe('utilization view', async () => {
  const data = await loadFixture(undefined, false);
  const svg = utilizationView.render(data, { width: 700 });

  it('draws one line with a 95% band per variant, labelled directly', () => {
    expectAccessibleFrame(svg, expect);
    expect(svg.getAttribute('data-view')).toBe('utilization');
    expect(seriesByPanel(svg).get('utilization_cpu')).toEqual(data.variants);
    expect(all(svg, '.series path.line')).toHaveLength(3);
    expect(all(svg, '.series path.band')).toHaveLength(3);
    for (const p of all(svg, 'path.line')) expect(p.getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+L/);
    expect(all(svg, '[data-label]').map((t) => t.textContent)).toEqual(expect.arrayContaining(data.variants));
    expect(all(svg, '.x-axis .tick').length).toBeGreaterThan(2);
    expect(svg.textContent).toMatch(/simulated time \((days|hours)/);
  });

  it('has a table whose means are the means over the seeds of one grid point of the runs files, with their t interval', async () => {
    const table = utilizationView.table(data);
    expect(table.columns).toEqual(['series', 'variant', 'time_s', 'runs', 'mean', 'ci95_lo', 'ci95_hi']);
    // Recompute one bucket from the raw timeseries.csv files of the baseline's runs.
    const files = fixtureFiles();
    const ids = data.runs.filter((r) => r.variant === data.baseline && r.params.load === '0.7').map((r) => r.id);
    expect(ids).toHaveLength(3);
    const series = ids.map((id) => parseCsv(files.get(`runs/${id}/timeseries.csv`)!));
    const t = series[0]!.num('time')![3]!;
    const values = series.map((s) => s.num('utilization_cpu')![[...s.num('time')!].indexOf(t)]!).filter((v) => v !== undefined);
    const row = table.rows.find((r) => r[1] === data.baseline && r[2] === t)!;
    expect(row[3]).toBe(values.length);
    expect(row[4]).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 12);
    expect(Number(row[5])).toBeLessThanOrEqual(Number(row[4]));
    const { estimate } = await import('../../experiments/results/statistics.ts');
    expect(row[5]).toBe(estimate(values).ci_low);
    for (const r of table.rows) expect(Number(r[4])).toBeGreaterThanOrEqual(0);
  });

  it('annotates failures, detections, recoveries, scale events and rollouts when runs have events', async () => {
    const ext = await loadFixture(EXTENDED, false);
    const svg2 = utilizationView.render(ext);
    const cats = new Set(all(svg2, '.event').map((e) => e.getAttribute('data-category')));
    expect([...cats].sort()).toEqual(['detection', 'drift', 'failure', 'recovery', 'rollout', 'scale']);
    expect(all(svg, '.event')).toHaveLength(0);
  });

  it('offers a brush when asked, showing the selected window', () => {
    const withBrush = utilizationView.render(data, { onBrush: () => {}, selection: [0, 20000] });
    const sel = withBrush.querySelector('[data-brush] .selection')!;
    expect(Number(sel.getAttribute('width'))).toBeGreaterThan(0);
  });
});
