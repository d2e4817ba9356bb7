/**
 * Spec -> Graph. The structure and every weight name mirror shared/reference/seed_unet.py
 * module by module (and, for the general form, the module that `kiln emit-torch` writes), so a
 * PyTorch state_dict() loads unchanged and each node's scope is the module path it comes from.
 */
import type { ActivationName } from './activations.js';
import type { Spec } from '../spec/schema.js';
import {
  bottleneckNames,
  memberName,
  resolveNet,
  type Net,
  type NetLevel,
} from '../spec/expand.js';
import { GraphBuilder, type Graph } from './graph.js';

const GN_EPS = 1e-5;

/** Module path join; an empty root lets tests build one module with its own state_dict() names. */
const at = (prefix: string, name: string) => (prefix ? `${prefix}.${name}` : name);

export class UnetBuilder {
  readonly g: GraphBuilder;
  constructor(
    name: string,
    private readonly groups: number,
    /** The ResBlocks' activation (spec `activation`). */
    private readonly activation: ActivationName = 'silu',
  ) {
    this.g = new GraphBuilder(name);
  }

  conv(
    x: number,
    prefix: string,
    cout: number,
    kernel: number,
    stride = 1,
    padding = (kernel - 1) >> 1,
  ): number {
    const cin = this.g.shape(x)[1]!;
    const w = this.g.param(at(prefix, 'weight'), [cout, cin, kernel, kernel]);
    const b = this.g.param(at(prefix, 'bias'), [cout]);
    return this.g.add('conv2d', [x, w, b], { kernel, stride, padding }, prefix);
  }

  convTranspose(x: number, prefix: string, cout: number): number {
    const cin = this.g.shape(x)[1]!;
    const w = this.g.param(at(prefix, 'weight'), [cin, cout, 4, 4]);
    const b = this.g.param(at(prefix, 'bias'), [cout]);
    return this.g.add('conv_transpose2d', [x, w, b], { kernel: 4, stride: 2, padding: 1 }, prefix);
  }

  linear(x: number, prefix: string, out: number): number {
    const w = this.g.param(at(prefix, 'weight'), [out, this.g.shape(x)[1]!]);
    const b = this.g.param(at(prefix, 'bias'), [out]);
    return this.g.add('linear', [x, w, b], {}, prefix);
  }

  groupNorm(x: number, prefix: string): number {
    const c = this.g.shape(x)[1]!;
    const w = this.g.param(at(prefix, 'weight'), [c]);
    const b = this.g.param(at(prefix, 'bias'), [c]);
    return this.g.add('group_norm', [x, w, b], { groups: this.groups, eps: GN_EPS }, prefix);
  }

  private declareParams(
    prefix: string,
    kind: 'norm' | 'conv' | 'linear',
    out: number,
    inF = 0,
    k = 0,
  ): void {
    const wShape = kind === 'norm' ? [out] : kind === 'linear' ? [out, inF] : [out, inF, k, k];
    this.g.param(at(prefix, 'weight'), wShape);
    this.g.param(at(prefix, 'bias'), [out]);
  }

  silu(x: number, scope: string): number {
    return this.g.add('silu', [x], {}, scope);
  }

  timeEmbedding(t: number, prefix: string, dim: number): number {
    const e = this.g.add('time_sincos', [t], { dim }, prefix);
    const h = this.linear(e, at(prefix, 'mlp.0'), dim * 4);
    const a = this.g.add('gelu', [h], {}, at(prefix, 'mlp.1'));
    return this.linear(a, at(prefix, 'mlp.2'), dim);
  }

  resBlock(x: number, tEmb: number, p: string, cout: number): number {
    const cin = this.g.shape(x)[1]!;
    // Declare weights in nn.Module registration order (block1, block2, time_emb, shortcut) so
    // the bundle lists them exactly as state_dict() does; ops below reuse them by name.
    this.declareParams(at(p, 'block1.0'), 'norm', cin);
    this.declareParams(at(p, 'block1.2'), 'conv', cout, cin, 3);
    this.declareParams(at(p, 'block2.0'), 'norm', cout);
    this.declareParams(at(p, 'block2.2'), 'conv', cout, cout, 3);
    this.declareParams(at(p, 'time_emb.1'), 'linear', cout, this.g.shape(tEmb)[1]!);
    const act = (v: number, scope: string) => this.g.add(this.activation, [v], {}, scope);
    let h = this.conv(
      act(this.groupNorm(x, at(p, 'block1.0')), at(p, 'block1.1')),
      at(p, 'block1.2'),
      cout,
      3,
    );
    const tb = this.linear(this.silu(tEmb, at(p, 'time_emb.0')), at(p, 'time_emb.1'), cout);
    h = this.g.add('add_channel_bias', [h, tb], {}, at(p, 'time_emb'));
    h = this.conv(
      act(this.groupNorm(h, at(p, 'block2.0')), at(p, 'block2.1')),
      at(p, 'block2.2'),
      cout,
      3,
    );
    const s = cin !== cout ? this.conv(x, at(p, 'shortcut'), cout, 1) : x;
    return this.g.add('add', [s, h], {}, p);
  }

  selfAttention(x: number, p: string, heads: number): number {
    const c = this.g.shape(x)[1]!;
    const qkv = this.conv(this.groupNorm(x, at(p, 'norm')), at(p, 'qkv'), 3 * c, 1);
    const a = this.g.add('attention', [qkv], { heads }, p);
    return this.g.add('add', [x, this.conv(a, at(p, 'proj'), c, 1)], {}, p);
  }
}

/**
 * Spec -> Graph. Both forms go through the general form (`resolveNet`), so the seed preset and
 * its expansion build the identical graph. Each level's down half is its ResBlocks (each
 * followed by self-attention when the level has heads), the skip (the last of those outputs),
 * then a 4x4 stride-2 conv. Its up half is a 4x4 stride-2 conv-transpose to the level's width,
 * the concat [upsampled, skip] along channels, then as many ResBlocks (+ attention) as the down
 * half: the first takes the 2x-wide concat. Names follow `memberName` (see spec/expand.ts).
 */
export function buildGraph(spec: Spec): Graph {
  return buildNet(resolveNet(spec));
}

export function buildNet(net: Net): Graph {
  const { input: inp } = net;
  const b = new UnetBuilder(net.name, net.groups, net.activation);
  const g = b.g;
  const x0 = g.input('x', [inp.batch, inp.channels, inp.height, inp.width]);
  const t = g.input('t', [inp.batch]);
  const label = net.classes !== undefined ? g.input('label', [inp.batch], 'i32') : undefined;

  let tEmb = b.timeEmbedding(t, 'time_mlp', net.timeDim);
  if (label !== undefined && net.classes !== undefined) {
    // diffusers' num_class_embeds: emb = time_embedding(t) + class_embedding(label), one row
    // more than the classes for the null label of classifier-free guidance.
    const table = g.param('class_embedding.weight', [net.classes + 1, net.timeDim]);
    const e = g.add('embedding', [label, table], {}, 'class_embedding');
    tEmb = g.add('add', [tEmb, e], {}, 'class_embedding');
  }
  let x = b.conv(x0, 'init_conv', net.stemChannels, 3);
  const stage = (h: number, p: string, lv: NetLevel) => {
    for (let j = 0; j < lv.resBlocks; j++) {
      h = b.resBlock(h, tEmb, at(p, memberName('res', j, lv.resBlocks)), lv.channels);
      if (lv.attentionHeads !== undefined)
        h = b.selfAttention(h, at(p, memberName('attn', j, lv.resBlocks)), lv.attentionHeads);
    }
    return h;
  };
  const skips: number[] = [];
  net.levels.forEach((lv, i) => {
    const h = stage(x, `down_blocks.${i}`, lv);
    skips.push(h);
    x = b.conv(h, `down_blocks.${i}.pool`, lv.channels, 4, 2, 1);
  });
  const last = net.levels[net.levels.length - 1]!.channels;
  const names = bottleneckNames(net.bottleneck);
  net.bottleneck.forEach((blk, j) => {
    const p = `bottleneck.${names[j]}`;
    x = blk.type === 'res' ? b.resBlock(x, tEmb, p, last) : b.selfAttention(x, p, blk.heads);
  });
  [...net.levels].reverse().forEach((lv, i) => {
    const up = b.convTranspose(x, `up_blocks.${i}.up`, lv.channels);
    const cat = g.add('concat', [up, skips.pop()!], {}, `up_blocks.${i}`);
    x = stage(cat, `up_blocks.${i}`, lv);
  });
  x = b.silu(b.groupNorm(x, 'out_norm'), 'out_norm');
  x = b.conv(x, 'out_conv', net.outChannels, 3);
  g.output('out', x);
  return g.build();
}
