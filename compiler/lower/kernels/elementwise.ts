/** Pointwise kernels: activations, adds and the per-(n,c) time-bias broadcast. */
import { numel, type Node, type NodeOf, type Shape } from '../../ir/ops.js';
import type { KernelSource } from '../kernel.js';
import { bindings, f32, flatMain, grid1d, header, u32 } from '../wgsl.js';

/**
 * erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): WGSL has no erf, and nn.GELU() is the
 * exact erf form, not the tanh approximation.
 */
const ERF = `fn erf_approx(v: f32) -> f32 {
  let a = abs(v);
  let t = 1.0 / fma(${f32(0.3275911)}, a, 1.0);
  let poly = t * (${f32(0.254829592)} + t * (${f32(-0.284496736)} + t * (${f32(1.421413741)} + t * (${f32(-1.453152027)} + t * ${f32(1.061405429)}))));
  return sign(v) * (1.0 - poly * exp(-a * a));
}`;

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

export function addChannelBias(node: NodeOf<'add_channel_bias'>, [x]: readonly Shape[]): KernelSource {
  const [, , h, w] = x as [number, number, number, number];
  const total = numel(node.shape);
  const wgsl = `${header(`add_channel_bias: [${node.shape.join(',')}] + [N,C]`)}
${bindings(['x', 'bias'], 'y')}

${flatMain(total, `  y[i] = x[i] + bias[i / ${u32(h * w)}];`)}
`;
  return { family: 'add_channel_bias', wgsl, grid: grid1d(total) };
}

export function concat(node: NodeOf<'concat'>, [a, b]: readonly Shape[]): KernelSource {
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
