/**
 * fused_conv2d for software adapters (lavapipe): reads the padded, activated input that
 * pad-activate.ts wrote, as vec4, and weights repacked at load as [ceil(Cout/4)][Cin*k*k][4]
 * (vec4 over 4 output channels; see ParamMember.interleave). Each invocation computes TCO
 * output channels x TX columns of one output row; per (input channel, kernel row) it makes NV
 * input loads, none bounds-checked by our code, for TCO*TX*k FMAs.
 *
 * Weights are shared through the subgroup: a workgroup is 8 invocations (one SIMD group on
 * lavapipe) with one output-channel tile (workgroup_id.y), so its weights are the same for
 * every lane. Lane l loads float l % 4 of each weight vec4 and subgroupBroadcast hands the four
 * to everyone: on lavapipe every storage load is a per-lane gather, so this makes a weight vec4
 * cost one float per lane instead of four (a lone 3x3 conv: 100 -> 67 ms, conv-lab.ts).
 * Correct for any subgroup of at least 4 lanes. Lanes past the end of a row block repeat the
 * last position (no early return: the broadcasts need lanes 0-3) and store nothing.
 *
 * A channel tile may overhang Cout (the 3-channel output conv): the repacked weights are zero
 * there and those stores are skipped.
 *
 * Epilogue as the scalar kernel's: bias, the time bias t[n, tOff + co] when dims.tCols > 0, and
 * dims.resMode: 1 adds a residual tensor (r0), 2 a 1x1 shortcut conv of the block input (r0, r1;
 * its own repacked weights), read as vec4 along the row. Those are uniform flags, not code, so
 * every conv of one kernel size, stride and padding shares this kernel: on lavapipe each kernel
 * costs a driver compile of a second or more at its first dispatch, and a branch on a uniform
 * flag next to nothing. Bindings are always xp, temb, r0, r1, params, dims, y; an operand a
 * layer lacks is bound to xp and never read.
 */
import { operandPositions, type NodeOf } from '../../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../../kernel.js';
import { schedule, VEC4 } from '../../schedule.js';
import { Dims, header, mul, OPAQUE, rolled, sum, times, u32 } from '../../wgsl.js';
import { concatReader } from '../sources.js';
import { acc, accumulators } from '../tile.js';
import { broadcast4, element, XYZW } from './lanes.js';
import { PAD_COLUMNS } from './padded.js';
import { tileStoreLoop } from './tile-store.js';

const RES = { none: 0, add: 1, conv1x1: 2 } as const;

/** The conv over `padded` (the shape pad-activate.ts wrote), bound where `acts` says -1. */
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
  const [tco, tx] = [VEC4.channels, schedule('cpu').convColumns];
  if (tco % 4 !== 0 || tx % 4 !== 0) throw new Error('vec4 conv: the tile must be whole vec4s');
  const xTiles = Math.ceil(ow / tx);
  const coTiles = Math.ceil(cout / tco);
  const blocks = Math.ceil((oh * xTiles) / VEC4.lanes);
  // The row window starts at vec4 `first` (see padded.ts); output column j's tap kx is element
  // elem(j, kx) of it, held in q0..q{nv-1}.
  const off = pad === 0 ? 0 : PAD_COLUMNS - pad;
  const elem = (j: number, kx: number) => j * s + kx + off;
  const nv = Math.floor(elem(tx - 1, k - 1) / 4) + 1;
  const firstQ = pad === 0 ? 1 : 0;
  const tShape = o.timeBias === undefined ? undefined : ctx.shapes[o.timeBias]!;
  const rShapes = o.shortcut.map((i) => ctx.shapes[i]!);
  const shortcut = a.residual === 'conv1x1';

  // Field order is the uniform's layout and part of the kernel text: every field, always.
  const d = new Dims();
  const D = {
    cin: d.u('cin', cin),
    ph: d.u('ph', ph),
    pw4: d.u('pw4', pw / 4),
    cout: d.u('cout', cout),
    oh: d.u('oh', oh),
    ow: d.u('ow', ow),
    ow4: d.u('ow4', ow / 4),
    wco: d.u('wco', cin * k * k), // vec4 weights per group of 4 output channels
  };
  const xTilesU = d.u('xTiles', xTiles);
  const positions = d.u('positions', xTiles * oh); // (row, column tile) pairs per channel tile
  const W = d.u('wOff', ctx.param(o.weight));
  const B = d.u('bOff', ctx.param(o.bias));
  const tCols = d.u('tCols', tShape ? tShape[1]! : 0);
  const tOff = d.u('tOff', tShape ? a.timeOffset : 0);
  const resMode = d.u('resMode', RES[a.residual]);
  const rc0 = d.u('rc0', shortcut ? rShapes[0]![1]! : 0);
  const rc1 = d.u('rc1', shortcut ? (rShapes[1]?.[1] ?? 0) : 0);
  const rcin = d.u(
    'rcin',
    rShapes.reduce((t, sh) => t + sh[1]!, 0),
  );
  const RW = d.u('rwOff', shortcut ? ctx.param(o.shortcutWeight!) : 0);
  const RB = d.u('rbOff', shortcut ? ctx.param(o.shortcutBias!) : 0);

  const groups = tco / 4;
  const body: string[] = [
    ...Array.from(
      { length: groups },
      (_, g) => `  let wg${g} = ${sum(W, times(times(sum('co0 / 4u', g), D.wco), 4), 'lane4')};`,
    ),
    `  let first = ${sum(`${times('ox0', s)} / 4u`, firstQ)}; // the row window's first vec4`,
    ...accumulators(tco, tx),
    `  for (var ci = 0u; ci < ${D.cin}; ci++) {`,
    `    let plane = ${times(sum(times('b', D.cin), 'ci'), D.ph)};`,
    `    let wt = ${times('ci', k * k)};`,
    `    for (var ky = 0u; ky < ${rolled(k)}; ky++) {`,
    `      let row = (plane + ${sum(times('oy', s), 'ky')}) * ${D.pw4} + first;`,
  ];
  for (let v = 0; v < nv; v++) body.push(`      let q${v} = xp[${sum('row', v)}];`);
  for (let kx = 0; kx < k; kx++)
    for (let g = 0; g < groups; g++) {
      // Lane l holds component l % 4 of the weight vec4 (tap kx, 4 channels); broadcast it.
      body.push(
        `      { let wl = params[${sum(`wg${g}`, times(sum('wt', times('ky', k), kx), 4))}];`,
        `        let wv = ${broadcast4('wl')};`,
      );
      for (let c = 0; c < 4; c++)
        for (let j = 0; j < tx; j++) {
          const i = g * 4 + c;
          body.push(
            `        ${acc(i, j)} = fma(${element('q', elem(j, kx))}, wv.${XYZW[c]}, ${acc(i, j)});`,
          );
        }
      body.push('      }');
    }
  body.push('    }', '  }');

  const rowVec = (j4: number) => sum(times('oy', D.ow4), 'ox0 / 4u', j4);
  // The 1x1 shortcut: dims.rcin is 0 unless dims.resMode is 2.
  body.push(`  for (var rc = 0u; rc < ${rcin}; rc++) {`);
  for (let j4 = 0; j4 < tx / 4; j4++)
    body.push(
      `    let s${j4} = select(vec4<f32>(0.0), shortcut_src(b, rc, ${rowVec(j4)}), ${sum('ox0', 4 * j4)} < ${D.ow});`,
    );
  for (let g = 0; g < groups; g++) {
    body.push(
      `    { let wl = params[${sum(RW, times(sum(times(sum('co0 / 4u', g), rcin), 'rc'), 4), 'lane4')}];`,
      `      let wv = ${broadcast4('wl')};`,
    );
    for (let c = 0; c < 4; c++)
      for (let j = 0; j < tx; j++)
        body.push(
          `      ${acc(g * 4 + c, j)} = fma(${element('s', j)}, wv.${XYZW[c]}, ${acc(g * 4 + c, j)});`,
        );
    body.push('    }');
  }
  body.push('  }');

  body.push(
    ...tileStoreLoop(tco, tx / 4, { cout: D.cout, ow: D.ow }, [
      `var add = params[${sum(B, 'co')}];`,
      `if (${resMode} == ${u32(RES.conv1x1)}) { add += params[${sum(RB, 'co')}]; }`,
      `if (${tCols} != 0u) { add += temb[${sum(times('b', tCols), tOff, 'co')}]; }`,
      `let at = ((${sum(times('b', D.cout), 'co')}) * ${D.oh} + oy) * ${D.ow4} + ox0 / 4u + j4;`,
      'v += vec4<f32>(add);',
      `if (${resMode} == ${u32(RES.add)}) { v += r0[at]; }`,
      'y[at] = v;',
    ]),
  );

  const wgsl = `${header(
    `fused_conv2d ${k}x${k} stride ${s} pad ${pad}, vec4 over a padded activated input`,
    [
      'epilogue: bias, time bias (dims.tCols > 0), residual (dims.resMode 1) or 1x1 shortcut conv (2)',
      `tile: ${tco} output channels x ${tx} columns per invocation; ${nv} vec4 input loads per kernel row`,
    ],
  )}
enable subgroups;

${d.declaration()}
@group(0) @binding(0) var<storage, read> xp: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> temb: array<f32>;
@group(0) @binding(2) var<storage, read> r0: array<vec4<f32>>;
@group(0) @binding(3) var<storage, read> r1: array<vec4<f32>>;
@group(0) @binding(4) var<storage, read> params: array<f32>;
@group(0) @binding(5) var<uniform> dims: Dims;
@group(0) @binding(6) var<storage, read_write> y: array<vec4<f32>>;

// The shortcut's input: a concat of r0 and r1 (dims.rc1 = 0 for one).
${concatReader(
  'shortcut_src',
  [
    { name: 'r0', channels: rc0 },
    { name: 'r1', channels: rc1 },
  ],
  mul(D.oh, D.ow4),
  'vec4<f32>',
)}

@compute @workgroup_size(${VEC4.lanes})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) sl: u32) {
  // One channel tile (y) and batch (z) per workgroup; x walks (row, column tile) pairs.
  let slot = wid.x * ${u32(VEC4.lanes)} + li;
  let live = slot < ${positions};
  let pos = min(slot, ${positions} - 1u);
  let ox0 = (pos % ${xTilesU}) * ${u32(tx)};
  let oy = pos / ${xTilesU};
  let co0 = wid.y * ${u32(tco)};
  let b = wid.z;
  let lane4 = sl & 3u;
${OPAQUE}
${body.join('\n')}
}
`;
  // -1: the padded input (lower/index.ts), also standing in for the operands a layer lacks.
  const residual0 = o.residual ?? o.shortcut[0] ?? -1;
  const acts = [-1, o.timeBias ?? -1, residual0, o.shortcut[1] ?? residual0];
  return { family: 'fused_conv2d', wgsl, grid: [blocks, coTiles, n], dims: d.values, acts };
}
