/**
 * The output discipline of every command that writes results (simulate,
 * scenario, default, trace convert, workload generate): nothing appears at the
 * output path until the command has finished, and then everything appears at
 * once; an error, Ctrl-C or SIGTERM before that leaves the output as it was and
 * no temporary file anywhere.
 *
 * How: every file is first written to a staging file that has no name
 * (O_TMPFILE; Linux keeps its bytes while the descriptor is open and frees
 * them when the process dies, however it dies), so a killed run leaves
 * nothing without having to catch the signal; a signal handler would wait for
 * the synchronous simulation to end, so Ctrl-C could not stop a long run.
 * `commit()` then checks and prepares the output directory (out-dir.ts),
 * copies each staged file to `<name>.tmp` beside its final name and renames it
 * into place, the manifest last; SIGINT and SIGTERM that come during those few
 * synchronous steps take effect right after them (`uninterrupted`). Where
 * /proc/self/fd is missing (not Linux) the staging file is a visible
 * `<name>.tmp` beside its final name, removed on error.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, constants, copyFileSync, existsSync, mkdirSync, openSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { BufferedFileWriter } from './files.ts';
import { claimOutDir, checkOutDir, type OutDirRule } from './out-dir.ts';

const PROC_FD = existsSync('/proc/self/fd');

/** A file written through a buffer to a staging descriptor. */
export class StagedWriter extends BufferedFileWriter {
  /** The visible temporary (no /proc/self/fd), or null when the staging file is unlinked. */
  private readonly visible: string | null;
  private closed = false;

  constructor(readonly path: string) {
    const visible = PROC_FD ? null : `${path}.tmp`;
    if (visible) mkdirSync(dirname(path), { recursive: true });
    super(visible ? openSync(visible, 'w') : anonymousFile(existingAncestor(dirname(path))));
    this.visible = visible;
  }

  /** Puts the bytes at `path`: copied to `<path>.tmp`, renamed (or the visible temporary renamed). */
  place(): void {
    this.flush();
    mkdirSync(dirname(this.path), { recursive: true });
    if (this.visible) {
      this.close();
      renameSync(this.visible, this.path);
      return;
    }
    const tmp = `${this.path}.tmp`;
    try {
      copyFileSync(`/proc/self/fd/${this.fd}`, tmp);
      renameSync(tmp, this.path);
    } catch (err) {
      rmSync(tmp, { force: true });
      throw err;
    } finally {
      this.close();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    if (this.visible && existsSync(this.visible)) rmSync(this.visible, { force: true });
  }
}

/**
 * The files one command writes under `root` (a directory, or the directory of
 * one output file), staged until `commit()`. Files are placed in the order
 * they were added, so the manifest added last is placed last.
 */
export class StagedOutput {
  private readonly entries: ({ path: string; writer: StagedWriter } | { path: string; content: string | Uint8Array })[] = [];

  /** `rule` null: `root` is not a results directory of its own (one output file, or a study's run directory). */
  constructor(
    readonly root: string,
    private readonly rule: OutDirRule | null,
  ) {
    // Refuse a directory the command may not replace before the (long) run, not after it.
    if (rule) checkOutDir(root, rule);
  }

  writer(relative: string): StagedWriter {
    const writer = new StagedWriter(join(this.root, relative));
    this.entries.push({ path: writer.path, writer });
    return writer;
  }

  text(relative: string, content: string | Uint8Array): void {
    this.entries.push({ path: join(this.root, relative), content });
  }

  /** Prepares the directory (replacing old results whole) and places every file, signals held off meanwhile. */
  commit(): void {
    uninterrupted(() => {
      if (this.rule) claimOutDir(this.root, this.rule);
      for (const e of this.entries) {
        if ('writer' in e) e.writer.place();
        else writeWhole(e.path, e.content);
      }
    });
    this.entries.length = 0;
  }

  /** Drops everything staged (an error before commit). */
  abort(): void {
    for (const e of this.entries) if ('writer' in e) e.writer.close();
    this.entries.length = 0;
  }
}

function writeWhole(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Runs `fn` (synchronous) with SIGINT and SIGTERM held: one that arrives
 * meanwhile is raised again once `fn` is done, so the process still stops, but
 * between two whole steps. Node dispatches a signal from its event loop, so
 * the listener stays a couple of loop turns after `fn` to receive it.
 */
export function uninterrupted<T>(fn: () => T): T {
  let caught: NodeJS.Signals | null = null;
  const hold = (signal: NodeJS.Signals) => {
    caught ??= signal;
  };
  process.on('SIGINT', hold);
  process.on('SIGTERM', hold);
  try {
    return fn();
  } finally {
    setImmediate(() =>
      setImmediate(() => {
        process.off('SIGINT', hold);
        process.off('SIGTERM', hold);
        if (caught) process.kill(process.pid, caught);
      }),
    );
  }
}

/**
 * Linux's O_TMPFILE (open(2)): a file with no name in `dir`, so there is no
 * moment at which a kill could leave one behind. Node has no constant for it;
 * its value is per architecture (O_DIRECTORY differs). Where it is missing or
 * the file system refuses it, a named file unlinked at once (a window of one
 * system call).
 */
const O_TMPFILE = process.platform === 'linux' ? (({ x64: 0o20200000, ia32: 0o20200000, arm64: 0o20040000 }) as Record<string, number>)[process.arch] : undefined;

function anonymousFile(dir: string): number {
  if (O_TMPFILE !== undefined) {
    try {
      return openSync(dir, O_TMPFILE | constants.O_RDWR, 0o666);
    } catch {
      // not supported here: fall back
    }
  }
  const tmp = join(dir, `.clusterlab-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  const fd = openSync(tmp, 'w+', 0o666);
  unlinkSync(tmp);
  return fd;
}

/** `dir` or its nearest existing ancestor (where a staging file can be made before `dir` exists). */
function existingAncestor(dir: string): string {
  let d = resolve(dir);
  for (;;) {
    try {
      if (statSync(d).isDirectory()) return d;
    } catch {
      // missing: look higher
    }
    const up = dirname(d);
    if (up === d) return d;
    d = up;
  }
}
