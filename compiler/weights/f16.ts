/**
 * Weights stored as IEEE half precision (`kiln compile --precision f16`): each f32 rounded to
 * the nearest f16, ties to even, subnormals kept (a weight below 2^-14 keeps its bits down to
 * 2^-24, as PyTorch's `.half()` does). A weight whose magnitude exceeds f16's largest finite
 * value, 65504, is refused by name: it would become infinity.
 */
import { KilnError } from '../../runtime/errors.js';

/** The largest finite f16. */
export const F16_MAX = 65504;

const word = new Float32Array(1);
const bitsOf = new Uint32Array(word.buffer);

/** The f16 bit pattern nearest to `v` (as f32), ties to even; NaN stays NaN, overflow is inf. */
export function f16Bits(v: number): number {
  word[0] = v;
  const x = bitsOf[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa === 0 ? 0 : 0x200 | (mantissa >>> 13));
  const e = exponent - 112; // the f16 biased exponent (bias 15 against f32's 127)
  if (e >= 0x1f) return sign | 0x7c00;
  // A subnormal f16 counts units of 2^-24; below 2^-25 every value rounds to zero.
  if (e < -10) return sign;
  const significand = e > 0 ? mantissa : mantissa | 0x800000;
  const shift = e > 0 ? 13 : 14 - e;
  let q = (e > 0 ? e << 10 : 0) | (significand >>> shift);
  const rest = significand & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  // A carry out of the mantissa moves into the exponent, which is the right next value.
  if (rest > half || (rest === half && (q & 1) === 1)) q++;
  return sign | q;
}

/**
 * One weight tensor as f16 bit patterns; `name` is refused (WEIGHTS_INVALID, one line) when a
 * value is beyond +-65504.
 */
export function toF16(name: string, data: Float32Array, source: string): Uint16Array {
  const out = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (Math.abs(v) > F16_MAX)
      throw new KilnError(
        'WEIGHTS_INVALID',
        `${source}: tensor '${name}' has ${v} at index ${i}, beyond f16's largest value 65504; compile it with --precision f32`,
      );
    out[i] = f16Bits(v);
  }
  return out;
}
