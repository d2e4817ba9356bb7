/**
 * The attention core of the seed SelfAttention, on the qkv conv's output [N, 3C, H, W]:
 * channel s*C + h*D + d holds q/k/v (s = 0/1/2) of head h, feature d. One invocation per
 * (batch, head, query position) walks all keys with a running (online) softmax in f32, so the
 * HW x HW score matrix is never stored.
 */
import type { NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import type { AttentionSchedule } from '../schedule.js';
import { bindings, f32, flatMain, grid1d, header, rolled, tensor, u32 } from '../wgsl.js';

export function attention(
  node: NodeOf<'attention'>,
  { shapes: { qkv } }: LowerCtx<'attention'>,
  s: AttentionSchedule,
): KernelSource {
  const wg = s.wg;
  const [n, c3, h, w] = qkv as [number, number, number, number];
  const c = c3 / 3;
  const heads = node.attrs.heads;
  const d = c / heads;
  const hw = h * w;
  const total = n * heads * hw;
  // The feature loops' bound: rolled where the schedule says (schedule.ts `attention`).
  const dBound = s.rolledFeatures ? rolled(d) : u32(d);
  const wgsl = `${header(
    `attention ${heads} head(s) of ${d}: [${qkv.join(',')}] -> [${node.shape.join(',')}]`,
    ['softmax(q^T k / sqrt(d)) v per head; online softmax over keys'],
  )}
${bindings(['qkv'], 'y')}

${flatMain(
  total,
  `  let qi = i % ${u32(hw)};
  let head = (i / ${u32(hw)}) % ${u32(heads)};
  let b = i / ${u32(hw * heads)};
  let qBase = ${tensor('qkv', [n, c3, hw]).index('b', `head * ${u32(d)}`, 0)};
  let kBase = qBase + ${u32(c * hw)};
  let vBase = qBase + ${u32(2 * c * hw)};
  var q: array<f32, ${d}>;
  var acc: array<f32, ${d}>;
  for (var e = 0u; e < ${dBound}; e++) {
    q[e] = ${tensor('qkv', [d, hw], 'qBase').at('e', 'qi')} * ${f32(1 / Math.sqrt(d))};
    acc[e] = 0.0;
  }
  var m = -3.4e38;
  var l = 0.0;
  for (var kj = 0u; kj < ${rolled(hw)}; kj++) {
    var s = 0.0;
    for (var e = 0u; e < ${dBound}; e++) { s = fma(q[e], ${tensor('qkv', [d, hw], 'kBase').at('e', 'kj')}, s); }
    let mNew = max(m, s);
    let scale = exp(m - mNew);
    let p = exp(s - mNew);
    l = fma(l, scale, p);
    for (var e = 0u; e < ${dBound}; e++) { acc[e] = fma(acc[e], scale, p * ${tensor('qkv', [d, hw], 'vBase').at('e', 'kj')}); }
    m = mNew;
  }
  let outBase = ${tensor('y', [n, c, hw]).index('b', `head * ${u32(d)}`, 0)};
  for (var e = 0u; e < ${dBound}; e++) { ${tensor('y', [d, hw], 'outBase').at('e', 'qi')} = acc[e] / l; }`,
  wg,
)}
`;
  return { family: 'attention', wgsl, grid: grid1d(total, wg, n) };
}
