/**
 * Linear layer y = act(x W^T + b) on [N, in]; one invocation per output. Only the time MLP
 * uses it, so it is tiny; the activation (its epilogue) is folded in by a pass.
 */
import type { NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import type { Flat } from '../schedule.js';
import { bindings, flatMain, grid1d, header, rolled, tensor, u32 } from '../wgsl.js';
import { activationFn } from './fragments.js';

export function linear(node: NodeOf<'linear'>, ctx: LowerCtx<'linear'>, s: Flat): KernelSource {
  const [n, inF] = ctx.shapes.input as [number, number];
  const out = node.shape[1]!;
  const W = ctx.param('weight');
  const B = ctx.param('bias');
  const total = n * out;
  const act = node.attrs.epilogue?.[0]?.op;
  const wg = s.wg;
  const load = tensor('x', [n, inF]).at('b', 'k');
  const wgsl = `${header(`linear${act ? ` (${act} out)` : ''}: [${n},${inF}] -> [${n},${out}]`)}
${bindings(['x'], 'y', true)}
${act ? `\n${activationFn(act)}\n` : ''}
${flatMain(
  total,
  `  let o = i % ${u32(out)};
  let b = i / ${u32(out)};
  var acc = ${tensor('params', [out], B).at('o')};
  for (var k = 0u; k < ${rolled(inF)}; k++) {
    acc = fma(${load}, ${tensor('params', [out, inF], W).at('o', 'k')}, acc);
  }
  y[i] = ${act ? `${act}(acc)` : 'acc'};`,
  wg,
)}
`;
  return { family: 'linear', wgsl, grid: grid1d(total, wg, n) };
}
