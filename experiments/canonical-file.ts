/**
 * Writing a canonical workload file (workloads/canonical.ts) whole: to a
 * temporary name next to it, then renamed into place, gzip-compressed when
 * the name ends in `.gz` (as `workload generate` writes them; every reader
 * detects gzip by its magic bytes). Streamed line by line, so memory holds
 * the workload, never its text or the compressed bytes.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { formatCanonical } from '../workloads/canonical.ts';
import type { Workload } from '../workloads/workload.ts';

/** True when `path` names a gzip file by the usual convention. */
export const isGzipName = (path: string) => /\.gz$/i.test(path);

export async function writeCanonicalFile(path: string, workload: Workload): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  // Lines are grouped into chunks of about 64 KiB: one stream write per line would dominate the cost.
  const chunks = Readable.from(chunked(formatCanonical(workload)), { objectMode: false });
  const file = createWriteStream(tmp);
  try {
    if (isGzipName(path)) await pipeline(chunks, createGzip(), file);
    else await pipeline(chunks, file);
    await rename(tmp, path);
  } catch (err) {
    if (!file.closed) {
      file.destroy();
      await once(file, 'close').catch(() => {});
    }
    await rm(tmp, { force: true });
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
