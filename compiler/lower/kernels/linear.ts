/** Linear layer y = x W^T + b on [N, in]; one invocation per output. Only the time MLP uses it. */
import type { NodeOf, Shape } from '../../ir/ops.js';
import type { KernelSource } from '../kernel.js';
import { bindings, flatMain, grid1d, header, u32 } from '../wgsl.js';

export function linear(node: NodeOf<'linear'>, [x]: readonly Shape[]): KernelSource {
  const [n, inF] = x as [number, number];
  const out = node.shape[1]!;
  const total = n * out;
  const wgsl = `${header(`linear: [${n},${inF}] -> [${n},${out}]`)}
${bindings(['x', 'weight', 'bias'], 'y')}

${flatMain(
  total,
  `  let o = i % ${u32(out)};
  let b = i / ${u32(out)};
  var acc = bias[o];
  for (var k = 0u; k < ${u32(inF)}; k++) {
    acc = fma(x[b * ${u32(inF)} + k], weight[o * ${u32(inF)} + k], acc);
  }
  y[i] = acc;`,
)}
`;
  return { family: 'linear', wgsl, grid: grid1d(total) };
}
