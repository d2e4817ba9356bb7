/**
 * ConvTranspose 4x4, stride 2, pad 1 as phase convolutions (see convTranspose2dPhases) for
 * software adapters, in the vec4 form of vec4-conv2d.ts: the input zero-padded once by
 * pad-activate.ts and read as vec4, the weights repacked at load as [Cin][ceil(Cout/4)][16][4]
 * (vec4 over 4 output channels). Each invocation computes TCO output channels x 8 columns of one
 * output row; per (input channel, tap row) it makes 3 input loads for 16*TCO FMAs, with no
 * bounds checks. Weights are shared through the subgroup as in vec4-conv2d.ts (workgroups of
 * 8 with one channel tile; lane l loads float l % 4 of each weight vec4, subgroupBroadcast
 * hands them out). Shapes come from the dims uniform: one kernel per model.
 */
import type { NodeOf } from '../../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../../kernel.js';
import { VEC4 } from '../../schedule.js';
import { Dims, header, OPAQUE, rolled, sum, times, u32 } from '../../wgsl.js';
import { acc, accumulators } from '../tile.js';
import { broadcast4, element, XYZW } from './lanes.js';
import { tileStoreLoop } from './tile-store.js';

const TX = 8; // output columns per invocation: 4 input columns, one vec4, plus a neighbour each side

export function vec4ConvTranspose2d(
  node: NodeOf<'conv_transpose2d'>,
  ctx: LowerCtx,
  padded: readonly number[],
): KernelSource {
  const [n, cout, oh, ow] = node.shape as [number, number, number, number];
  const [, cin, ph, pw] = padded as [number, number, number, number];
  const tco = VEC4.channels;
  if (tco % 4 !== 0) throw new Error('vec4 conv_transpose2d: the channel tile must be whole vec4s');
  const groups = tco / 4;
  const xTiles = Math.ceil(ow / TX);
  const coTiles = Math.ceil(cout / tco);
  // Workgroups take rows of one parity only, so that the tap rows (ky) and with them the
  // weights are the same in every lane, as the subgroup broadcast needs.
  if (oh % 2 !== 0) throw new Error('vec4 conv_transpose2d: odd output height');
  const half = (oh / 2) * xTiles; // (row, column tile) pairs of one parity
  const perParity = Math.ceil(half / VEC4.lanes);
  const d = new Dims();
  const D = {
    cin: d.u('cin', cin),
    ph: d.u('ph', ph),
    pw4: d.u('pw4', pw / 4),
    cout: d.u('cout', cout),
    coG: d.u('coG', Math.ceil(cout / 4)), // vec4 groups of output channels in the weights
    oh: d.u('oh', oh),
    ow: d.u('ow', ow),
    ow4: d.u('ow4', ow / 4),
  };
  const xTilesU = d.u('xTiles', xTiles);
  const positions = d.u('half', half);
  const perParityU = d.u('perParity', perParity);
  const W = d.u('wOff', ctx.param(1));
  const B = d.u('bOff', ctx.param(2));

  // Window element m + 3 holds input column ox0/2 - 1 + m (the data sits at padded column 4).
  const v = (m: number) => element('q', m + 3);
  const body: string[] = [
    "  let first = ox0 / 8u; // the window's first vec4 in a padded row",
    ...accumulators(tco, TX),
    `  for (var ci = 0u; ci < ${D.cin}; ci++) {`,
    `    let plane = ${times(sum(times('b', D.cin), 'ci'), D.ph)};`,
    `    let wci = ${sum(times(times(sum(times('ci', D.coG), 'co0 / 4u'), 16), 4), W, 'lane4')};`,
    `    for (var t = 0u; t < ${rolled(2)}; t++) {`,
    '      let ky = (oy + 1u) % 2u + 2u * t;',
    '      let prow = u32((i32(oy) + 1 - i32(ky)) / 2 + 1); // exact: the numerator is even',
    `      let row = (plane + prow) * ${D.pw4} + first;`,
    '      let q0 = xp[row];',
    '      let q1 = xp[row + 1u];',
    '      let q2 = xp[row + 2u];',
  ];
  for (let g = 0; g < groups; g++) {
    // Lane l holds component l % 4 of each tap's weight vec4; broadcast them.
    const base = `wci + ${u32(g * 64)} + ky * 16u`;
    body.push(
      `      { let l0 = params[${base}]; let l1 = params[${base} + 4u]; let l2 = params[${base} + 8u]; let l3 = params[${base} + 12u];`,
      `        let w0 = ${broadcast4('l0')}; let w1 = ${broadcast4('l1')};`,
      `        let w2 = ${broadcast4('l2')}; let w3 = ${broadcast4('l3')};`,
    );
    for (let c = 0; c < 4; c++)
      for (let j = 0; j < TX; j++) {
        // even column: taps kx=1 (ix = ox/2) and kx=3 (ix = ox/2 - 1); odd: kx=0 and kx=2.
        const e = j % 2 === 0;
        const m = e ? j / 2 + 1 : (j + 1) / 2 + 1;
        const i = g * 4 + c;
        const [wa, wb] = e ? ['w1', 'w3'] : ['w0', 'w2'];
        body.push(
          `        ${acc(i, j)} = fma(${v(m)}, ${wa}.${XYZW[c]}, fma(${v(m - 1)}, ${wb}.${XYZW[c]}, ${acc(i, j)}));`,
        );
      }
    body.push('      }');
  }
  body.push('    }', '  }');
  body.push(
    ...tileStoreLoop(tco, TX / 4, { cout: D.cout, ow: D.ow }, [
      `let at = ((${sum(times('b', D.cout), 'co')}) * ${D.oh} + oy) * ${D.ow4} + ox0 / 4u + j4;`,
      `y[at] = v + vec4<f32>(params[${sum(B, 'co')}]);`,
    ]),
  );

  const wgsl = `${header(
    'conv_transpose2d 4x4 stride 2 pad 1 as phases, vec4 over a padded input',
    [
      `tile: ${tco} output channels x ${TX} columns per invocation; 2x2 taps per output; shapes from dims`,
    ],
  )}
enable subgroups;

${d.declaration()}
@group(0) @binding(0) var<storage, read> xp: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> params: array<f32>;
@group(0) @binding(2) var<uniform> dims: Dims;
@group(0) @binding(3) var<storage, read_write> y: array<vec4<f32>>;

@compute @workgroup_size(${VEC4.lanes})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) sl: u32) {
  // One channel tile (y), batch (z) and row parity per workgroup; x walks (row, column tile)
  // pairs of even rows, then of odd rows.
  let parity = wid.x / ${perParityU};
  let slot = (wid.x % ${perParityU}) * ${u32(VEC4.lanes)} + li;
  let live = slot < ${positions};
  let pos = min(slot, ${positions} - 1u);
  let ox0 = (pos % ${xTilesU}) * ${u32(TX)};
  let oy = 2u * (pos / ${xTilesU}) + parity;
  let co0 = wid.y * ${u32(tco)};
  let b = wid.z;
  let lane4 = sl & 3u;
${OPAQUE}
${body.join('\n')}
}
`;
  return {
    family: 'conv_transpose2d',
    wgsl,
    grid: [2 * perParity, coTiles, n],
    dims: d.values,
    acts: [-1],
  };
}
