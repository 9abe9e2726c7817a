// @vitest-environment jsdom
/** The app's URL state and grid-point filter, and the page's figure (table alternative, controls) in jsdom. */
import { describe, expect, it } from 'vitest';
import { renderFigure, renderTable } from '../../viz/app/figure.ts';
import { hashOf, readUrlState } from '../../viz/app/url-state.ts';
import { atPoint, gridPoints, onePoint } from '../../viz/data/grid.ts';
import { stripView } from '../../viz/views/strip.ts';
import { loadFixture } from './fixture.ts';

describe('url state', () => {
  it('reads what it writes', () => {
    const state = readUrlState({ search: '?results=results/', hash: '' });
    expect(state.results).toBe('results/');
    Object.assign(state, { view: 'forest', metrics: ['mean_wait', 'makespan'], window: [10.4, 99.6], point: 'load=0.7', variants: ['fcfs+easy+first-fit', 'sjf+easy+best-fit'], seeds: '1-3' });
    const again = readUrlState({ search: '', hash: hashOf(state) });
    expect(again).toEqual({ ...state, results: null, window: [10, 100] });
  });
  it('ignores a malformed window', () => {
    expect(readUrlState({ search: '', hash: '#window=5,x' }).window).toBeNull();
    expect(readUrlState({ search: '', hash: '#window=9,3' }).window).toBeNull();
  });
});

describe('grid points', async () => {
  const data = await loadFixture(undefined, false);
  it('lists each grid point once and restricts runs to one', () => {
    expect(gridPoints(data)).toEqual(['load=0.7', 'load=0.9']);
    const at = atPoint(data, 'load=0.9');
    expect(at.runs.length).toBe(data.runs.length / 2);
    expect(at.runs.every((r) => r.params.load === '0.9')).toBe(true);
    expect(atPoint(data, 'load=5')).toBe(data);
  });
  it('shows one point at a time: the one asked for, else the first', () => {
    expect(onePoint(data, 'load=0.9').point).toBe('load=0.9');
    expect(onePoint(data, null).point).toBe('load=0.7');
    expect(onePoint(data, 'load=5').data.runs.every((r) => r.params.load === '0.7')).toBe(true);
  });
});

describe('figure', async () => {
  const data = await loadFixture(undefined, false);
  it('puts file text in table cells as text and offers exports and controls', () => {
    const table = renderTable({ columns: ['a', '<b>'], rows: [['<img src=x>', 1 / 3]] });
    expect(table.querySelector('th:nth-child(2)')!.textContent).toBe('<b>');
    expect(table.querySelector('td')!.textContent).toBe('<img src=x>');
    expect(table.querySelectorAll('img, b')).toHaveLength(0);
    expect(table.querySelectorAll('td')[1]!.textContent).toBe('0.333333');
    let chosen: string[] = [];
    const fig = renderFigure(stripView, data, {}, [{ label: 'metrics', values: data.metrics, selected: ['mean_wait'], multiple: true, onChange: (v) => (chosen = v) }]);
    expect([...fig.querySelectorAll('button')].map((b) => b.textContent)).toEqual(['SVG', 'PNG', 'CSV']);
    const select = fig.querySelector('select')!;
    select.options[0]!.selected = true;
    select.dispatchEvent(new Event('change'));
    expect(chosen).toContain(data.metrics[0]);
    const details = fig.querySelector('details')!;
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
    expect(details.querySelectorAll('tbody tr').length).toBe(Math.min(200, (data.runs.length / 2) * 6));
  });
});
