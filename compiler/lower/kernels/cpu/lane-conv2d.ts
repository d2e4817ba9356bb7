/**
 * fused_conv2d for software adapters (lavapipe), with the lanes over output channels: a
 * workgroup is one SIMD group of 8 invocations, lane l computes output channel 8 * wid.y + l
 * (or two, l and l + 8 of a run of 16: the 1x1 and stride-2 convs, schedule.ts laneConv)
 * over a tile of rows x columns, and every lane needs the same input values. It reads the
 * padded, activated input that pad-activate.ts wrote.
 *
 * Why this shape: on lavapipe a storage load whose address differs per lane becomes a loop
 * over the 8 lanes with a bounds check per component, and one whose address is uniform becomes
 * a branch per component; both cost more than the FMAs they feed (scripts/bench/conv-lab.ts:
 * without its loads the shipped kernel ran 2x faster). Here the input tile a workgroup needs,
 * (rows - 1) * stride + k rows of `nv` vec4s each, is fetched as packed gathers, lane l
 * loading vec4 l of each run of 8, and handed to every lane by subgroupBroadcast: a 3x3 conv
 * with a 4x8 tile makes 3 input loads per input channel for 288 FMAs per lane, where the
 * positions-in-lanes kernel made 12 vec4 loads per 96. The weights are the only per-lane loads:
 * repacked at load as [Cout][Cin][k][ceil(k / 4) * 4] (ParamMember.interleave over the last
 * axis, zero-filled), one vec4 per kernel row.
 *
 * A lone 3x3 conv [1, 128, 32, 32] -> 128 in conv-lab.ts: 65 ms for the positions-in-lanes
 * kernel, 39 ms for this one.
 *
 * Needs subgroups of at least 8 invocations (the runtime checks subgroupMinSize). Lanes past
 * Cout compute on the last channel's weights and store nothing; tiles past the bottom or right
 * edge read neighbouring (finite) data and store nothing.
 *
 * Epilogue as the scalar kernel's: bias, the time bias t[n, tOff + co] when dims.tCols > 0, and
 * dims.resMode: 1 adds a residual tensor (r0), 2 a 1x1 shortcut conv of the block input (r0,
 * r1; its weights as PyTorch has them, [Cout][Cin]). Those are uniform flags, not code, so
 * every conv of one kernel size, stride, padding and tile shares this kernel; the code for a
 * flag no layer of the model sets is left out (lane-epilogue.ts). Bindings are xp, then temb,
 * r0, r1 where the kernel has their code, then params, dims, y; an operand a layer lacks is
 * bound to xp and never read.
 */
import { residualKind, timeBiasOf } from '../../../ir/fused.js';
import type { NodeOf } from '../../../ir/ops.js';
import type { ActRef, KernelSource, LowerCtx } from '../../kernel.js';
import type { LaneTile } from '../../schedule.js';
import type { LaneEpilogue } from './lane-epilogue.js';
import { Dims, gridZ, header, mul, OPAQUE, sum, tensor, times, u32 } from '../../wgsl.js';
import { storeSide } from '../fragments.js';
import { concatReader } from '../sources.js';
import { acc, accumulators } from '../tile.js';
import { planeDims, sharedWindow, vec4Offset, XYZW } from './lanes.js';
import { PAD_COLUMNS } from './padded.js';
import { tileStoreLoop } from './tile-store.js';

const RES = { none: 0, add: 1, conv1x1: 2 } as const;

/** The conv over `padded` (the shape pad-activate.ts wrote), bound where `acts` says 'scratch'. */
export function laneConv2d(
  node: NodeOf<'fused_conv2d'>,
  ctx: LowerCtx<'fused_conv2d'>,
  tile: LaneTile,
  padded: readonly number[],
  epilogue: LaneEpilogue,
): KernelSource {
  const a = node.attrs;
  const { kernel: k, stride: s, padding: pad } = a;
  const o = ctx.shapes;
  const [n, cout, oh, ow] = node.shape as [number, number, number, number];
  const [, cin, ph, pw] = padded as [number, number, number, number];
  const { lanes: L, rows: R, cols: C, chans: P } = tile;
  if (C % 4 !== 0) throw new Error('lane conv: the tile must be whole vec4s');
  const xTiles = Math.ceil(ow / C);
  const rowBlocks = Math.ceil(oh / R);
  // The row window starts at vec4 `first` (see padded.ts); output column j's tap kx is element
  // elem(j, kx) of it.
  const off = pad === 0 ? 0 : PAD_COLUMNS - pad;
  const elem = (j: number, kx: number) => j * s + kx + off;
  const nv = Math.floor(elem(C - 1, k - 1) / 4) + 1;
  const firstQ = pad === 0 ? 1 : 0;
  const rowsIn = (R - 1) * s + k;
  const kq = Math.ceil(k / 4); // weight vec4s per kernel row
  const tShape = o.timeBias;
  const rShapes = o.shortcut;
  const residual = residualKind(a);
  const shortcut = residual === 'conv1x1';
  const rcin = rShapes.reduce((t, sh) => t + sh[1]!, 0);
  const sGathers = Math.ceil((R * C) / 4 / L);
  const ps = Array.from({ length: P }, (_, p) => p);
  // With two channels per lane (schedule.ts laneConv), lane l's channel p is co0 + p * 8: the 16 of a
  // workgroup are stored as two runs of 8 neighbours, as with one.
  const sfx = (p: number) => (P === 1 ? '' : `${p}`);

  // Field order is the uniform's layout and part of the kernel text: every field, always.
  const d = new Dims();
  const D = planeDims(d, { cin, ph, pw, cout, oh, ow });
  const xTilesU = d.u('xTiles', xTiles);
  const W4 = d.u('wOff4', vec4Offset(ctx.param('weight'), 'lane conv'));
  const B = d.u('bOff', ctx.param('bias'));
  const tCols = d.u('tCols', tShape ? tShape[1]! : 0);
  const tOff = d.u('tOff', timeBiasOf(a)?.offset ?? 0);
  const resMode = d.u('resMode', RES[residual]);
  const rc0 = d.u('rc0', shortcut ? rShapes[0]![1]! : 0);
  const rc1 = d.u('rc1', shortcut ? (rShapes[1]?.[1] ?? 0) : 0);
  const rcinU = d.u('rcin', shortcut ? rcin : 0);
  const RW = d.u('rwOff', shortcut ? ctx.param('shortcutWeight') : 0);
  const RB = d.u('rbOff', shortcut ? ctx.param('shortcutBias') : 0);

  const win = sharedWindow({
    rows: rowsIn,
    nv,
    lanes: L,
    rowBase: times('oy0', s),
    colBase: 'first',
    pw4: D.pw4,
  });
  const body: string[] = [...win.setup];
  for (const p of ps)
    body.push(
      `  let wc${sfx(p)} = ${tensor('params', [cout, times(D.cin, k * kq)], W4).index(`cw${sfx(p)}`, 0)}; // this lane's weights`,
    );
  body.push(
    ...accumulators(P * R, C),
    `  for (var ci = 0u; ci < ${D.cin}; ci++) {`,
    `    let plane = ${tensor('xp', [n, D.cin, D.plane4]).index('b', 'ci', 0)};`,
  );
  body.push(...win.fetch('plane'));
  for (const p of ps)
    for (let q = 0; q < k * kq; q++)
      body.push(
        `    let w${sfx(p)}${q} = ${tensor('params', [cin, k * kq], `wc${sfx(p)}`).at('ci', q)};`,
      );
  // Input row r feeds output row i through kernel row ky = r - i * s.
  for (let r = 0; r < rowsIn; r++) {
    const used = new Set<number>();
    const fmas: string[] = [];
    for (let i = 0; i < R; i++) {
      const ky = r - i * s;
      if (ky < 0 || ky >= k) continue;
      for (const p of ps)
        for (let kx = 0; kx < k; kx++)
          for (let j = 0; j < C; j++) {
            const e = elem(j, kx);
            used.add(e >> 2);
            const w = `w${sfx(p)}${ky * kq + (kx >> 2)}.${XYZW[kx & 3]}`;
            const a = acc(p * R + i, j);
            fmas.push(`      ${a} = fma(x${e >> 2}.${XYZW[e & 3]}, ${w}, ${a});`);
          }
    }
    if (fmas.length === 0) continue;
    body.push('    {');
    for (const v of [...used].sort((p, q) => p - q))
      body.push(`      let x${v} = ${win.vec4At(r, v)};`);
    body.push(...fmas, '    }');
  }
  body.push('  }');

  // The 1x1 shortcut (dims.rcin is 0 unless dims.resMode is 2): lane l fetches vec4 l of the
  // R x C/4 tile of each input channel. One rolled loop with a scalar weight read: unrolling
  // four channels per weight vec4 cost 190 ms more compile per kernel (compile-lab.ts) for a
  // loop that does a ninth of the main loop's work. Left out where no layer of this kernel has
  // a shortcut (lane-epilogue.ts).
  const cols4 = C / 4;
  if (epilogue.shortcut) {
    for (let g = 0; g < sGathers; g++) {
      const t = `min(${sum('sl', g * L)}, ${u32(R * cols4 - 1)})`;
      body.push(
        `  let sp${g} = ${sum(times(sum('oy0', `${t} / ${u32(cols4)}`), D.ow4), 'ox0 / 4u', `${t} % ${u32(cols4)}`)};`,
      );
    }
    body.push(`  for (var rc = 0u; rc < ${rcinU}; rc++) {`);
    for (const p of ps)
      body.push(`    let wv${sfx(p)} = pf(${sum(RW, times(`cw${sfx(p)}`, rcinU), 'rc')});`);
    for (let g = 0; g < sGathers; g++) body.push(`    let s${g} = shortcut_src(b, rc, sp${g});`);
    for (let i = 0; i < R; i++)
      for (let j4 = 0; j4 < cols4; j4++) {
        const t = i * cols4 + j4;
        body.push(`    { let v = subgroupBroadcast(s${Math.floor(t / L)}, ${u32(t % L)});`);
        for (const p of ps)
          for (let e = 0; e < 4; e++) {
            const a = acc(p * R + i, 4 * j4 + e);
            body.push(`      ${a} = fma(v.${XYZW[e]}, wv${sfx(p)}, ${a});`);
          }
        body.push('    }');
      }
    body.push('  }');
  }

  // What the epilogue adds to channel `c`: bias, the shortcut's bias, the time bias.
  // Every layer's terms are in the text; the uniform flags pick a layer's (lane-epilogue.ts).
  const store = storeSide({
    param: (at) => `pf(${at})`,
    bias: B,
    timeBias: { cols: tCols, offset: tOff },
    shortcutBias: RB,
  });
  const addOf = (c: string) => [
    `var add = ${store.bias(c)};`,
    ...(epilogue.shortcut
      ? [`if (${resMode} == ${u32(RES.conv1x1)}) { add += ${store.shortcutBias(c)}; }`]
      : []),
    ...(epilogue.time ? [`if (${tCols} != 0u) { add += ${store.timeBias(c)}; }`] : []),
  ];
  // With one channel per lane `add` is read once, before the store loop. With two, the tile's
  // rows P * R walk channel p = i / R first, and `add` is read in the loop (8 times, not 2):
  // reading it per channel before the loop would be 3 more load sites, which cost lavapipe's
  // compile more than the loop's loads cost at run time.
  if (P === 1) body.push(...addOf('cw').map((l) => `  ${l}`));
  const locate =
    P === 1
      ? ['let oy = oy0 + i;']
      : [`let oy = oy0 + i % ${u32(R)};`, `let co = co0 + (i / ${u32(R)}) * ${u32(L)};`];
  body.push(
    ...tileStoreLoop(
      P * R,
      cols4,
      [
        ...locate,
        `if (co >= ${D.cout} || oy >= ${D.oh} || ox0 + j4 * 4u >= ${D.ow}) { continue; }`,
      ],
      [
        ...(P === 1 ? [] : addOf('co')),
        `let at = ${tensor('y', [n, D.cout, D.oh, D.ow4]).index('b', 'co', 'oy', 'ox0 / 4u + j4')};`,
        'v += vec4<f32>(add);',
        ...(epilogue.add
          ? [`if (${resMode} == ${u32(RES.add)}) { v += ${store.residual('r0', 'at')}; }`]
          : []),
        'y[at] = v;',
      ],
    ),
  );

  // Bindings in `acts` order, then params, dims, y. temb, r0 and r1 are bound only where the
  // kernel reads them: its layout is made from the shader ('auto'), which leaves out unused bindings.
  const r0Bound = epilogue.add || epilogue.shortcut;
  const bindings = [
    '<storage, read> xp: array<vec4<f32>>',
    ...(epilogue.time ? ['<storage, read> temb: array<f32>'] : []),
    ...(r0Bound ? ['<storage, read> r0: array<vec4<f32>>'] : []),
    ...(epilogue.shortcut ? ['<storage, read> r1: array<vec4<f32>>'] : []),
    '<storage, read> params: array<vec4<f32>>',
    '<uniform> dims: Dims',
    '<storage, read_write> y: array<vec4<f32>>',
  ];
  const shortcutSrc = epilogue.shortcut
    ? `
// The shortcut's input: a concat of r0 and r1 (dims.rc1 = 0 for one).
${concatReader(
  'shortcut_src',
  [
    { name: 'r0', channels: rc0 },
    { name: 'r1', channels: rc1 },
  ],
  mul(D.oh, D.ow4),
  'vec4<f32>',
)}`
    : '';
  const clamp = 'lanes past Cout read real weights and store nothing';
  const channels =
    P === 1
      ? [`  let co = wid.y * ${u32(L)} + li;`, `  let cw = min(co, ${D.cout} - 1u); // ${clamp}`]
      : [
          `  let co0 = wid.y * ${u32(L * P)} + li;`,
          ...ps.map((p) => `  let cw${p} = min(${sum('co0', p * L)}, ${D.cout} - 1u); // ${clamp}`),
        ];
  const wgsl = `${header(
    `fused_conv2d ${k}x${k} stride ${s} pad ${pad}, lanes over output channels, a padded activated input`,
    [
      'epilogue: bias, time bias (dims.tCols > 0), residual (dims.resMode 1) or 1x1 shortcut conv (2)',
      `tile: ${L * P} output channels (${P === 1 ? 'one' : P} per lane) x ${R} rows x ${C} columns; ${win.gathers} input loads per input channel`,
    ],
  )}
enable subgroups;

${d.declaration()}
${bindings.map((b, i) => `@group(0) @binding(${i}) var${b};`).join('\n')}

fn pf(i: u32) -> f32 { return params[i / 4u][i % 4u]; }
${shortcutSrc}

@compute @workgroup_size(${L})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) li: u32, @builtin(num_workgroups) nwg: vec3<u32>, @builtin(subgroup_invocation_id) sl: u32) {
  // One spatial tile (x), channel tile (y) and batch (z) per workgroup.
  let ox0 = (wid.x % ${xTilesU}) * ${u32(C)};
  let oy0 = (wid.x / ${xTilesU}) * ${u32(R)};
${channels.join('\n')}
  let b = wid.z;
  let first = ${sum(`${times('ox0', s)} / 4u`, firstQ)}; // the row window's first vec4
${OPAQUE}
${body.join('\n')}
}
`;
  // 'scratch': the padded input (lower/index.ts), also standing in for the operands a layer lacks.
  const residual0: ActRef = o.residual
    ? 'residual'
    : o.shortcut.length > 0
      ? 'shortcut'
      : 'scratch';
  const acts: ActRef[] = [
    'scratch',
    ...(epilogue.time ? [o.timeBias ? 'timeBias' : 'scratch'] : []),
    ...(r0Bound ? [residual0] : []),
    ...(epilogue.shortcut ? [o.shortcut.length > 1 ? (['shortcut', 1] as const) : residual0] : []),
  ];
  return {
    family: 'fused_conv2d',
    wgsl,
    grid: gridZ(rowBlocks * xTiles, Math.ceil(cout / (L * P)), n),
    dims: d.values,
    acts,
  };
}
