/**
 * Attention over key tiles staged in workgroup memory (flash style), for a GPU: a workgroup of
 * `wg` invocations takes `wg` consecutive queries of one (batch, head), loads each tile of
 * `tile` keys' K and V rows into workgroup memory once, together, and every invocation walks the
 * tile from there with the same running (online) softmax in f32 as the per-query kernels
 * (../attention.ts, ../cross-attention.ts), so the score matrix is never stored and each key is
 * read from storage once per workgroup instead of once per query. Both layouts go through the
 * one generator: the fused qkv conv's output [N, 3C, H, W] and q/k/v token tensors [B, N, I].
 */
import type { NodeOf } from '../../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../../kernel.js';
import type { KeyTiles } from '../../schedule.js';
import { f32, grid1d, header, tensor, u32 } from '../../wgsl.js';

interface Layout {
  readonly title: string;
  readonly images: number;
  readonly heads: number;
  readonly d: number;
  /** Queries and keys per (image, head). */
  readonly queries: number;
  readonly keys: number;
  readonly inputs: readonly string[];
  /** WGSL of feature `e` of this query, of key `kj` (K and V), and the output's element. */
  readonly q: (e: string) => string;
  readonly k: (e: string, kj: string) => string;
  readonly v: (e: string, kj: string) => string;
  readonly out: (e: string) => string;
}

function keyTiles(l: Layout, s: KeyTiles): KernelSource {
  const { d, wg, tile } = { d: l.d, ...s };
  const qTiles = Math.ceil(l.queries / wg);
  const groups = l.images * l.heads * qTiles;
  const fullTiles = Math.floor(l.keys / tile);
  const rest = l.keys - fullTiles * tile;
  /** One tile of `n` keys from key k0: staged, then walked by every query. */
  const walk = (n: number | string) => `
    for (var t = lid; t < ${u32(tile * d)}; t += ${u32(wg)}) {
      let e = t / ${u32(tile)};
      let kj = k0 + t % ${u32(tile)};
      if (t % ${u32(tile)} < ${typeof n === 'number' ? u32(n) : n}) {
        ks[t] = ${l.k('e', 'kj')};
        vs[t] = ${l.v('e', 'kj')};
      }
    }
    workgroupBarrier();
    for (var j = 0u; j < ${typeof n === 'number' ? u32(n) : n}; j++) {
      var s = 0.0;
      for (var e = 0u; e < ${u32(d)}; e++) { s = fma(q[e], ks[e * ${u32(tile)} + j], s); }
      let mNew = max(m, s);
      let scale = exp(m - mNew);
      let p = exp(s - mNew);
      l = fma(l, scale, p);
      for (var e = 0u; e < ${u32(d)}; e++) { acc[e] = fma(acc[e], scale, p * vs[e * ${u32(tile)} + j]); }
      m = mNew;
    }
    workgroupBarrier();`;
  const wgsl = `${header(l.title, [
    `softmax(q k / sqrt(d)) v per head; ${wg} queries per workgroup, keys in tiles of ${tile} staged in workgroup memory, online softmax`,
  ])}
${l.inputs.map((n, i) => `@group(0) @binding(${i}) var<storage, read> ${n}: array<f32>;`).join('\n')}
@group(0) @binding(${l.inputs.length}) var<storage, read_write> y: array<f32>;
var<workgroup> ks: array<f32, ${tile * d}>;
var<workgroup> vs: array<f32, ${tile * d}>;

@compute @workgroup_size(${wg})
fn main(@builtin(local_invocation_index) lid: u32, @builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let g = wid.x + wid.y * nwg.x;
  if (g >= ${u32(groups)}) { return; }
  let qi = (g % ${u32(qTiles)}) * ${u32(wg)} + lid;
  let head = (g / ${u32(qTiles)}) % ${u32(l.heads)};
  let b = g / ${u32(qTiles * l.heads)};
  let valid = qi < ${u32(l.queries)};
  var q: array<f32, ${d}>;
  var acc: array<f32, ${d}>;
  for (var e = 0u; e < ${u32(d)}; e++) {
    q[e] = select(0.0, ${l.q('e')}, valid) * ${f32(1 / Math.sqrt(d))};
    acc[e] = 0.0;
  }
  var m = -3.4e38;
  var l = 0.0;
  for (var k0 = 0u; k0 < ${u32(fullTiles * tile)}; k0 += ${u32(tile)}) {${walk(tile)}
  }${rest > 0 ? `\n  {\n    let k0 = ${u32(fullTiles * tile)};${walk(rest)}\n  }` : ''}
  if (valid) {
    for (var e = 0u; e < ${u32(d)}; e++) { ${l.out('e')} = acc[e] / l; }
  }
}
`;
  return { family: 'attention_tiles', wgsl, grid: grid1d(groups, 1, l.images) };
}

/** The seed SelfAttention's core on the fused qkv conv's output (../attention.ts's layout). */
export function attentionKeyTiles(
  node: NodeOf<'attention'>,
  { shapes: { qkv } }: LowerCtx<'attention'>,
  s: KeyTiles,
): KernelSource {
  const [n, c3, h, w] = qkv as [number, number, number, number];
  const c = c3 / 3;
  const heads = node.attrs.heads;
  const d = c / heads;
  const hw = h * w;
  const X = tensor('qkv', [n, 3, heads, d, hw]);
  return keyTiles(
    {
      title: `attention ${heads} head(s) of ${d}: [${qkv.join(',')}] -> [${node.shape.join(',')}]`,
      images: n,
      heads,
      d,
      queries: hw,
      keys: hw,
      inputs: ['qkv'],
      // A query past the last reads a valid position (it is never stored).
      q: (e) => X.at('b', 0, 'head', e, `min(qi, ${u32(hw - 1)})`),
      k: (e, kj) => X.at('b', 1, 'head', e, kj),
      v: (e, kj) => X.at('b', 2, 'head', e, kj),
      out: (e) => tensor('y', [n, heads, d, hw]).at('b', 'head', e, 'qi'),
    },
    s,
  );
}

/** diffusers' attention on q [B, N, I] and k/v [B, S, I] (../cross-attention.ts's layout). */
export function crossAttentionKeyTiles(
  node: NodeOf<'cross_attention'>,
  { shapes: { q, k } }: LowerCtx<'cross_attention'>,
  s: KeyTiles,
): KernelSource {
  const [b, n, inner] = q as [number, number, number];
  const sLen = k[1]!;
  const heads = node.attrs.heads;
  const d = inner / heads;
  const col = (e: string) => `head * ${u32(d)} + ${e}`;
  return keyTiles(
    {
      title: `cross_attention ${heads} head(s) of ${d}: q [${q.join(',')}], k/v [${k.join(',')}]`,
      images: b,
      heads,
      d,
      queries: n,
      keys: sLen,
      inputs: ['qs', 'ks_in', 'vs_in'],
      q: (e) => tensor('qs', [b, n, inner]).at('b', `min(qi, ${u32(n - 1)})`, col(e)),
      k: (e, kj) => tensor('ks_in', [b, sLen, inner]).at('b', kj, col(e)),
      v: (e, kj) => tensor('vs_in', [b, sLen, inner]).at('b', kj, col(e)),
      out: (e) => tensor('y', [b, n, inner]).at('b', 'qi', col(e)),
    },
    s,
  );
}
