/**
 * f32 -> IEEE half precision, browser-safe: the compiler stores an f16 bundle's weights with it
 * (compiler/weights/f16.ts, which refuses values beyond 65504 first), and load() narrows an f32
 * weights file given to an f16 runner. The other way, f16 -> f32, is safetensors.ts's toFloat32.
 */
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
