/**
 * The workhorse: a register-tiled direct convolution with its neighbours folded in.
 *
 * Tiling: each invocation computes TCO output channels x TX consecutive output columns of one
 * output row. Per (input channel, kernel row) it loads the TX*stride + k - stride inputs it
 * needs once (applying the fused GroupNorm affine and SiLU to each as it is loaded), then does
 * TCO*TX*k FMAs against TCO*k weights. Consecutive invocations walk along the row, so a SIMD
 * group shares its weights and reads neighbouring inputs. The tile is chosen from the shape;
 * on lavapipe (8-wide AVX2 lanes, 16 vector registers) 4x8 measured best, and the same tile
 * gives GPUs 32 accumulators per thread, in the range GPU GEMM kernels use.
 *
 * Prologue: x -> fma(x, scale[n,c], shift[n,c]) (+ SiLU), only for in-bounds taps, so zero
 * padding stays zero after the activation, as in PyTorch where padding is applied to the
 * activated tensor.
 * Epilogue: bias, the time bias t[n, offset + co], and a residual (a tensor, or a 1x1 shortcut
 * conv of the block input computed right here).
 */
import { residualKind, sourceCount, timeBiasOf } from '../../ir/fused.js';
import type { NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import type { ConvTile } from '../schedule.js';
import {
  add,
  bindings,
  Dims,
  flatMain,
  grid1d,
  header,
  rolled,
  sum,
  tensor,
  times,
  u32,
} from '../wgsl.js';
import { loadExpr, loadFns, loadOf, loadTitle, storeSide } from './fragments.js';
import { concatReader } from './sources.js';
import { acc, accumulators, tileIndex } from './tile.js';

export function fusedConv2d(
  node: NodeOf<'fused_conv2d'>,
  ctx: LowerCtx<'fused_conv2d'>,
  sched: ConvTile,
): KernelSource {
  const a = node.attrs;
  const { kernel: k, stride: s, padding: pad } = a;
  const load = loadOf(a);
  const residual = residualKind(a);
  const sources = sourceCount(a);
  const o = ctx.shapes;
  const srcShapes = o.input;
  const [n, cout, oh, ow] = node.shape as [number, number, number, number];
  const [h, w] = [srcShapes[0]![2]!, srcShapes[0]![3]!];
  const cin = srcShapes.reduce((sum, sh) => sum + sh[1]!, 0);
  const { tco, tx, wg } = sched;
  const xTiles = Math.ceil(ow / tx);
  const coTiles = cout / tco;
  const total = n * coTiles * oh * xTiles;
  const span = (tx - 1) * s + k;

  // Shapes and weight offsets come from the dims uniform: only the kernel size, stride,
  // padding, the tile, the operands present and whether the width fills whole tiles shape the
  // code, so the layers of a U-Net share a handful of kernels (and driver compiles).
  const d = new Dims();
  const D = {
    h: d.u('h', h),
    w: d.u('w', w),
    hw: d.u('hw', h * w),
    cin: d.u('cin', cin),
    cout: d.u('cout', cout),
    oh: d.u('oh', oh),
    ow: d.u('ow', ow),
    wco: d.u('wco', cin * k * k), // weights per output channel
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
  const names = srcShapes.map((_, i) => `x${i}`);
  const acts = [...names];
  if (o.norm !== undefined) acts.push('stats');
  const tShape = o.timeBias;
  const tCols = tShape ? d.u('tCols', tShape[1]!) : '';
  const tOff = tShape ? d.u('tOff', timeBiasOf(a)!.offset) : '';
  if (tShape) acts.push('temb');
  if (o.residual !== undefined) acts.push('res');
  const rShapes = o.shortcut;
  const resNames = rShapes.map((_, i) => `r${i}`);
  acts.push(...resNames);
  const resChannels = rShapes.map((sh, i) => d.u(`rc${i}`, sh[1]!));
  const hasShortcut = o.shortcutWeight !== undefined;
  const ohw = hasShortcut ? d.u('ohw', oh * ow) : '';
  const rcin = hasShortcut
    ? d.u(
        'rcin',
        rShapes.reduce((sum, sh) => sum + sh[1]!, 0),
      )
    : '';
  const RW = hasShortcut ? d.u('rwOff', ctx.param('shortcutWeight')) : '';
  const RB = hasShortcut ? d.u('rbOff', ctx.param('shortcutBias')) : '';
  const stats = tensor('stats', [n, D.cin, 2]);
  const out = tensor('y', [n, D.cout, D.oh, D.ow]);

  const body: string[] = [
    `  let ih = i32(${D.h});`,
    `  let iw = i32(${D.w});`,
    ...accumulators(tco, tx),
  ];

  // The main loop, once per source of the channel concatenation.
  let cStart: string | number = 0;
  srcShapes.forEach((sh, si) => {
    const cs = d.u(`c${si}`, sh[1]!);
    const c = sum(cStart, 'ci');
    body.push(`  for (var ci = 0u; ci < ${cs}; ci++) {`);
    const src = tensor(names[si]!, [n, cs, D.hw]);
    body.push(`    let xBase = ${src.index('b', 'ci', 0)};`);
    if (load.norm)
      body.push(
        `    let scale = ${stats.at('b', c, 0)};`,
        `    let shift = ${stats.at('b', c, 1)};`,
      );
    body.push(`    for (var ky = 0u; ky < ${rolled(k)}; ky++) {`);
    body.push(`      let iy = i32(${sum(times('oy', s), 'ky')}) - ${pad};`);
    body.push('      let rowOk = iy >= 0 && iy < ih;');
    body.push(
      `      let rowBase = ${tensor(names[si]!, [h, D.w], 'xBase').index('u32(max(iy, 0))', 0)};`,
    );
    const act = loadExpr(load, 'r', 'scale', 'shift');
    for (let j = 0; j < span; j++)
      body.push(
        `      var v${j} = 0.0;`,
        `      { let ix = ${j === 0 ? 'ix0' : `ix0 + ${j}`}; if (rowOk && ix >= 0 && ix < iw) { let r = ${tensor(names[si]!, [w], 'rowBase').at('u32(ix)')}; v${j} = ${act}; } }`,
      );
    // Weights [Cout][Cin * k * k]: the row of kernel row ky of input channel c.
    const weights = tensor('params', [cout, D.wco], W);
    body.push(`      let wRow = ${weights.index('co0', sum(times(c, k * k), times('ky', k)))};`);
    for (let kx = 0; kx < k; kx++)
      for (let i = 0; i < tco; i++) {
        body.push(`      { let wv = ${tensor('params', [tco, D.wco], 'wRow').at(i, kx)};`);
        for (let j = 0; j < tx; j++)
          body.push(`        ${acc(i, j)} = fma(v${j * s + kx}, wv, ${acc(i, j)});`);
        body.push('      }');
      }
    body.push('    }', '  }');
    cStart = add(cStart, cs);
  });

  const col = (j: number) => sum('ox0', j);
  if (residual === 'conv1x1') {
    body.push(`  for (var rc = 0u; rc < ${rcin}; rc++) {`);
    for (let j = 0; j < tx; j++)
      body.push(
        `    let r${j} = select(0.0, shortcut_src(b, rc, ${tensor('', [oh, D.ow]).index('oy', col(j))}), ${col(j)} < ${D.ow});`,
      );
    for (let i = 0; i < tco; i++) {
      body.push(`    { let wv = ${tensor('params', [cout, rcin], RW).at(sum('co0', i), 'rc')};`);
      for (let j = 0; j < tx; j++) body.push(`      ${acc(i, j)} = fma(r${j}, wv, ${acc(i, j)});`);
      body.push('    }');
    }
    body.push('  }');
  }

  // The store walks the channels in a rolled loop, each step taking its row of the tile by a
  // select chain: one store, residual and bias site per column instead of one per accumulator.
  // On lavapipe compile time grows with memory-access sites, and this fallback (widths that are
  // not whole vec4s) compiled in 0.9-2.4 s per kernel with the store unrolled.
  const store = storeSide({
    param: (at) => `params[${at}]`,
    bias: B,
    ...(tShape ? { timeBias: { cols: tCols, offset: tOff } } : {}),
    ...(residual === 'conv1x1' ? { shortcutBias: RB } : {}),
  });
  body.push(
    `  for (var ti = 0u; ti < ${rolled(tco)}; ti++) {`,
    '    let co = co0 + ti;',
    `    let add = ${store.channel('co')};`,
    `    let rowOut = ${out.index('b', 'co', 'oy', 'ox0')};`,
  );
  for (let j = 0; j < tx; j++) {
    body.push(`    var v${j} = ${acc(0, j)};`);
    for (let i = 1; i < tco; i++)
      body.push(`    v${j} = select(v${j}, ${acc(i, j)}, ti == ${u32(i)});`);
    const at = sum('rowOut', j);
    const res = residual === 'add' ? ` + ${store.residual('res', at)}` : '';
    const line = `y[${at}] = v${j} + add${res};`;
    body.push(tx === 1 ? `    ${line}` : `    if (${col(j)} < ${D.ow}) { ${line} }`);
  }
  body.push('  }');

  const notes = [
    `input: ${sources > 1 ? `a channel concat of ${sources} tensors` : 'one tensor'}; shapes from dims`,
    load.norm ? `prologue: ${loadTitle(load)} on load` : 'prologue: none',
    `epilogue: bias${tShape ? ' + time bias' : ''}${residual === 'add' ? ' + residual' : residual === 'conv1x1' ? ' + 1x1 shortcut conv' : ''}`,
    `tile: ${tco} output channels x ${tx} columns per invocation`,
  ];
  const wgsl = `${header(`fused_conv2d ${k}x${k} stride ${s} pad ${pad}`, notes)}
${bindings(acts, 'y', true, d)}
${load.act ? `\n${loadFns(load)}\n` : ''}${
  residual === 'conv1x1'
    ? `\n${concatReader(
        'shortcut_src',
        resNames.map((r, i) => ({ name: r, channels: resChannels[i]! })),
        ohw,
      )}\n`
    : ''
}
${flatMain(
  totalU,
  `${tileIndex(index, tco, tx)}
  let ix0 = i32(${times('ox0', s)}) - ${pad};
${body.join('\n')}`,
  wg,
)}
`;
  return { family: 'fused_conv2d', wgsl, grid: grid1d(total, wg, n), dims: d.values };
}
