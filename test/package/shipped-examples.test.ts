/**
 * The examples the docs point to travel with the package, and so does every
 * file they name (a trace, a scheduler configuration, a scenario): an example
 * that names a file the tarball lacks fails for whoever installed it. Checked
 * against package.json's `files` without packing (test/package/pack.test.ts
 * installs the tarball and runs a few of them).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '../..');
const files: string[] = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).files;

/** Example studies left out of the package, each for the size of the log it replays. */
const NOT_SHIPPED: Record<string, string> = {
  'experiments/examples/ctc-sp2.yaml': 'CTC SP2 log, 1.5 MB',
  'experiments/examples/hpc2n.yaml': 'HPC2N log, 3 MB',
};

function shipped(path: string): boolean {
  return files.some((entry) => {
    if (entry.endsWith('/')) return path.startsWith(entry);
    if (entry.includes('*')) {
      const [head, tail] = entry.split('*') as [string, string];
      return path.startsWith(head) && path.endsWith(tail) && !path.slice(head.length).includes('/');
    }
    return path === entry;
  });
}

function examples(dir: string): string[] {
  return readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(ya?ml|json)$/.test(name))
    .map((name) => join(dir, name).replaceAll('\\', '/'));
}

/** Every string value in the document that names an existing file, relative to the document. */
function namedFiles(example: string): string[] {
  const text = readFileSync(join(root, example), 'utf8');
  const doc: unknown = example.endsWith('.json') ? JSON.parse(text) : parse(text);
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') {
      const target = resolve(root, dirname(example), value);
      if (/^\.{0,2}\/|\.(swf|gz|csv|ya?ml|json)$/.test(value) && isFile(target)) {
        found.push(relative(root, target).replaceAll('\\', '/'));
      }
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(doc);
  return found;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const all = [
  ...examples('experiments/examples'),
  ...examples('experiments/scenario/examples'),
  ...examples('workloads/examples'),
];

describe('examples in the package', () => {
  it('ships every example study, scenario and workload, except the few listed with a reason', () => {
    const missing = all.filter((example) => !shipped(example) && !(example in NOT_SHIPPED));
    expect(missing).toEqual([]);
    for (const example of Object.keys(NOT_SHIPPED)) expect(all).toContain(example);
  });

  it('ships every file a shipped example names', () => {
    const names = all.filter(shipped).flatMap((example) => namedFiles(example).map((file) => `${example} -> ${file}`));
    expect(names.length).toBeGreaterThan(5);
    expect(names.filter((line) => !shipped(line.split(' -> ')[1]!))).toEqual([]);
  });
});
