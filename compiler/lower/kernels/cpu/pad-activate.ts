/**
 * A conv's input made ready for the vec4 kernel (padded.ts): the channel concat of x0 and x1
 * (dims.c1 = 0 for one source), the GroupNorm affine from `stats` (dims.act 1) and SiLU
 * (dims.act 2) applied once per element, written zero-padded. One invocation per output vec4.
 * Flags and shapes come from the dims uniform, so every conv of a model shares this kernel.
 */
import type { KernelSource } from '../../kernel.js';
import { schedule } from '../../schedule.js';
import { Dims, flatMain, grid1d, header } from '../../wgsl.js';
import { SILU } from '../math.js';
import { PAD_COLUMNS, paddedShape } from './padded.js';

export const ACT = { none: 0, affine: 1, affine_silu: 2 } as const;

export interface PadActivate {
  readonly n: number;
  readonly c0: number;
  readonly c1: number;
  readonly h: number;
  readonly w: number;
  readonly pad: number;
  readonly act: keyof typeof ACT;
}

export function padActivate(p: PadActivate): KernelSource & { readonly shape: readonly number[] } {
  const c = p.c0 + p.c1;
  const shape = paddedShape(p.n, c, p.h, p.w, p.pad);
  const [, , ph, pw] = shape as [number, number, number, number];
  const total = (p.n * c * ph * pw) / 4;
  const wg = schedule('cpu').flat;
  const d = new Dims();
  const D = {
    c: d.u('c', c),
    c0: d.u('c0', p.c0),
    c1: d.u('c1', p.c1),
    h: d.u('h', p.h),
    w: d.u('w', p.w),
    hw: d.u('hw', p.h * p.w),
    pad: d.u('pad', p.pad),
    ph: d.u('ph', ph),
    pw4: d.u('pw4', pw / 4),
    total: d.u('total', total),
    act: d.u('act', ACT[p.act]),
  };
  const wgsl = `${header(
    'pad_activate: concat, GroupNorm affine (+ SiLU) and zero padding, once per element',
    [
      `layout: [N, C, H + 2 pad, W + ${2 * PAD_COLUMNS}], data at column ${PAD_COLUMNS}; shapes and flags from dims`,
    ],
  )}
${d.declaration()}
@group(0) @binding(0) var<storage, read> x0: array<f32>;
@group(0) @binding(1) var<storage, read> x1: array<f32>;
@group(0) @binding(2) var<storage, read> stats: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;
@group(0) @binding(4) var<storage, read_write> y: array<vec4<f32>>;

${SILU}

${flatMain(
  D.total,
  `  let q = i % ${D.pw4};
  let row = (i / ${D.pw4}) % ${D.ph};
  let c = (i / (${D.pw4} * ${D.ph})) % ${D.c};
  let b = i / (${D.pw4} * ${D.ph} * ${D.c});
  let iy = i32(row) - i32(${D.pad});
  var v = vec4<f32>(0.0);
  if (iy >= 0 && iy < i32(${D.h})) {
    var scale = 1.0;
    var shift = 0.0;
    if (${D.act} != 0u) { scale = stats[(b * ${D.c} + c) * 2u]; shift = stats[(b * ${D.c} + c) * 2u + 1u]; }
    let second = c >= ${D.c0};
    let base = select((b * ${D.c0} + c) * ${D.hw}, (b * ${D.c1} + c - ${D.c0}) * ${D.hw}, second) + u32(iy) * ${D.w};
    for (var e = 0u; e < 4u; e++) {
      let ix = i32(q * 4u + e) - ${PAD_COLUMNS};
      if (ix >= 0 && ix < i32(${D.w})) {
        var r = 0.0;
        if (second) { r = x1[base + u32(ix)]; } else { r = x0[base + u32(ix)]; }
        let a = fma(r, scale, shift);
        v[e] = select(a, silu(a), ${D.act} == ${ACT.affine_silu}u);
      }
    }
  }
  y[i] = v;`,
  wg,
)}
`;
  return { family: 'pad_activate', wgsl, grid: grid1d(total, wg), dims: d.values, shape };
}
