/**
 * Static checks of the browser code: text from files reaches the page only
 * through textContent / d3 `.text()` (no HTML sinks, no eval), and nothing the
 * browser bundles imports Node.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'dist' || e.name.startsWith('dist.') ? [] : files(p);
    return /\.(ts|html)$/.test(e.name) ? [p] : [];
  });
}

const SINKS = /innerHTML|outerHTML|\.html\(|insertAdjacentHTML|document\.write|\beval\(|new Function\b|setAttribute\(['"]on/;

describe('browser sources', () => {
  it('use no HTML sinks or eval', () => {
    const bad = files('viz').filter((f) => SINKS.test(readFileSync(f, 'utf8')));
    expect(bad).toEqual([]);
  });
  it('import nothing from Node in what the browser loads', () => {
    // viz/plot/ draws the views in Node for `clusterlab plot`; nothing the browser loads imports it (checked below).
    const browser = files('viz').filter((f) => !f.endsWith('vite.config.ts') && !f.startsWith('viz/plot/'));
    expect(browser.filter((f) => /from ['"](\.\.?\/)+plot\//.test(readFileSync(f, 'utf8')))).toEqual([]);
    const bad = browser.filter((f) => /from ['"](node:|fs['"]|path['"])|from ['"]\.\.\/(\.\.\/)?experiments\/(files|load|inputs|run-files|version)\.ts/.test(readFileSync(f, 'utf8')));
    expect(bad).toEqual([]);
  });
  it('set zod jitless before any schema is built, in every entry (no eval probe under the CSP)', () => {
    for (const entry of ['viz/app/main.ts', 'viz/gallery/main.ts', 'viz/worker/sim.worker.ts', 'viz/worker/load.worker.ts']) {
      const first = readFileSync(entry, 'utf8').match(/^import\s[^;]*;/m)![0];
      expect(first, entry).toBe("import '../zod-jitless.ts';");
    }
  });
  it('have no inline script or style in the HTML pages', () => {
    for (const page of ['viz/index.html', 'viz/gallery.html']) {
      const html = readFileSync(page, 'utf8');
      expect(html.match(/<script\b[^>]*>/g)!.every((tag) => /\bsrc=/.test(tag))).toBe(true);
      expect(html).not.toMatch(/<style\b|\sstyle=/);
    }
  });
});
