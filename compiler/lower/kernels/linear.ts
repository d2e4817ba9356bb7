/**
 * Linear layer y = act_out(act_in(x) W^T + b) on [N, in]; one invocation per output. Only the
 * time MLP uses it, so it is tiny; the activations are folded in by passes.
 */
import type { NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import { schedule } from '../schedule.js';
import { bindings, flatMain, grid1d, header, rolled, sum, times, u32 } from '../wgsl.js';
import { GELU, SILU } from './math.js';

export function linear(node: NodeOf<'linear'>, ctx: LowerCtx): KernelSource {
  const [n, inF] = ctx.shapes[0] as [number, number];
  const out = node.shape[1]!;
  const W = ctx.param(1);
  const B = ctx.param(2);
  const total = n * out;
  const { inAct, outAct } = node.attrs;
  const wg = schedule(ctx.target).flat;
  const xk = `x[${sum(times('b', inF), 'k')}]`;
  const load = inAct === 'silu' ? `silu(${xk})` : xk;
  const wgsl = `${header(`linear${inAct ? ` (${inAct} in)` : ''}${outAct ? ` (${outAct} out)` : ''}: [${n},${inF}] -> [${n},${out}]`)}
${bindings(['x'], 'y', true)}
${inAct === 'silu' ? `\n${SILU}\n` : ''}${outAct === 'gelu' ? `\n${GELU}\n` : ''}
${flatMain(
  total,
  `  let o = i % ${u32(out)};
  let b = i / ${u32(out)};
  var acc = params[${sum(B, 'o')}];
  for (var k = 0u; k < ${rolled(inF)}; k++) {
    acc = fma(${load}, params[${sum(W, times('o', inF), 'k')}], acc);
  }
  y[i] = ${outAct === 'gelu' ? 'gelu(acc)' : 'acc'};`,
  wg,
)}
`;
  return { family: 'linear', wgsl, grid: grid1d(total, wg, n) };
}
