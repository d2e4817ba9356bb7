/**
 * Pointwise kernels: activations, adds, the per-(n,c) time-bias broadcast and scale-shift, and
 * affine maps. Memory-bound with no reuse, so one flat kernel serves both targets.
 */
import type { ActivationName } from '../../ir/activations.js';
import { numel, type NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import type { Flat } from '../schedule.js';
import { bindings, f32, flatMain, grid1d, header, u32 } from '../wgsl.js';
import { activationFn } from './fragments.js';
import { concatReader } from './sources.js';

/** y = act(x): an activation of the table on its own, from the same fragment a conv fuses. */
export function activation(
  node: NodeOf<ActivationName>,
  _ctx: LowerCtx<ActivationName>,
  s: Flat,
): KernelSource {
  const fn = node.op;
  const total = numel(node.shape);
  const wg = s.wg;
  const wgsl = `${header(`${fn}: [${node.shape.join(',')}]`)}
${bindings(['x'], 'y')}

${activationFn(fn)}

${flatMain(total, `  y[i] = ${fn}(x[i]);`, wg)}
`;
  return { family: fn, wgsl, grid: grid1d(total, wg, node.shape[0]) };
}

export function add(node: NodeOf<'add'>, _ctx: LowerCtx<'add'>, s: Flat): KernelSource {
  const wg = s.wg;
  const total = numel(node.shape);
  const wgsl = `${header(`add: [${node.shape.join(',')}]`)}
${bindings(['a', 'b'], 'y')}

${flatMain(total, '  y[i] = a[i] + b[i];', wg)}
`;
  return { family: 'add', wgsl, grid: grid1d(total, wg, node.shape[0]) };
}

export function addChannelBias(
  node: NodeOf<'add_channel_bias'>,
  { shapes: { input: x } }: LowerCtx<'add_channel_bias'>,
  s: Flat,
): KernelSource {
  const wg = s.wg;
  const [, , h, w] = x as [number, number, number, number];
  const total = numel(node.shape);
  const wgsl = `${header(`add_channel_bias: [${node.shape.join(',')}] + [N,C]`)}
${bindings(['x', 'bias'], 'y')}

${flatMain(total, `  y[i] = x[i] + bias[i / ${u32(h * w)}];`, wg)}
`;
  return { family: 'add_channel_bias', wgsl, grid: grid1d(total, wg, node.shape[0]) };
}

export function concat(
  node: NodeOf<'concat'>,
  { shapes: { a, b } }: LowerCtx<'concat'>,
  s: Flat,
): KernelSource {
  const wg = s.wg;
  const [, ca, h, w] = a as [number, number, number, number];
  const cb = b[1]!;
  const hw = h * w;
  const total = numel(node.shape);
  const wgsl = `${header(`concat channels: [${a.join(',')}] ++ [${b.join(',')}]`)}
${bindings(['a', 'b'], 'y')}

${concatReader(
  'concat_src',
  [
    { name: 'a', channels: ca },
    { name: 'b', channels: cb },
  ],
  hw,
)}

${flatMain(
  total,
  `  let p = i % ${u32(hw)};
  let c = (i / ${u32(hw)}) % ${u32(ca + cb)};
  let n = i / ${u32(hw * (ca + cb))};
  y[i] = concat_src(n, c, p);`,
  wg,
)}
`;
  return { family: 'concat', wgsl, grid: grid1d(total, wg, node.shape[0]) };
}

/** x * (1 + s[n, c]) + s[n, C + c]: diffusers' scale_shift time injection after norm2. */
export function scaleShift(
  node: NodeOf<'scale_shift'>,
  { shapes: { input: x } }: LowerCtx<'scale_shift'>,
  s: Flat,
): KernelSource {
  const wg = s.wg;
  const [, c, h, w] = x as [number, number, number, number];
  const total = numel(node.shape);
  const wgsl = `${header(`scale_shift: [${node.shape.join(',')}] * (1 + s[:, :C]) + s[:, C:]`)}
${bindings(['x', 'ss'], 'y')}

${flatMain(
  total,
  `  let nc = i / ${u32(h * w)};
  let row = (nc / ${u32(c)}) * ${u32(2 * c)} + nc % ${u32(c)};
  y[i] = x[i] * (1.0 + ss[row]) + ss[row + ${u32(c)}];`,
  wg,
)}
`;
  return { family: 'scale_shift', wgsl, grid: grid1d(total, wg, node.shape[0]) };
}

/** y = x * scale + shift. */
export function affine(node: NodeOf<'affine'>, _ctx: LowerCtx<'affine'>, s: Flat): KernelSource {
  const wg = s.wg;
  const { scale, shift } = node.attrs;
  const total = numel(node.shape);
  const wgsl = `${header(`affine: [${node.shape.join(',')}] * ${scale} + ${shift}`)}
${bindings(['x'], 'y')}

${flatMain(total, `  y[i] = x[i] * ${f32(scale)} + ${f32(shift)};`, wg)}
`;
  return { family: 'affine', wgsl, grid: grid1d(total, wg, node.shape[0]) };
}
