/** Exports of a chart: the SVG file, a PNG at twice its size, and its data as CSV. */
import { csvRow } from '../../experiments/results/csv.ts';
import type { TableData } from '../views/view.ts';

export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function svgText(svg: SVGSVGElement): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
}

export function csvText(table: TableData): string {
  return csvRow(table.columns) + table.rows.map((r) => csvRow(r)).join('');
}

export function exportSvg(svg: SVGSVGElement, name: string): void {
  download(new Blob([svgText(svg)], { type: 'image/svg+xml' }), `${name}.svg`);
}

export function exportCsv(table: TableData, name: string): void {
  download(new Blob([csvText(table)], { type: 'text/csv' }), `${name}.csv`);
}

export async function exportPng(svg: SVGSVGElement, name: string): Promise<void> {
  const [, , w, h] = (svg.getAttribute('viewBox') ?? '0 0 800 400').split(' ').map(Number);
  const url = URL.createObjectURL(new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = 2 * w!;
    canvas.height = 2 * h!;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0, w!, h!);
    const blob = await new Promise<Blob | null>((done) => canvas.toBlob(done, 'image/png'));
    if (blob) download(blob, `${name}.png`);
  } finally {
    URL.revokeObjectURL(url);
  }
}
