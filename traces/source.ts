/**
 * Opens a trace file on Node as a stream of text chunks. gzip is detected by
 * its magic bytes (1f 8b), not by the file name. Errors name the file: a
 * missing file, a truncated or corrupt gzip stream.
 */
import { createReadStream } from 'node:fs';
import { fsReason } from '../sim/fs-errors.ts';
import { open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { InputError } from '../sim/errors.ts';

export async function isGzip(path: string): Promise<boolean> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    throw new InputError(`cannot open: ${fsReason(err)}`, { file: path });
  }
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/** Text chunks of a plain or gzip file, decoded as UTF-8 (invalid bytes become U+FFFD). */
export async function* readTextChunks(path: string): AsyncGenerator<string> {
  const gz = await isGzip(path);
  const raw = createReadStream(path, { highWaterMark: 1 << 16 });
  const stream = gz ? raw.pipe(createGunzip()) : raw;
  if (gz) raw.on('error', (err) => stream.destroy(err));
  const decoder = new TextDecoder('utf-8');
  try {
    for await (const chunk of stream) yield decoder.decode(chunk as Buffer, { stream: true });
    const tail = decoder.decode();
    if (tail) yield tail;
  } catch (err) {
    if (err instanceof InputError) throw err;
    const e = err as NodeJS.ErrnoException;
    if (gz && (e.code?.startsWith('Z_') || /unexpected end|incorrect header|invalid/i.test(e.message))) {
      throw new InputError(`truncated or corrupt gzip data: ${e.message}`, { file: path });
    }
    throw new InputError(`cannot read: ${fsReason(e)}`, { file: path });
  } finally {
    raw.destroy();
  }
}
