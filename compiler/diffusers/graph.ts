/**
 * Diffusers-form spec -> Graph, for the networks the op table can already express: those for
 * which needs.ts finds nothing missing (today: one level, UNet2DModel attention whose heads x
 * head width is the channels, default time injection, flip_sin_to_cos false with freq_shift 1,
 * no class table; Transformer2DModels, from transformer.ts, with the `context` input). Every
 * other spec is refused with the ops it needs. As the new ops land
 * (docs/diffusers-architecture.md, section 9), each module below grows its missing branch here.
 *
 * Params are declared first, in diffusers' state_dict() order (keys.ts), so the bundle lists
 * them in a diffusers checkpoint's order; the ops then refer to them by name. The attention
 * linears' [out, in] weights are declared as [out, in, 1, 1]: the same bytes, read by a 1x1 conv.
 */
import { KilnError } from '../../runtime/errors.js';
import { type Graph, GraphBuilder } from '../ir/graph.js';
import { selfAttentionPaths, stateDictShapes } from './keys.js';
import { needsLine } from './needs.js';
import { transformer2d } from './transformer.js';
import type { Attention, DiffusersSpec, SelfAttention } from './spec.js';

const at = (prefix: string, name: string) => `${prefix}.${name}`;

class Builder {
  readonly g: GraphBuilder;
  constructor(
    readonly spec: DiffusersSpec,
    private readonly shapes: ReadonlyMap<string, readonly number[]>,
  ) {
    this.g = new GraphBuilder(spec.name);
    for (const [name, shape] of shapes) this.g.param(name, shape);
  }

  p(name: string): number {
    const shape = this.shapes.get(name);
    if (!shape) throw new Error(`diffusers graph: no tensor ${name} in the key list`);
    return this.g.param(name, shape);
  }

  conv(x: number, prefix: string): number {
    const w = this.p(at(prefix, 'weight'));
    const kernel = this.shapes.get(at(prefix, 'weight'))![2]!;
    const padding = (kernel - 1) >> 1;
    return this.g.add(
      'conv2d',
      [x, w, this.p(at(prefix, 'bias'))],
      { kernel, stride: 1, padding },
      prefix,
    );
  }

  linear(x: number, prefix: string): number {
    return this.g.add(
      'linear',
      [x, this.p(at(prefix, 'weight')), this.p(at(prefix, 'bias'))],
      {},
      prefix,
    );
  }

  norm(x: number, prefix: string, groups = this.spec.diffusers.groups): number {
    const { eps } = this.spec.diffusers;
    const [w, b] = [this.p(at(prefix, 'weight')), this.p(at(prefix, 'bias'))];
    return this.g.add('group_norm', [x, w, b], { groups, eps }, prefix);
  }

  silu(x: number, scope: string): number {
    return this.g.add('silu', [x], {}, scope);
  }

  /** ResnetBlock2D with the "default" time injection and output_scale_factor 1. */
  resnet(x: number, emb: number, prefix: string): number {
    let h = this.conv(this.silu(this.norm(x, at(prefix, 'norm1')), prefix), at(prefix, 'conv1'));
    const s = this.linear(this.silu(emb, prefix), at(prefix, 'time_emb_proj'));
    h = this.g.add('add_channel_bias', [h, s], {}, prefix);
    h = this.conv(this.silu(this.norm(h, at(prefix, 'norm2')), prefix), at(prefix, 'conv2'));
    const shortcut = this.shapes.has(at(prefix, 'conv_shortcut.weight'))
      ? this.conv(x, at(prefix, 'conv_shortcut'))
      : x;
    return this.g.add('add', [shortcut, h], {}, prefix);
  }

  /**
   * UNet2DModel's Attention with rescale 1: the q, k, v 1x1 convs concatenated along channels
   * (q | k | v, head h at h*headDim within each) are what the attention op reads.
   */
  selfAttention(x: number, prefix: string, a: SelfAttention): number {
    const h = a.groups === null ? x : this.norm(x, at(prefix, 'group_norm'), a.groups);
    const [q, k, v] = ['to_q', 'to_k', 'to_v'].map((n) => this.conv(h, at(prefix, n)));
    const kv = this.g.add('concat', [k!, v!], {}, prefix);
    const qkv = this.g.add('concat', [q!, kv], {}, prefix);
    const o = this.g.add('attention', [qkv], { heads: a.heads }, prefix);
    return this.g.add('add', [this.conv(o, at(prefix, 'to_out.0')), x], {}, prefix);
  }
}

/** The graph's shape of each param: diffusers' own, but attention linears as 1x1 conv weights. */
function graphShapes(spec: DiffusersSpec): Map<string, readonly number[]> {
  const linears = new Set(
    selfAttentionPaths(spec).flatMap((p) =>
      ['to_q', 'to_k', 'to_v', 'to_out.0'].map((n) => `${p}.${n}.weight`),
    ),
  );
  return new Map(
    stateDictShapes(spec).map((t) => [t.name, linears.has(t.name) ? [...t.shape, 1, 1] : t.shape]),
  );
}

/**
 * The `context` input F32 [B, S, D] (diffusers' encoder_hidden_states), declared after x and t
 * when a transformer reads it; spec.ts guarantees S and D then.
 */
function contextInput(spec: DiffusersSpec, g: GraphBuilder): number | undefined {
  const d = spec.diffusers;
  const attentions = [
    ...d.levels.flatMap((l) => [l.downAttention, l.upAttention]),
    d.mid?.attention,
  ];
  if (!attentions.some((a) => a?.type === 'transformer')) return undefined;
  return g.input('context', [spec.input.batch, spec.input.contextLength!, d.contextDim!]);
}

export function buildDiffusersGraph(spec: DiffusersSpec, source = 'spec'): Graph {
  const needs = needsLine(spec, source);
  if (needs) throw new KilnError('SPEC_INVALID', needs);
  const d = spec.diffusers;
  const b = new Builder(spec, graphShapes(spec));
  const g = b.g;
  const { batch, channels, height, width } = spec.input;
  const x0 = g.input('x', [batch, channels, height, width]);
  const t = g.input('t', [batch]);
  const context = contextInput(spec, g);
  // needs.ts guarantees the seed's sinusoid: sin half first, frequencies over channels/2 - 1.
  const feats = g.add('time_sincos', [t], { dim: d.time.channels }, 'time_proj');
  const emb = b.linear(
    b.silu(b.linear(feats, 'time_embedding.linear_1'), 'time_embedding.act'),
    'time_embedding.linear_2',
  );
  // One level (needs.ts): no downsampler, no upsampler.
  if (d.levels.length !== 1)
    throw new Error('diffusers graph: levels > 1 pass needs.ts only once upsampling exists');
  const lv = d.levels[0]!;
  const attend = (x: number, prefix: string, a: Attention | null) => {
    if (a?.type === 'transformer')
      return transformer2d(b, x, prefix, a, context!, spec.diffusers.groups);
    return a ? b.selfAttention(x, prefix, a) : x;
  };
  let h = b.conv(x0, 'conv_in');
  const skips = [h];
  for (let j = 0; j < lv.resnets; j++) {
    h = b.resnet(h, emb, `down_blocks.0.resnets.${j}`);
    h = attend(h, `down_blocks.0.attentions.${j}`, lv.downAttention);
    skips.push(h);
  }
  if (d.mid) {
    h = b.resnet(h, emb, 'mid_block.resnets.0');
    h = attend(h, 'mid_block.attentions.0', d.mid.attention);
    h = b.resnet(h, emb, 'mid_block.resnets.1');
  }
  for (let j = 0; j <= lv.resnets; j++) {
    const cat = g.add('concat', [h, skips.pop()!], {}, `up_blocks.0.resnets.${j}`);
    h = b.resnet(cat, emb, `up_blocks.0.resnets.${j}`);
    h = attend(h, `up_blocks.0.attentions.${j}`, lv.upAttention);
  }
  h = b.conv(b.silu(b.norm(h, 'conv_norm_out'), 'conv_act'), 'conv_out');
  g.output('out', h);
  return g.build();
}
