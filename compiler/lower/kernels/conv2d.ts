/**
 * Direct 2-D convolution, NCHW, one invocation per output element. Plain and exact; the
 * register-tiled implicit-GEMM form is the fusion/performance work's business. The tap loops stay
 * rolled (`rolled`): unrolled, lavapipe took 300-550 ms to compile each layer's kernel, 100 ms
 * rolled; `--no-fuse` seed S's cold first forward went 10.3 -> 6.8 s and its warm forward
 * 790 -> 1045 ms, a trade this reference path takes.
 */
import type { NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import type { Flat } from '../schedule.js';
import { bindings, flatMain, grid1d, header, rolled, sum, tensor, times, u32 } from '../wgsl.js';

export function conv2d(node: NodeOf<'conv2d'>, ctx: LowerCtx<'conv2d'>, sched: Flat): KernelSource {
  const x = ctx.shapes.input;
  const [n, cin, h, w] = x as [number, number, number, number];
  const W = ctx.param('weight');
  const B = ctx.param('bias');
  const [, cout, oh, ow] = node.shape as [number, number, number, number];
  const { kernel: k, stride: s, padding: p } = node.attrs;
  const total = n * cout * oh * ow;
  const wg = sched.wg;
  const wgsl = `${header(`conv2d ${k}x${k} stride ${s} pad ${p}: [${x.join(',')}] -> [${node.shape.join(',')}]`)}
${bindings(['x'], 'y', true)}

${flatMain(
  total,
  `  let ox = i % ${u32(ow)};
  let oy = (i / ${u32(ow)}) % ${u32(oh)};
  let co = (i / ${u32(ow * oh)}) % ${u32(cout)};
  let b = i / ${u32(ow * oh * cout)};
  var acc = ${tensor('params', [cout], B).at('co')};
  for (var ci = 0u; ci < ${rolled(cin)}; ci++) {
    let xBase = ${tensor('x', [n, cin, h * w]).index('b', 'ci', 0)};
    let wBase = ${tensor('params', [cout, cin, k * k], W).index('co', 'ci', 0)};
    for (var ky = 0u; ky < ${rolled(k)}; ky++) {
      let iy = i32(${sum(times('oy', s), 'ky')}) - ${p};
      if (iy < 0 || iy >= ${h}) { continue; }
      for (var kx = 0u; kx < ${rolled(k)}; kx++) {
        let ix = i32(${sum(times('ox', s), 'kx')}) - ${p};
        if (ix < 0 || ix >= ${w}) { continue; }
        acc = fma(${tensor('x', [h, w], 'xBase').at('u32(iy)', 'u32(ix)')}, ${tensor('params', [k, k], 'wBase').at('ky', 'kx')}, acc);
      }
    }
  }
  y[i] = acc;`,
  wg,
)}
`;
  return { family: 'conv2d', wgsl, grid: grid1d(total, wg, n) };
}
