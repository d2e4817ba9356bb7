/** Pointwise kernels: activations, adds and the per-(n,c) time-bias broadcast. */
import { numel, type Node, type NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import { schedule } from '../schedule.js';
import { bindings, flatMain, grid1d, header, u32 } from '../wgsl.js';
import { GELU, SILU } from './math.js';

/** y = fn(x), with `fn` defined by `snippet`. */
function unary(node: Node, fn: string, snippet: string, ctx: LowerCtx): KernelSource {
  const total = numel(node.shape);
  const wg = schedule(ctx.target).flat;
  const wgsl = `${header(`${fn}: [${node.shape.join(',')}]`)}
${bindings(['x'], 'y')}

${snippet}

${flatMain(total, `  y[i] = ${fn}(x[i]);`, wg)}
`;
  return { family: fn, wgsl, grid: grid1d(total, wg, node.shape[0]) };
}

export const silu = (node: NodeOf<'silu'>, ctx: LowerCtx) => unary(node, 'silu', SILU, ctx);

export const gelu = (node: NodeOf<'gelu'>, ctx: LowerCtx) => unary(node, 'gelu', GELU, ctx);

export function add(node: NodeOf<'add'>, ctx: LowerCtx): KernelSource {
  const wg = schedule(ctx.target).flat;
  const total = numel(node.shape);
  const wgsl = `${header(`add: [${node.shape.join(',')}]`)}
${bindings(['a', 'b'], 'y')}

${flatMain(total, '  y[i] = a[i] + b[i];', wg)}
`;
  return { family: 'add', wgsl, grid: grid1d(total, wg, node.shape[0]) };
}

export function addChannelBias(
  node: NodeOf<'add_channel_bias'>,
  { shapes: [x], target }: LowerCtx,
): KernelSource {
  const wg = schedule(target).flat;
  const [, , h, w] = x as [number, number, number, number];
  const total = numel(node.shape);
  const wgsl = `${header(`add_channel_bias: [${node.shape.join(',')}] + [N,C]`)}
${bindings(['x', 'bias'], 'y')}

${flatMain(total, `  y[i] = x[i] + bias[i / ${u32(h * w)}];`, wg)}
`;
  return { family: 'add_channel_bias', wgsl, grid: grid1d(total, wg, node.shape[0]) };
}

export function concat(node: NodeOf<'concat'>, { shapes: [a, b], target }: LowerCtx): KernelSource {
  const wg = schedule(target).flat;
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
  wg,
)}
`;
  return { family: 'concat', wgsl, grid: grid1d(total, wg, node.shape[0]) };
}
