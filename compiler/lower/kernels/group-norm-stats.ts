/**
 * GroupNorm statistics for a norm that its consumer applies while loading: one workgroup per
 * (batch, group) (on the cpu target one SIMD group), with the affine params folded in, so the output per (n, c) is
 * scale = gamma * rstd and shift = beta - mean * scale. Shapes come from the dims uniform and
 * the kernel always reads a two-source concat (a single source is x0 bound twice, with
 * dims.c1 = 0), so every GroupNorm of a U-Net with the same eps shares it.
 *
 * The group is walked channel by channel, each channel's plane as vec4 when H*W allows (a
 * uniform branch picks the source per channel): no per-element division or source test, and a
 * quarter of the loads, which is what a reduction costs on lavapipe. Mean first, then the sum
 * of squared deviations (accurate when the mean is large against the spread, where
 * E[x^2] - E[x]^2 cancels).
 */
import type { NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import type { StatsSchedule } from '../schedule.js';
import { Dims, f32, gridPerImage, header, OPAQUE, tensor, u32 } from '../wgsl.js';
import { SUBGROUP_SUM, workgroupSum } from './group-moments.js';

export function groupNormStats(
  node: NodeOf<'group_norm_stats'>,
  ctx: LowerCtx<'group_norm_stats'>,
  s: StatsSchedule,
): KernelSource {
  const { groups, eps } = node.attrs;
  const srcShapes = ctx.shapes.input;
  if (srcShapes.length > 2)
    throw new Error(`group_norm_stats: ${srcShapes.length} sources (max 2)`);
  const [n, c] = node.shape as [number, number, number];
  const [h, w] = [srcShapes[0]![2]!, srcShapes[0]![3]!];
  const cpg = c / groups;
  const lanes = (h * w) % 4 === 0 ? 4 : 1; // elements per load
  const lanesOnly = s.subgroup;
  const wg = s.wg;
  const d = new Dims();
  const D = {
    groups: d.u('groups', groups),
    c: d.u('c', c),
    hwv: d.u('hwv', (h * w) / lanes), // loads per channel plane
    cpg: d.u('cpg', cpg),
    count: d.u('count', cpg * h * w),
    gOff: d.u('gOff', ctx.param('weight')),
    bOff: d.u('bOff', ctx.param('bias')),
    c0: d.u('c0', srcShapes[0]![1]!),
    c1: d.u('c1', srcShapes[1]?.[1] ?? 0),
  };
  const T = lanes === 4 ? 'vec4<f32>' : 'f32';
  const total = (v: string) => (lanes === 4 ? `dot(${v}, vec4<f32>(1.0))` : v);
  const sq = (v: string) => (lanes === 4 ? `dot(${v}, ${v})` : `${v} * ${v}`);
  // One pass over the group: `visit(v)` for every load v (a vec4 or an f32) of this lane's share.
  const walk = (visit: (v: string) => string) => `  for (var ch = 0u; ch < ${D.cpg}; ch++) {
    let cc = g0 + ch;
    if (cc < ${D.c0}) {
      let base = (b * ${D.c0} + cc) * ${D.hwv};
      for (var p = lid; p < ${D.hwv}; p += ${u32(wg)}) { let v = x0[base + p]; ${visit('v')} }
    } else {
      let base = (b * ${D.c1} + cc - ${D.c0}) * ${D.hwv};
      for (var p = lid; p < ${D.hwv}; p += ${u32(wg)}) { let v = x1[base + p]; ${visit('v')} }
    }
  }`;
  const stats = tensor('stats', [n, D.c, 2]);
  const wgsl = `${header(`group_norm_stats eps ${eps}`, [
    `one ${lanesOnly ? 'SIMD group' : 'workgroup'} per (batch, group), ${lanes === 4 ? 'vec4' : 'scalar'} loads; out[n, c] = (gamma * rstd, beta - mean * gamma * rstd)`,
  ])}
${lanesOnly ? 'enable subgroups;\n\n' : ''}${d.declaration()}
@group(0) @binding(0) var<storage, read> x0: array<${T}>;
@group(0) @binding(1) var<storage, read> x1: array<${T}>;
@group(0) @binding(2) var<storage, read> params: array<f32>;
@group(0) @binding(3) var<uniform> dims: Dims;
@group(0) @binding(4) var<storage, read_write> stats: array<f32>;

${lanesOnly ? SUBGROUP_SUM : workgroupSum(wg)}

@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
${OPAQUE}
  let b = wid.x / ${D.groups};
  let g0 = (wid.x % ${D.groups}) * ${D.cpg};
  let count = f32(${D.count});
  var s = 0.0;
${walk((v) => `s += ${total(v)};`)}
  let mean = reduce(lid, s, opaque) / count;
  var q = 0.0;
${walk((v) => `let dv = ${v} - ${lanes === 4 ? 'vec4<f32>(mean)' : 'mean'}; q += ${sq('dv')};`)}
  let rstd = inverseSqrt(reduce(lid, q, opaque) / count + ${f32(eps)});
  for (var j = lid; j < ${D.cpg}; j += ${u32(wg)}) {
    let ch = g0 + j;
    let scale = ${tensor('params', [c], D.gOff).at('ch')} * rstd;
    ${stats.at('b', 'ch', 0)} = scale;
    ${stats.at('b', 'ch', 1)} = ${tensor('params', [c], D.bOff).at('ch')} - mean * scale;
  }
}
`;
  const acts = [
    ['input', 0],
    ['input', srcShapes.length > 1 ? 1 : 0],
  ] as const;
  return { family: 'group_norm_stats', wgsl, grid: gridPerImage(n, groups), dims: d.values, acts };
}
