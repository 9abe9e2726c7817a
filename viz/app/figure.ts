/**
 * A view in the page: a figure with its heading, option controls, export
 * buttons (SVG, PNG, CSV), the chart and the table alternative (the first rows,
 * all of them in the CSV). Every text goes in with textContent.
 */
import type { ResultsData } from '../data/model.ts';
import { num } from '../views/common/format.ts';
import type { TableData, View, ViewOptions } from '../views/view.ts';
import { exportCsv, exportPng, exportSvg } from './export.ts';

const TABLE_ROWS = 200;

export interface Control {
  label: string;
  values: string[];
  selected: string[];
  multiple?: boolean;
  onChange(values: string[]): void;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  return e;
}

export function renderTable(table: TableData): HTMLElement {
  const wrap = el('div');
  const t = el('table');
  const head = t.createTHead().insertRow();
  for (const c of table.columns) head.append(el('th', c));
  const body = t.createTBody();
  for (const row of table.rows.slice(0, TABLE_ROWS)) {
    const tr = body.insertRow();
    for (const cell of row) tr.insertCell().textContent = typeof cell === 'number' ? (Number.isNaN(cell) ? '' : num(cell, 6)) : (cell ?? '');
  }
  wrap.append(t);
  if (table.rows.length > TABLE_ROWS) wrap.append(el('p', `first ${num(TABLE_ROWS)} of ${num(table.rows.length)} rows; the CSV export has them all (at full precision)`));
  wrap.lastElementChild?.classList.add('note');
  return wrap;
}

export function renderFigure<O extends ViewOptions>(view: View<O>, data: ResultsData, options: O, controls: Control[] = []): HTMLElement {
  const fig = el('figure');
  fig.className = 'view';
  fig.id = `view-${view.id}`;
  fig.dataset.view = view.id;
  const cap = el('figcaption');
  const h = el('h2', view.title);
  cap.append(h);
  for (const c of controls) {
    const label = el('label', `${c.label} `);
    const select = el('select');
    select.multiple = Boolean(c.multiple);
    if (c.multiple) select.size = Math.min(4, c.values.length);
    for (const v of c.values) {
      const o = el('option', v);
      o.value = v;
      o.selected = c.selected.includes(v);
      select.append(o);
    }
    select.addEventListener('change', () => c.onChange([...select.selectedOptions].map((o) => o.value)));
    label.append(select);
    cap.append(label);
  }
  const chart = el('div');
  chart.className = 'chart';
  let svg: SVGSVGElement;
  try {
    const start = performance.now();
    svg = view.render(data, options);
    performance.measure(`render ${view.id}`, { start, end: performance.now() });
  } catch (err) {
    fig.append(cap, el('p', `This view could not be drawn: ${(err as Error).message}`));
    return fig;
  }
  chart.append(svg);
  const name = `clusterlab-${view.id}`;
  const button = (text: string, action: () => void) => {
    const b = el('button', text);
    b.type = 'button';
    b.addEventListener('click', action);
    cap.append(b);
  };
  button('SVG', () => exportSvg(svg, name));
  button('PNG', () => void exportPng(svg, name));
  button('CSV', () => exportCsv(view.table(data, options), name));
  const details = el('details');
  details.append(el('summary', 'Data as a table'));
  // Built when opened: tables of 10^5 jobs cost time nobody asked for.
  details.addEventListener('toggle', () => {
    if (details.open && details.children.length === 1) details.append(renderTable(view.table(data, options)));
  });
  fig.append(cap, chart, details);
  return fig;
}
