/**
 * diffusers' Transformer2DModel as IR (docs/diffusers-architecture.md, section 7): GroupNorm
 * (eps 1e-6), proj_in, BasicTransformerBlocks over the H*W tokens, proj_out, + the input.
 *
 * The layout is explicit: `to_tokens` / `to_map` move between NCHW and tokens [B, HW, C], and
 * every op between them (layer_norm, token_linear, cross_attention, geglu, add) reads tokens
 * row-major. That keeps each token kernel one indexing scheme instead of two (a linear reading
 * NCHW as tokens would need a strided variant of each), and the two transposes are one read and
 * one write of a [B, HW, C] tensor per transformer, next to 10+ linears over it.
 */
import type { GraphBuilder } from '../ir/graph.js';
import type { Transformer } from './spec.js';

/** What the transformer needs of the diffusers graph builder (graph.ts). */
export interface ModuleBuilder {
  readonly g: GraphBuilder;
  /** The param node of a state_dict() name. */
  p(name: string): number;
  /** A conv2d from `<prefix>.weight` and `<prefix>.bias` (1x1 here: padding 0). */
  conv(x: number, prefix: string): number;
}

/** diffusers' LayerNorm default (BasicTransformerBlock's norm1..3). */
const LAYER_NORM_EPS = 1e-5;
/** Transformer2DModel's GroupNorm eps: fixed, not the config's norm_eps. */
const TRANSFORMER_GROUP_NORM_EPS = 1e-6;

class TokenOps {
  constructor(
    readonly b: ModuleBuilder,
    readonly heads: number,
  ) {}

  linear(x: number, prefix: string, bias: boolean): number {
    const w = this.b.p(`${prefix}.weight`);
    const inputs = bias ? [x, w, this.b.p(`${prefix}.bias`)] : [x, w];
    return this.b.g.add('token_linear', inputs, { bias }, prefix);
  }

  layerNorm(x: number, prefix: string): number {
    const [w, bias] = [this.b.p(`${prefix}.weight`), this.b.p(`${prefix}.bias`)];
    return this.b.g.add('layer_norm', [x, w, bias], { eps: LAYER_NORM_EPS }, prefix);
  }

  /** to_q from `x`, to_k/to_v from `kv` (all without bias), the attention, to_out.0. */
  attention(x: number, kv: number, prefix: string): number {
    const [q, k, v] = [
      this.linear(x, `${prefix}.to_q`, false),
      this.linear(kv, `${prefix}.to_k`, false),
      this.linear(kv, `${prefix}.to_v`, false),
    ];
    const o = this.b.g.add('cross_attention', [q, k, v], { heads: this.heads }, prefix);
    return this.linear(o, `${prefix}.to_out.0`, true);
  }

  /** BasicTransformerBlock: self-attention, cross-attention to the context, GEGLU feed-forward. */
  block(x: number, context: number, prefix: string): number {
    const g = this.b.g;
    const n1 = this.layerNorm(x, `${prefix}.norm1`);
    x = g.add('add', [this.attention(n1, n1, `${prefix}.attn1`), x], {}, `${prefix}.attn1`);
    const n2 = this.layerNorm(x, `${prefix}.norm2`);
    x = g.add('add', [this.attention(n2, context, `${prefix}.attn2`), x], {}, `${prefix}.attn2`);
    const n3 = this.layerNorm(x, `${prefix}.norm3`);
    const proj = this.linear(n3, `${prefix}.ff.net.0.proj`, true);
    const gated = g.add('geglu', [proj], {}, `${prefix}.ff.net.0`);
    return g.add('add', [this.linear(gated, `${prefix}.ff.net.2`, true), x], {}, `${prefix}.ff`);
  }
}

/**
 * Transformer2DModel at `prefix` on x [B, C, H, W] with `context` [B, S, D]; `groups` is the
 * config's norm_num_groups.
 */
export function transformer2d(
  b: ModuleBuilder,
  x: number,
  prefix: string,
  a: Transformer,
  context: number,
  groups: number,
): number {
  const g = b.g;
  const [, , height, width] = g.shape(x) as [number, number, number, number];
  const ops = new TokenOps(b, a.heads);
  const norm = g.add(
    'group_norm',
    [x, b.p(`${prefix}.norm.weight`), b.p(`${prefix}.norm.bias`)],
    { groups, eps: TRANSFORMER_GROUP_NORM_EPS },
    `${prefix}.norm`,
  );
  const tokens = (v: number) => g.add('to_tokens', [v], {}, prefix);
  const map = (v: number) => g.add('to_map', [v], { height: height, width: width }, prefix);
  let h = a.linearProjection
    ? ops.linear(tokens(norm), `${prefix}.proj_in`, true)
    : tokens(b.conv(norm, `${prefix}.proj_in`));
  for (let l = 0; l < a.layers; l++) h = ops.block(h, context, `${prefix}.transformer_blocks.${l}`);
  const out = a.linearProjection
    ? map(ops.linear(h, `${prefix}.proj_out`, true))
    : b.conv(map(h), `${prefix}.proj_out`);
  return g.add('add', [out, x], {}, prefix);
}
