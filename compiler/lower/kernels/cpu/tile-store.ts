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
 * Lines that walk the tile of `tco` channels x `cols` vec4s: each step has `co` (the output
 * channel), `j4` (the vec4 along the row) and `var v` (that vec4 of the tile) in scope for
 * `body`, and skips channels at or past `cout` and columns at or past `ow`.
 */
export function tileStoreLoop(
  tco: number,
  cols: number,
  limits: { cout: string; ow: string },
  body: readonly string[],
): string[] {
  const vec = (i: number, j4: number) =>
    `vec4<f32>(${[0, 1, 2, 3].map((e) => acc(i, 4 * j4 + e)).join(', ')})`;
  const lines = [
    `  for (var k = 0u; k < ${rolled(tco * cols)}; k++) {`,
    `    let co = co0 + k / ${u32(cols)};`,
    `    let j4 = k % ${u32(cols)};`,
    `    if (co >= ${limits.cout} || !live || ox0 + j4 * 4u >= ${limits.ow}) { continue; }`,
    `    var v = ${vec(0, 0)};`,
  ];
  for (let k = 1; k < tco * cols; k++)
    lines.push(`    v = select(v, ${vec(Math.floor(k / cols), k % cols)}, k == ${u32(k)});`);
  return [...lines, ...body.map((l) => `    ${l}`), '  }'];
}
