/** Reading and writing .safetensors files in Node (the parser itself is browser-safe). */
import { randomBytes } from 'node:crypto';
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { KilnError } from './errors.js';
import {
  type NamedTensor,
  parseSafetensors,
  type Safetensors,
  serializeSafetensors,
} from './safetensors.js';

export async function readSafetensorsFile(
  path: string,
  label: string = path,
): Promise<Safetensors> {
  let buffer: Buffer;
  try {
    buffer = await readFile(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT')
      throw new KilnError('FILE_NOT_FOUND', `${label}: no such file: ${path}`);
    throw e;
  }
  return parseSafetensors(
    new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
    label,
  );
}

export async function writeSafetensorsFile(
  path: string,
  tensors: readonly NamedTensor[],
  metadata?: Record<string, string>,
): Promise<void> {
  const bytes = serializeSafetensors(tensors, metadata);
  // Same directory so rename is atomic; readers never see a half-written file.
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}
