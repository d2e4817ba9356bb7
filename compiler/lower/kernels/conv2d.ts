/**
 * Direct 2-D convolution, NCHW, one invocation per output element. Plain and exact; the
 * register-tiled implicit-GEMM form is the fusion/performance work's business. The tap loops stay
 * rolled (`rolled`): unrolled, lavapipe took 300-550 ms to compile each layer's kernel, 100 ms
 * rolled; `--no-fuse` seed S's cold first forward went 10.3 -> 6.8 s and its warm forward
 * 790 -> 1045 ms, a trade this reference path takes.
 */
import type { NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import { schedule } from '../schedule.js';
import { bindings, flatMain, grid1d, header, rolled, sum, times, u32 } from '../wgsl.js';

export function conv2d(node: NodeOf<'conv2d'>, ctx: LowerCtx): KernelSource {
  const x = ctx.shapes[0]!;
  const [n, cin, h, w] = x as [number, number, number, number];
  const W = ctx.param(1);
  const B = ctx.param(2);
  const [, cout, oh, ow] = node.shape as [number, number, number, number];
  const { kernel: k, stride: s, padding: p } = node.attrs;
  const total = n * cout * oh * ow;
  const wg = schedule(ctx.target).flat;
  const wgsl = `${header(`conv2d ${k}x${k} stride ${s} pad ${p}: [${x!.join(',')}] -> [${node.shape.join(',')}]`)}
${bindings(['x'], 'y', true)}

${flatMain(
  total,
  `  let ox = i % ${u32(ow)};
  let oy = (i / ${u32(ow)}) % ${u32(oh)};
  let co = (i / ${u32(ow * oh)}) % ${u32(cout)};
  let b = i / ${u32(ow * oh * cout)};
  var acc = params[${sum(B, 'co')}];
  for (var ci = 0u; ci < ${rolled(cin)}; ci++) {
    let xBase = (b * ${u32(cin)} + ci) * ${u32(h * w)};
    let wBase = ${sum(W, times(sum(times('co', cin), 'ci'), k * k))};
    for (var ky = 0u; ky < ${rolled(k)}; ky++) {
      let iy = i32(${sum(times('oy', s), 'ky')}) - ${p};
      if (iy < 0 || iy >= ${h}) { continue; }
      for (var kx = 0u; kx < ${rolled(k)}; kx++) {
        let ix = i32(${sum(times('ox', s), 'kx')}) - ${p};
        if (ix < 0 || ix >= ${w}) { continue; }
        acc = fma(x[xBase + u32(iy) * ${u32(w)} + u32(ix)], params[wBase + ky * ${u32(k)} + kx], acc);
      }
    }
  }
  y[i] = acc;`,
  wg,
)}
`;
  return { family: 'conv2d', wgsl, grid: grid1d(total, wg, n) };
}
