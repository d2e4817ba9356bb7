/** Reading and writing .safetensors files in Node (the parser itself is browser-safe). */
import { randomBytes } from 'node:crypto';
import { unlinkSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { onInterrupt } from './cleanup.js';
import { fsError } from './fs-errors.js';
import { readUserFile } from './paths.js';
import {
  type NamedTensor,
  parseSafetensors,
  type Safetensors,
  safetensorsHeader,
  tensorBytesLE,
} from '../../runtime/format/safetensors.js';

export async function readSafetensorsFile(
  path: string,
  label: string = path,
): Promise<Safetensors> {
  const buffer = await readUserFile(label, path, 'a .safetensors file');
  return parseSafetensors(
    new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
    label,
  );
}

export async function writeSafetensorsFile(
  path: string,
  tensors: readonly NamedTensor[],
  metadata?: Record<string, string>,
  label: string = path,
): Promise<void> {
  // Header first (it checks every tensor), then each tensor's bytes straight from its array: an
  // SD-sized file is 3.4 GB, which a whole-file buffer would hold a second time.
  const header = safetensorsHeader(tensors, metadata);
  // Same directory so rename is atomic; readers never see a half-written file.
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  const unregister = onInterrupt(() => unlinkSync(temp));
  try {
    const handle = await open(temp, 'wx');
    try {
      // A handle's writeFile writes on from the current position.
      await handle.writeFile(header);
      for (const t of tensors) await handle.writeFile(tensorBytesLE(t.data));
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw fsError(e, label, 'cannot write');
  } finally {
    unregister();
  }
}
