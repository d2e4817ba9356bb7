/**
 * What the lane kernels (lane-conv2d.ts, lane-conv-transpose2d.ts) share: vec4 component
 * names, their weights' offsets in vec4s, the shape fields their dims uniform starts with, and
 * the input window a workgroup fetches together.
 */
import { type Dims, sum, tensor, u32 } from '../../wgsl.js';

/** The names of a vec4's components, by index: a kernel's text picks `q1.z` as `q1.${XYZW[2]}`. */
export const XYZW = 'xyzw';

/** A weight's params offset `at` in vec4s (they are read as vec4). */
export function vec4Offset(at: number, kernel: string): number {
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

/**
 * The input window a lane kernel's workgroup shares: `rows` padded rows of `nv` vec4s each, row
 * r starting at vec4 (rowBase + r) * pw4 + colBase of a plane. Subgroup lane l fetches vec4s
 * l, l + lanes, ... of it (`setup` before the channel loop, `fetch` in it: one gather per
 * lane each), and `vec4At(r, v)` hands vec4 v of row r to every lane by subgroupBroadcast.
 */
export function sharedWindow(w: {
  rows: number;
  nv: number;
  lanes: number;
  rowBase: string;
  colBase: string;
  pw4: string;
}) {
  const { rows, nv, lanes } = w;
  const size = rows * nv;
  const gathers = Math.ceil(size / lanes);
  const each = (f: (g: number) => string[]) =>
    Array.from({ length: gathers }, (_, g) => f(g)).flat();
  return {
    gathers,
    setup: each((g) => [
      `  let m${g} = min(${sum('sl', g * lanes)}, ${u32(size - 1)});`,
      `  let at${g} = ${tensor('xp', [rows, w.pw4]).index(sum(w.rowBase, `m${g} / ${u32(nv)}`), sum(w.colBase, `m${g} % ${u32(nv)}`))};`,
    ]),
    fetch: (plane: string) =>
      each((g) => [`    let g${g} = ${tensor('xp', [0], plane).at(`at${g}`)};`]),
    vec4At: (r: number, v: number) => {
      const m = r * nv + v;
      return `subgroupBroadcast(g${Math.floor(m / lanes)}, ${u32(m % lanes)})`;
    },
  };
}
