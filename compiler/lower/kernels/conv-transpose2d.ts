/**
 * Transposed 2-D convolution (PyTorch ConvTranspose2d, weight [Cin, Cout, k, k]) as a gather:
 * each output element sums the inputs whose strided footprint covers it, so no zero-inserted
 * input is ever materialised.
 */
import type { NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import { bindings, flatMain, grid1d, header, u32 } from '../wgsl.js';
import { acc, accumulators, convTile, tileIndex } from './tile.js';

export function convTranspose2d(node: NodeOf<'conv_transpose2d'>, ctx: LowerCtx): KernelSource {
  const x = ctx.shapes[0]!;
  const [n, cin, h, w] = x as [number, number, number, number];
  const W = ctx.param(1);
  const B = ctx.param(2);
  const [, cout, oh, ow] = node.shape as [number, number, number, number];
  const { kernel: k, stride: s, padding: p } = node.attrs;
  const total = n * cout * oh * ow;
  const wgsl = `${header(`conv_transpose2d ${k}x${k} stride ${s} pad ${p}: [${x!.join(',')}] -> [${node.shape.join(',')}]`)}
${bindings(['x'], 'y', true)}

${flatMain(
  total,
  `  let ox = i32(i % ${u32(ow)});
  let oy = i32((i / ${u32(ow)}) % ${u32(oh)});
  let co = (i / ${u32(ow * oh)}) % ${u32(cout)};
  let b = i / ${u32(ow * oh * cout)};
  var acc = params[${B}u + co];
  for (var ky = 0; ky < ${k}; ky++) {
    let ty = oy + ${p} - ky;
    if (ty < 0 || ty % ${s} != 0 || ty / ${s} >= ${h}) { continue; }
    let iy = u32(ty / ${s});
    for (var kx = 0; kx < ${k}; kx++) {
      let tx = ox + ${p} - kx;
      if (tx < 0 || tx % ${s} != 0 || tx / ${s} >= ${w}) { continue; }
      let ix = u32(tx / ${s});
      let tap = u32(ky * ${k} + kx);
      for (var ci = 0u; ci < ${u32(cin)}; ci++) {
        acc = fma(x[((b * ${u32(cin)} + ci) * ${u32(h)} + iy) * ${u32(w)} + ix], params[${u32(W)} + (ci * ${u32(cout)} + co) * ${u32(k * k)} + tap], acc);
      }
    }
  }
  y[i] = acc;`,
)}
`;
  return { family: 'conv_transpose2d', wgsl, grid: grid1d(total) };
}

/**
 * ConvTranspose 4x4, stride 2, pad 1 as phase convolutions: an output pixel's parity fixes
 * which 2x2 of the 16 taps reach it (ky = (oy + 1) % 2 + {0, 2}, iy = (oy + 1 - ky) / 2), so
 * each output costs 4 taps instead of 16 tests, and no zero-inserted input exists. Tiled like
 * fused_conv2d: TCO output channels x TX columns (TX even: the column parities alternate).
 */
export function convTranspose2dPhases(
  node: NodeOf<'conv_transpose2d'>,
  ctx: LowerCtx,
): KernelSource {
  const x = ctx.shapes[0]!;
  const [n, cin, h, w] = x as [number, number, number, number];
  const [, cout, oh, ow] = node.shape as [number, number, number, number];
  const W = ctx.param(1);
  const B = ctx.param(2);
  const { tco } = convTile(cout, ow, ctx.target);
  // Columns alternate parity, so the tile is even; it must divide the (even) width.
  const tx = ctx.target === 'gpu' ? 2 : [8, 6, 4, 2].find((t) => ow % t === 0)!;
  const xTiles = ow / tx;
  const total = n * (cout / tco) * oh * xTiles;
  const span = tx / 2 + 2; // input columns ox0/2 - 1 .. ox0/2 + tx/2
  const body: string[] = accumulators(tco, tx);
  body.push(`  for (var ci = 0u; ci < ${u32(cin)} + opaque; ci++) {`);
  body.push(`    let xBase = (b * ${u32(cin)} + ci) * ${u32(h * w)};`);
  body.push('    for (var t = 0u; t < 2u + opaque; t++) {');
  body.push('      let ky = (oy + 1u) % 2u + 2u * t;');
  body.push('      let iy = (i32(oy) + 1 - i32(ky)) / 2;');
  body.push(`      let rowOk = iy >= 0 && iy < ${h};`);
  body.push(`      let rowBase = xBase + u32(max(iy, 0)) * ${u32(w)};`);
  for (let j = 0; j < span; j++)
    body.push(
      `      var v${j} = 0.0;`,
      `      { let ix = ix0 + ${j}; if (rowOk && ix >= 0 && ix < ${w}) { v${j} = x[rowBase + u32(ix)]; } }`,
    );
  body.push(`      let wRow = ${u32(W)} + (ci * ${u32(cout)} + co0) * 16u + ky * 4u;`);
  for (let i = 0; i < tco; i++) {
    body.push(
      `      { let w0 = params[wRow + ${u32(i * 16)}]; let w1 = params[wRow + ${u32(i * 16 + 1)}]; let w2 = params[wRow + ${u32(i * 16 + 2)}]; let w3 = params[wRow + ${u32(i * 16 + 3)}];`,
    );
    for (let j = 0; j < tx; j++) {
      // even column ox = ox0 + j: taps kx=1 (ix = ox/2) and kx=3 (ix = ox/2 - 1);
      // odd: kx=0 (ix = (ox+1)/2) and kx=2 (ix = (ox+1)/2 - 1); v_m holds ix = ox0/2 - 1 + m.
      const e = j % 2 === 0;
      const m = e ? j / 2 + 1 : (j + 1) / 2 + 1;
      body.push(
        `        ${acc(i, j)} = fma(v${m}, ${e ? 'w1' : 'w0'}, fma(v${m - 1}, ${e ? 'w3' : 'w2'}, ${acc(i, j)}));`,
      );
    }
    body.push('      }');
  }
  body.push('    }', '  }');
  for (let i = 0; i < tco; i++) {
    body.push(`  { let bias = params[${u32(B)} + co0 + ${u32(i)}];`);
    body.push(
      `    let rowOut = ((b * ${u32(cout)} + co0 + ${u32(i)}) * ${u32(oh)} + oy) * ${u32(ow)} + ox0;`,
    );
    for (let j = 0; j < tx; j++) body.push(`    y[rowOut + ${u32(j)}] = ${acc(i, j)} + bias;`);
    body.push('  }');
  }
  const wgsl = `${header(
    `conv_transpose2d 4x4 stride 2 pad 1 as phases: [${x.join(',')}] -> [${node.shape.join(',')}]`,
    [`tile: ${tco} output channels x ${tx} columns per invocation; 2x2 taps per output`],
  )}
${bindings(['x'], 'y', true)}

${flatMain(
  total,
  `${tileIndex(xTiles, oh, cout, tco, tx)}
  let ix0 = i32(ox0 / 2u) - 1;
  let opaque = nwg.z >> 31u; // 0, but stops loop unrolling (see fused-conv2d.ts)
${body.join('\n')}`,
)}
`;
  return { family: 'conv_transpose2d', wgsl, grid: grid1d(total) };
}
