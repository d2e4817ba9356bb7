/**
 * The one parity metric Kiln's tests, benchmarks and scripts compare outputs with: the largest
 * absolute difference relative to the reference's largest magnitude, max|got - want| / max|want|,
 * so a tolerance reads as "within 1e-4 of the output's scale" whatever that scale is.
 */

/**
 * max|got - want| / max|want|. For an all-zero reference (max|want| = 0) the error is absolute,
 * max|got - want|, so an exact match is 0 and a 1e-6 of noise is 1e-6, never a division by zero.
 * Infinity when the lengths differ or any difference is not finite (a NaN or Inf in either).
 */
export function relErr(got: ArrayLike<number>, want: ArrayLike<number>): number {
  if (got.length !== want.length) return Number.POSITIVE_INFINITY;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < want.length; i++) {
    const d = Math.abs(got[i]! - want[i]!);
    if (!Number.isFinite(d)) return Number.POSITIVE_INFINITY;
    diff = Math.max(diff, d);
    scale = Math.max(scale, Math.abs(want[i]!));
  }
  return scale > 0 ? diff / scale : diff;
}
