/**
 * The attention core of the seed SelfAttention, on the qkv conv's output [N, 3C, H, W]:
 * channel s*C + h*D + d holds q/k/v (s = 0/1/2) of head h, feature d. One invocation per
 * (batch, head, query position) walks all keys with a running (online) softmax in f32, so the
 * HW x HW score matrix is never stored.
 */
import type { NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import { schedule } from '../schedule.js';
import { bindings, f32, flatMain, grid1d, header, rolled, u32 } from '../wgsl.js';

export function attention(
  node: NodeOf<'attention'>,
  { shapes: [qkv], target }: LowerCtx,
): KernelSource {
  const wg = schedule(target).flat;
  const [n, c3, h, w] = qkv as [number, number, number, number];
  const c = c3 / 3;
  const heads = node.attrs.heads;
  const d = c / heads;
  const hw = h * w;
  const total = n * heads * hw;
  // The feature loops' bound. On lavapipe a constant bound lets LLVM unroll a small head (d 16:
  // 64 load sites, 1.3 s of compile; at d 128 it keeps the loops) and hold q and acc in
  // registers. Rolled, they live in memory: compile 0.14 s, but wide-unet-64's three d-16
  // attentions at 16x16 and 8x8 went 41.6 -> 67.8 ms. So only a few positions (a test net's
  // bottleneck; seed S's 4x4, at d 128, either way) get the rolled loop. A GPU unrolls.
  const dBound = target === 'cpu' && hw <= 16 ? rolled(d) : u32(d);
  const wgsl = `${header(
    `attention ${heads} head(s) of ${d}: [${qkv!.join(',')}] -> [${node.shape.join(',')}]`,
    ['softmax(q^T k / sqrt(d)) v per head; online softmax over keys'],
  )}
${bindings(['qkv'], 'y')}

${flatMain(
  total,
  `  let qi = i % ${u32(hw)};
  let head = (i / ${u32(hw)}) % ${u32(heads)};
  let b = i / ${u32(hw * heads)};
  let qBase = (b * ${u32(c3)} + head * ${u32(d)}) * ${u32(hw)};
  let kBase = qBase + ${u32(c * hw)};
  let vBase = qBase + ${u32(2 * c * hw)};
  var q: array<f32, ${d}>;
  var acc: array<f32, ${d}>;
  for (var e = 0u; e < ${dBound}; e++) {
    q[e] = qkv[qBase + e * ${u32(hw)} + qi] * ${f32(1 / Math.sqrt(d))};
    acc[e] = 0.0;
  }
  var m = -3.4e38;
  var l = 0.0;
  for (var kj = 0u; kj < ${rolled(hw)}; kj++) {
    var s = 0.0;
    for (var e = 0u; e < ${dBound}; e++) { s = fma(q[e], qkv[kBase + e * ${u32(hw)} + kj], s); }
    let mNew = max(m, s);
    let scale = exp(m - mNew);
    let p = exp(s - mNew);
    l = fma(l, scale, p);
    for (var e = 0u; e < ${dBound}; e++) { acc[e] = fma(acc[e], scale, p * qkv[vBase + e * ${u32(hw)} + kj]); }
    m = mNew;
  }
  let outBase = (b * ${u32(c)} + head * ${u32(d)}) * ${u32(hw)};
  for (var e = 0u; e < ${dBound}; e++) { y[outBase + e * ${u32(hw)} + qi] = acc[e] / l; }`,
  wg,
)}
`;
  return { family: 'attention', wgsl, grid: grid1d(total, wg, n) };
}
