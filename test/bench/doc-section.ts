/**
 * The bench writes its latest figures into docs/performance.md itself: each
 * generated section sits between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`
 * and is replaced whole, so the page holds the last run and no dated logs.
 */
import { readFileSync, writeFileSync } from 'node:fs';

export function replaceDocSection(path: string, name: string, markdown: string): void {
  const text = readFileSync(path, 'utf8');
  const open = `<!-- bench:${name} -->`;
  const close = `<!-- /bench:${name} -->`;
  const a = text.indexOf(open);
  const b = text.indexOf(close);
  if (a < 0 || b < a) throw new Error(`${path}: no ${open} ... ${close} section to replace`);
  writeFileSync(path, `${text.slice(0, a + open.length)}\n${markdown.trim()}\n${text.slice(b)}`);
}
