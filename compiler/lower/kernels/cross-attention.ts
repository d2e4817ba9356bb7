/**
 * Attention with queries and keys/values from separate token tensors: q [B, N, I], k and v
 * [B, S, I], I = heads x d (diffusers' attn2 with k/v from the context, and attn1 with S = N).
 * One invocation per (batch, head, query) walks the S keys with a running (online) softmax in
 * f32, as attention.ts does for the fused qkv layout: the N x S score matrix is never stored.
 */
import type { NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import type { AttentionSchedule } from '../schedule.js';
import { bindings, f32, flatMain, grid1d, header, rolled, tensor, u32 } from '../wgsl.js';

export function crossAttention(
  node: NodeOf<'cross_attention'>,
  { shapes: { q, k } }: LowerCtx<'cross_attention'>,
  s: AttentionSchedule,
): KernelSource {
  const [b, n, inner] = q as [number, number, number];
  const sLen = k[1]!;
  const heads = node.attrs.heads;
  const d = inner / heads;
  const total = b * heads * n;
  const dBound = s.rolledFeatures ? rolled(d) : u32(d);
  const Q = tensor('qs', [b, n, inner]);
  const K = tensor('ks', [b, sLen, inner]);
  const V = tensor('vs', [b, sLen, inner]);
  const col = `head * ${u32(d)} + e`;
  const wgsl = `${header(
    `cross_attention ${heads} head(s) of ${d}: q [${q.join(',')}], k/v [${k.join(',')}]`,
    ['softmax(q k^T / sqrt(d)) v per head; online softmax over the keys'],
  )}
${bindings(['qs', 'ks', 'vs'], 'y')}

${flatMain(
  total,
  `  let qi = i % ${u32(n)};
  let head = (i / ${u32(n)}) % ${u32(heads)};
  let bi = i / ${u32(n * heads)};
  var qv: array<f32, ${d}>;
  var acc: array<f32, ${d}>;
  for (var e = 0u; e < ${dBound}; e++) {
    qv[e] = ${Q.at('bi', 'qi', col)} * ${f32(1 / Math.sqrt(d))};
    acc[e] = 0.0;
  }
  var m = -3.4e38;
  var l = 0.0;
  for (var kj = 0u; kj < ${rolled(sLen)}; kj++) {
    var sc = 0.0;
    for (var e = 0u; e < ${dBound}; e++) { sc = fma(qv[e], ${K.at('bi', 'kj', col)}, sc); }
    let mNew = max(m, sc);
    let scale = exp(m - mNew);
    let p = exp(sc - mNew);
    l = fma(l, scale, p);
    for (var e = 0u; e < ${dBound}; e++) { acc[e] = fma(acc[e], scale, p * ${V.at('bi', 'kj', col)}); }
    m = mNew;
  }
  for (var e = 0u; e < ${dBound}; e++) { ${tensor('y', [b, n, inner]).at('bi', 'qi', col)} = acc[e] / l; }`,
  s.wg,
)}
`;
  return { family: 'cross_attention', wgsl, grid: grid1d(total, s.wg, b) };
}
