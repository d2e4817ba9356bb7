/**
 * The register tile shared by the tiled kernels: the scalar fused_conv2d and phase
 * conv_transpose2d compute TCO output channels x TX consecutive columns of one output row per
 * invocation; the cpu lane kernels, rows x columns of one output channel. The tile's size is
 * the variant's schedule (schedule.ts).
 */
export const acc = (i: number, j: number) => `a${i}_${j}`;

/** `var a<i>_<j> = 0.0;` for the whole tile. */
export function accumulators(tco: number, tx: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < tco; i++) for (let j = 0; j < tx; j++) out.push(`  var ${acc(i, j)} = 0.0;`);
  return out;
}

/** A size baked in (a number) or read from the dims uniform (an expression). */
export type Size = number | string;
const e = (v: Size) => (typeof v === 'number' ? `${v}u` : v);

/**
 * Invocation i -> ox0, oy, co0, b: columns fastest, then rows, channel tiles, batch. `rows` is
 * xTiles * oh and `tiles` is rows * coTiles (passed in so that uniforms need no products).
 */
export function tileIndex(
  d: { xTiles: Size; oh: Size; coTiles: Size; rows: Size; tiles: Size },
  tco: number,
  tx: number,
): string {
  const times = (x: string, k: number) => (k === 1 ? x : `${x} * ${k}u`);
  return `  let ox0 = ${times(`(i % ${e(d.xTiles)})`, tx)};
  let oy = (i / ${e(d.xTiles)}) % ${e(d.oh)};
  let co0 = ${times(`((i / ${e(d.rows)}) % ${e(d.coTiles)})`, tco)};
  let b = i / ${e(d.tiles)};`;
}
