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
import { operandPositions, type NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import { bindings, flatMain, grid1d, header, u32 } from '../wgsl.js';
import { SILU } from './math.js';
import { concatReader } from './sources.js';
import { acc, accumulators, convTile, tileIndex } from './tile.js';

export function fusedConv2d(node: NodeOf<'fused_conv2d'>, ctx: LowerCtx): KernelSource {
  const a = node.attrs;
  const { kernel: k, stride: s, padding: pad } = a;
  const o = operandPositions(node);
  const srcShapes = o.input.map((i) => ctx.shapes[i]!);
  const [n, cout, oh, ow] = node.shape as [number, number, number, number];
  const [h, w] = [srcShapes[0]![2]!, srcShapes[0]![3]!];
  const cin = srcShapes.reduce((sum, sh) => sum + sh[1]!, 0);
  const { tco, tx } = convTile(cout, ow, ctx.target);
  const xTiles = Math.ceil(ow / tx);
  const total = n * (cout / tco) * oh * xTiles;
  const span = (tx - 1) * s + k;

  const W = ctx.param(o.weight);
  const B = ctx.param(o.bias);
  const names = srcShapes.map((_, i) => `x${i}`);
  const acts = [...names];
  if (o.norm !== undefined) acts.push('stats');
  const tShape = o.timeBias === undefined ? undefined : ctx.shapes[o.timeBias]!;
  if (tShape) acts.push('temb');
  if (o.residual !== undefined) acts.push('res');
  const rShapes = o.shortcut.map((i) => ctx.shapes[i]!);
  const resNames = rShapes.map((_, i) => `r${i}`);
  acts.push(...resNames);
  const rcin = rShapes.reduce((sum, sh) => sum + sh[1]!, 0);
  const RW = o.shortcutWeight === undefined ? 0 : ctx.param(o.shortcutWeight);
  const RB = o.shortcutBias === undefined ? 0 : ctx.param(o.shortcutBias);

  const body: string[] = accumulators(tco, tx);

  // The main loop, once per source so each has constant strides.
  let cStart = 0;
  srcShapes.forEach((sh, si) => {
    const cs = sh[1]!;
    body.push(`  for (var ci = 0u; ci < ${u32(cs)} + opaque; ci++) {`);
    body.push(`    let c = ${u32(cStart)} + ci;`);
    body.push(`    let xBase = (b * ${u32(cs)} + ci) * ${u32(h * w)};`);
    if (a.prologue !== 'none')
      body.push(
        `    let scale = stats[(b * ${u32(cin)} + c) * 2u];`,
        `    let shift = stats[(b * ${u32(cin)} + c) * 2u + 1u];`,
      );
    body.push(`    for (var ky = 0u; ky < ${u32(k)} + opaque; ky++) {`);
    body.push(`      let iy = i32(oy * ${u32(s)} + ky) - ${pad};`);
    body.push(`      let rowOk = iy >= 0 && iy < ${h};`);
    body.push(`      let rowBase = xBase + u32(max(iy, 0)) * ${u32(w)};`);
    for (let j = 0; j < span; j++) {
      const act =
        a.prologue === 'none'
          ? 'r'
          : a.prologue === 'affine'
            ? 'fma(r, scale, shift)'
            : 'silu(fma(r, scale, shift))';
      body.push(
        `      var v${j} = 0.0;`,
        `      { let ix = ix0 + ${j}; if (rowOk && ix >= 0 && ix < ${w}) { let r = ${names[si]}[rowBase + u32(ix)]; v${j} = ${act}; } }`,
      );
    }
    body.push(
      `      let wRow = ${u32(W)} + (co0 * ${u32(cin)} + c) * ${u32(k * k)} + ky * ${u32(k)};`,
    );
    for (let kx = 0; kx < k; kx++)
      for (let i = 0; i < tco; i++) {
        body.push(`      { let wv = params[wRow + ${u32(i * cin * k * k + kx)}];`);
        for (let j = 0; j < tx; j++)
          body.push(`        ${acc(i, j)} = fma(v${j * s + kx}, wv, ${acc(i, j)});`);
        body.push('      }');
      }
    body.push('    }', '  }');
    cStart += cs;
  });

  if (a.residual === 'conv1x1') {
    body.push(`  for (var rc = 0u; rc < ${u32(rcin)} + opaque; rc++) {`);
    for (let j = 0; j < tx; j++)
      body.push(
        `    let r${j} = select(0.0, shortcut_src(b, rc, oy * ${u32(ow)} + ox0 + ${u32(j)}), ox0 + ${u32(j)} < ${u32(ow)});`,
      );
    for (let i = 0; i < tco; i++) {
      body.push(`    { let wv = params[${u32(RW)} + (co0 + ${u32(i)}) * ${u32(rcin)} + rc];`);
      for (let j = 0; j < tx; j++) body.push(`      ${acc(i, j)} = fma(r${j}, wv, ${acc(i, j)});`);
      body.push('    }');
    }
    body.push('  }');
  }

  for (let i = 0; i < tco; i++) {
    const terms = [`params[${u32(B)} + co0 + ${u32(i)}]`];
    if (tShape) terms.push(`temb[b * ${u32(tShape[1]!)} + ${u32(a.timeOffset)} + co0 + ${u32(i)}]`);
    if (a.residual === 'conv1x1') terms.push(`params[${u32(RB)} + co0 + ${u32(i)}]`);
    body.push(`  { let add = ${terms.join(' + ')};`);
    body.push(
      `    let rowOut = ((b * ${u32(cout)} + co0 + ${u32(i)}) * ${u32(oh)} + oy) * ${u32(ow)} + ox0;`,
    );
    for (let j = 0; j < tx; j++) {
      const res = a.residual === 'add' ? ` + res[rowOut + ${u32(j)}]` : '';
      const store = `y[rowOut + ${u32(j)}] = ${acc(i, j)} + add${res};`;
      body.push(
        ow % tx === 0 ? `    ${store}` : `    if (ox0 + ${u32(j)} < ${u32(ow)}) { ${store} }`,
      );
    }
    body.push('  }');
  }

  const notes = [
    a.sources > 1
      ? `input: channel concat of ${srcShapes.map((x) => `[${x.join(',')}]`).join(' ++ ')}`
      : `input: [${srcShapes[0]!.join(',')}]`,
    a.prologue !== 'none'
      ? `prologue: GroupNorm affine${a.prologue === 'affine_silu' ? ' + SiLU' : ''} on load`
      : 'prologue: none',
    `epilogue: bias${a.timeBias ? ` + time bias (columns ${a.timeOffset}..)` : ''}${a.residual === 'add' ? ' + residual' : a.residual === 'conv1x1' ? ' + 1x1 shortcut conv' : ''}`,
    `tile: ${tco} output channels x ${tx} columns per invocation`,
  ];
  const wgsl = `${header(`fused_conv2d ${k}x${k} stride ${s} pad ${pad}: -> [${node.shape.join(',')}]`, notes)}
${bindings(acts, 'y', true)}
${a.prologue === 'affine_silu' ? `\n${SILU}\n` : ''}${
  a.residual === 'conv1x1'
    ? `\n${concatReader(
        'shortcut_src',
        resNames.map((r, i) => ({
          name: r,
          channels: rShapes[i]![1]!,
        })),
        oh * ow,
      )}\n`
    : ''
}
${flatMain(
  total,
  `${tileIndex(xTiles, oh, cout, tco, tx)}
  let ix0 = i32(ox0 * ${u32(s)}) - ${pad};
  // Always 0, but unknown to the shader compiler: keeps it from unrolling the channel and
  // kernel-row loops on top of the unrolled tile (lavapipe's LLVM took ~10 s per kernel).
  let opaque = nwg.z >> 31u;
${body.join('\n')}`,
)}
`;
  return { family: 'fused_conv2d', wgsl, grid: grid1d(total) };
}
