/**
 * Linear layer y = act_out(act_in(x) W^T + b) on [N, in]; one invocation per output. Only the
 * time MLP uses it, so it is tiny; the activations are folded in by passes.
 */
import type { NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import { ERF, f32 } from './math.js';
import { bindings, flatMain, grid1d, header, u32 } from '../wgsl.js';

export function linear(node: NodeOf<'linear'>, ctx: LowerCtx): KernelSource {
  const [n, inF] = ctx.shapes[0] as [number, number];
  const out = node.shape[1]!;
  const W = ctx.param(1);
  const B = ctx.param(2);
  const total = n * out;
  const { inAct, outAct } = node.attrs;
  const load = inAct === 'silu' ? 'silu(x[b * ${IN} + k])' : 'x[b * ${IN} + k]';
  const wgsl = `${header(`linear${inAct ? ` (${inAct} in)` : ''}${outAct ? ` (${outAct} out)` : ''}: [${n},${inF}] -> [${n},${out}]`)}
${bindings(['x'], 'y', true)}
${inAct === 'silu' ? '\nfn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }\n' : ''}${outAct === 'gelu' ? `\n${ERF}\n` : ''}
${flatMain(
  total,
  `  let o = i % ${u32(out)};
  let b = i / ${u32(out)};
  var acc = params[${u32(B)} + o];
  for (var k = 0u; k < ${u32(inF)}; k++) {
    acc = fma(${load.replace('${IN}', u32(inF))}, params[${u32(W)} + o * ${u32(inF)} + k], acc);
  }
  y[i] = ${outAct === 'gelu' ? `0.5 * acc * (1.0 + erf_approx(acc * ${f32(Math.SQRT1_2)}))` : 'acc'};`,
)}
`;
  return { family: 'linear', wgsl, grid: grid1d(total) };
}
