/**
 * fused_conv2d for software adapters (lavapipe): reads the padded, activated input that
 * pad-activate.ts wrote, as vec4, and weights repacked at load as [ceil(Cout/4)][Cin*k*k][4]
 * (vec4 over 4 output channels; see ParamMember.interleave), so that per (input channel,
 * kernel row) an invocation makes NV input loads and k*TCO/4 weight loads, none bounds-checked
 * by our code, for TCO*TX*k FMAs. Each invocation computes TCO output channels x TX columns of
 * one output row. A channel tile may overhang Cout (the 3-channel output conv): the repacked
 * weights are zero there and those stores are skipped.
 *
 * Epilogue as the scalar kernel's: bias, time bias, and a residual tensor or a 1x1 shortcut
 * conv of the block input (its own repacked weights), all read as vec4 along the row.
 */
import { operandPositions, type NodeOf } from '../../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../../kernel.js';
import { schedule } from '../../schedule.js';
import { Dims, flatMain, grid1d, header, sum, times, u32 } from '../../wgsl.js';
import { acc, accumulators, tileIndex } from '../tile.js';
import { PAD_COLUMNS } from './padded.js';

const XYZW = 'xyzw';

/** The conv; its input binding is the padded tensor, listed by the caller first. */
export function vec4Conv2d(
  node: NodeOf<'fused_conv2d'>,
  ctx: LowerCtx,
  padded: readonly number[],
): KernelSource {
  const a = node.attrs;
  const { kernel: k, stride: s, padding: pad } = a;
  const o = operandPositions(node);
  const [n, cout, oh, ow] = node.shape as [number, number, number, number];
  const [, cin, ph, pw] = padded as [number, number, number, number];
  const sched = schedule('cpu');
  const [tco, tx] = [sched.convChannels, sched.convColumns];
  if (tco % 4 !== 0 || tx % 4 !== 0) throw new Error('vec4 conv: the tile must be whole vec4s');
  const xTiles = Math.ceil(ow / tx);
  const coTiles = Math.ceil(cout / tco);
  const total = n * coTiles * oh * xTiles;
  const wg = sched.flat;
  // Window of the row loads, in elements from vec4 q0 (see padded.ts): output column j, tap kx.
  const off = pad === 0 ? 0 : PAD_COLUMNS - pad;
  const elem = (j: number, kx: number) => j * s + kx + off;
  const nv = Math.floor(elem(tx - 1, k - 1) / 4) + 1;
  const firstQ = pad === 0 ? 1 : 0;
  const tShape = o.timeBias === undefined ? undefined : ctx.shapes[o.timeBias]!;
  const rShapes = o.shortcut.map((i) => ctx.shapes[i]!);
  const shortcut = a.residual === 'conv1x1';

  const d = new Dims();
  const D = {
    cin: d.u('cin', cin),
    ph: d.u('ph', ph),
    pw4: d.u('pw4', pw / 4),
    cout: d.u('cout', cout),
    oh: d.u('oh', oh),
    ow: d.u('ow', ow),
    ow4: d.u('ow4', ow / 4),
    wco: d.u('wco', cin * k * k), // vec4 weights per 4-channel group
  };
  const index = {
    xTiles: d.u('xTiles', xTiles),
    oh: D.oh,
    coTiles: d.u('coTiles', coTiles),
    rows: d.u('rows', xTiles * oh),
    tiles: d.u('tiles', xTiles * oh * coTiles),
  };
  const totalU = d.u('total', total);
  const W = d.u('wOff4', ctx.param(o.weight) / 4);
  const B = d.u('bOff4', ctx.param(o.bias) / 4);
  const tCols = tShape ? d.u('tCols', tShape[1]!) : '';
  const tOff = tShape ? d.u('tOff', a.timeOffset) : '';
  const rc = rShapes.map((sh, i) => d.u(`rc${i}`, sh[1]!));
  const rcin = shortcut
    ? d.u(
        'rcin',
        rShapes.reduce((t, sh) => t + sh[1]!, 0),
      )
    : '';
  const RW = shortcut ? d.u('rwOff4', ctx.param(o.shortcutWeight!) / 4) : '';
  const RB = shortcut ? d.u('rbOff4', ctx.param(o.shortcutBias!) / 4) : '';

  const acts = ['xp'];
  const decl: string[] = [];
  if (tShape) acts.push('temb');
  if (a.residual === 'add') acts.push('res');
  acts.push(...rShapes.map((_, i) => `r${i}`));
  acts.forEach((name, i) => {
    const type = name === 'temb' ? 'f32' : 'vec4<f32>';
    decl.push(`@group(0) @binding(${i}) var<storage, read> ${name}: array<${type}>;`);
  });
  decl.push(`@group(0) @binding(${acts.length}) var<storage, read> params: array<vec4<f32>>;`);
  decl.push(`@group(0) @binding(${acts.length + 1}) var<uniform> dims: Dims;`);
  decl.push(`@group(0) @binding(${acts.length + 2}) var<storage, read_write> y: array<vec4<f32>>;`);

  const groups = tco / 4;
  const body: string[] = [
    ...Array.from(
      { length: groups },
      (_, g) => `  let wg${g} = ${sum(W, times(sum('co0 / 4u', g), D.wco))};`,
    ),
    `  let q0 = ${sum(`${times('ox0', s)} / 4u`, firstQ)};`,
    ...accumulators(tco, tx),
    `  for (var ci = 0u; ci < ${D.cin}; ci++) {`,
    `    let plane = ${times(sum(times('b', D.cin), 'ci'), D.ph)};`,
    `    let wt = ${times('ci', k * k)};`,
    `    for (var ky = 0u; ky < ${u32(k)} + opaque; ky++) {`,
    `      let row = (plane + ${sum(times('oy', s), 'ky')}) * ${D.pw4} + q0;`,
  ];
  for (let v = 0; v < nv; v++) body.push(`      let q${v} = xp[${sum('row', v)}];`);
  const x = (e: number) => `q${e >> 2}.${XYZW[e & 3]}`;
  for (let kx = 0; kx < k; kx++)
    for (let g = 0; g < groups; g++) {
      body.push(`      { let wv = params[${sum(`wg${g}`, 'wt', times('ky', k), kx)}];`);
      for (let c = 0; c < 4; c++)
        for (let j = 0; j < tx; j++) {
          const i = g * 4 + c;
          body.push(`        ${acc(i, j)} = fma(${x(elem(j, kx))}, wv.${XYZW[c]}, ${acc(i, j)});`);
        }
      body.push('      }');
    }
  body.push('    }', '  }');

  const rowVec = (j4: number) => sum(times('oy', D.ow4), 'ox0 / 4u', j4);
  if (shortcut) {
    // shortcut_src(b, c, p4): vec4 p4 of channel c of the concatenated block input.
    body.push(`  for (var rc = 0u; rc < ${rcin}; rc++) {`);
    for (let j4 = 0; j4 < tx / 4; j4++)
      body.push(
        `    let s${j4} = select(vec4<f32>(0.0), shortcut_src(b, rc, ${rowVec(j4)}), ${sum('ox0', 4 * j4)} < ${D.ow});`,
      );
    for (let g = 0; g < groups; g++) {
      body.push(`    { let wv = params[${sum(RW, times(sum('co0 / 4u', g), rcin), 'rc')}];`);
      for (let c = 0; c < 4; c++)
        for (let j = 0; j < tx; j++)
          body.push(
            `      ${acc(g * 4 + c, j)} = fma(s${j >> 2}.${XYZW[j & 3]}, wv.${XYZW[c]}, ${acc(g * 4 + c, j)});`,
          );
      body.push('    }');
    }
    body.push('  }');
  }

  for (let g = 0; g < groups; g++) {
    body.push(`  { let bias = params[${sum(B, 'co0 / 4u', g)}];`);
    if (shortcut) body.push(`    let sbias = params[${sum(RB, 'co0 / 4u', g)}];`);
    for (let c = 0; c < 4; c++) {
      const i = g * 4 + c;
      const co = sum('co0', i);
      const terms = [`bias.${XYZW[c]}`];
      if (shortcut) terms.push(`sbias.${XYZW[c]}`);
      if (tShape) terms.push(`temb[${sum(times('b', tCols), tOff, co)}]`);
      body.push(`    if (${co} < ${D.cout}) {`, `      let add = ${terms.join(' + ')};`);
      body.push(`      let rowOut = ${times(sum(times('b', D.cout), co), D.oh)};`);
      for (let j4 = 0; j4 < tx / 4; j4++) {
        const at = `(rowOut + oy) * ${D.ow4} + ox0 / 4u + ${u32(j4)}`;
        const vals = [0, 1, 2, 3].map((e) => acc(i, 4 * j4 + e)).join(', ');
        const res = a.residual === 'add' ? ` + res[${at}]` : '';
        body.push(
          `      if (${sum('ox0', 4 * j4)} < ${D.ow}) { y[${at}] = vec4<f32>(${vals}) + vec4<f32>(add)${res}; }`,
        );
      }
      body.push('    }');
    }
    body.push('  }');
  }

  const shortcutFn = shortcut
    ? `
fn shortcut_src(n: u32, c: u32, p4: u32) -> vec4<f32> {
${
  rShapes.length === 1
    ? `  return r0[(n * ${rc[0]} + c) * ${D.oh} * ${D.ow4} + p4];`
    : `  if (c < ${rc[0]}) { return r0[(n * ${rc[0]} + c) * ${D.oh} * ${D.ow4} + p4]; }
  return r1[(n * ${rc[1]} + c - ${rc[0]}) * ${D.oh} * ${D.ow4} + p4];`
}
}
`
    : '';
  const wgsl = `${header(
    `fused_conv2d ${k}x${k} stride ${s} pad ${pad}, vec4 over a padded activated input`,
    [
      `epilogue: bias${tShape ? ' + time bias' : ''}${a.residual === 'add' ? ' + residual' : shortcut ? ` + 1x1 shortcut conv of ${rShapes.length} source(s)` : ''}`,
      `tile: ${tco} output channels x ${tx} columns per invocation; ${nv} vec4 input loads per kernel row`,
    ],
  )}
${d.declaration()}
${decl.join('\n')}
${shortcutFn}
${flatMain(
  totalU,
  `${tileIndex(index, tco, tx)}
  // Always 0, but unknown to the shader compiler: keeps it from unrolling the kernel-row loop.
  let opaque = nwg.z >> 31u;
${body.join('\n')}`,
  wg,
)}
`;
  const actPositions = [
    ...(o.timeBias === undefined ? [] : [o.timeBias]),
    ...(o.residual === undefined ? [] : [o.residual]),
    ...o.shortcut,
  ];
  return {
    family: 'fused_conv2d',
    wgsl,
    grid: grid1d(total, wg),
    dims: d.values,
    acts: [-1, ...actPositions],
  };
}
