/**
 * GroupNorm statistics for a norm that its consumer applies while loading: one workgroup per
 * (batch, group) (statistics: group-moments.ts), with the affine params folded in, so the
 * output per (n, c) is scale = gamma * rstd and shift = beta - mean * scale. Shapes come from
 * the dims uniform and the kernel always reads a two-source concat (a single source is x0 bound
 * twice, with dims.c1 = 0), so every GroupNorm of a U-Net with the same eps shares it.
 */
import { operandPositions, type NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import { schedule } from '../schedule.js';
import { bindings, Dims, header, sum, tensor } from '../wgsl.js';
import { groupMoments, workgroupSum } from './group-moments.js';
import { concatReader } from './sources.js';

export function groupNormStats(node: NodeOf<'group_norm_stats'>, ctx: LowerCtx): KernelSource {
  const { groups, eps } = node.attrs;
  const o = operandPositions(node);
  const srcShapes = o.input.map((i) => ctx.shapes[i]!);
  if (srcShapes.length > 2)
    throw new Error(`group_norm_stats: ${srcShapes.length} sources (max 2)`);
  const [n, c] = node.shape as [number, number, number];
  const [h, w] = [srcShapes[0]![2]!, srcShapes[0]![3]!];
  const cpg = c / groups;
  const wg = schedule(ctx.target).reduce;
  const d = new Dims();
  const D = {
    groups: d.u('groups', groups),
    c: d.u('c', c),
    hw: d.u('hw', h * w),
    cpg: d.u('cpg', cpg),
    span: d.u('span', cpg * h * w),
    gOff: d.u('gOff', ctx.param(o.weight)),
    bOff: d.u('bOff', ctx.param(o.bias)),
  };
  const names = ['x0', 'x1'];
  const channels = names.map((_, i) => d.u(`c${i}`, srcShapes[i]?.[1] ?? 0));
  const stats = tensor('stats', [n, D.c, 2]);
  const wgsl = `${header(`group_norm_stats eps ${eps}`, [
    'one workgroup per (batch, group); out[n, c] = (gamma * rstd, beta - mean * gamma * rstd)',
  ])}
${bindings(names, 'stats', true, d)}

${concatReader(
  'src',
  names.map((name, i) => ({ name, channels: channels[i]! })),
  D.hw,
)}

${workgroupSum(wg)}

@compute @workgroup_size(${wg})
fn main(@builtin(workgroup_id) wid: vec3<u32>, @builtin(local_invocation_index) lid: u32) {
  let b = wid.x / ${D.groups};
  let c0 = (wid.x % ${D.groups}) * ${D.cpg};
${groupMoments((j) => `src(b, c0 + ${j} / ${D.hw}, ${j} % ${D.hw})`, D.span, eps, wg)}
  for (var j = lid; j < ${D.cpg}; j += ${wg}u) {
    let ch = c0 + j;
    let scale = params[${sum(D.gOff, 'ch')}] * rstd;
    ${stats.at('b', 'ch', 0)} = scale;
    ${stats.at('b', 'ch', 1)} = params[${sum(D.bOff, 'ch')}] - mean * scale;
  }
}
`;
  const acts = [o.input[0]!, o.input[1] ?? o.input[0]!];
  return { family: 'group_norm_stats', wgsl, grid: [n * groups, 1, 1], dims: d.values, acts };
}
