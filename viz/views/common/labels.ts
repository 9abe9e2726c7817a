/**
 * Direct labels at the end of lines, moved apart vertically so that none
 * overlap (a simple one-dimensional dodge), so a reader needs no colour legend.
 */
import type { G } from './svg.ts';

export interface LabelItem {
  y: number;
  text: string;
  color: string;
  series: string;
}

export function directLabels(g: G, items: readonly LabelItem[], x: number, top: number, bottom: number, gap = 13): void {
  const sorted = [...items].sort((a, b) => a.y - b.y).map((it) => ({ ...it, at: it.y }));
  for (let i = 1; i < sorted.length; i++) sorted[i]!.at = Math.max(sorted[i]!.at, sorted[i - 1]!.at + gap);
  const overflow = sorted.length ? sorted[sorted.length - 1]!.at - bottom : 0;
  if (overflow > 0) for (const s of sorted) s.at -= overflow;
  for (let i = 0; i < sorted.length; i++) sorted[i]!.at = Math.max(sorted[i]!.at, top + i * gap);
  const labels = g.append('g').attr('class', 'direct-labels');
  for (const s of sorted) {
    labels
      .append('text')
      .attr('x', x + 6)
      .attr('y', s.at)
      .attr('dy', '0.32em')
      .attr('fill', s.color)
      .attr('font-weight', 600)
      .attr('data-label', s.series)
      .text(s.text);
  }
}
