/**
 * Index-only kernels of diffusers' U-Nets: the (0, 1, 0, 1) zero padding before a padding-0
 * stride-2 downsampling conv, and nearest 2x upsampling before an upsampler's conv. Each output
 * element reads at most one input element, so one flat kernel serves both targets: there is no
 * reuse for a tile or shared memory to exploit.
 */
import { numel, type NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import type { Flat } from '../schedule.js';
import { bindings, flatMain, grid1d, header, u32 } from '../wgsl.js';

/** y[n, c, i, j] = x[n, c, i, j] inside x, 0 in the appended rows and columns. */
export function pad(
  node: NodeOf<'pad'>,
  { shapes: { input: x } }: LowerCtx<'pad'>,
  s: Flat,
): KernelSource {
  const [, , h, w] = x as [number, number, number, number];
  const [, , oh, ow] = node.shape as [number, number, number, number];
  const total = numel(node.shape);
  const wgsl = `${header(`pad right ${node.attrs.right}, bottom ${node.attrs.bottom}: [${x.join(',')}] -> [${node.shape.join(',')}]`)}
${bindings(['x'], 'y')}

${flatMain(
  total,
  `  let j = i % ${u32(ow)};
  let r = (i / ${u32(ow)}) % ${u32(oh)};
  let plane = i / ${u32(oh * ow)};
  var v = 0.0;
  if (r < ${u32(h)} && j < ${u32(w)}) { v = x[plane * ${u32(h * w)} + r * ${u32(w)} + j]; }
  y[i] = v;`,
  s.wg,
)}
`;
  return { family: 'pad', wgsl, grid: grid1d(total, s.wg, node.shape[0]) };
}

/** y[n, c, i, j] = x[n, c, i / 2, j / 2] (PyTorch's interpolate, mode "nearest", factor 2). */
export function upsampleNearest2x(
  node: NodeOf<'upsample_nearest2x'>,
  { shapes: { input: x } }: LowerCtx<'upsample_nearest2x'>,
  s: Flat,
): KernelSource {
  const [, , h, w] = x as [number, number, number, number];
  const total = numel(node.shape);
  const wgsl = `${header(`upsample_nearest2x: [${x.join(',')}] -> [${node.shape.join(',')}]`)}
${bindings(['x'], 'y')}

${flatMain(
  total,
  `  let j = i % ${u32(2 * w)};
  let r = (i / ${u32(2 * w)}) % ${u32(2 * h)};
  let plane = i / ${u32(4 * h * w)};
  y[i] = x[plane * ${u32(h * w)} + (r / 2u) * ${u32(w)} + j / 2u];`,
  s.wg,
)}
`;
  return { family: 'upsample_nearest2x', wgsl, grid: grid1d(total, s.wg, node.shape[0]) };
}
