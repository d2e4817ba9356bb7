/**
 * GroupNorm statistics for a norm that its consumer applies while loading: one workgroup per
 * (batch, group), two passes over the group (mean, then squared deviations: accurate when the
 * mean is large against the spread), and the affine params folded in, so the output per
 * (n, c) is scale = gamma * rstd and shift = beta - mean * scale.
 */
import { operandPositions, type NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import { bindings, f32, header, u32, workgroupSum } from '../wgsl.js';
import { concatReader } from './sources.js';

const WG = 256;

export function groupNormStats(node: NodeOf<'group_norm_stats'>, ctx: LowerCtx): KernelSource {
  const { groups, eps } = node.attrs;
  const o = operandPositions(node);
  const srcShapes = o.input.map((i) => ctx.shapes[i]!);
  const [n, c] = node.shape as [number, number, number];
  const [h, w] = [srcShapes[0]![2]!, srcShapes[0]![3]!];
  const hw = h * w;
  const cpg = c / groups;
  const span = cpg * hw;
  const G = ctx.param(o.weight);
  const B = ctx.param(o.bias);
  const names = srcShapes.map((_, i) => `x${i}`);
  const wgsl = `${header(
    `group_norm_stats ${groups} groups eps ${eps}: [${n},${c},${h},${w}] -> [${n},${c},2]`,
    ['one workgroup per (batch, group); out[n, c] = (gamma * rstd, beta - mean * gamma * rstd)'],
  )}
${bindings(names, 'stats', true)}

${concatReader(
  'src',
  srcShapes.map((s, i) => ({ name: names[i]!, channels: s[1]! })),
  hw,
)}

${workgroupSum(WG)}

@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let b = wid.x / ${u32(groups)};
  let c0 = (wid.x % ${u32(groups)}) * ${u32(cpg)};
  var s = 0.0;
  for (var j = lid; j < ${u32(span)}; j += ${u32(WG)}) { s += src(b, c0 + j / ${u32(hw)}, j % ${u32(hw)}); }
  let mean = reduce(lid, s) / ${f32(span)};
  var q = 0.0;
  for (var j = lid; j < ${u32(span)}; j += ${u32(WG)}) {
    let d = src(b, c0 + j / ${u32(hw)}, j % ${u32(hw)}) - mean;
    q = fma(d, d, q);
  }
  let rstd = inverseSqrt(reduce(lid, q) / ${f32(span)} + ${f32(eps)});
  for (var j = lid; j < ${u32(cpg)}; j += ${u32(WG)}) {
    let ch = c0 + j;
    let scale = params[${u32(G)} + ch] * rstd;
    stats[(b * ${u32(c)} + ch) * 2u] = scale;
    stats[(b * ${u32(c)} + ch) * 2u + 1u] = params[${u32(B)} + ch] - mean * scale;
  }
}
`;
  return { family: 'group_norm_stats', wgsl, grid: [n * groups, 1, 1] };
}
