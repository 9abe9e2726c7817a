/**
 * Writing a canonical workload file (workloads/canonical.ts) whole: staged
 * (staged-output.ts), then placed when complete, gzip-compressed when
 * the name ends in `.gz` (as `workload generate` writes them; every reader
 * detects gzip by its magic bytes). Streamed line by line, so memory holds
 * the workload, never its text or the compressed bytes.
 */
import { createWriteStream } from 'node:fs';
import { basename, dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { formatCanonical } from '../../workloads/canonical.ts';
import type { Workload } from '../../workloads/workload.ts';
import { checkOutFile } from './out-dir.ts';
import { StagedOutput } from './staged-output.ts';

/** True when `path` names a gzip file by the usual convention. */
export const isGzipName = (path: string) => /\.gz$/i.test(path);

export async function writeCanonicalFile(path: string, workload: Workload, flag = '--to'): Promise<void> {
  checkOutFile(path, flag);
  const stage = new StagedOutput(dirname(path), null);
  const writer = stage.writer(basename(path));
  try {
    // Lines are grouped into chunks of about 64 KiB: one stream write per line would dominate the cost.
    const chunks = Readable.from(chunked(formatCanonical(workload)), { objectMode: false });
    const file = createWriteStream('', { fd: writer.fd, autoClose: false });
    if (isGzipName(path)) await pipeline(chunks, createGzip(), file);
    else await pipeline(chunks, file);
    stage.commit();
  } catch (err) {
    stage.abort();
    throw err;
  }
}

function* chunked(lines: Iterable<string>): Generator<string> {
  let buffer = '';
  for (const line of lines) {
    buffer += line;
    if (buffer.length >= 1 << 16) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer) yield buffer;
}
