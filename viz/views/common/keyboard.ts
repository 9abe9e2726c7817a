/**
 * Reading a chart from the keyboard: with the chart focused, ← → (or ↑ ↓)
 * step through its marks and show each one's title (the same text as the
 * hover tooltip) in the tooltip; Escape hides it. The time charts have their
 * own reading by time (time-chart.ts).
 */
import type { Frame } from './svg.ts';
import { tooltip } from './tooltip.ts';

export function keyboardReading(f: Frame, selector = '[data-series] title'): void {
  const tip = tooltip(f);
  let at = -1;
  f.svg.on('keydown.read', (event: KeyboardEvent) => {
    const titles = [...f.svg.node()!.querySelectorAll(selector)];
    if (titles.length === 0) return;
    if (event.key === 'ArrowRight' || event.key === 'ArrowDown') at = (at + 1) % titles.length;
    else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') at = (at - 1 + titles.length) % titles.length;
    else if (event.key === 'Escape') return tip.hide();
    else return;
    event.preventDefault();
    tip.show(f.margin.left, f.margin.top - 8, `${at + 1}/${titles.length}: ${titles[at]!.textContent ?? ''}`.split('\n'));
  });
  f.svg.on('blur.read', () => tip.hide());
}
