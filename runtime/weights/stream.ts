/**
 * Streams a .safetensors checkpoint to the GPU tensor by tensor. The header is read and checked
 * against what the model expects first (every problem at once, by tensor name), so weights
 * that do not fit fail before any GPU work; then each tensor is read, converted to f32 and
 * handed to `write`, and dropped.
 */
import { KilnError } from '../errors.js';
import {
  type ExpectedTensor,
  formatShape,
  parseHeader,
  readHeaderLength,
  type SafetensorsHeader,
  tensorProblems,
  toFloat32,
} from '../format/safetensors.js';
import type { ByteReader } from './reader.js';

export interface CheckedWeights {
  readonly header: SafetensorsHeader;
  /**
   * Reads every tensor in file order and calls `write` with its f32 data; closes the reader.
   * `keepF16`: an F16 tensor is handed over as its bits (a Uint16Array), not widened.
   */
  stream(
    write: (name: string, data: Float32Array | Uint16Array) => void,
    progress?: (done: number, total: number) => void,
    keepF16?: boolean,
  ): Promise<void>;
  /** Gives up without reading the data (closes the file or cancels the download). */
  close(): Promise<void>;
}

/** An F16 tensor's bytes as its little-endian bit patterns (a copy: the bytes are a view). */
function f16Words(bytes: Uint8Array): Uint16Array {
  const out = new Uint16Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes[2 * i]! | (bytes[2 * i + 1]! << 8);
  return out;
}

export async function checkWeights(
  reader: ByteReader,
  expected: readonly ExpectedTensor[],
): Promise<CheckedWeights> {
  const label = reader.label;
  const bad = (what: string) => new KilnError('WEIGHTS_INVALID', `weights ${label}: ${what}`);
  let header: SafetensorsHeader;
  try {
    const prefix = await reader.read(8);
    const headerLength = readHeaderLength(prefix, `weights ${label}`, reader.length);
    const json = await reader.read(headerLength);
    if (json.length < headerLength)
      throw bad(`the file ends inside its header (${json.length} of ${headerLength} bytes)`);
    const dataLength = reader.length === undefined ? undefined : reader.length - 8 - headerLength;
    header = parseHeader(json, `weights ${label}`, dataLength);
  } catch (e) {
    await reader.close();
    throw e;
  }
  const problems = tensorProblems(header.spans, expected);
  if (problems.length > 0) {
    await reader.close();
    throw new KilnError('WEIGHTS_INVALID', [
      `weights ${label}: ${problems.length} problem(s) with tensors`,
      ...problems,
    ]);
  }
  return {
    header,
    close: () => reader.close(),
    async stream(write, progress, keepF16 = false) {
      try {
        let done = 0;
        for (const span of header.spans) {
          const size = span.end - span.begin;
          const bytes = await reader.read(size);
          if (bytes.length < size)
            throw bad(
              `the data ends inside tensor '${span.name}' ${formatShape(span.shape)} (${bytes.length} of ${size} bytes)`,
            );
          write(
            span.name,
            keepF16 && span.dtype === 'F16'
              ? f16Words(bytes)
              : toFloat32({ ...span, bytes }, `weights ${label}`),
          );
          done += size;
          progress?.(done, header.dataLength);
        }
        if (reader.length === undefined) {
          const extra = await reader.read(1);
          if (extra.length > 0)
            throw bad(
              `data section bytes from ${header.dataLength} on belong to no tensor (tensors must be contiguous)`,
            );
        }
      } finally {
        await reader.close();
      }
    },
  };
}
