/**
 * ConvTranspose 4x4, stride 2, pad 1 as phase convolutions (see convTranspose2dPhases) for
 * software adapters, with the lanes over output channels as in lane-conv2d.ts: a workgroup is
 * 8 invocations, lane l computes output channel 8 * wid.y + l over the tile's rows (schedule.ts)
 * output rows of one parity x .cols columns, and the input window they share (rows + 1 padded
 * rows of cols / 8 + 2 vec4s) is fetched by packed gathers and handed out by subgroupBroadcast.
 *
 * Output row oy = 2a + p takes kernel row 1 - p from input row a + p (padded: one row of zeros
 * on top) and kernel row 3 - p from the row above; output column 2b + q likewise takes kernel
 * columns 1 - q and 3 - q. So a workgroup of one parity needs 2 of the 4 kernel rows, one weight
 * vec4 each per input channel, read straight from the [Cin][Cout][4][4] layout of PyTorch.
 * Shapes come from the dims uniform: one kernel per model.
 */
import type { NodeOf } from '../../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../../kernel.js';
import type { LaneTile } from '../../schedule.js';
import { Dims, gridZ, header, OPAQUE, tensor, times, u32 } from '../../wgsl.js';
import { acc, accumulators } from '../tile.js';
import { planeDims, sharedWindow, vec4Offset, XYZW } from './lanes.js';
import { tileStoreLoop } from './tile-store.js';

export function laneConvTranspose2d(
  node: NodeOf<'conv_transpose2d'>,
  ctx: LowerCtx<'conv_transpose2d'>,
  tile: LaneTile,
  padded: readonly number[],
): KernelSource {
  const [n, cout, oh, ow] = node.shape as [number, number, number, number];
  const [, cin, ph, pw] = padded as [number, number, number, number];
  const { lanes: L, rows: R, cols: C } = tile;
  if (C % 8 !== 0) throw new Error('lane conv_transpose2d: the tile must be whole pairs of vec4s');
  if (oh % 2 !== 0) throw new Error('lane conv_transpose2d: odd output height');
  const xTiles = Math.ceil(ow / C);
  const rowBlocks = Math.ceil(oh / 2 / R); // blocks of R rows of one parity
  const nv = C / 8 + 2; // vec4s of a padded input row a column tile reads (see `e` below)

  const d = new Dims();
  const D = planeDims(d, { cin, ph, pw, cout, oh, ow });
  const xTilesU = d.u('xTiles', xTiles);
  const blocksU = d.u('rowBlocks', rowBlocks);
  const W4 = d.u('wOff4', vec4Offset(ctx.param('weight'), 'lane conv_transpose2d'));
  const B = d.u('bOff', ctx.param('bias'));

  // Window row r is padded row a0 + p + r.
  const win = sharedWindow({
    rows: R + 1,
    nv,
    lanes: L,
    rowBase: 'a0 + p',
    colBase: 'ox0 / 8u',
    pw4: D.pw4,
  });
  // This lane's channel's [Cin][4 rows] weight vec4s, from its kernel row 1 - p (`wc`).
  const weights = tensor('params', [cin, times(D.cout, 4)], 'wc');
  const body: string[] = [...win.setup];
  body.push(
    `  let wc = ${tensor('params', [cin, cout, 4], W4).index(0, 'cw', '(1u - p)')}; // kernel row 1 - p of this lane's channel`,
    ...accumulators(R, C),
    `  for (var ci = 0u; ci < ${D.cin}; ci++) {`,
    `    let plane = ${tensor('xp', [n, D.cin, D.plane4]).index('b', 'ci', 0)};`,
  );
  body.push(...win.fetch('plane'));
  body.push(
    `    let wn = ${weights.at('ci', 0)}; // kernel row 1 - p: the nearer input row`,
    `    let wf = ${weights.at('ci', 2)}; // kernel row 3 - p: the row above`,
  );
  // Tile column j = 2b + q takes kernel column 3 - q from window element e = b + q + 3 and
  // kernel column 1 - q from element e + 1 (element 0 is padded column ox0/2; data starts at 4).
  for (let r = 0; r <= R; r++) {
    const used = new Set<number>();
    const fmas: string[] = [];
    for (const [i, w] of [
      [r - 1, 'wn'],
      [r, 'wf'],
    ] as const) {
      if (i < 0 || i >= R) continue;
      for (let j = 0; j < C; j++) {
        const q = j % 2;
        const e = (j - q) / 2 + q + 3; // tap 3 - q; tap 1 - q is e + 1
        used.add((e + 1) >> 2).add(e >> 2);
        const x = (m: number) => `x${m >> 2}.${XYZW[m & 3]}`;
        fmas.push(
          `      ${acc(i, j)} = fma(${x(e + 1)}, ${w}.${XYZW[1 - q]}, fma(${x(e)}, ${w}.${XYZW[3 - q]}, ${acc(i, j)}));`,
        );
      }
    }
    body.push('    {');
    for (const v of [...used].sort((a, b) => a - b))
      body.push(`      let x${v} = ${win.vec4At(r, v)};`);
    body.push(...fmas, '    }');
  }
  body.push('  }');
  body.push(
    `  let bi = ${tensor('params', [cout], B).index('cw')};`,
    '  let bias = params[bi / 4u][bi % 4u];',
    ...tileStoreLoop(
      R,
      C / 4,
      [
        'let oy = 2u * (a0 + i) + p;',
        `if (co >= ${D.cout} || oy >= ${D.oh} || ox0 + j4 * 4u >= ${D.ow}) { continue; }`,
      ],
      [
        `let at = ${tensor('y', [n, D.cout, D.oh, D.ow4]).index('b', 'co', 'oy', 'ox0 / 4u + j4')};`,
        'y[at] = v + vec4<f32>(bias);',
      ],
    ),
  );

  const wgsl = `${header(
    'conv_transpose2d 4x4 stride 2 pad 1 as phases, lanes over output channels, a padded input',
    [
      `tile: ${L} output channels (one per lane) x ${R} rows of one parity x ${C} columns; 2x2 taps per output; shapes from dims`,
    ],
  )}
enable subgroups;

${d.declaration()}
@group(0) @binding(0) var<storage, read> xp: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> params: array<vec4<f32>>;
@group(0) @binding(2) var<uniform> dims: Dims;
@group(0) @binding(3) var<storage, read_write> y: array<vec4<f32>>;

@compute @workgroup_size(${L})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) sl: u32) {
  // One spatial tile and parity (x), channel tile (y) and batch (z) per workgroup: x walks the
  // even rows' tiles, then the odd rows'.
  let p = wid.x / (${xTilesU} * ${blocksU});
  let tile = wid.x % (${xTilesU} * ${blocksU});
  let ox0 = (tile % ${xTilesU}) * ${u32(C)};
  let a0 = (tile / ${xTilesU}) * ${u32(R)}; // output rows 2 * (a0 + i) + p
  let co = wid.y * ${u32(L)} + li;
  let cw = min(co, ${D.cout} - 1u); // lanes past Cout read real weights and store nothing
  let b = wid.z;
${OPAQUE}
${body.join('\n')}
}
`;
  return {
    family: 'conv_transpose2d',
    wgsl,
    grid: gridZ(2 * rowBlocks * xTiles, Math.ceil(cout / L), n),
    dims: d.values,
    acts: ['scratch'],
  };
}
