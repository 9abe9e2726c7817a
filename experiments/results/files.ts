/**
 * Writing result files whole: each file is written to a temporary name next to
 * it and renamed into place, so a reader (or a crash) never sees half a file.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { threadId } from 'node:worker_threads';

export function writeFileAtomic(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

/**
 * Like writeFileAtomic, for a file that several processes may write at once
 * (the manifest of a study whose shards share one directory): each writer has
 * its own temporary name, so they never write into the same temporary file.
 */
export function writeFileAtomicShared(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}-${threadId}-${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

/** Text and bytes written to an open file descriptor through a 64 KiB buffer. */
export class BufferedFileWriter {
  private buffer = '';

  constructor(readonly fd: number) {}

  write(text: string): void {
    this.buffer += text;
    if (this.buffer.length > 1 << 16) this.flush();
  }

  /** Bytes, after what write() buffered (a CsvEncoder's drain). */
  writeBytes(bytes: Uint8Array): void {
    this.flush();
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd, bytes, done);
  }

  flush(): void {
    if (this.buffer) writeSync(this.fd, this.buffer);
    this.buffer = '';
  }
}

/** A file written line by line through a buffer, renamed into place by `commit()`. */
export class AtomicLineWriter extends BufferedFileWriter {
  private readonly tmp: string;

  constructor(private readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    super(openSync(`${path}.tmp`, 'w'));
    this.tmp = `${path}.tmp`;
  }

  commit(): void {
    this.flush();
    closeSync(this.fd);
    renameSync(this.tmp, this.path);
  }

  abort(): void {
    try {
      closeSync(this.fd);
    } catch {
      // already closed
    }
    rmSync(this.tmp, { force: true });
  }
}

/** JSON with two-space indentation and a final newline, as every JSON result file is written. */
export function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
