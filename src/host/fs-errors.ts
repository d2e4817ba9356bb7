/**
 * The one place an operating-system error becomes a user-facing line. Every read and write of a
 * path the user gave goes through here, so a directory where a file was expected, a read-only or
 * pseudo file system, or a full disk is reported as `<flag> <path>: <problem>`, never as a stack
 * trace. Errors that are not OS errors are returned unchanged (they are bugs).
 */
import { isKilnError, KilnError, type KilnErrorCode } from '../../runtime/errors.js';

const PHRASES: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EEXIST: 'already exists',
  ENOTEMPTY: 'directory not empty',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  EBUSY: 'device or resource busy',
  EXDEV: 'on another file system',
  EINVAL: 'invalid argument for this file system',
  EFBIG: 'file too large',
  ETXTBSY: 'text file busy',
};

export interface OsError {
  readonly code: string;
  readonly syscall?: string;
  readonly path?: string;
  readonly message: string;
}

export function isOsError(e: unknown): e is OsError {
  const code = (e as { code?: unknown } | null)?.code;
  return e instanceof Error && typeof code === 'string' && /^E[A-Z0-9]+$/.test(code);
}

/** `permission denied`, `no such file or directory`, ...: the problem in words. */
export function osProblem(e: OsError): string {
  return PHRASES[e.code] ?? `${e.code} (${e.message.split('\n')[0]})`;
}

/**
 * `place` names what the user typed (`--weights w.safetensors`); the line is
 * `<place>: <problem>`, with `detail` (e.g. `cannot write in /sys`) before the problem.
 */
export function fsError(
  e: unknown,
  place: string,
  detail?: string,
  code: KilnErrorCode = 'FILE_ERROR',
): unknown {
  if (isKilnError(e) || !isOsError(e)) return e;
  return new KilnError(code, `${place}: ${detail ? `${detail}: ` : ''}${osProblem(e)}`);
}
