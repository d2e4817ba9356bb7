/**
 * All ResBlocks' time projections silu(t_emb) W_i^T + b_i in one dispatch; projection i fills
 * columns [START[i], START[i+1]) of the output, which the convolutions read as their time bias.
 */
import type { NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import type { Flat } from '../schedule.js';
import { bindings, flatMain, grid1d, header, rolled, tensor, u32 } from '../wgsl.js';
import { activationFn } from './fragments.js';

export function timeProj(
  node: NodeOf<'time_proj'>,
  ctx: LowerCtx<'time_proj'>,
  s: Flat,
): KernelSource {
  const [n, t] = ctx.shapes.time as [number, number];
  const outs = node.attrs.outs;
  const wg = s.wg;
  const total = node.shape[1]!;
  const starts = [0];
  for (const width of outs) starts.push(starts[starts.length - 1]! + width);
  const arr = (xs: readonly number[]) => `array<u32, ${xs.length}>(${xs.map(u32).join(', ')})`;
  const wgsl = `${header(`time_proj: ${outs.length} projections of silu(t_emb [${n},${t}]) -> [${n},${total}]`)}
${bindings(['temb'], 'y', true)}

${activationFn('silu')}

const START = ${arr(starts)};
const WOFF = ${arr(outs.map((_, i) => ctx.param('weight', i)))};
const BOFF = ${arr(outs.map((_, i) => ctx.param('bias', i)))};

${flatMain(
  n * total,
  `  let j = i % ${u32(total)};
  let b = i / ${u32(total)};
  var p = 0u;
  for (var k = 1u; k < ${u32(outs.length)}; k++) { if (j >= START[k]) { p = k; } }
  let o = j - START[p];
  var acc = params[BOFF[p] + o];
  for (var k = 0u; k < ${rolled(t)}; k++) {
    acc = fma(silu(${tensor('temb', [n, t]).at('b', 'k')}), ${tensor('params', [0, t], 'WOFF[p]').at('o', 'k')}, acc);
  }
  y[i] = acc;`,
  wg,
)}
`;
  return { family: 'time_proj', wgsl, grid: grid1d(n * total, wg, n) };
}
