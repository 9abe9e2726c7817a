/**
 * A tooltip drawn inside the SVG (so it works the same in the app, the gallery
 * and an exported file), shown on hover and on keyboard focus. Lines are set
 * with `.text()`.
 */
import type { Frame } from './svg.ts';
import { maxOf } from '../../../sim/arrays.ts';

export interface Tooltip {
  show(x: number, y: number, lines: readonly string[]): void;
  hide(): void;
}

export function tooltip(f: Frame): Tooltip {
  const g = f.svg.append('g').attr('class', 'tooltip').attr('pointer-events', 'none').attr('display', 'none').attr('aria-hidden', 'true');
  const box = g.append('rect').attr('rx', 3).attr('fill', '#ffffff').attr('fill-opacity', 0.95).attr('stroke', '#888');
  const text = g.append('text').attr('font-size', 11);
  return {
    show(x, y, lines) {
      text.selectAll('tspan').remove();
      lines.forEach((line, i) => text.append('tspan').attr('x', 6).attr('dy', i === 0 ? 14 : 14).text(line));
      const width = 12 + 6.2 * maxOf(lines.map((l) => l.length));
      const height = 8 + 14 * lines.length;
      box.attr('width', width).attr('height', height);
      // Keep the box inside the SVG.
      const left = Math.max(2, Math.min(f.width - width - 2, x + 12));
      const top = Math.max(2, Math.min(f.height - height - 2, y + 12));
      g.attr('transform', `translate(${left},${top})`).attr('display', null);
    },
    hide() {
      g.attr('display', 'none');
    },
  };
}
