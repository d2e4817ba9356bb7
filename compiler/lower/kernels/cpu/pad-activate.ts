/**
 * A conv's input made ready for the vec4 kernels (padded.ts): the channel concat of x0 and x1
 * (dims.c1 = 0 for one source), the GroupNorm affine from `stats` (dims.act 1) and the
 * activation (dims.act 2; which one is the kernel's, fragments.ts) applied once per element,
 * written zero-padded. One invocation per padded row:
 * the data sits one vec4 in (PAD_COLUMNS = 4), so a row is read and written as whole vec4s.
 * Flags and shapes come from the dims uniform, so every conv of a model shares this kernel.
 */
import type { KernelSource } from '../../kernel.js';
import { Dims, flatMain, grid1d, header, tensor, u32 } from '../../wgsl.js';
import { ACTIVATIONS } from '../../../ir/activations.js';
import { activationFn, type Load } from '../fragments.js';
import { PAD_COLUMNS, paddedShape } from './padded.js';

/** dims.act: what a layer applies (its activation function is the kernel's, in its text). */
const ACT = { none: 0, affine: 1, affineAct: 2 } as const;

export interface PadActivate {
  readonly n: number;
  readonly c0: number;
  readonly c1: number;
  readonly h: number;
  readonly w: number;
  readonly pad: number;
  readonly load: Load;
  /** Invocations per workgroup (schedule.ts `flat`). */
  readonly wg: number;
}

export function padActivate(p: PadActivate): KernelSource & { readonly shape: readonly number[] } {
  if (p.w % 4 !== 0 || PAD_COLUMNS !== 4) throw new Error('pad_activate: rows must be whole vec4s');
  const c = p.c0 + p.c1;
  const shape = paddedShape(p.n, c, p.h, p.w, p.pad);
  const [, , ph, pw] = shape as [number, number, number, number];
  const rows = p.n * c * ph;
  // Layers without an activation share the kernel of the model's SiLU layers.
  const fn = p.load.act ?? 'silu';
  const act = !p.load.norm ? ACT.none : p.load.act ? ACT.affineAct : ACT.affine;
  const wg = p.wg;
  const d = new Dims();
  const D = {
    c: d.u('c', c),
    c0: d.u('c0', p.c0),
    c1: d.u('c1', p.c1),
    h: d.u('h', p.h),
    w4: d.u('w4', p.w / 4),
    pad: d.u('pad', p.pad),
    ph: d.u('ph', ph),
    pw4: d.u('pw4', pw / 4),
    rows: d.u('rows', rows),
    act: d.u('act', act),
  };
  const stats = tensor('stats', [p.n, D.c, 2]);
  const wgsl = `${header(
    `pad_activate: concat, GroupNorm affine (+ ${ACTIVATIONS[fn].title}) and zero padding, once per element`,
    [
      `layout: [N, C, H + 2 pad, W + ${2 * PAD_COLUMNS}], data at column ${PAD_COLUMNS}; one padded row per invocation; shapes and flags from dims`,
    ],
  )}
${d.declaration()}
@group(0) @binding(0) var<storage, read> x0: array<vec4<f32>>;
@group(0) @binding(1) var<storage, read> x1: array<vec4<f32>>;
@group(0) @binding(2) var<storage, read> stats: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;
@group(0) @binding(4) var<storage, read_write> y: array<vec4<f32>>;

${activationFn(fn, 4)}

${flatMain(
  D.rows,
  `  let row = i % ${D.ph};
  let c = (i / ${D.ph}) % ${D.c};
  let b = i / (${D.ph} * ${D.c});
  let out = i * ${D.pw4};
  let zero = vec4<f32>(0.0);
  y[out] = zero;
  y[out + ${D.pw4} - 1u] = zero;
  let iy = i32(row) - i32(${D.pad});
  if (iy < 0 || iy >= i32(${D.h})) {
    for (var q = 0u; q < ${D.w4}; q++) { y[out + 1u + q] = zero; }
    return;
  }
  var scale = 1.0;
  var shift = 0.0;
  if (${D.act} != ${u32(ACT.none)}) { scale = ${stats.at('b', 'c', 0)}; shift = ${stats.at('b', 'c', 1)}; }
  let second = c >= ${D.c0};
  let base = (select((b * ${D.c0} + c), (b * ${D.c1} + c - ${D.c0}), second) * ${D.h} + u32(iy)) * ${D.w4};
  let ${fn}_on = ${D.act} == ${u32(ACT.affineAct)};
  for (var q = 0u; q < ${D.w4}; q++) {
    var r = vec4<f32>(0.0);
    if (second) { r = x1[base + q]; } else { r = x0[base + q]; }
    let a = fma(r, vec4<f32>(scale), vec4<f32>(shift));
    y[out + 1u + q] = select(a, ${fn}4(a), ${fn}_on);
  }`,
  wg,
)}
`;
  return { family: 'pad_activate', wgsl, grid: grid1d(rows, wg, p.n), dims: d.values, shape };
}
