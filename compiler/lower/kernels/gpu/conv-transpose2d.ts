/**
 * The 4x4 / stride-2 / pad-1 ConvTranspose (phase form) for real GPUs, staged like
 * fused-conv2d.ts: a workgroup owns TCO output channels x a PH x PW output block (both even),
 * which reads a (PH/2 + 2) x (PW/2 + 2) input patch per input channel; the patch and the
 * chunk's 16 taps per output channel (vec4 over 4 channels) go to workgroup memory. An
 * invocation computes 4 channels x 4 columns of one row: the row's parity picks 2 kernel rows,
 * each column's parity 2 of their taps (see convTranspose2dPhases), so 8 vec4 FMAs per 4 input
 * and 4 weight reads.
 */
import type { NodeOf } from '../../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../../kernel.js';
import { bindings, gridZ, header, rolled, tensor, u32 } from '../../wgsl.js';
import { storeSide } from '../fragments.js';
import {
  columnLoop,
  reduceSlices,
  sharedDecls,
  stagedMain,
  stagePatch,
  stageWeights,
} from './staged.js';
import { type FittedTile, staging } from './tiles.js';

export function convTranspose2dPhasesGpu(
  node: NodeOf<'conv_transpose2d'>,
  ctx: LowerCtx<'conv_transpose2d'>,
  tile: FittedTile,
): KernelSource {
  const [, cin, h, w] = ctx.shapes.input as [number, number, number, number];
  const [n, cout, oh, ow] = node.shape as [number, number, number, number];
  const W = ctx.param('weight');
  const B = ctx.param('bias');
  const tilesX = Math.ceil(ow / tile.pw);
  const tilesY = Math.ceil(oh / tile.ph);
  const rows = tile.ph / 2 + 2;
  const cols = tile.pw / 2 + 2;
  const { ks, cc } = staging(tile, rows * cols + 16 * tile.tco, { max: cin, total: cin });
  const t = { ...tile, ks, cc, threads: tile.base * ks };
  const tco4 = tile.tco / 4;

  const body: string[] = [
    `  for (var c0 = 0u; c0 < ${u32(cin)} + opaque; c0 += ${u32(cc)}) {`,
    stagePatch(t, {
      rows,
      cols,
      iy0: 'i32(oy0 / 2u) - 1',
      ix0: 'i32(ox0 / 2u) - 1',
      h,
      w,
      channels: cin,
      read: (ci, at) => tensor('x', [n, cin, h * w]).at('b', ci, at),
    }),
    // ConvTranspose weights are [cin, cout, 4, 4].
    stageWeights(t, {
      taps: 16,
      at: (co, c, tap) => tensor('params', [cin, cout, 16], W).index(c, co, tap),
      coStride: 16,
      channels: cin,
      cout,
    }),
    '    workgroupBarrier();',
    `    for (var cl = 0u; cl < ${rolled(cc / ks)}; cl++) {`,
    `      let c = ${ks > 1 ? `kslice * ${u32(cc / ks)} + ` : ''}cl;`,
    '      for (var tt = 0u; tt < 2u; tt++) {',
    // Output row oy0 + ly (oy0 even) takes kernel rows ky = (ly + 1) % 2 + {0, 2}, from the
    // input row (oy + 1 - ky) / 2, which is patch row (ly + 3 - ky) / 2.
    '        let ky = (ly + 1u) % 2u + 2u * tt;',
    `        let xr = ${tensor('xs', [cc, rows, cols]).index('c', '(ly + 3u - ky) / 2u', 'lx / 2u')};`,
    '        let v0 = xs[xr]; let v1 = xs[xr + 1u]; let v2 = xs[xr + 2u]; let v3 = xs[xr + 3u];',
    `        let wr = ${tensor('ws', [cc, 16, tco4]).index('c', 'ky * 4u', 'co4')};`,
    `        let w0 = ws[wr]; let w1 = ws[wr + ${u32(tco4)}]; let w2 = ws[wr + ${u32(2 * tco4)}]; let w3 = ws[wr + ${u32(3 * tco4)}];`,
  ];
  // v_m is input column (ox0 + lx) / 2 - 1 + m. An even column j takes kx = 1 from v_{j/2+1}
  // and kx = 3 from v_{j/2}; an odd one kx = 0 from v_{(j+1)/2+1} and kx = 2 from v_{(j+1)/2}.
  for (let j = 0; j < 4; j++) {
    const e = j % 2 === 0;
    const m = e ? j / 2 + 1 : (j + 1) / 2 + 1;
    body.push(
      `        acc${j} = fma(vec4<f32>(v${m}), ${e ? 'w1' : 'w0'}, fma(vec4<f32>(v${m - 1}), ${e ? 'w3' : 'w2'}, acc${j}));`,
    );
  }
  body.push('      }', '    }', '    workgroupBarrier();', '  }', reduceSlices(t));
  if (ks > 1) body.push('  if (kslice == 0u) {');
  body.push('  let oy = oy0 + ly;');
  const store = storeSide({ param: (at) => `params[${at}]`, bias: B });
  for (let i = 0; i < 4; i++)
    body.push(
      `  let bias${i} = ${store.bias(`min(co0 + co4 * 4u + ${u32(i)}, ${u32(cout - 1)})`)};`,
    );
  const pixGuard = oh % tile.ph !== 0 || ow % tile.pw !== 0;
  const coGuard = cout % tile.tco !== 0;
  const stores = [0, 1, 2, 3].map((i) => {
    const co = `co0 + co4 * 4u + ${u32(i)}`;
    const store = `${tensor('y', [n, cout, oh, ow]).at('b', co, 'oy', 'ox')} = a[${i}] + bias${i};`;
    return coGuard ? `    if (${co} < ${u32(cout)}) { ${store} }` : `    ${store}`;
  });
  body.push(...columnLoop(pixGuard ? `oy < ${u32(oh)} && ox < ${u32(ow)}` : undefined, stores));
  if (ks > 1) body.push('  }');
  const wgsl = `${header(
    `conv_transpose2d 4x4 stride 2 pad 1 as phases (gpu, shared tiles): [${ctx.shapes.input.join(',')}] -> [${node.shape.join(',')}]`,
    [
      `workgroup: ${tile.tco} channels x ${tile.ph}x${tile.pw} pixels, ${t.threads} invocations of 4x4${t.ks > 1 ? ` in ${t.ks} K-slices` : ''}; ${cc} input channels staged per barrier`,
    ],
  )}
${bindings(['x'], 'y', true)}
${sharedDecls(t, cc * rows * cols, cc * 16 * tco4)}

${stagedMain(t, tilesX, body.join('\n'))}
`;
  return {
    family: 'conv_transpose2d',
    wgsl,
    grid: gridZ(tilesX * tilesY, Math.ceil(cout / tile.tco), n),
  };
}
