/**
 * Transposed 2-D convolution (PyTorch ConvTranspose2d, weight [Cin, Cout, k, k]) as a gather:
 * each output element sums the inputs whose strided footprint covers it, so no zero-inserted
 * input is ever materialised.
 */
import type { NodeOf, Shape } from '../../ir/ops.js';
import type { KernelSource } from '../kernel.js';
import { bindings, flatMain, grid1d, header, u32 } from '../wgsl.js';

export function convTranspose2d(node: NodeOf<'conv_transpose2d'>, [x]: readonly Shape[]): KernelSource {
  const [n, cin, h, w] = x as [number, number, number, number];
  const [, cout, oh, ow] = node.shape as [number, number, number, number];
  const { kernel: k, stride: s, padding: p } = node.attrs;
  const total = n * cout * oh * ow;
  const wgsl = `${header(`conv_transpose2d ${k}x${k} stride ${s} pad ${p}: [${x!.join(',')}] -> [${node.shape.join(',')}]`)}
${bindings(['x', 'weight', 'bias'], 'y')}

${flatMain(
  total,
  `  let ox = i32(i % ${u32(ow)});
  let oy = i32((i / ${u32(ow)}) % ${u32(oh)});
  let co = (i / ${u32(ow * oh)}) % ${u32(cout)};
  let b = i / ${u32(ow * oh * cout)};
  var acc = bias[co];
  for (var ky = 0; ky < ${k}; ky++) {
    let ty = oy + ${p} - ky;
    if (ty < 0 || ty % ${s} != 0 || ty / ${s} >= ${h}) { continue; }
    let iy = u32(ty / ${s});
    for (var kx = 0; kx < ${k}; kx++) {
      let tx = ox + ${p} - kx;
      if (tx < 0 || tx % ${s} != 0 || tx / ${s} >= ${w}) { continue; }
      let ix = u32(tx / ${s});
      let tap = u32(ky * ${k} + kx);
      for (var ci = 0u; ci < ${u32(cin)}; ci++) {
        acc = fma(x[((b * ${u32(cin)} + ci) * ${u32(h)} + iy) * ${u32(w)} + ix], weight[(ci * ${u32(cout)} + co) * ${u32(k * k)} + tap], acc);
      }
    }
  }
  y[i] = acc;`,
)}
`;
  return { family: 'conv_transpose2d', wgsl, grid: grid1d(total) };
}
