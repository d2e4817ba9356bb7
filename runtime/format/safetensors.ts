/**
 * Our own safetensors reader/writer: an 8-byte little-endian header length, a JSON header, then one
 * contiguous data section. Parsing is strict (the format demands contiguity) so that a truncated or
 * hand-edited file fails here, naming the tensor, instead of producing garbage on the GPU.
 * Browser-safe (a bundle's model.mjs uses it): file I/O lives in safetensors-file.ts.
 */
import { KilnError } from '../errors.js';

export type Dtype = 'F64' | 'F32' | 'F16' | 'BF16' | 'I64' | 'I32' | 'I16' | 'I8' | 'U8' | 'BOOL';
export interface TensorEntry {
  readonly name: string;
  readonly dtype: Dtype;
  readonly shape: readonly number[];
  /** A view into the file buffer, not a copy. */
  readonly bytes: Uint8Array;
}
export interface Safetensors {
  /** Ordered by data offset: JSON.parse moves integer-like keys first, so header order is lost. */
  readonly tensors: ReadonlyMap<string, TensorEntry>;
  readonly metadata: Readonly<Record<string, string>>;
}
export interface NamedTensor {
  readonly name: string;
  readonly shape: readonly number[];
  /** F32 values, or F16 bit patterns (a Uint16Array) written as dtype F16. */
  readonly data: Float32Array | Uint16Array;
}
export interface ExpectedTensor {
  readonly name: string;
  readonly shape: readonly number[];
}

const DTYPE_SIZE: Readonly<Record<Dtype, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1,
};
const FLOAT_DTYPES: ReadonlySet<Dtype> = new Set(['F32', 'F16', 'BF16', 'F64']);
// Same cap as the reference implementation; stops a corrupt length from allocating gigabytes.
const MAX_HEADER_BYTES = 100_000_000;
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function fail(source: string, what: string): never {
  throw new KilnError('SAFETENSORS_INVALID', `${source}: ${what}`);
}
export const formatShape = (shape: readonly number[]): string => `[${shape.join(',')}]`;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** One tensor's place in the data section, from the header alone. */
export interface TensorSpan {
  readonly name: string;
  readonly dtype: Dtype;
  readonly shape: readonly number[];
  /** Byte offsets relative to the start of the data section. */
  readonly begin: number;
  readonly end: number;
}
export interface SafetensorsHeader {
  /** Ordered by data offset, contiguous from 0 (JSON.parse moves integer-like keys first). */
  readonly spans: readonly TensorSpan[];
  readonly metadata: Readonly<Record<string, string>>;
  /** Where the data section starts in the file: 8 + header length. */
  readonly dataStart: number;
  /** What the header says the data section holds: the end of its last tensor. */
  readonly dataLength: number;
}

/**
 * The header length from a file's first 8 bytes. `fileLength`, when known, must leave room for
 * the header (a stream of unknown length is checked as it arrives).
 */
export function readHeaderLength(prefix: Uint8Array, source: string, fileLength?: number): number {
  if (prefix.length < 8)
    fail(source, `file is ${prefix.length} bytes, too short for the 8-byte header length`);
  const rawLength = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (rawLength === 0n) fail(source, 'header length is 0');
  if (rawLength > BigInt(MAX_HEADER_BYTES))
    fail(source, `header length ${rawLength} exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  const headerLength = Number(rawLength);
  if (fileLength !== undefined && headerLength > fileLength - 8) {
    fail(
      source,
      `header length ${headerLength} is larger than the ${fileLength - 8} bytes after the length prefix`,
    );
  }
  return headerLength;
}

const ENTRY_KEYS = ['data_offsets', 'dtype', 'shape'];

function hasExactlyEntryKeys(entry: object): boolean {
  const keys = Object.keys(entry);
  return keys.length === 3 && ENTRY_KEYS.every((k) => Object.hasOwn(entry, k));
}

/**
 * A tensor's size in bytes. BigInt, so that a shape like [2^40, 2^40] cannot silently lose
 * precision and "match"; plain numbers while the product stays exact (every real tensor), as a
 * BigInt per dimension made a header of a million tensors take seconds longer to read.
 */
function byteSize(shape: readonly number[], itemBytes: number): bigint {
  let n = itemBytes;
  for (const d of shape) {
    n *= d;
    if (!Number.isSafeInteger(n))
      return shape.reduce((b, dim) => b * BigInt(dim), BigInt(itemBytes));
  }
  return BigInt(n);
}

/**
 * Parses the JSON header. With `dataLength` (the bytes after the header, when known) every span
 * is checked to lie inside it and to cover it exactly; a stream checks its end as it reads.
 */
export function parseHeader(
  json: Uint8Array,
  source: string,
  dataLength?: number,
): SafetensorsHeader {
  let header: unknown;
  try {
    // ignoreBOM keeps a BOM in the text so JSON.parse rejects it, as other readers would.
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(json);
    header = JSON.parse(text);
  } catch {
    fail(source, 'header is not valid UTF-8 JSON');
  }
  if (!isPlainObject(header)) return fail(source, 'header is not a JSON object');
  // JSON.parse keeps the last of two equal keys: a file with two tensors of one name would load
  // one of them silently (or fail as a gap in the data section), so equal names are an error.
  // One list of the names, read by index below: Object.entries on top would build a pair per
  // tensor (a header of a million tensors: 1.9 s more, and its garbage).
  const names = Object.keys(header);
  const twice = duplicateTopLevelKey(json, names.length);
  if (twice !== undefined)
    fail(
      source,
      twice === '__metadata__'
        ? '__metadata__ appears twice in the header'
        : `tensor '${twice}' appears twice in the header`,
    );

  const metadata: Record<string, string> = {};
  const spans: TensorSpan[] = [];
  for (const name of names) {
    const entry = header[name];
    if (name === '__metadata__') {
      if (!isPlainObject(entry)) fail(source, '__metadata__ is not an object of string values');
      for (const [key, value] of Object.entries(entry as Record<string, unknown>)) {
        if (typeof value !== 'string')
          fail(source, `__metadata__ value for '${key}' is not a string`);
        metadata[key] = value as string;
      }
      continue;
    }
    const where = `tensor '${name}'`;
    if (!isPlainObject(entry) || !hasExactlyEntryKeys(entry)) {
      return fail(
        source,
        `${where}: entry is not an object with exactly the keys dtype, shape, data_offsets`,
      );
    }
    const { dtype, shape, data_offsets: offsets } = entry;
    if (typeof dtype !== 'string' || !Object.hasOwn(DTYPE_SIZE, dtype)) {
      fail(source, `${where}: unknown dtype ${JSON.stringify(dtype)}`);
    }
    if (!Array.isArray(shape) || !shape.every(isCount)) {
      fail(
        source,
        `${where}: shape ${JSON.stringify(shape)} is not an array of non-negative integers`,
      );
    }
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every(isCount) ||
      offsets[0] > offsets[1]
    ) {
      fail(
        source,
        `${where}: data_offsets ${JSON.stringify(offsets)} are not two non-negative integers [begin, end] with begin <= end`,
      );
    }
    const [begin, end] = offsets as [number, number];
    const dt = dtype as Dtype;
    const needed = byteSize(shape as number[], DTYPE_SIZE[dt]);
    if (needed !== BigInt(end - begin)) {
      fail(
        source,
        `${where}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes but ${dt} ${formatShape(shape as number[])} needs ${needed}`,
      );
    }
    if (dataLength !== undefined && end > dataLength) {
      fail(
        source,
        `${where}: data_offsets [${begin}, ${end}] run past the end of the data section (${dataLength} bytes)`,
      );
    }
    spans.push({ name, dtype: dt, shape: [...(shape as number[])], begin, end });
  }

  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous: TensorSpan | undefined;
  for (const s of spans) {
    if (previous && s.begin < cursor) {
      fail(
        source,
        `tensors '${previous.name}' and '${s.name}' overlap: data_offsets [${previous.begin}, ${previous.end}] and [${s.begin}, ${s.end}]`,
      );
    }
    if (s.begin > cursor) {
      fail(
        source,
        `data section bytes [${cursor}, ${s.begin}) before tensor '${s.name}' belong to no tensor (tensors must be contiguous)`,
      );
    }
    cursor = s.end;
    previous = s;
  }
  if (dataLength !== undefined && cursor < dataLength)
    fail(source, trailingBytes(cursor, dataLength));
  return { spans, metadata, dataStart: 8 + json.length, dataLength: cursor };
}

export const trailingBytes = (from: number, to: number): string =>
  `data section bytes [${from}, ${to}) at the end belong to no tensor (tensors must be contiguous)`;

export function parseSafetensors(bytes: Uint8Array, source: string): Safetensors {
  const headerLength = readHeaderLength(bytes, source, bytes.length);
  const dataStart = 8 + headerLength;
  const { spans, metadata } = parseHeader(
    bytes.subarray(8, dataStart),
    source,
    bytes.length - dataStart,
  );
  const tensors = new Map<string, TensorEntry>();
  for (const { name, dtype, shape, begin, end } of spans) {
    tensors.set(name, {
      name,
      dtype,
      shape,
      bytes: bytes.subarray(dataStart + begin, dataStart + end),
    });
  }
  return { tensors, metadata };
}

/**
 * The first key that appears twice in the top-level object of a header already known to be valid
 * JSON, of which JSON.parse kept `distinct` keys. When the text spells exactly that many keys none
 * repeats, and the scan decodes no key at all (a header of a million tensors would otherwise
 * decode a million strings into a set).
 */
function duplicateTopLevelKey(text: Uint8Array, distinct: number): string | undefined {
  let keys = 0;
  topLevelKeys(text, () => {
    keys++;
    return false;
  });
  if (keys === distinct) return undefined;
  const seen = new Set<string>();
  const decoder = new TextDecoder();
  let twice: string | undefined;
  topLevelKeys(text, (start, end) => {
    const key = JSON.parse(decoder.decode(text.subarray(start, end))) as string;
    if (seen.has(key)) twice = key;
    seen.add(key);
    return twice !== undefined;
  });
  return twice;
}

/**
 * Calls `key` with the byte span (quotes included) of each key of the top-level object, in order,
 * until it returns true. One linear scan: only strings and brackets matter.
 */
function topLevelKeys(text: Uint8Array, key: (start: number, end: number) => boolean): void {
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === 0x22) {
      let j = i + 1;
      while (text[j] !== 0x22) j += text[j] === 0x5c ? 2 : 1;
      if (depth === 1 && expectKey) {
        if (key(i, j + 1)) return;
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b || c === 0x5b) {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === 0x7d || c === 0x5d) depth--;
    else if (c === 0x2c && depth === 1) expectKey = true;
  }
}

/** Float tensors as F32. An aligned little-endian F32 tensor is returned as a view (no copy). */
export function toFloat32(t: TensorEntry, source: string): Float32Array {
  if (!FLOAT_DTYPES.has(t.dtype)) {
    throw new KilnError(
      'SAFETENSORS_INVALID',
      `${source}: tensor '${t.name}': ${unsupportedDtype(t.dtype)}`,
    );
  }
  const b = t.bytes;
  const count = b.length / DTYPE_SIZE[t.dtype];
  if (t.dtype === 'F32' && LITTLE_ENDIAN) {
    // Float32Array cannot view memory at an offset that is not a multiple of 4: copy instead.
    return b.byteOffset % 4 === 0
      ? new Float32Array(b.buffer, b.byteOffset, count)
      : new Float32Array(b.slice().buffer);
  }
  const out = new Float32Array(count);
  if (t.dtype === 'F64') {
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true); // Float32Array rounds to nearest-even
    return out;
  }
  // Writing bit patterns (not values) keeps the conversion exact, NaN payloads and -0 included.
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < count; i++) {
    if (t.dtype === 'F32')
      bits[i] = b[4 * i]! | (b[4 * i + 1]! << 8) | (b[4 * i + 2]! << 16) | (b[4 * i + 3]! << 24);
    else if (t.dtype === 'BF16') bits[i] = (b[2 * i]! | (b[2 * i + 1]! << 8)) << 16;
    else bits[i] = f16ToF32Bits(b[2 * i]! | (b[2 * i + 1]! << 8));
  }
  return out;
}

export function f16ToF32Bits(h: number): number {
  const sign = (h & 0x8000) << 16;
  const exponent = (h >> 10) & 0x1f;
  let mantissa = h & 0x3ff;
  if (exponent === 0x1f) return sign | 0x7f800000 | (mantissa << 13);
  if (exponent !== 0) return sign | ((exponent + 112) << 23) | (mantissa << 13);
  if (mantissa === 0) return sign;
  // Subnormal half: every one is a normal float, so shift the leading 1 into the implicit bit.
  let e = 113;
  while ((mantissa & 0x400) === 0) {
    mantissa <<= 1;
    e--;
  }
  return sign | (e << 23) | ((mantissa & 0x3ff) << 13);
}

const unsupportedDtype = (dtype: Dtype): string =>
  `dtype ${dtype} is not supported (expected a float type: F32, F16, BF16 or F64)`;

/**
 * The header of a .safetensors file of F32 `tensors` in this order: the u64 length, then the JSON
 * padded with spaces to a multiple of 8 (keeping the data section 8-byte aligned). The data
 * follows it, each tensor's little-endian bytes in turn: serializeSafetensors builds the whole
 * file in memory, src/host/safetensors-file.ts writes them to disk one tensor at a time.
 */
export function safetensorsHeader(
  tensors: readonly NamedTensor[],
  metadata?: Record<string, string>,
): Uint8Array {
  // The header is assembled by hand: JSON.stringify of an object would hoist integer-like names.
  const parts: string[] = [];
  if (metadata) {
    const entries = Object.entries(metadata).map(
      ([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`,
    );
    parts.push(`"__metadata__":{${entries.join(',')}}`);
  }
  const seen = new Set<string>();
  let offset = 0;
  for (const t of tensors) {
    // Caller bugs, not user errors: plain Errors.
    if (t.name === '__metadata__' || seen.has(t.name))
      throw new Error(`serializeSafetensors: bad or duplicate tensor name '${t.name}'`);
    if (!t.shape.every(isCount) || t.shape.reduce((n, d) => n * d, 1) !== t.data.length) {
      throw new Error(
        `serializeSafetensors: tensor '${t.name}' has ${t.data.length} values, not shape ${formatShape(t.shape)}`,
      );
    }
    seen.add(t.name);
    const end = offset + t.data.byteLength;
    const dtype = t.data instanceof Uint16Array ? 'F16' : 'F32';
    parts.push(
      `${JSON.stringify(t.name)}:{"dtype":"${dtype}","shape":${formatShape(t.shape)},"data_offsets":[${offset},${end}]}`,
    );
    offset = end;
  }
  const json = new TextEncoder().encode(`{${parts.join(',')}}`);
  const headerLength = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerLength);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerLength), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length);
  return out;
}

/**
 * A tensor's data as the file holds it, little-endian (a view where the host is LE): f32 values,
 * or f16 bit patterns as a Uint16Array (f16 bundles).
 */
export function tensorBytesLE(data: Float32Array | Uint16Array): Uint8Array {
  if (LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  if (data instanceof Uint16Array) data.forEach((v, i) => view.setUint16(2 * i, v, true));
  else data.forEach((v, i) => view.setFloat32(4 * i, v, true));
  return out;
}

export function serializeSafetensors(
  tensors: readonly NamedTensor[],
  metadata?: Record<string, string>,
): Uint8Array {
  const header = safetensorsHeader(tensors, metadata);
  const out = new Uint8Array(header.length + tensors.reduce((n, t) => n + t.data.byteLength, 0));
  out.set(header);
  let at = header.length;
  for (const { data } of tensors) {
    out.set(tensorBytesLE(data), at);
    at += data.byteLength;
  }
  return out;
}

/**
 * What is wrong with a file's tensors for a model that expects `expected`, ALL problems at once,
 * one line per tensor name (missing, wrong shape, not a float type, unexpected).
 */
export function tensorProblems(
  found: Iterable<{
    readonly name: string;
    readonly dtype: Dtype;
    readonly shape: readonly number[];
  }>,
  expected: readonly ExpectedTensor[],
): string[] {
  const problems: string[] = [];
  const byName = new Map([...found].map((t) => [t.name, t] as const));
  const wanted = new Set(expected.map((e) => e.name));
  for (const { name, shape } of expected) {
    const t = byName.get(name);
    if (!t) {
      problems.push(`${name}: missing (expected ${formatShape(shape)})`);
      continue;
    }
    if (formatShape(t.shape) !== formatShape(shape))
      problems.push(`${name}: expected ${formatShape(shape)}, got ${formatShape(t.shape)}`);
    if (!FLOAT_DTYPES.has(t.dtype)) problems.push(`${name}: ${unsupportedDtype(t.dtype)}`);
  }
  for (const t of byName.values()) {
    if (!wanted.has(t.name))
      problems.push(`${t.name}: unexpected tensor (shape ${formatShape(t.shape)})`);
  }
  return problems;
}

/** Checks a file's tensors against what a model expects; reports ALL problems at once. Returns the F32 data by name. */
export function checkTensors(
  file: Safetensors,
  expected: readonly ExpectedTensor[],
  source: string,
  code: 'WEIGHTS_INVALID' | 'INPUT_INVALID',
): Map<string, Float32Array> {
  const problems = tensorProblems(file.tensors.values(), expected);
  if (problems.length > 0)
    throw new KilnError(code, [
      `${source}: ${problems.length} problem(s) with tensors`,
      ...problems,
    ]);
  return new Map(expected.map(({ name }) => [name, toFloat32(file.tensors.get(name)!, source)]));
}
