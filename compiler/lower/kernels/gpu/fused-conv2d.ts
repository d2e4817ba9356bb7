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
import type { NodeOf } from '../../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../../kernel.js';
import { bindings, gridZ, header, MAX_GROUPS_PER_DIM, rolled, u32 } from '../../wgsl.js';
import { SILU } from '../math.js';
import {
  type PatchLoad,
  columnLoop,
  reduceSlices,
  sharedDecls,
  stagedMain,
  stagePatch,
  stageWeights,
} from './staged.js';
import { gpuTile, staging } from './tiles.js';

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
  readonly prologue: 'none' | 'affine' | 'affine_silu';
}

/** The kernel, or null when the layer's grid would not fit WebGPU's dispatch limits. */
export function fusedConv2dGpu(node: NodeOf<'fused_conv2d'>, ctx: LowerCtx): KernelSource | null {
  const a = node.attrs;
  const [n, cout, oh, ow] = node.shape as [number, number, number, number];
  const srcShapes = ctx.shapes.slice(0, a.sources);
  const cin = srcShapes.reduce((sum, sh) => sum + sh[1]!, 0);

  let at = a.sources;
  const W = ctx.param(at++);
  const B = ctx.param(at++);
  const acts = srcShapes.map((_, i) => `x${i}`);
  if (a.prologue !== 'none') {
    acts.push('stats');
    at++;
  }
  const tShape = a.timeBias ? ctx.shapes[at++]! : undefined;
  if (a.timeBias) acts.push('temb');
  const passes: Pass[] = [
    {
      sources: srcShapes.map((sh, i) => ({ name: `x${i}`, channels: sh[1]! })),
      k: a.kernel,
      s: a.stride,
      pad: a.padding,
      h: srcShapes[0]![2]!,
      w: srcShapes[0]![3]!,
      weights: W,
      prologue: a.prologue,
    },
  ];
  let RB = 0;
  if (a.residual === 'add') {
    acts.push('res');
    at++;
  } else if (a.residual === 'conv1x1') {
    const rShapes = ctx.shapes.slice(at, at + a.residualSources);
    at += a.residualSources;
    const sources = rShapes.map((sh, i) => ({ name: `r${i}`, channels: sh[1]! }));
    acts.push(...sources.map((s) => s.name));
    passes.push({
      sources,
      k: 1,
      s: 1,
      pad: 0,
      h: oh,
      w: ow,
      weights: ctx.param(at++),
      prologue: 'none',
    });
    RB = ctx.param(at++);
  }

  const tile = gpuTile(n, cout, oh, ow);
  const tilesX = Math.ceil(ow / tile.pw);
  const tilesY = Math.ceil(oh / tile.ph);
  const coTiles = Math.ceil(cout / tile.tco);
  if (tilesX * tilesY > MAX_GROUPS_PER_DIM || n > MAX_GROUPS_PER_DIM) return null;
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
        read: (ci, at) =>
          `${src.name}[(b * ${u32(src.channels)} + ${ci}) * ${u32(p.h * p.w)} + ${at}]`,
        activate:
          p.prologue === 'none'
            ? undefined
            : (ci) => {
                const st = `(b * ${u32(cin)} + ${u32(cStart)} + ${ci}) * 2u`;
                const affine = `fma(v, stats[${st}], stats[${st} + 1u])`;
                return `v = ${p.prologue === 'affine_silu' ? `silu(${affine})` : affine};`;
              },
      };
      const span = 3 * p.s + p.k;
      const compute: string[] = [
        `    for (var cl = 0u; cl < ${rolled(cc / ks)}; cl++) {`,
        `      let c = ${ks > 1 ? `kslice * ${u32(cc / ks)} + ` : ''}cl;`,
        `      for (var ky = 0u; ky < ${rolled(p.k)}; ky++) {`,
        `        let xr = (c * ${u32(rows)} + ly * ${u32(p.s)} + ky) * ${u32(cols)} + lx * ${u32(p.s)};`,
      ];
      for (let j = 0; j < span; j++) compute.push(`        let v${j} = xs[xr + ${u32(j)}];`);
      compute.push(
        `        let wr = (c * ${u32(kk)} + ky * ${u32(p.k)}) * ${u32(tile.tco / 4)} + co4;`,
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
          base: `${u32(p.weights + cStart * kk)}`,
          coStride: pcin * kk,
          cStride: kk,
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
  for (let i = 0; i < 4; i++) {
    const co = `co0 + co4 * 4u + ${u32(i)}`;
    const terms = [`params[${u32(B)} + min(${co}, ${u32(cout - 1)})]`];
    if (a.timeBias)
      terms.push(
        `temb[b * ${u32(tShape![1]!)} + ${u32(a.timeOffset)} + min(${co}, ${u32(cout - 1)})]`,
      );
    if (a.residual === 'conv1x1') terms.push(`params[${u32(RB)} + min(${co}, ${u32(cout - 1)})]`);
    body.push(`  let add${i} = ${terms.join(' + ')};`);
  }
  const pixGuard = oh % tile.ph !== 0 || ow % tile.pw !== 0;
  const coGuard = cout % tile.tco !== 0;
  const stores = [0, 1, 2, 3].map((i) => {
    const co = `co0 + co4 * 4u + ${u32(i)}`;
    const o = `((b * ${u32(cout)} + ${co}) * ${u32(oh)} + oy) * ${u32(ow)} + ox`;
    const store = `{ let o = ${o}; y[o] = a[${i}] + add${i}${a.residual === 'add' ? ' + res[o]' : ''}; }`;
    return coGuard ? `    if (${co} < ${u32(cout)}) ${store}` : `    ${store}`;
  });
  body.push(...columnLoop(pixGuard ? `oy < ${u32(oh)} && ox < ${u32(ow)}` : undefined, stores));

  if (ks > 1) body.push('  }');
  const xsLen = Math.max(...passes.map((p) => cc * patch(p).rows * patch(p).cols));
  const wsLen = Math.max(...passes.map((p) => cc * p.k * p.k * (tile.tco / 4)));
  const notes = [
    a.sources > 1
      ? `input: channel concat of ${srcShapes.map((x) => `[${x.join(',')}]`).join(' ++ ')}`
      : `input: [${srcShapes[0]!.join(',')}]`,
    a.prologue !== 'none'
      ? `prologue: GroupNorm affine${a.prologue === 'affine_silu' ? ' + SiLU' : ''}, once per staged input element`
      : 'prologue: none',
    `epilogue: bias${a.timeBias ? ` + time bias (columns ${a.timeOffset}..)` : ''}${a.residual === 'add' ? ' + residual' : a.residual === 'conv1x1' ? ' + 1x1 shortcut conv' : ''}`,
    `workgroup: ${tile.tco} channels x ${tile.ph}x${tile.pw} pixels, ${t.threads} invocations of 4x4${t.ks > 1 ? ` in ${t.ks} K-slices` : ''}; ${cc} input channels staged per barrier`,
  ];
  const wgsl = `${header(`fused_conv2d ${a.kernel}x${a.kernel} stride ${a.stride} pad ${a.padding} (gpu, shared tiles): -> [${node.shape.join(',')}]`, notes)}
${bindings(acts, 'y', true)}
${sharedDecls(t, xsLen, wsLen)}
${a.prologue === 'affine_silu' ? `\n${SILU}\n` : ''}
${stagedMain(t, tilesX, body.join('\n'))}
`;
  return { family: 'fused_conv2d', wgsl, grid: gridZ(tilesX * tilesY, coTiles, n) };
}
