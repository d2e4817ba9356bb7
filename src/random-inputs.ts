/** Seeded random model inputs for smoke runs and benchmarks: x ~ N(0,1), t ~ U[0,1000). */
import type { TensorSpec } from '../compiler/index.js';
import { mulberry32 } from '../compiler/weights/random.js';

export function randomInputs(
  specs: readonly TensorSpec[],
  seed: number,
): Map<string, Float32Array> {
  const next = mulberry32(seed ^ 0x9e3779b9);
  const normal = () => Math.sqrt(-2 * Math.log(next())) * Math.cos(2 * Math.PI * next());
  const out = new Map<string, Float32Array>();
  for (const s of specs) {
    const n = s.shape.reduce((a, b) => a * b, 1);
    out.set(
      s.name,
      Float32Array.from({ length: n }, () => (s.name === 't' ? next() * 1000 : normal())),
    );
  }
  return out;
}
