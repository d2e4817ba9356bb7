/**
 * Weights stored as IEEE half precision (`kiln compile --precision f16`): each f32 rounded to
 * the nearest f16, ties to even, subnormals kept (a weight below 2^-14 keeps its bits down to
 * 2^-24, as PyTorch's `.half()` does). A weight whose magnitude exceeds f16's largest finite
 * value, 65504, is refused by name: it would become infinity.
 */
import { KilnError } from '../../runtime/errors.js';
import { f16Bits } from '../../runtime/format/f16.js';

/** The largest finite f16. */
export const F16_MAX = 65504;

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
