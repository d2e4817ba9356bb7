/**
 * GroupNorm: one workgroup per (batch, group). A group's channels are contiguous in NCHW, so
 * the group is one span (statistics: group-moments.ts).
 */
import type { NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import type { Flat } from '../schedule.js';
import { bindings, gridPerImage, header, OPAQUE, tensor, u32 } from '../wgsl.js';
import { groupMoments, workgroupSum } from './group-moments.js';

export function groupNorm(
  node: NodeOf<'group_norm'>,
  ctx: LowerCtx<'group_norm'>,
  s: Flat,
): KernelSource {
  const x = ctx.shapes.input;
  const [n, c, h, w] = x as [number, number, number, number];
  const G = ctx.param('weight');
  const B = ctx.param('bias');
  const { groups, eps } = node.attrs;
  const wg = s.wg;
  const cpg = c / groups;
  const span = cpg * h * w;
  const wgsl = `${header(`group_norm ${groups} groups eps ${eps}: [${x.join(',')}]`, ['one workgroup per (batch, group); two-pass mean/variance'])}
${bindings(['x'], 'y', true)}

${workgroupSum(wg)}

@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32, @builtin(num_workgroups) nwg: vec3<u32>) {
${OPAQUE}
  let base = wid.x * ${u32(span)};
  let group = wid.x % ${u32(groups)};
${groupMoments((j) => `x[base + ${j}]`, span, eps, wg)}
  for (var j = lid; j < ${u32(span)}; j += ${u32(wg)}) {
    let ch = group * ${u32(cpg)} + j / ${u32(h * w)};
    y[base + j] = (x[base + j] - mean) * rstd * ${tensor('params', [c], G).at('ch')} + ${tensor('params', [c], B).at('ch')};
  }
}
`;
  return { family: 'group_norm', wgsl, grid: gridPerImage(n, groups) };
}
