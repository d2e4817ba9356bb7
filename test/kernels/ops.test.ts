/**
 * Every op against PyTorch, one small graph per fixture, through the real compile -> bundle ->
 * Dawn path. Tolerance: max|kiln - torch| <= 1e-4 * max|torch| (test/golden/fixtures/README.md).
 */
import { describe, expect, it } from 'vitest';
import type { ActivationName } from '../../compiler/ir/activations.js';
import { UnetBuilder } from '../../compiler/ir/build.js';
import type { GraphBuilder } from '../../compiler/ir/graph.js';
import { expectClose, readFixture, runGraph } from '../helpers/gpu.js';

type Build = (
  b: UnetBuilder,
  g: GraphBuilder,
  shapes: Map<string, readonly number[]>,
  attrs: Record<string, number>,
) => number;

const conv: Build = (_b, g, s, a) => {
  const x = g.input('x', s.get('x')!);
  const w = g.param('weight', s.get('weight')!);
  const bias = g.param('bias', s.get('bias')!);
  return g.add(
    'conv2d',
    [x, w, bias],
    { kernel: a.kernel!, stride: a.stride!, padding: a.padding! },
    'conv',
  );
};

const convTranspose: Build = (_b, g, s, a) =>
  g.add(
    'conv_transpose2d',
    [
      g.input('x', s.get('x')!),
      g.param('weight', s.get('weight')!),
      g.param('bias', s.get('bias')!),
    ],
    { kernel: a.kernel!, stride: a.stride!, padding: a.padding! },
    'up',
  );

const resblock: Build = (b, g, s, a) =>
  b.resBlock(g.input('x', s.get('x')!), g.input('t_emb', s.get('t_emb')!), '', a.outChannels!);

/** op(x) then a conv on the weight and bias of the fixture (diffusers' down- and upsamplers). */
const thenConv =
  (op: 'pad' | 'upsample_nearest2x', stride: number, padding: number): Build =>
  (_b, g, s, a) => {
    const x = g.input('x', s.get('x')!);
    const y =
      op === 'pad'
        ? g.add('pad', [x], { right: a.right!, bottom: a.bottom! }, 'pad')
        : g.add('upsample_nearest2x', [x], {}, 'up');
    const w = g.param('weight', s.get('weight')!);
    const bias = g.param('bias', s.get('bias')!);
    return g.add('conv2d', [y, w, bias], { kernel: 3, stride, padding }, 'conv');
  };

const sinusoid: Build = (_b, g, s, a) =>
  g.add(
    'time_sincos',
    [g.input('t', s.get('t')!)],
    { dim: a.dim!, flip: a.flip === 1, shift: a.shift! },
    'time_proj',
  );

const CASES: Record<string, Build> = {
  conv3x3: conv,
  conv1x1: conv,
  conv4x4s2: conv,
  conv4x4s2_odd: conv,
  conv1x1_lanes: conv,
  conv4x4s2_lanes: conv,
  conv_transpose: convTranspose,
  group_norm_g8: (_b, g, s, a) =>
    g.add(
      'group_norm',
      [
        g.input('x', s.get('x')!),
        g.param('weight', s.get('weight')!),
        g.param('bias', s.get('bias')!),
      ],
      { groups: a.groups!, eps: a.eps! },
      'norm',
    ),
  group_norm_g4_offset: (_b, g, s, a) =>
    g.add(
      'group_norm',
      [
        g.input('x', s.get('x')!),
        g.param('weight', s.get('weight')!),
        g.param('bias', s.get('bias')!),
      ],
      { groups: a.groups!, eps: a.eps! },
      'norm',
    ),
  linear: (b, g, s) => b.linear(g.input('x', s.get('x')!), '', s.get('weight')![0]!),
  silu: (_b, g, s) => g.add('silu', [g.input('x', s.get('x')!)], {}, 'silu'),
  gelu: (_b, g, s) => g.add('gelu', [g.input('x', s.get('x')!)], {}, 'gelu'),
  mish: (_b, g, s) => g.add('mish', [g.input('x', s.get('x')!)], {}, 'mish'),
  time_sincos_128: (_b, g, s, a) =>
    g.add('time_sincos', [g.input('t', s.get('t')!)], { dim: a.dim! }, 'emb'),
  time_embedding_32: (b, g, s, a) => b.timeEmbedding(g.input('t', s.get('t')!), '', a.dim!),
  time_embedding_128: (b, g, s, a) => b.timeEmbedding(g.input('t', s.get('t')!), '', a.dim!),
  attn_core_h1: (_b, g, s, a) =>
    g.add('attention', [g.input('qkv', s.get('qkv')!)], { heads: a.heads! }, 'attn'),
  attn_core_h4: (_b, g, s, a) =>
    g.add('attention', [g.input('qkv', s.get('qkv')!)], { heads: a.heads! }, 'attn'),
  self_attention_h1: (b, g, s, a) => b.selfAttention(g.input('x', s.get('x')!), '', a.heads!),
  self_attention_h2: (b, g, s, a) => b.selfAttention(g.input('x', s.get('x')!), '', a.heads!),
  resblock,
  resblock_odd: resblock,
  resblock_concat: (b, g, s, a) =>
    b.resBlock(
      g.add('concat', [g.input('x1', s.get('x1')!), g.input('x2', s.get('x2')!)], {}, 'cat'),
      g.input('t_emb', s.get('t_emb')!),
      '',
      a.outChannels!,
    ),
  conv_transpose_odd: convTranspose,
  // A ResBlock with the activation its fixture names (a spec's `activation`), built as a spec
  // with that activation builds it.
  resblock_mish: resblock,
  resblock_gelu: resblock,
  // diffusers' UNet2DModel (issue 20).
  pad_conv_s2: thenConv('pad', 2, 0),
  upsample_conv: thenConv('upsample_nearest2x', 1, 1),
  scale_shift: (_b, g, s) =>
    g.add(
      'scale_shift',
      [g.input('x', s.get('x')!), g.input('scaleShift', s.get('scaleShift')!)],
      {},
      'ss',
    ),
  affine_center: (_b, g, s, a) =>
    g.add('affine', [g.input('x', s.get('x')!)], { scale: a.scale!, shift: a.shift! }, 'center'),
  time_sincos_flip: sinusoid,
  time_sincos_odd: sinusoid,
  // class conditioning
  embedding: (_b, g, s) =>
    g.add(
      'embedding',
      [g.input('label', s.get('label')!, 'i32'), g.param('weight', s.get('weight')!)],
      {},
      'class_embedding',
    ),
};

/** Unfused cases whose op has a kernel per target: both run (embedding.ts). */
const BOTH_TARGETS = new Set(['embedding']);

/** Cases with something to fuse also run through the fusion passes (fused kernels). */
const FUSIBLE = new Set([
  'conv3x3',
  'conv1x1',
  'conv4x4s2',
  'conv4x4s2_odd',
  'conv_transpose',
  'time_embedding_128',
  'self_attention_h1',
  'self_attention_h2',
  'resblock',
  'resblock_mish',
  'resblock_gelu',
  'pad_conv_s2',
  'upsample_conv',
]);

/** Cases that run fused on one target's kernels only, with why. */
const ONLY_ON: Readonly<Record<string, 'cpu' | 'gpu'>> = {
  // The gpu kernels' edge paths (test/e2e/nets-fused-gpu.test.ts says which). The cpu kernels
  // take their shapes from a uniform, and the fixture nets already run them on such shapes:
  // batch 3, output channels not a multiple of their 8 lanes (the out conv), every UpBlock's
  // concat.
  resblock_odd: 'gpu',
  resblock_concat: 'gpu',
  conv_transpose_odd: 'gpu',
  // The cpu lane kernels with two output channels per lane (schedule.ts laneConvTile). The
  // other conv cases' widths are not whole vec4s, which sends them to the scalar kernel.
  conv1x1_lanes: 'cpu',
  conv4x4s2_lanes: 'cpu',
};

/** Fused cases also run with the real-GPU kernels (`--target gpu`: shared-memory tiles). */
function variants(name: string): ReadonlyArray<readonly [boolean, 'cpu' | 'gpu']> {
  const only = ONLY_ON[name];
  if (only) return [[true, only]];
  if (BOTH_TARGETS.has(name))
    return [
      [false, 'cpu'],
      [false, 'gpu'],
    ];
  if (FUSIBLE.has(name))
    return [
      [false, 'cpu'],
      [true, 'cpu'],
      [true, 'gpu'],
    ];
  return [[false, 'cpu']];
}

describe('ops match PyTorch', () => {
  for (const [name, build] of Object.entries(CASES))
    for (const [fuse, target] of variants(name))
      it(`${name}${fuse ? ' (fused)' : ''}${target === 'gpu' ? ' (gpu target)' : ''}`, async () => {
        const fx = await readFixture(`ops/${name}.safetensors`);
        const { activation, ...attrs } = JSON.parse(fx.metadata.attrs ?? '{}') as Record<
          string,
          number
        > & { activation?: ActivationName };
        const shapes = new Map([...fx.tensors].map(([k, t]) => [k, t.shape]));
        const b = new UnetBuilder(name, attrs.groups ?? 8, activation);
        const out = build(b, b.g, shapes, attrs);
        b.g.output('out', out);
        const graph = b.g.build();
        const weights = new Map<string, Float32Array>();
        const inputs = new Map<string, Float32Array>();
        for (const n of graph.nodes) {
          if (n.op === 'param') weights.set(n.attrs.name, fx.tensors.get(n.attrs.name)!.data);
          if (n.op === 'input') inputs.set(n.attrs.name, fx.tensors.get(n.attrs.name)!.data);
        }
        expect([...weights.keys(), ...inputs.keys(), 'out'].sort()).toEqual(
          [...fx.tensors.keys()].sort(),
        );
        const got = await runGraph(graph, weights, inputs, fuse, target);
        expectClose(got.out!, fx.tensors.get('out')!.data);
      });
});
