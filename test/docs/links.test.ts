/**
 * Every relative link and anchor in README.md and docs/ resolves: the file or
 * folder exists, and an anchor names a heading of its page (GitHub's slugs:
 * lower case, punctuation but - and _ dropped, spaces to -).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function slug(title: string): string {
  return title
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
}

/** Lines outside fenced code blocks. */
function prose(text: string): { line: string; n: number }[] {
  const out: { line: string; n: number }[] = [];
  let code = false;
  text.split('\n').forEach((line, i) => {
    if (line.startsWith('```')) code = !code;
    else if (!code) out.push({ line: line.replace(/`[^`]*`/g, ''), n: i + 1 });
  });
  return out;
}

function anchorsOf(file: string): Set<string> {
  const set = new Set<string>();
  for (const { line } of prose(readFileSync(file, 'utf8'))) {
    const m = /^#{1,6} (.+)$/.exec(line);
    if (m) set.add(slug(m[1]!));
  }
  return set;
}

export function brokenLinks(files: readonly string[]): string[] {
  const broken: string[] = [];
  const anchors = new Map<string, Set<string>>();
  const anchorSet = (f: string) => anchors.get(f) ?? anchors.set(f, anchorsOf(f)).get(f)!;
  for (const file of files) {
    for (const { line, n } of prose(readFileSync(file, 'utf8'))) {
      for (const m of line.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
        const [path, anchor] = target.split('#', 2) as [string, string | undefined];
        const where = `${file.slice(REPO.length + 1)}:${n}: ${target}`;
        const dest = path === '' ? file : resolve(dirname(file), decodeURI(path));
        if (!existsSync(dest)) {
          broken.push(`${where} (no such file)`);
          continue;
        }
        if (anchor !== undefined && dest.endsWith('.md') && !anchorSet(dest).has(anchor)) broken.push(`${where} (no such heading)`);
      }
    }
  }
  return broken;
}

describe('the docs', () => {
  const docs = existsSync(join(REPO, 'docs')) ? readdirSync(join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => join(REPO, 'docs', f)) : [];
  const files = [join(REPO, 'README.md'), ...docs];

  it('have no broken relative link or anchor', () => {
    expect(brokenLinks(files)).toEqual([]);
  });

  it('would report a broken link (the check can fail)', () => {
    // A page that links to a missing file and a missing heading, and to one of its own headings.
    const fake = join(REPO, 'test', 'docs', 'broken.fixture.md');
    expect(brokenLinks([fake])).toEqual([
      'test/docs/broken.fixture.md:3: nowhere.md (no such file)',
      'test/docs/broken.fixture.md:4: #no-such-heading (no such heading)',
    ]);
  });

  it('slug headings as GitHub does', () => {
    expect(slug('Gangs, quotas and fairness')).toBe('gangs-quotas-and-fairness');
    expect(slug('The Lublin–Feitelson model')).toBe('the-lublinfeitelson-model');
    expect(slug('`clusterlab plot`: figures')).toBe('clusterlab-plot-figures');
  });
});
