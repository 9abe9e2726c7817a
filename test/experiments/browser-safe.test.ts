/** The modules the browser app imports (results schema, statistics, comparison) pull in nothing from Node. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every module reachable from `entry` by static imports (with `valuesOnly`, not through `import type`), with the bare specifiers it uses. */
function reachable(entry: string, valuesOnly = false): { files: string[]; bare: Set<string> } {
  const files: string[] = [];
  const bare = new Set<string>();
  const todo = [entry];
  while (todo.length) {
    const file = todo.pop()!;
    if (files.includes(file)) continue;
    files.push(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      if (valuesOnly && /^\s*(import|export)\s+type\s/.test(m[0])) continue; // erased when compiled
      const spec = m[1]!;
      if (spec.startsWith('.')) todo.push(join(dirname(file), spec));
      else bare.add(spec);
    }
  }
  return { files, bare };
}

describe('browser-safe modules', () => {
  for (const entry of ['experiments/results/results-schema.ts', 'experiments/results/statistics.ts', 'experiments/results/summarize.ts', 'experiments/study/compare.ts']) {
    it(`${entry} imports only zod`, () => {
      const { bare, files } = reachable(entry);
      expect([...bare].filter((s) => s !== 'zod'), files.join(', ')).toEqual([]);
    });
  }

  it("experiments/api/browser.ts ('clusterlab/browser') reaches no node: module", () => {
    const { bare, files } = reachable('experiments/api/browser.ts', true);
    expect(files).toContain('viz/worker/read-trace.ts');
    expect([...bare].filter((s) => s.startsWith('node:'))).toEqual([]);
  });
});
