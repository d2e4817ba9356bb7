/**
 * Paths the user typed, read and written safely. Every command checks its outputs here before
 * doing any work (so a bad --output is found before a forward pass, not after), reads its inputs
 * here, and creates directories here. Rules that close whole classes of failure:
 * - only regular files are read, and only as many bytes as stat reports (a FIFO, a device or a
 *   /proc file that never ends cannot hang Kiln);
 * - directories are created one level at a time (Node's recursive mkdir loops forever under
 *   /proc);
 * - writability is proven by creating and removing a probe file, since permission bits say
 *   nothing to root and nothing about read-only or pseudo file systems;
 * - every OS error becomes one line naming the flag and path (fs-errors.ts).
 */
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, open, rmdir, stat, unlink } from 'node:fs/promises';
import { constants as bufferConstants } from 'node:buffer';
import { type Stats, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { onInterrupt } from './cleanup.js';
import { KilnError, type KilnErrorCode } from '../../runtime/errors.js';
import { fsError, isOsError } from './fs-errors.js';

/** stat, or null when nothing is there (a missing entry, or a file where a directory was). */
async function statOrNull(path: string, place: string): Promise<Stats | null> {
  try {
    return await stat(path);
  } catch (e) {
    if (isOsError(e) && (e.code === 'ENOENT' || e.code === 'ENOTDIR')) return null;
    throw fsError(e, place, `cannot look at ${path}`);
  }
}

/** The deepest existing ancestor of `path` (as typed), which must be a directory. */
async function existingAncestor(path: string, place: string): Promise<string> {
  let p = path;
  for (;;) {
    const up = dirname(p);
    if (up === p) return p;
    p = up;
    const s = await statOrNull(p, place);
    if (s) {
      if (!s.isDirectory()) throw new KilnError('FILE_ERROR', `${place}: ${p} is not a directory`);
      return p;
    }
  }
}

/** Proves that files can be created in `dir` by creating one and removing it. */
async function probeWritable(dir: string, place: string): Promise<void> {
  const probe = join(dir, `.kiln-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  const unregister = onInterrupt(() => unlinkSync(probe));
  try {
    const h = await open(probe, 'wx');
    await h.close();
    await unlink(probe);
  } catch (e) {
    throw fsError(e, place, `cannot write in ${dir}`);
  } finally {
    unregister();
  }
}

/** A file about to be written (`--output`, `init --out`): its directory exists and is writable. */
export async function preflightOutputFile(place: string, path: string): Promise<void> {
  const s = await statOrNull(path, place);
  if (s?.isDirectory())
    throw new KilnError('FILE_ERROR', `${place}: is a directory, expected a file to write`);
  // Replacing a device or a FIFO by rename would destroy it (as root, even /dev/null).
  if (s && !s.isFile())
    throw new KilnError('FILE_ERROR', `${place}: is not a regular file; refusing to replace it`);
  const parent = dirname(path);
  const ps = await statOrNull(parent, place);
  if (!ps) {
    await existingAncestor(parent, place); // names a file in the way, if there is one
    throw new KilnError('FILE_NOT_FOUND', `${place}: directory ${parent} does not exist`);
  }
  if (!ps.isDirectory())
    throw new KilnError('FILE_ERROR', `${place}: ${parent} is not a directory`);
  await probeWritable(parent, place);
}

/**
 * A directory about to be written. 'replace': it will be swapped in whole by rename (a bundle),
 * so its parent must be writable; `canReplace` says why an existing one may not be replaced.
 * 'fill': files go into it (IR dumps).
 */
export async function preflightOutputDir(
  place: string,
  path: string,
  mode: 'replace' | 'fill',
  canReplace?: (dir: string) => Promise<string | null>,
): Promise<void> {
  const s = await statOrNull(path, place);
  if (s && !s.isDirectory())
    throw new KilnError('FILE_EXISTS', `${place}: exists and is not a directory`);
  // Replacing swaps the directory entry itself: through a link, it would be the user's link.
  if (s && mode === 'replace' && (await lstat(path)).isSymbolicLink())
    throw new KilnError(
      'FILE_EXISTS',
      `${place}: is a symbolic link; give the directory it points to, or another path`,
    );
  if (s && mode === 'replace' && canReplace) {
    const why = await canReplace(path);
    if (why) throw new KilnError('FILE_EXISTS', `${place}: ${why}; refusing to replace it`);
  }
  if (s && mode === 'fill') return probeWritable(path, place);
  const parent = s ? dirname(path) : await existingAncestor(path, place);
  await probeWritable(parent, place);
}

/**
 * Creates `dir` and its missing parents, one level at a time. Returns the directories it made,
 * outermost first (also pushed to `made` as they are made, for an undo registered beforehand),
 * so a failed or interrupted command can remove exactly those.
 */
export async function makeDirs(dir: string, place: string, made: string[] = []): Promise<string[]> {
  const missing: string[] = [];
  let p = dir;
  for (;;) {
    const s = await statOrNull(p, place);
    if (s) {
      if (!s.isDirectory()) throw new KilnError('FILE_ERROR', `${place}: ${p} is not a directory`);
      break;
    }
    missing.unshift(p);
    const up = dirname(p);
    if (up === p) break;
    p = up;
  }
  for (const d of missing) {
    try {
      await mkdir(d);
      made.push(d);
    } catch (e) {
      if (isOsError(e) && e.code === 'EEXIST' && (await statOrNull(d, place))?.isDirectory())
        continue; // made by a concurrent writer
      await removeDirs(made);
      throw fsError(e, place, `cannot create directory ${d}`);
    }
  }
  return made;
}

/** Removes directories made by makeDirs, innermost first, only while they are empty. */
export async function removeDirs(made: readonly string[]): Promise<void> {
  for (const d of [...made].reverse()) await rmdir(d).catch(() => undefined);
}

/** Bytes per read() of readUserFile. */
const READ_CHUNK = 2 ** 30;

/**
 * Reads a file the user named: a regular file, at most as many bytes as stat reports. `what`
 * says what was expected (`a .safetensors file`) for the directory case.
 */
export async function readUserFile(
  place: string,
  path: string,
  what: string,
  code: KilnErrorCode = 'FILE_ERROR',
): Promise<Buffer> {
  let s: Stats;
  try {
    s = await stat(path);
  } catch (e) {
    if (isOsError(e) && e.code === 'ENOENT')
      throw new KilnError('FILE_NOT_FOUND', `${place}: no such file: ${path}`);
    throw fsError(e, place, undefined, code);
  }
  if (s.isDirectory())
    throw new KilnError('FILE_ERROR', `${place}: is a directory, expected ${what}`);
  if (!s.isFile()) throw new KilnError('FILE_ERROR', `${place}: is not a regular file`);
  if (s.size > bufferConstants.MAX_LENGTH)
    throw new KilnError(
      'FILE_ERROR',
      `${place}: is ${(s.size / 2 ** 30).toFixed(1)} GiB, more than Node can hold in one buffer (${(bufferConstants.MAX_LENGTH / 2 ** 30).toFixed(0)} GiB)`,
    );
  let buf: Buffer;
  try {
    buf = Buffer.alloc(s.size);
  } catch {
    throw new KilnError(
      'FILE_ERROR',
      `${place}: not enough memory to read its ${(s.size / 2 ** 20).toFixed(0)} MiB`,
    );
  }
  try {
    const h = await open(path, 'r');
    try {
      let at = 0;
      while (at < s.size) {
        // At most 1 GiB per read: Node asserts (aborts the process) on a length past 2^31 - 1,
        // and an SD-sized weights file is 3.4 GB.
        const { bytesRead } = await h.read(buf, at, Math.min(s.size - at, READ_CHUNK), at);
        if (bytesRead === 0) break;
        at += bytesRead;
      }
      return at === s.size ? buf : buf.subarray(0, at);
    } finally {
      await h.close();
    }
  } catch (e) {
    throw fsError(e, place, undefined, code);
  }
}
