/**
 * Node's file-system errors in words. A failed open or write reaches the user
 * as `cannot open: no such file or directory`, never as the errno code alone
 * (`ENOENT`) nor as a stack trace: every place that reports an fs error goes
 * through `fsReason`, and the CLI turns a stray one into a one-line input error.
 */
import { InputError } from './errors.ts';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EEXIST: 'already exists',
  ENOTEMPTY: 'directory not empty',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many levels of symbolic links',
  EBUSY: 'resource busy',
  EXDEV: 'cannot move across file systems',
  EINVAL: 'invalid argument',
  EADDRNOTAVAIL: 'address not available on this host',
  ENOTFOUND: 'host not found',
};

/** The errno code of `err` when it is one of Node's system errors, else null. */
export function errnoCode(err: unknown): string | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : null;
}

/** `err` in words: the known errno codes as a phrase, anything else as its message. */
export function fsReason(err: unknown): string {
  const code = errnoCode(err);
  if (code) return REASONS[code] ?? code.toLowerCase();
  return err instanceof Error ? err.message : String(err);
}

/**
 * An fs error that escaped to the CLI as an InputError naming the path: `mkdir`,
 * `rename`... become `out/x: cannot create: already exists` style lines.
 */
export function fsInputError(err: NodeJS.ErrnoException): InputError {
  const action = ACTIONS[err.syscall ?? ''] ?? 'cannot use';
  const dest = (err as { dest?: string }).dest;
  const file = dest ? `${err.path} -> ${dest}` : err.path;
  return new InputError(`${action}: ${fsReason(err)}`, file ? { file } : {});
}

const ACTIONS: Readonly<Record<string, string>> = {
  open: 'cannot open',
  read: 'cannot read',
  write: 'cannot write',
  mkdir: 'cannot create the directory',
  rename: 'cannot move into place',
  scandir: 'cannot list the directory',
  stat: 'cannot find',
  lstat: 'cannot find',
  unlink: 'cannot remove',
  rmdir: 'cannot remove',
  rm: 'cannot remove',
  copyfile: 'cannot copy',
};
