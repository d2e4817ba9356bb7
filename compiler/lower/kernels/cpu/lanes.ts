/**
 * What the lane kernels (lane-conv2d.ts, lane-conv-transpose2d.ts) share: vec4 component
 * names, their weights' offsets in vec4s, and the shape fields their dims uniform starts with.
 */
import type { LowerCtx } from '../../kernel.js';
import type { Dims } from '../../wgsl.js';

/** The names of a vec4's components, by index: a kernel's text picks `q1.z` as `q1.${XYZW[2]}`. */
export const XYZW = 'xyzw';

/** Where weight operand `i` starts in its params buffer, in vec4s (they are read as vec4). */
export function vec4Offset(ctx: LowerCtx, i: number, kernel: string): number {
  const at = ctx.param(i);
  if (at % 4 !== 0) throw new Error(`${kernel}: weights must start on a vec4`);
  return at / 4;
}

/**
 * The dims fields of a padded input [.., cin, ph, pw] and an output [.., cout, oh, ow], in the
 * order both kernels' uniforms start with (the order is part of the kernel text).
 */
export function planeDims(
  d: Dims,
  s: { cin: number; ph: number; pw: number; cout: number; oh: number; ow: number },
) {
  return {
    cin: d.u('cin', s.cin),
    plane4: d.u('plane4', (s.ph * s.pw) / 4),
    pw4: d.u('pw4', s.pw / 4),
    cout: d.u('cout', s.cout),
    oh: d.u('oh', s.oh),
    ow: d.u('ow', s.ow),
    ow4: d.u('ow4', s.ow / 4),
  };
}
