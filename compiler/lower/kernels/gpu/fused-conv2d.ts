/**
 * fused_conv2d for real GPUs (`--target gpu`): an implicit GEMM with workgroup-shared tiles.
 *
 * A workgroup owns TCO output channels x a PH x PW block of output pixels (tiles.ts). Per chunk
 * of CC input channels it stages, in workgroup memory, the zero-padded input patch the block
 * reads ((PH-1)*stride + k rows, likewise columns), with the GroupNorm affine and SiLU applied
 * once per staged element rather than once per tap, and the chunk's weights as vec4 over 4
 * output channels. Each invocation then computes 4 channels x 4 consecutive columns: per
 * (channel, kernel row) it reads 3*stride + k inputs and k vec4 weights from workgroup memory
 * and does 16k FMAs. The 1x1 shortcut conv runs as a second, k = 1 pass over the block input
 * into the same accumulators. Epilogue as in the cpu kernel: bias, time bias, residual.
 * Layers with few output tiles (batch 1) split each stage's channels between up to 4 K-slices
 * of invocations, whose partial tiles are added in slice order before the epilogue.
 */
import { residualKind, sourceCount, timeBiasOf } from '../../../ir/fused.js';
import type { NodeOf } from '../../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../../kernel.js';
import { bindings, gridZ, header, rolled, sum, tensor, times, u32 } from '../../wgsl.js';
import { type Load, loadExpr, loadFns, loadOf, loadTitle, storeSide } from '../fragments.js';
import {
  type PatchLoad,
  columnLoop,
  reduceSlices,
  sharedDecls,
  stagedMain,
  stagePatch,
  stageWeights,
} from './staged.js';
import { type FittedTile, staging } from './tiles.js';

interface Src {
  readonly name: string;
  readonly channels: number;
}

/** One conv accumulated into the tile: the main one, or the 1x1 shortcut. */
interface Pass {
  readonly sources: readonly Src[];
  readonly k: number;
  readonly s: number;
  readonly pad: number;
  readonly h: number;
  readonly w: number;
  /** Offset of the weights [cout, cin, k, k] in params. */
  readonly weights: number;
  readonly load: Load;
}

/** The kernel for its variant's tile (schedule.ts `staged`), which applies where its grid fits. */
export function fusedConv2dGpu(
  node: NodeOf<'fused_conv2d'>,
  ctx: LowerCtx<'fused_conv2d'>,
  tile: FittedTile,
): KernelSource {
  const a = node.attrs;
  const load = loadOf(a);
  const residual = residualKind(a);
  const timeOffset = timeBiasOf(a)?.offset ?? 0;
  const [n, cout, oh, ow] = node.shape as [number, number, number, number];
  const o = ctx.shapes;
  const srcShapes = o.input;
  const cin = srcShapes.reduce((sum, sh) => sum + sh[1]!, 0);

  const acts = srcShapes.map((_, i) => `x${i}`);
  if (o.norm) acts.push('stats');
  const tShape = o.timeBias;
  if (tShape) acts.push('temb');
  const passes: Pass[] = [
    {
      sources: srcShapes.map((sh, i) => ({ name: `x${i}`, channels: sh[1]! })),
      k: a.kernel,
      s: a.stride,
      pad: a.padding,
      h: srcShapes[0]![2]!,
      w: srcShapes[0]![3]!,
      weights: ctx.param('weight'),
      load,
    },
  ];
  const B = ctx.param('bias');
  let RB = 0;
  if (o.residual) acts.push('res');
  if (o.shortcutWeight) {
    const sources = o.shortcut.map((sh, i) => ({ name: `r${i}`, channels: sh[1]! }));
    acts.push(...sources.map((s) => s.name));
    passes.push({
      sources,
      k: 1,
      s: 1,
      pad: 0,
      h: oh,
      w: ow,
      weights: ctx.param('shortcutWeight'),
      load: { norm: false, act: undefined },
    });
    RB = ctx.param('shortcutBias');
  }

  const tilesX = Math.ceil(ow / tile.pw);
  const tilesY = Math.ceil(oh / tile.ph);
  const coTiles = Math.ceil(cout / tile.tco);
  const patch = (p: Pass) => ({
    rows: (tile.ph - 1) * p.s + p.k,
    cols: (tile.pw - 1) * p.s + p.k,
  });
  const main = patch(passes[0]!);
  const maxCh = Math.max(...passes.flatMap((p) => p.sources.map((s) => s.channels)));
  const { ks, cc } = staging(tile, main.rows * main.cols + a.kernel * a.kernel * tile.tco, {
    max: maxCh,
    total: cin,
  });
  const t = { ...tile, ks, cc, threads: tile.base * ks };

  const body: string[] = [];
  for (const p of passes) {
    const { rows, cols } = patch(p);
    const kk = p.k * p.k;
    const pcin = p.sources.reduce((sum, s) => sum + s.channels, 0);
    let cStart = 0;
    for (const src of p.sources) {
      const load: PatchLoad = {
        rows,
        cols,
        iy0: `i32(oy0 * ${u32(p.s)}) - ${p.pad}`,
        ix0: `i32(ox0 * ${u32(p.s)}) - ${p.pad}`,
        h: p.h,
        w: p.w,
        channels: src.channels,
        read: (ci, at) => tensor(src.name, [n, src.channels, p.h * p.w]).at('b', ci, at),
        activate: !p.load.norm
          ? undefined
          : (ci) => {
              const stats = tensor('stats', [n, cin, 2]);
              const c = sum(cStart, ci);
              return `v = ${loadExpr(p.load, 'v', stats.at('b', c, 0), stats.at('b', c, 1))};`;
            },
      };
      const span = 3 * p.s + p.k;
      const compute: string[] = [
        `    for (var cl = 0u; cl < ${rolled(cc / ks)}; cl++) {`,
        `      let c = ${ks > 1 ? `kslice * ${u32(cc / ks)} + ` : ''}cl;`,
        `      for (var ky = 0u; ky < ${rolled(p.k)}; ky++) {`,
        `        let xr = ${tensor('xs', [cc, rows, cols]).index('c', sum(times('ly', p.s), 'ky'), times('lx', p.s))};`,
      ];
      for (let j = 0; j < span; j++) compute.push(`        let v${j} = xs[xr + ${u32(j)}];`);
      compute.push(
        `        let wr = ${tensor('ws', [cc, kk, tile.tco / 4]).index('c', times('ky', p.k), 'co4')};`,
      );
      for (let kx = 0; kx < p.k; kx++) {
        compute.push(`        { let wv = ws[wr + ${u32(kx * (tile.tco / 4))}];`);
        for (let j = 0; j < 4; j++)
          compute.push(`          acc${j} = fma(vec4<f32>(v${j * p.s + kx}), wv, acc${j});`);
        compute.push('        }');
      }
      compute.push('      }', '    }');
      body.push(
        `  // ${src.name}: ${src.channels} channels, ${p.k}x${p.k} taps, ${cc} channels per stage`,
        `  for (var c0 = 0u; c0 < ${u32(src.channels)} + opaque; c0 += ${u32(cc)}) {`,
        stagePatch(t, load),
        stageWeights(t, {
          taps: kk,
          at: (co, c, tap) =>
            tensor('params', [cout, pcin, kk], p.weights).index(co, sum(cStart, c), tap),
          coStride: pcin * kk,
          channels: src.channels,
          cout,
        }),
        '    workgroupBarrier();',
        ...compute,
        '    workgroupBarrier();',
        '  }',
      );
      cStart += src.channels;
    }
  }

  // Epilogue: 4 channels x 4 columns per invocation (of K-slice 0).
  body.push(reduceSlices(t));
  if (ks > 1) body.push('  if (kslice == 0u) {');
  body.push('  let oy = oy0 + ly;');
  const store = storeSide({
    param: (at) => `params[${at}]`,
    bias: B,
    ...(tShape ? { timeBias: { cols: tShape[1]!, offset: timeOffset } } : {}),
    ...(residual === 'conv1x1' ? { shortcutBias: RB } : {}),
  });
  // Channels past Cout (a partial channel tile) read the last one's and store nothing.
  for (let i = 0; i < 4; i++)
    body.push(
      `  let add${i} = ${store.channel(`min(co0 + co4 * 4u + ${u32(i)}, ${u32(cout - 1)})`)};`,
    );
  const pixGuard = oh % tile.ph !== 0 || ow % tile.pw !== 0;
  const coGuard = cout % tile.tco !== 0;
  const stores = [0, 1, 2, 3].map((i) => {
    const co = `co0 + co4 * 4u + ${u32(i)}`;
    const o = tensor('y', [n, cout, oh, ow]).index('b', co, 'oy', 'ox');
    const line = `{ let o = ${o}; y[o] = a[${i}] + add${i}${residual === 'add' ? ` + ${store.residual('res', 'o')}` : ''}; }`;
    return coGuard ? `    if (${co} < ${u32(cout)}) ${line}` : `    ${line}`;
  });
  body.push(...columnLoop(pixGuard ? `oy < ${u32(oh)} && ox < ${u32(ow)}` : undefined, stores));

  if (ks > 1) body.push('  }');
  const xsLen = Math.max(...passes.map((p) => cc * patch(p).rows * patch(p).cols));
  const wsLen = Math.max(...passes.map((p) => cc * p.k * p.k * (tile.tco / 4)));
  const notes = [
    sourceCount(a) > 1
      ? `input: channel concat of ${srcShapes.map((x) => `[${x.join(',')}]`).join(' ++ ')}`
      : `input: [${srcShapes[0]!.join(',')}]`,
    load.norm ? `prologue: ${loadTitle(load)}, once per staged input element` : 'prologue: none',
    `epilogue: bias${tShape ? ` + time bias (columns ${timeOffset}..)` : ''}${residual === 'add' ? ' + residual' : residual === 'conv1x1' ? ' + 1x1 shortcut conv' : ''}`,
    `workgroup: ${tile.tco} channels x ${tile.ph}x${tile.pw} pixels, ${t.threads} invocations of 4x4${t.ks > 1 ? ` in ${t.ks} K-slices` : ''}; ${cc} input channels staged per barrier`,
  ];
  const wgsl = `${header(`fused_conv2d ${a.kernel}x${a.kernel} stride ${a.stride} pad ${a.padding} (gpu, shared tiles): -> [${node.shape.join(',')}]`, notes)}
${bindings(acts, 'y', true)}
${sharedDecls(t, xsLen, wsLen)}
${load.act ? `\n${loadFns(load)}\n` : ''}
${stagedMain(t, tilesX, body.join('\n'))}
`;
  return { family: 'fused_conv2d', wgsl, grid: gridZ(tilesX * tilesY, coTiles, n) };
}
