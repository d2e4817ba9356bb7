/**
 * A batch of images as one PNG grid (pngjs): model space [-1, 1] maps to 0..255, one channel is
 * grey, three are RGB (any other count shows channel 0 in grey). Written through a temp file
 * and a rename, so a reader never sees half a PNG.
 */
import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { PNG } from 'pngjs';

export interface ImageBatch {
  readonly data: Float32Array; // NCHW
  readonly batch: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

const GAP = 2;

const byte = (v: number) => Math.round(((Math.min(1, Math.max(-1, v)) + 1) / 2) * 255);

/** The grid's PNG bytes: `columns` wide (default near-square, ceil(sqrt(batch))), `scale`x nearest-neighbour. */
export function gridPng(b: ImageBatch, scale = 1, columns?: number): Buffer {
  const cols = Math.min(columns ?? Math.ceil(Math.sqrt(b.batch)), b.batch);
  const rows = Math.ceil(b.batch / cols);
  const cw = b.width * scale;
  const ch = b.height * scale;
  const width = cols * cw + (cols + 1) * GAP;
  const height = rows * ch + (rows + 1) * GAP;
  const png = new PNG({ width, height });
  png.data.fill(0);
  for (let i = 3; i < png.data.length; i += 4) png.data[i] = 255;
  const plane = b.height * b.width;
  const rgb = b.channels === 3;
  for (let n = 0; n < b.batch; n++) {
    const x0 = GAP + (n % cols) * (cw + GAP);
    const y0 = GAP + Math.floor(n / cols) * (ch + GAP);
    const base = n * b.channels * plane;
    for (let y = 0; y < ch; y++)
      for (let x = 0; x < cw; x++) {
        const p = Math.floor(y / scale) * b.width + Math.floor(x / scale);
        const o = ((y0 + y) * width + x0 + x) * 4;
        const r = byte(b.data[base + p]!);
        png.data[o] = r;
        png.data[o + 1] = rgb ? byte(b.data[base + plane + p]!) : r;
        png.data[o + 2] = rgb ? byte(b.data[base + 2 * plane + p]!) : r;
      }
  }
  return PNG.sync.write(png, { colorType: rgb ? 2 : 0 });
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
