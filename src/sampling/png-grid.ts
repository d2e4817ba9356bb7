/**
 * A batch of images as one PNG grid, drawn by the code a bundle exports (runtime/image.ts:
 * toRGBA, encodePNG), so the CLI's pictures and a page's are the same pixels. Written through a
 * temp file and a rename, so a reader never sees half a PNG.
 */
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { encodePNG, toRGBA } from '../../runtime/image.js';

export interface ImageBatch {
  readonly data: Float32Array; // NCHW
  readonly batch: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

/** The grid's PNG bytes: `columns` wide (default near-square, ceil(sqrt(batch))), `scale`x nearest-neighbour. */
export function gridPng(b: ImageBatch, scale = 1, columns?: number): Promise<Uint8Array> {
  return encodePNG(
    toRGBA(b.data, [b.channels, b.height, b.width], { scale, ...(columns ? { columns } : {}) }),
  );
}

/** Writes bytes next to `path` and renames them into place. */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  const temp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`,
  );
  try {
    await writeFile(temp, bytes, { flag: 'wx' });
    await rename(temp, path);
  } catch (e) {
    await unlink(temp).catch(() => undefined);
    throw e;
  }
}
