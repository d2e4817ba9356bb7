/**
 * The register tile shared by the tiled kernels (fused_conv2d, phase conv_transpose2d): each
 * invocation computes TCO output channels x TX consecutive columns of one output row.
 */
import type { Target } from '../kernel.js';
import { u32 } from '../wgsl.js';

export function convTile(cout: number, ow: number, target: Target): { tco: number; tx: number } {
  if (target === 'gpu') return { tco: 1, tx: 1 };
  const tco = cout % 4 === 0 ? 4 : cout % 2 === 0 ? 2 : 1;
  return { tco, tx: Math.min(8, ow) };
}

export const acc = (i: number, j: number) => `a${i}_${j}`;

/** `var a<i>_<j> = 0.0;` for the whole tile. */
export function accumulators(tco: number, tx: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < tco; i++) for (let j = 0; j < tx; j++) out.push(`  var ${acc(i, j)} = 0.0;`);
  return out;
}

/** Invocation i -> ox0, oy, co0, b: columns fastest, then rows, channel tiles, batch. */
export function tileIndex(
  xTiles: number,
  oh: number,
  cout: number,
  tco: number,
  tx: number,
): string {
  return `  let ox0 = (i % ${u32(xTiles)}) * ${u32(tx)};
  let oy = (i / ${u32(xTiles)}) % ${u32(oh)};
  let co0 = ((i / ${u32(xTiles * oh)}) % ${u32(cout / tco)}) * ${u32(tco)};
  let b = i / ${u32(xTiles * oh * (cout / tco))};`;
}
