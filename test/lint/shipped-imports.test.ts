/**
 * Shipped code (what the package and the browser app are built from) imports
 * nothing from test/: tests depend on the code, never the reverse.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const SHIPPED = ['sim', 'schedulers', 'workloads', 'traces', 'experiments', 'viz', 'bin'];

function files(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) for (const f of files(path)) out.push(f);
    else if (/\.(ts|mts|js|mjs)$/.test(name)) out.push(path);
  }
  return out;
}

/** Import specifiers (static, dynamic, re-exports) that reach into test/. */
export function testImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) if (/(^|\/)test\//.test(m[1]!)) found.push(m[1]!);
  return found;
}

describe('shipped code', () => {
  it('imports nothing from test/', () => {
    const offenders = SHIPPED.flatMap((d) => files(d)).flatMap((f) => testImports(readFileSync(f, 'utf8')).map((s) => `${f}: ${s}`));
    expect(offenders).toEqual([]);
  });

  it('finds such an import where there is one', () => {
    expect(testImports("import { x } from '../../test/bench/synthetic.ts';\nconst y = await import('../test/helpers.ts');")).toEqual(['../../test/bench/synthetic.ts', '../test/helpers.ts']);
    expect(testImports("import { x } from '../latest/foo.ts';")).toEqual([]);
  });
});
