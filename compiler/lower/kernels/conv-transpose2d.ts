/**
 * Transposed 2-D convolution (PyTorch ConvTranspose2d, weight [Cin, Cout, k, k]) as a gather:
 * each output element sums the inputs whose strided footprint covers it, so no zero-inserted
 * input is ever materialised.
 */
import type { NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import type { ConvTile, Flat } from '../schedule.js';
import { bindings, Dims, flatMain, grid1d, header, rolled, sum, tensor, u32 } from '../wgsl.js';
import { acc, accumulators, tileIndex } from './tile.js';

export function convTranspose2d(
  node: NodeOf<'conv_transpose2d'>,
  ctx: LowerCtx<'conv_transpose2d'>,
  sched: Flat,
): KernelSource {
  const x = ctx.shapes.input;
  const [n, cin, h, w] = x as [number, number, number, number];
  const W = ctx.param('weight');
  const B = ctx.param('bias');
  const [, cout, oh, ow] = node.shape as [number, number, number, number];
  const { kernel: k, stride: s, padding: p } = node.attrs;
  const total = n * cout * oh * ow;
  const wg = sched.wg;
  const wgsl = `${header(`conv_transpose2d ${k}x${k} stride ${s} pad ${p}: [${x.join(',')}] -> [${node.shape.join(',')}]`)}
${bindings(['x'], 'y', true)}

${flatMain(
  total,
  `  let ox = i32(i % ${u32(ow)});
  let oy = i32((i / ${u32(ow)}) % ${u32(oh)});
  let co = (i / ${u32(ow * oh)}) % ${u32(cout)};
  let b = i / ${u32(ow * oh * cout)};
  var acc = ${tensor('params', [cout], B).at('co')};
  // Tap loops rolled, as in conv2d.ts: compile time over speed on the plain path.
  for (var ky = 0; ky < ${k} + i32(opaque); ky++) {
    let ty = oy + ${p} - ky;
    if (ty < 0 || ty % ${s} != 0 || ty / ${s} >= ${h}) { continue; }
    let iy = u32(ty / ${s});
    for (var kx = 0; kx < ${k} + i32(opaque); kx++) {
      let tx = ox + ${p} - kx;
      if (tx < 0 || tx % ${s} != 0 || tx / ${s} >= ${w}) { continue; }
      let ix = u32(tx / ${s});
      let tap = u32(ky * ${k} + kx);
      for (var ci = 0u; ci < ${rolled(cin)}; ci++) {
        acc = fma(${tensor('x', [n, cin, h, w]).at('b', 'ci', 'iy', 'ix')}, ${tensor('params', [cin, cout, k * k], W).at('ci', 'co', 'tap')}, acc);
      }
    }
  }
  y[i] = acc;`,
  wg,
)}
`;
  return { family: 'conv_transpose2d', wgsl, grid: grid1d(total, wg, n) };
}

/**
 * ConvTranspose 4x4, stride 2, pad 1 as phase convolutions: an output pixel's parity fixes
 * which 2x2 of the 16 taps reach it (ky = (oy + 1) % 2 + {0, 2}, iy = (oy + 1 - ky) / 2), so
 * each output costs 4 taps instead of 16 tests, and no zero-inserted input exists. Tiled like
 * fused_conv2d: TCO output channels x TX columns (TX even: the column parities alternate).
 * Shapes come from the dims uniform, so the up-samplers of a U-Net share one kernel per tile.
 */
export function convTranspose2dPhases(
  node: NodeOf<'conv_transpose2d'>,
  ctx: LowerCtx<'conv_transpose2d'>,
  sched: ConvTile,
): KernelSource {
  const x = ctx.shapes.input;
  const [n, cin, h, w] = x as [number, number, number, number];
  const [, cout, oh, ow] = node.shape as [number, number, number, number];
  // Columns alternate parity, so the tile is even and divides the (even) width (schedule.ts).
  const { tco, tx } = sched;
  const xTiles = ow / tx;
  const coTiles = cout / tco;
  const total = n * coTiles * oh * xTiles;
  const span = tx / 2 + 2; // input columns ox0/2 - 1 .. ox0/2 + tx/2
  const d = new Dims();
  const D = {
    cin: d.u('cin', cin),
    cout: d.u('cout', cout),
    h: d.u('h', h),
    w: d.u('w', w),
    hw: d.u('hw', h * w),
    oh: d.u('oh', oh),
    ow: d.u('ow', ow),
  };
  const index = {
    xTiles: d.u('xTiles', xTiles),
    oh: D.oh,
    coTiles: d.u('coTiles', coTiles),
    rows: d.u('rows', xTiles * oh),
    tiles: d.u('tiles', xTiles * oh * coTiles),
  };
  const totalU = d.u('total', total);
  const W = d.u('wOff', ctx.param('weight'));
  const B = d.u('bOff', ctx.param('bias'));
  const out = tensor('y', [n, D.cout, D.oh, D.ow]);
  const body: string[] = [`  let ih = i32(${D.h});`, `  let iw = i32(${D.w});`];
  body.push(...accumulators(tco, tx));
  body.push(`  for (var ci = 0u; ci < ${D.cin}; ci++) {`);
  body.push(`    let xBase = ${tensor('x', [n, D.cin, D.hw]).index('b', 'ci', 0)};`);
  body.push(`    for (var t = 0u; t < ${rolled(2)}; t++) {`);
  body.push('      let ky = (oy + 1u) % 2u + 2u * t;');
  body.push('      let iy = (i32(oy) + 1 - i32(ky)) / 2;');
  body.push('      let rowOk = iy >= 0 && iy < ih;');
  body.push(`      let rowBase = ${tensor('x', [h, D.w], 'xBase').index('u32(max(iy, 0))', 0)};`);
  for (let j = 0; j < span; j++)
    body.push(
      `      var v${j} = 0.0;`,
      `      { let ix = ${j === 0 ? 'ix0' : `ix0 + ${j}`}; if (rowOk && ix >= 0 && ix < iw) { v${j} = ${tensor('x', [w], 'rowBase').at('u32(ix)')}; } }`,
    );
  // weight [Cin, Cout, 4, 4]: one output channel's 16 taps are contiguous
  body.push(
    `      let wRow = ${tensor('params', [cin, D.cout, 16], W).index('ci', 'co0', 'ky * 4u')};`,
  );
  for (let i = 0; i < tco; i++) {
    const wi = (kx: number) => tensor('params', [tco, 16], 'wRow').at(i, kx);
    body.push(
      `      { let w0 = ${wi(0)}; let w1 = ${wi(1)}; let w2 = ${wi(2)}; let w3 = ${wi(3)};`,
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
    const co = sum('co0', i);
    body.push(`  { let bias = ${tensor('params', [cout], B).at(co)};`);
    body.push(`    let rowOut = ${out.index('b', co, 'oy', 'ox0')};`);
    for (let j = 0; j < tx; j++)
      body.push(`    ${tensor('y', [tx], 'rowOut').at(j)} = ${acc(i, j)} + bias;`);
    body.push('  }');
  }
  const wgsl = `${header('conv_transpose2d 4x4 stride 2 pad 1 as phases', [
    `tile: ${tco} output channels x ${tx} columns per invocation; 2x2 taps per output; shapes from dims`,
  ])}
${bindings(['x'], 'y', true, d)}

${flatMain(
  totalU,
  `${tileIndex(index, tco, tx)}
  let ix0 = i32(ox0 / 2u) - 1;
${body.join('\n')}`,
  sched.wg,
)}
`;
  return { family: 'conv_transpose2d', wgsl, grid: grid1d(total, sched.wg, n), dims: d.values };
}
