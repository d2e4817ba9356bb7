/**
 * GroupNorm: one workgroup per (batch, group). A group's channels are contiguous in NCHW, so
 * the group is one span. Two passes over it (mean, then the sum of squared deviations) keep the
 * variance accurate when the mean is large against the spread, where E[x^2]-E[x]^2 cancels.
 */
import type { NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import { bindings, f32, header, u32, workgroupSum } from '../wgsl.js';

const WG = 256;

export function groupNorm(node: NodeOf<'group_norm'>, ctx: LowerCtx): KernelSource {
  const x = ctx.shapes[0]!;
  const [n, c, h, w] = x as [number, number, number, number];
  const G = ctx.param(1);
  const B = ctx.param(2);
  const { groups, eps } = node.attrs;
  const cpg = c / groups;
  const span = cpg * h * w;
  const wgsl = `${header(`group_norm ${groups} groups eps ${eps}: [${x!.join(',')}]`, ['one workgroup per (batch, group); two-pass mean/variance'])}
${bindings(['x'], 'y', true)}

${workgroupSum(WG)}

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let base = wid.x * ${u32(span)};
  let group = wid.x % ${u32(groups)};
  var s = 0.0;
  for (var j = lid; j < ${u32(span)}; j += ${u32(WG)}) { s += x[base + j]; }
  let mean = reduce(lid, s) / ${f32(span)};
  var q = 0.0;
  for (var j = lid; j < ${u32(span)}; j += ${u32(WG)}) { let d = x[base + j] - mean; q = fma(d, d, q); }
  let rstd = inverseSqrt(reduce(lid, q) / ${f32(span)} + ${f32(eps)});
  for (var j = lid; j < ${u32(span)}; j += ${u32(WG)}) {
    let ch = group * ${u32(cpg)} + j / ${u32(h * w)};
    y[base + j] = (x[base + j] - mean) * rstd * params[${G}u + ch] + params[${B}u + ch];
  }
}
`;
  return { family: 'group_norm', wgsl, grid: [n * groups, 1, 1] };
}
