/**
 * The one rule for a results directory given to --out (simulate, scenario,
 * default, run): it is created when missing; used when empty; replaced whole
 * (every old file removed) when it holds results of the same command; any
 * other content is refused, unless --force, which replaces it whole too. A
 * file where the directory should be is refused. What a directory holds is
 * read from its manifests: `command` in manifest.json (simulate, scenario,
 * default), a study manifest (run), or subdirectories that each hold one (the
 * variants of scenario and default, beside comparison.csv).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '../../sim/errors.ts';
import { fsReason } from '../../sim/fs-errors.ts';

export interface OutDirRule {
  /** The command writing (`simulate`, `scenario`, `default`, `run`). */
  command: string;
  /** Replace whatever the directory holds. */
  force?: boolean;
  /** The flag that named the directory, for messages (default --out). */
  flag?: string;
}

/** Files a command writes beside its variant directories. */
const BESIDE_VARIANTS = new Set(['comparison.csv', 'comparison.txt']);

/** Throws a UsageError when `dir` may not receive the command's results; changes nothing. */
export function checkOutDir(dir: string, rule: OutDirRule): void {
  const flag = rule.flag ?? '--out';
  let stat;
  try {
    stat = statSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return; // created at commit
    throw new UsageError(`${dir}: cannot use as ${flag}: ${fsReason(err)}`);
  }
  if (!stat.isDirectory()) throw new UsageError(`${dir}: is a file; ${flag} names a directory`);
  if (rule.force) return;
  const holds = resultsOf(dir);
  if (holds === null || holds === rule.command) return;
  throw new UsageError(
    `${dir} holds ${holds === 'other' ? 'files that are not clusterlab results' : `results of clusterlab ${holds}`}; choose another ${flag}, or pass --force to replace its content`,
  );
}

/** After checkOutDir: creates `dir`, or empties it (old results are replaced whole, never mixed with new ones). */
export function claimOutDir(dir: string, rule: OutDirRule): void {
  checkOutDir(dir, rule);
  try {
    mkdirSync(dir, { recursive: true });
    for (const name of readdirSync(dir)) rmSync(join(dir, name), { recursive: true, force: true });
  } catch (err) {
    throw new UsageError(`${dir}: cannot prepare ${rule.flag ?? '--out'}: ${fsReason(err)}`);
  }
}

/**
 * What `dir` holds: null when nothing (or only temporaries), the command
 * whose results they are, or 'other'.
 */
export function resultsOf(dir: string): string | null {
  const names = readdirSync(dir).filter((n) => !n.endsWith('.tmp'));
  if (names.length === 0) return null;
  if (names.includes('manifest.json')) return manifestCommand(join(dir, 'manifest.json')) ?? 'other';
  let command: string | null = null;
  for (const name of names) {
    if (BESIDE_VARIANTS.has(name)) continue;
    const manifest = join(dir, name, 'manifest.json');
    const c = existsSync(manifest) ? manifestCommand(manifest) : null;
    // `clusterlab plot`'s figures/ beside the variants belong to these results.
    if (c === 'plot') continue;
    if (c === null || (command !== null && c !== command)) return 'other';
    command = c;
  }
  return command ?? 'other';
}

function manifestCommand(path: string): string | null {
  try {
    const m = JSON.parse(readFileSync(path, 'utf8')) as { command?: unknown; format?: unknown; study_sha256?: unknown };
    if (typeof m.command === 'string') return m.command;
    if (typeof m.study_sha256 === 'string') return 'run';
    return null;
  } catch {
    return null;
  }
}

/** Throws a UsageError when `path`, an output file, names a directory (or would have to be inside a file). */
export function checkOutFile(path: string, flag: string): void {
  if (/[/\\]$/.test(path)) throw new UsageError(`${path}: names a directory; ${flag} names a file`);
  let dir = dirname(path);
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`${path}: is a directory; ${flag} names a file`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    if ((err as NodeJS.ErrnoException).code !== 'ENOTDIR' && (err as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`${path}: cannot use as ${flag}: ${fsReason(err)}`);
  }
  // The nearest existing ancestor must be a directory: `a.txt/b.jsonl` cannot be made.
  for (;;) {
    if (existsSync(dir)) {
      if (!statSync(dir).isDirectory()) throw new UsageError(`${path}: cannot be written: ${dir} is a file`);
      return;
    }
    const up = dirname(dir);
    if (up === dir) return;
    dir = up;
  }
}
