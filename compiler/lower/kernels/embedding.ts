/**
 * nn.Embedding as a row gather: y[n, :] = table[clamp(ids[n]), :] (class conditioning; the
 * table sits in the step's params). The ids are the bundle's i32 `label` input, so this kernel
 * binds them as array<i32>; the API rejects ids outside the table before they reach the GPU,
 * and the clamp keeps a stray one inside the table instead of reading another weight.
 *
 * cpu (software adapters, an invocation is a SIMD lane): each invocation copies CHUNK
 * consecutive values of one row, so a 64-wide row is a few lanes of straight-line loads.
 * gpu: one output value per invocation.
 */
import type { NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import type { Flat } from '../schedule.js';
import { flatMain, grid1d, header, u32 } from '../wgsl.js';

const CHUNK = 4;

export function embedding(
  node: NodeOf<'embedding'>,
  ctx: LowerCtx<'embedding'>,
  s: Flat,
): KernelSource {
  const wg = s.wg;
  const [n, dim] = node.shape as [number, number];
  const rows = ctx.shapes.weight[0]!;
  const table = ctx.param('weight');
  const chunk = ctx.target === 'cpu' && dim % CHUNK === 0 ? CHUNK : 1;
  const total = (n * dim) / chunk;
  const row = (b: string) => `u32(clamp(ids[${b}], 0, ${rows - 1}))`;
  const body =
    chunk === 1
      ? `  let b = i / ${u32(dim)};
  let j = i % ${u32(dim)};
  y[i] = params[${u32(table)} + ${row('b')} * ${u32(dim)} + j];`
      : `  let o = i * ${u32(chunk)};
  let b = o / ${u32(dim)};
  let src = ${u32(table)} + ${row('b')} * ${u32(dim)} + o % ${u32(dim)};
  for (var k = 0u; k < ${u32(chunk)}; k++) { y[o + k] = params[src + k]; }`;
  const wgsl = `${header(
    `embedding ${ctx.target}: ids [${n}] of a [${rows},${dim}] table -> [${n},${dim}]`,
    ['y[n, :] = table[ids[n], :]'],
  )}
@group(0) @binding(0) var<storage, read> ids: array<i32>;
@group(0) @binding(1) var<storage, read> params: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

${flatMain(total, body, wg)}
`;
  return { family: 'embedding', wgsl, grid: grid1d(total, wg, n) };
}
