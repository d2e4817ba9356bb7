/**
 * Samples to pixels, the same in a page, a worker, Node and the CLI: model space [-1, 1] maps to
 * 0..255, one channel is grey, three are RGB (any other count shows channel 0 in grey), NCHW.
 * encodePNG needs nothing but CompressionStream (browsers, workers, Node 18+). Keep this file
 * free of imports: its declarations are copied into every bundle's model.d.mts.
 */

/** RGBA bytes, row-major: `new ImageData(image.data, image.width, image.height)` in a browser. */
export interface RGBAImage {
  readonly data: Uint8ClampedArray;
  readonly width: number;
  readonly height: number;
}

export interface ToRGBAOptions {
  /** One image of the batch, without a border (default: all, as a near-square grid). */
  readonly index?: number;
  /** Pixels per sample pixel, nearest-neighbour (default 1). */
  readonly scale?: number;
  /** Grid columns (default ceil(sqrt(images))). */
  readonly columns?: number;
  /** Black pixels between and around the grid's images (default 2). */
  readonly gap?: number;
}

const byte = (v: number) => Math.round(((Math.min(1, Math.max(-1, v)) + 1) / 2) * 255);

/**
 * The images in `samples` (NCHW, any count of images of `shape`'s C, H, W; `shape` is NCHW as in
 * INPUTS.x, or CHW) as RGBA pixels.
 */
export function toRGBA(
  samples: Float32Array,
  shape: readonly number[],
  options: ToRGBAOptions = {},
): RGBAImage {
  const [c, h, w] = shape.slice(-3) as [number, number, number];
  const plane = h * w;
  if (shape.length < 3 || !(c > 0 && plane > 0) || samples.length % (c * plane) !== 0)
    throw new RangeError(
      `toRGBA: ${samples.length} values are not whole images of shape [${shape.join(',')}]`,
    );
  const count = samples.length / (c * plane);
  const { index, scale = 1 } = options;
  if (index !== undefined && !(Number.isInteger(index) && index >= 0 && index < count))
    throw new RangeError(`toRGBA: index ${index} is not one of the ${count} image(s)`);
  const list = index === undefined ? [...Array(count).keys()] : [index];
  const gap = index === undefined ? (options.gap ?? 2) : 0;
  const cols = Math.min(list.length, options.columns ?? Math.ceil(Math.sqrt(list.length)));
  const rows = Math.ceil(list.length / cols);
  const cw = w * scale;
  const ch = h * scale;
  const width = cols * cw + (cols + 1) * gap;
  const height = rows * ch + (rows + 1) * gap;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  const rgb = c === 3;
  list.forEach((n, k) => {
    const x0 = gap + (k % cols) * (cw + gap);
    const y0 = gap + Math.floor(k / cols) * (ch + gap);
    const base = n * c * plane;
    for (let y = 0; y < ch; y++)
      for (let x = 0; x < cw; x++) {
        const p = Math.floor(y / scale) * w + Math.floor(x / scale);
        const o = ((y0 + y) * width + x0 + x) * 4;
        const r = byte(samples[base + p]!);
        data[o] = r;
        data[o + 1] = rgb ? byte(samples[base + plane + p]!) : r;
        data[o + 2] = rgb ? byte(samples[base + 2 * plane + p]!) : r;
      }
  });
  return { data, width, height };
}

let crcTable: Uint32Array | undefined;
function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      crcTable[n] = c >>> 0;
    }
  }
  let c = 0xffffffff;
  for (const b of bytes) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A chunk: length, type, data, CRC of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** zlib-wrapped deflate (CompressionStream's 'deflate' is RFC 1950, what PNG's IDAT holds). */
async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>])
    .stream()
    .pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** The bytes of a PNG file (8-bit RGBA) of an image from toRGBA (or an ImageData). */
export async function encodePNG(image: RGBAImage): Promise<Uint8Array> {
  const { width, height, data } = image;
  if (data.length !== width * height * 4)
    throw new RangeError(`encodePNG: ${data.length} bytes are not ${width}x${height} RGBA pixels`);
  // Each row: filter type 0 (none), then its pixels.
  const raw = new Uint8Array(height * (width * 4 + 1));
  for (let y = 0; y < height; y++)
    raw.set(data.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8); // depth 8, RGBA, deflate, filter 0, no interlace
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', await deflate(raw)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
