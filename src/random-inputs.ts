/**
 * Seeded random model inputs for smoke runs and benchmarks: x ~ N(0,1), t ~ U[0,1000), and an
 * I32 input (`label`) uniform over its class ids 0..classes (the null id included), as floats:
 * runBundle converts them.
 */
import type { TensorSpec } from '../compiler/index.js';
import { mulberry32 } from '../compiler/weights/random.js';

export function randomInputs(
  specs: readonly TensorSpec[],
  seed: number,
  classes = 0,
): Map<string, Float32Array> {
  const next = mulberry32(seed ^ 0x9e3779b9);
  const normal = () => Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
  const out = new Map<string, Float32Array>();
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    const draw =
      s.dtype === 'I32'
        ? () => Math.floor(next() * (classes + 1))
        : s.name === 't'
          ? () => next() * 1000
          : normal;
    out.set(s.name, Float32Array.from({ length: n }, draw));
  }
  return out;
}
