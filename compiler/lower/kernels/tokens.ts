/**
 * The token kernels of diffusers' Transformer2DModel, on [B, N, C] tensors with the batch
 * outermost: the layout changes NCHW <-> tokens, LayerNorm over C, the token linear (GEGLU as
 * its epilogue when a pass absorbed it) and GEGLU on its own. Each is one invocation per output
 * element (LayerNorm: per row) over a flat index, the same kernel for both targets: at the
 * transformer widths Kiln's specs reach (inner <= 1280, tokens <= 4096) they are a small part
 * of a step next to the convs, and one variant keeps them a second oracle of themselves.
 */
import { numel, type NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import type { Flat } from '../schedule.js';
import { bindings, f32, flatMain, grid1d, header, rolled, tensor, u32 } from '../wgsl.js';
import { activationFn } from './fragments.js';

const dims = (s: readonly number[]) => `[${s.join(',')}]`;

/** [B, C, H, W] -> [B, HW, C]: output (b, p, c) reads x[b, c, p]. */
export function toTokens(
  node: NodeOf<'to_tokens'>,
  { shapes: { input } }: LowerCtx<'to_tokens'>,
  s: Flat,
): KernelSource {
  const [b, c, h, w] = input as [number, number, number, number];
  const hw = h * w;
  const total = numel(node.shape);
  const wgsl = `${header(`to_tokens: ${dims(input)} -> ${dims(node.shape)}`)}
${bindings(['x'], 'y')}

${flatMain(
  total,
  `  let c = i % ${u32(c)};
  let p = (i / ${u32(c)}) % ${u32(hw)};
  let n = i / ${u32(c * hw)};
  y[i] = ${tensor('x', [b, c, hw]).at('n', 'c', 'p')};`,
  s.wg,
)}
`;
  return { family: 'to_tokens', wgsl, grid: grid1d(total, s.wg, b) };
}

/** [B, HW, C] -> [B, C, H, W]: output (b, c, p) reads x[b, p, c]. */
export function toMap(
  node: NodeOf<'to_map'>,
  { shapes: { input } }: LowerCtx<'to_map'>,
  s: Flat,
): KernelSource {
  const [b, hw, c] = input as [number, number, number];
  const total = numel(node.shape);
  const wgsl = `${header(`to_map: ${dims(input)} -> ${dims(node.shape)}`)}
${bindings(['x'], 'y')}

${flatMain(
  total,
  `  let p = i % ${u32(hw)};
  let c = (i / ${u32(hw)}) % ${u32(c)};
  let n = i / ${u32(c * hw)};
  y[i] = ${tensor('x', [b, hw, c]).at('n', 'p', 'c')};`,
  s.wg,
)}
`;
  return { family: 'to_map', wgsl, grid: grid1d(total, s.wg, b) };
}

/**
 * LayerNorm of one row per invocation: the mean, then the variance about it (two passes, so
 * rows with a large mean keep their precision, as PyTorch's f32 statistics do), then the row.
 */
export function layerNorm(
  node: NodeOf<'layer_norm'>,
  ctx: LowerCtx<'layer_norm'>,
  s: Flat,
): KernelSource {
  const [b, n, c] = ctx.shapes.input as [number, number, number];
  const G = tensor('params', [c], ctx.param('weight'));
  const Bt = tensor('params', [c], ctx.param('bias'));
  const rows = b * n;
  const x = tensor('x', [rows, c]);
  const wgsl = `${header(`layer_norm over ${c}: ${dims(node.shape)}`, [`eps ${node.attrs.eps}`])}
${bindings(['x'], 'y', true)}

${flatMain(
  rows,
  `  var mean = 0.0;
  for (var k = 0u; k < ${rolled(c)}; k++) { mean += ${x.at('i', 'k')}; }
  mean = mean / ${f32(c)};
  var v = 0.0;
  for (var k = 0u; k < ${rolled(c)}; k++) {
    let d = ${x.at('i', 'k')} - mean;
    v = fma(d, d, v);
  }
  let rstd = inverseSqrt(v / ${f32(c)} + ${f32(node.attrs.eps)});
  for (var k = 0u; k < ${rolled(c)}; k++) {
    ${tensor('y', [rows, c]).at('i', 'k')} = fma((${x.at('i', 'k')} - mean) * rstd, ${G.at('k')}, ${Bt.at('k')});
  }`,
  s.wg,
)}
`;
  return { family: 'layer_norm', wgsl, grid: grid1d(rows, s.wg, b) };
}

/**
 * x W^T (+ b) per token, one invocation per output. With the `geglu` epilogue, output o of
 * the F = out/2 written is value row o times gelu of gate row F + o, both dot products in the
 * same invocation: the [B, N, 2F] projection is never stored.
 */
export function tokenLinear(
  node: NodeOf<'token_linear'>,
  ctx: LowerCtx<'token_linear'>,
  s: Flat,
): KernelSource {
  const [b, n, inF] = ctx.shapes.input as [number, number, number];
  const [wOut] = ctx.shapes.weight as [number, number];
  const geglu = node.attrs.epilogue === 'geglu';
  const out = node.shape[2]!;
  const total = numel(node.shape);
  const W = tensor('params', [wOut, inF], ctx.param('weight'));
  const bias = (o: string) =>
    node.attrs.bias ? tensor('params', [wOut], ctx.param('bias')).at(o) : '0.0';
  const x = tensor('x', [b * n, inF]).at('r', 'k');
  const body = geglu
    ? `  var a = ${bias('o')};
  var g = ${bias(`o + ${u32(out)}`)};
  for (var k = 0u; k < ${rolled(inF)}; k++) {
    let xv = ${x};
    a = fma(xv, ${W.at('o', 'k')}, a);
    g = fma(xv, ${W.at(`o + ${u32(out)}`, 'k')}, g);
  }
  y[i] = a * gelu(g);`
    : `  var acc = ${bias('o')};
  for (var k = 0u; k < ${rolled(inF)}; k++) {
    acc = fma(${x}, ${W.at('o', 'k')}, acc);
  }
  y[i] = acc;`;
  const title = `token_linear${node.attrs.bias ? '' : ' (no bias)'}${geglu ? ' + GEGLU' : ''}`;
  const wgsl = `${header(`${title}: ${dims(ctx.shapes.input)} -> ${dims(node.shape)}`)}
${bindings(['x'], 'y', true)}
${geglu ? `\n${activationFn('gelu')}\n` : ''}
${flatMain(
  total,
  `  let o = i % ${u32(out)};
  let r = i / ${u32(out)};
${body}`,
  s.wg,
)}
`;
  return { family: 'token_linear', wgsl, grid: grid1d(total, s.wg, b) };
}

/** GEGLU on its own: [B, N, 2F] -> [B, N, F], the first half times gelu of the second. */
export function geglu(
  node: NodeOf<'geglu'>,
  { shapes: { input } }: LowerCtx<'geglu'>,
  s: Flat,
): KernelSource {
  const f = node.shape[2]!;
  const rows = input[0]! * input[1]!;
  const total = numel(node.shape);
  const x = tensor('x', [rows, 2 * f]);
  const wgsl = `${header(`geglu: ${dims(input)} -> ${dims(node.shape)}`)}
${bindings(['x'], 'y')}

${activationFn('gelu')}

${flatMain(
  total,
  `  let o = i % ${u32(f)};
  let r = i / ${u32(f)};
  y[i] = ${x.at('r', 'o')} * gelu(${x.at('r', `o + ${u32(f)}`)});`,
  s.wg,
)}
`;
  return { family: 'geglu', wgsl, grid: grid1d(total, s.wg, input[0]) };
}
