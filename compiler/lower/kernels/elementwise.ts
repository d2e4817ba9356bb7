/** Pointwise kernels: activations, adds and the per-(n,c) time-bias broadcast. */
import { numel, type Node, type NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import { bindings, f32, flatMain, grid1d, header, u32 } from '../wgsl.js';
import { ERF } from './math.js';

function unary(node: Node, fn: string, expr: string, prelude = ''): KernelSource {
  const total = numel(node.shape);
  const wgsl = `${header(`${fn}: [${node.shape.join(',')}]`)}
${bindings(['x'], 'y')}
${prelude ? `\n${prelude}\n` : ''}
${flatMain(total, `  let v = x[i];\n  y[i] = ${expr};`)}
`;
  return { family: fn, wgsl, grid: grid1d(total) };
}

export const silu = (node: NodeOf<'silu'>) => unary(node, 'silu', 'v / (1.0 + exp(-v))');

export const gelu = (node: NodeOf<'gelu'>) =>
  unary(node, 'gelu', `0.5 * v * (1.0 + erf_approx(v * ${f32(Math.SQRT1_2)}))`, ERF);

export function add(node: NodeOf<'add'>): KernelSource {
  const total = numel(node.shape);
  const wgsl = `${header(`add: [${node.shape.join(',')}]`)}
${bindings(['a', 'b'], 'y')}

${flatMain(total, '  y[i] = a[i] + b[i];')}
`;
  return { family: 'add', wgsl, grid: grid1d(total) };
}

export function addChannelBias(
  node: NodeOf<'add_channel_bias'>,
  { shapes: [x] }: LowerCtx,
): KernelSource {
  const [, , h, w] = x as [number, number, number, number];
  const total = numel(node.shape);
  const wgsl = `${header(`add_channel_bias: [${node.shape.join(',')}] + [N,C]`)}
${bindings(['x', 'bias'], 'y')}

${flatMain(total, `  y[i] = x[i] + bias[i / ${u32(h * w)}];`)}
`;
  return { family: 'add_channel_bias', wgsl, grid: grid1d(total) };
}

export function concat(node: NodeOf<'concat'>, { shapes: [a, b] }: LowerCtx): KernelSource {
  const [, ca, h, w] = a as [number, number, number, number];
  const cb = b![1]!;
  const hw = h * w;
  const total = numel(node.shape);
  const wgsl = `${header(`concat channels: [${a!.join(',')}] ++ [${b!.join(',')}]`)}
${bindings(['a', 'b'], 'y')}

${flatMain(
  total,
  `  let p = i % ${u32(hw)};
  let c = (i / ${u32(hw)}) % ${u32(ca + cb)};
  let n = i / ${u32(hw * (ca + cb))};
  if (c < ${u32(ca)}) {
    y[i] = a[(n * ${u32(ca)} + c) * ${u32(hw)} + p];
  } else {
    y[i] = b[(n * ${u32(cb)} + c - ${u32(ca)}) * ${u32(hw)} + p];
  }`,
)}
`;
  return { family: 'concat', wgsl, grid: grid1d(total) };
}
