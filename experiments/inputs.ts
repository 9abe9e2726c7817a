/** Describing input files for manifests: name, size and sha256 (Node). */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';

export interface InputRecord {
  role: string;
  /** The file name without its directory, so the manifest does not depend on where the file lives. */
  file: string;
  bytes: number;
  sha256: string;
}

export async function describeInput(role: string, path: string): Promise<InputRecord> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { role, file: basename(path), bytes, sha256: hash.digest('hex') };
}
