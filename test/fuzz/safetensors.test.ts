/**
 * Fuzzing the safetensors reader with fast-check: valid files, mutated (bytes flipped, cut,
 * inserted, header values rewritten, keys repeated), then parsed, converted to F32 and checked
 * against what a model expects. Every outcome is a result or a KilnError: never another
 * exception, never a hang (each case is synchronous and the suite has a time limit).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isKilnError } from '../../runtime/errors.js';
import {
  checkTensors,
  parseSafetensors,
  serializeSafetensors,
  toFloat32,
} from '../../runtime/format/safetensors.js';

const EXPECTED = [
  { name: 'x', shape: [1, 2, 3] },
  { name: 't', shape: [1] },
  { name: '0', shape: [2, 0] },
];

function valid(): Uint8Array {
  const f = (n: number) => Float32Array.from({ length: n }, (_, i) => i / 7 - 0.3);
  return serializeSafetensors(
    [
      { name: 'x', shape: [1, 2, 3], data: f(6) },
      { name: 't', shape: [1], data: f(1) },
      { name: '0', shape: [2, 0], data: f(0) },
    ],
    { format: 'pt' },
  );
}

/** Parse, convert and check; returns 'ok' or 'kiln' and lets anything else escape. */
function classify(bytes: Uint8Array): 'ok' | 'kiln' {
  try {
    const file = parseSafetensors(bytes, 'fuzz.safetensors');
    for (const t of file.tensors.values())
      try {
        toFloat32(t, 'fuzz.safetensors');
      } catch (e) {
        if (!isKilnError(e)) throw e;
      }
    checkTensors(file, EXPECTED, 'fuzz.safetensors', 'INPUT_INVALID');
    return 'ok';
  } catch (e) {
    if (isKilnError(e)) {
      expect(e.lines.length).toBeGreaterThan(0);
      return 'kiln';
    }
    throw e;
  }
}

const BASE = valid();
const HEADER_END = 8 + Number(new DataView(BASE.buffer).getBigUint64(0, true));
const RUNS = { numRuns: 1500, seed: 11 };

describe('safetensors fuzz (fast-check)', () => {
  it('the unmutated file parses', () => expect(classify(BASE)).toBe('ok'));

  it('flipped bytes anywhere, most of them in the header', () =>
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.boolean()), {
          minLength: 1,
          maxLength: 8,
        }),
        (flips) => {
          const b = BASE.slice();
          for (const [pos, byte, inHeader] of flips)
            b[inHeader ? pos % HEADER_END : pos % b.length] = byte;
          classify(b);
        },
      ),
      RUNS,
    ));

  it('cut, extended or spliced files', () =>
    fc.assert(
      fc.property(fc.nat(), fc.nat(), fc.uint8Array({ maxLength: 64 }), (cut, at, insert) => {
        const end = cut % (BASE.length + 1);
        const i = at % (end + 1);
        const b = new Uint8Array([...BASE.subarray(0, i), ...insert, ...BASE.subarray(i, end)]);
        classify(b);
      }),
      RUNS,
    ));

  it('header values rewritten and keys repeated', () => {
    const header = JSON.parse(new TextDecoder().decode(BASE.subarray(8, HEADER_END)));
    const value = fc.oneof(
      fc.integer({ min: -2, max: 2 ** 53 }),
      fc.double(),
      fc.string(),
      fc.constant(null),
      fc.array(fc.integer({ min: -1, max: 40 }), { maxLength: 5 }),
      fc.constantFrom('F32', 'F16', 'BF16', 'F64', 'I32', 'U8', 'BOOL', 'F8'),
    );
    fc.assert(
      fc.property(
        fc.constantFrom('x', 't', '0', '__metadata__'),
        fc.constantFrom('dtype', 'shape', 'data_offsets', 'extra', 'format'),
        value,
        fc.boolean(),
        (name, key, v, repeat) => {
          const h = structuredClone(header) as Record<string, Record<string, unknown>>;
          h[name]![key] = v;
          let json = JSON.stringify(h);
          if (repeat)
            json = `${json.slice(0, -1)},${JSON.stringify(name)}:${JSON.stringify(h[name])}}`;
          const text = new TextEncoder().encode(json);
          const len = new Uint8Array(8);
          new DataView(len.buffer).setBigUint64(0, BigInt(text.length), true);
          classify(new Uint8Array([...len, ...text, ...BASE.subarray(HEADER_END)]));
        },
      ),
      RUNS,
    );
  });
});
