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

/** An input of a single run (`simulate`): also the path as the user gave it (relative when given so). */
export interface RunInputRecord extends InputRecord {
  path: string;
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

/**
 * Every file a run read, each once per role, in the order read: role, name,
 * path as given (never made absolute: a manifest written from a relative
 * path holds no host path), size and sha256.
 */
export async function describeInputs(files: readonly { role: string; path: string }[]): Promise<RunInputRecord[]> {
  const seen = new Set<string>();
  const out: RunInputRecord[] = [];
  for (const { role, path } of files) {
    const key = `${role}\0${path}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const { file, bytes, sha256 } = await describeInput(role, path);
    out.push({ role, file, path, bytes, sha256 });
  }
  return out;
}
