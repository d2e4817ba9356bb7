/**
 * The store of a vec4 kernel's register tile, as one loop with a single store site. On
 * lavapipe a shader's compile time grows with its memory access sites (each load or store is a
 * per-lane gather or scatter with bounds checks, in LLVM IR): the store unrolled over a 4x8 tile
 * was 8 stores, 8 residual loads and 4 bias loads, and it cost more compile time than the whole
 * convolution loop (a 1x1 conv: 1.8 s against 0.7 s with this loop, scripts/bench/compile-lab.ts).
 * The loop bound is `rolled` (wgsl.ts) so that LLVM cannot unroll it back, and the
 * tile's vec4 for step k comes from a select chain, not a dynamically indexed array (which
 * lavapipe keeps in memory, per lane). It runs once per invocation: its cost at run time is small.
 */
import { rolled, u32 } from '../../wgsl.js';
import { acc } from '../tile.js';

/**
 * Lines that walk the tile of `rows` x `cols` vec4s (the accumulators a<i>_<j>): each step has
 * `i`, `j4` (the vec4 along the row) and `var v` (that vec4 of the tile) in scope; `locate`
 * runs first and may `continue` past a vec4 that is not stored, then `body`.
 */
export function tileStoreLoop(
  rows: number,
  cols: number,
  locate: readonly string[],
  body: readonly string[],
): string[] {
  const vec = (i: number, j4: number) =>
    `vec4<f32>(${[0, 1, 2, 3].map((e) => acc(i, 4 * j4 + e)).join(', ')})`;
  const lines = [
    `  for (var k = 0u; k < ${rolled(rows * cols)}; k++) {`,
    `    let i = k / ${u32(cols)};`,
    `    let j4 = k % ${u32(cols)};`,
    ...locate.map((l) => `    ${l}`),
    `    var v = ${vec(0, 0)};`,
  ];
  for (let k = 1; k < rows * cols; k++)
    lines.push(`    v = select(v, ${vec(Math.floor(k / cols), k % cols)}, k == ${u32(k)});`);
  return [...lines, ...body.map((l) => `    ${l}`), '  }'];
}
