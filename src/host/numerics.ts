/**
 * Numbers that would make the output silently wrong, found where they enter: a NaN or Inf in a
 * weight or an input tensor (named with its first bad index, so the user looks at the culprit,
 * not at an output full of NaN), and timesteps beyond the range the float32 embedding computes
 * accurately.
 */
import type { TensorSpec } from '../../runtime/format/manifest.js';

/**
 * |t| up to which the sinusoidal embedding is accurate in float32: its largest error against a
 * float64 reference stays within 1e-3 (the embedding's values are in [-1, 1]). Beyond it the
 * float32 product t*f loses the angle. Measured on lavapipe by
 * test/kernels/timestep-range.test.ts (largest error over 128 dims): 2.7e-5 at t = 1e3, 3.4e-4
 * at 1e4, 6.6e-4 at 2e4, 1.3e-3 at 5e4, 2.5e-3 at 1e5, 4.2e-2 at 1e6, 0.55 at 1e7, and 2 (no
 * information left) at 1e30. PyTorch's float32 embedding loses exactly as much.
 */
export const TIMESTEP_ACCURATE_MAX = 20_000;

/** `[0,1,2,3]`: the multi-index of flat index `i` in `shape`. */
export function indexOf(shape: readonly number[], i: number): string {
  const idx: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) {
    const n = shape[d]!;
    idx.unshift(n > 0 ? i % n : 0);
    i = n > 0 ? Math.floor(i / n) : 0;
  }
  return `[${idx.join(',')}]`;
}

const describeValue = (v: number) => (Number.isNaN(v) ? 'NaN' : v > 0 ? 'Inf' : '-Inf');

/**
 * `tensor x has NaN at [0,1,2,3] (2 non-finite values)` for a tensor with any NaN or Inf;
 * undefined when every value is finite.
 */
export function nonFinite(
  name: string,
  shape: readonly number[],
  data: Float32Array,
): string | undefined {
  let first = -1;
  let count = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    // v - v is 0 for finite v and NaN for NaN and +-Inf: one comparison per value.
    if (v - v !== 0) {
      if (first < 0) first = i;
      count++;
    }
  }
  if (first < 0) return undefined;
  return `tensor ${name} has ${describeValue(data[first]!)} at ${indexOf(shape, first)} (${count} non-finite value${count === 1 ? '' : 's'})`;
}

/** Warnings for a forward pass's inputs: non-finite values, and timesteps out of range. */
export function inputWarnings(
  specs: readonly TensorSpec[],
  inputs: ReadonlyMap<string, Float32Array>,
  source: string,
): string[] {
  const out: string[] = [];
  for (const s of specs) {
    const data = inputs.get(s.name);
    if (!data) continue;
    const bad = nonFinite(s.name, s.shape, data);
    if (bad) out.push(`${source}: ${bad}`);
  }
  const t = inputs.get('t');
  if (t)
    for (let i = 0; i < t.length; i++)
      if (Math.abs(t[i]!) > TIMESTEP_ACCURATE_MAX) {
        out.push(
          `${source}: t[${i}] = ${t[i]} is outside the range where the float32 timestep embedding is accurate (|t| <= ${TIMESTEP_ACCURATE_MAX}); expect the output to be off`,
        );
        break;
      }
  return out;
}
