/**
 * Diffusers-form spec -> Graph: UNet2DModel and UNet2DConditionModel whole (every level,
 * downsamplers with padding 1 or diffusers' (0, 1, 0, 1) pad, nearest upsamplers, default or
 * scale_shift time injection, the output and mid-block scale factors, center_input_sample, the
 * sinusoid's flip and shift, attention whose heads x head width differs from the channels, and
 * Transformer2DModels from transformer.ts reading the `context` input, and num_class_embeds's
 * table with its `label` input). Configs Kiln cannot build are refused by kiln import (import.ts).
 *
 * Params are declared first, in diffusers' state_dict() order (keys.ts), so the bundle lists
 * them in a diffusers checkpoint's order; the ops then refer to them by name. The attention
 * linears' [out, in] weights are declared as [out, in, 1, 1]: the same bytes, read by a 1x1 conv.
 */
import { type Graph, GraphBuilder } from '../ir/graph.js';
import { selfAttentionPaths, stateDictShapes } from './keys.js';
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

  conv(x: number, prefix: string, stride = 1, pad?: number): number {
    const w = this.p(at(prefix, 'weight'));
    const kernel = this.shapes.get(at(prefix, 'weight'))![2]!;
    const padding = pad ?? (kernel - 1) >> 1;
    return this.g.add(
      'conv2d',
      [x, w, this.p(at(prefix, 'bias'))],
      { kernel, stride, padding },
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

  /** (x + r) / factor: output_scale_factor, rescale_output_factor (a no-op at 1). */
  residual(x: number, r: number, factor: number, scope: string): number {
    const sum = this.g.add('add', [r, x], {}, scope);
    return factor === 1 ? sum : this.g.add('affine', [sum], { scale: 1 / factor, shift: 0 }, scope);
  }

  /** ResnetBlock2D: "default" (norm2(h + s)) or "scale_shift" (norm2(h) * (1 + a) + b) time injection. */
  resnet(x: number, emb: number, prefix: string, factor = 1): number {
    let h = this.conv(this.silu(this.norm(x, at(prefix, 'norm1')), prefix), at(prefix, 'conv1'));
    const s = this.linear(this.silu(emb, prefix), at(prefix, 'time_emb_proj'));
    if (this.spec.diffusers.timeScaleShift === 'scale_shift') {
      h = this.g.add('scale_shift', [this.norm(h, at(prefix, 'norm2')), s], {}, prefix);
    } else {
      h = this.norm(this.g.add('add_channel_bias', [h, s], {}, prefix), at(prefix, 'norm2'));
    }
    h = this.conv(this.silu(h, prefix), at(prefix, 'conv2'));
    const shortcut = this.shapes.has(at(prefix, 'conv_shortcut.weight'))
      ? this.conv(x, at(prefix, 'conv_shortcut'))
      : x;
    return this.residual(h, shortcut, factor, prefix);
  }

  /** Downsample2D: a stride-2 3x3 conv, padding 1, or diffusers' (0, 1, 0, 1) pad then padding 0. */
  downsample(x: number, prefix: string): number {
    if (this.spec.diffusers.downsamplePadding === 1) return this.conv(x, prefix, 2);
    const padded = this.g.add('pad', [x], { right: 1, bottom: 1 }, prefix);
    return this.conv(padded, prefix, 2, 0);
  }

  /** Upsample2D: nearest 2x, then a 3x3 conv. */
  upsample(x: number, prefix: string): number {
    return this.conv(this.g.add('upsample_nearest2x', [x], {}, prefix), prefix);
  }

  /**
   * UNet2DModel's Attention: the q, k, v 1x1 convs (C -> heads x headDim each, which may be
   * narrower than C) concatenated along channels (q | k | v, head h at h*headDim within each)
   * are what the attention op reads; to_out.0 maps back to C.
   */
  selfAttention(x: number, prefix: string, a: SelfAttention, factor = 1): number {
    const h = a.groups === null ? x : this.norm(x, at(prefix, 'group_norm'), a.groups);
    const [q, k, v] = ['to_q', 'to_k', 'to_v'].map((n) => this.conv(h, at(prefix, n)));
    const kv = this.g.add('concat', [k!, v!], {}, prefix);
    const qkv = this.g.add('concat', [q!, kv], {}, prefix);
    const o = this.g.add('attention', [qkv], { heads: a.heads }, prefix);
    return this.residual(this.conv(o, at(prefix, 'to_out.0')), x, factor, prefix);
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

export function buildDiffusersGraph(spec: DiffusersSpec): Graph {
  const d = spec.diffusers;
  const b = new Builder(spec, graphShapes(spec));
  const g = b.g;
  const { batch, channels, height, width } = spec.input;
  const x = g.input('x', [batch, channels, height, width]);
  const x0 = d.centerInput
    ? g.add('affine', [x], { scale: 2, shift: -1 }, 'center_input_sample')
    : x;
  const t = g.input('t', [batch]);
  const context = contextInput(spec, g);
  const time = d.time;
  // With `shift` set the op rounds as diffusers does (time-sincos.ts shiftedFrequencies).
  const feats = g.add(
    'time_sincos',
    [t],
    { dim: time.channels, flip: time.flipSinToCos, shift: time.freqShift },
    'time_proj',
  );
  let emb = b.linear(
    b.silu(b.linear(feats, 'time_embedding.linear_1'), 'time_embedding.act'),
    'time_embedding.linear_2',
  );
  if (d.classEmbeds !== null) {
    // num_class_embeds with class_embed_type None: emb + class_embedding(label), a table of
    // exactly num_class_embeds rows (no null label: diffusers trains no unconditional row).
    const label = g.input('label', [batch], 'i32');
    const e = g.add('embedding', [label, b.p('class_embedding.weight')], {}, 'class_embedding');
    emb = g.add('add', [emb, e], {}, 'class_embedding');
  }
  const L = d.levels.length;
  const attend = (x: number, prefix: string, a: Attention | null, factor = 1) => {
    if (a?.type === 'transformer')
      return transformer2d(b, x, prefix, a, context!, spec.diffusers.groups);
    return a ? b.selfAttention(x, prefix, a, factor) : x;
  };
  let h = b.conv(x0, 'conv_in');
  const skips = [h];
  d.levels.forEach((lv, i) => {
    for (let j = 0; j < lv.resnets; j++) {
      h = b.resnet(h, emb, `down_blocks.${i}.resnets.${j}`);
      h = attend(h, `down_blocks.${i}.attentions.${j}`, lv.downAttention);
      skips.push(h);
    }
    if (i < L - 1) {
      h = b.downsample(h, `down_blocks.${i}.downsamplers.0.conv`);
      skips.push(h);
    }
  });
  if (d.mid) {
    const f = d.mid.scale;
    h = b.resnet(h, emb, 'mid_block.resnets.0', f);
    h = attend(h, 'mid_block.attentions.0', d.mid.attention, f);
    h = b.resnet(h, emb, 'mid_block.resnets.1', f);
  }
  for (let u = 0; u < L; u++) {
    const i = L - 1 - u;
    const lv = d.levels[i]!;
    for (let j = 0; j <= lv.resnets; j++) {
      const cat = g.add('concat', [h, skips.pop()!], {}, `up_blocks.${u}.resnets.${j}`);
      h = b.resnet(cat, emb, `up_blocks.${u}.resnets.${j}`);
      h = attend(h, `up_blocks.${u}.attentions.${j}`, lv.upAttention);
    }
    if (i > 0) h = b.upsample(h, `up_blocks.${u}.upsamplers.0.conv`);
  }
  h = b.conv(b.silu(b.norm(h, 'conv_norm_out'), 'conv_act'), 'conv_out');
  g.output('out', h);
  return g.build();
}
