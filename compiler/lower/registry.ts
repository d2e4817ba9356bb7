/**
 * THE kernel registry: every op's kernel variants, fastest first. Lowering (index.ts) gives a
 * node to the first variant whose `applies` accepts it, and nothing else: which kernel runs an
 * op lives here, not in a chain of ifs. The last variant of every op applies everywhere and is
 * the reference: `kiln compile --no-fuse` (LowerOptions.reference) takes it for every node, so
 * the plain path stays a second oracle.
 *
 * Adding an op: its entry in the op table (compiler/ir/ops.ts; an activation is one entry of
 * compiler/ir/activations.ts and needs nothing here), then its list here:
 *
 *   embedding: plain(embedding),
 *
 * or, with a schedule of its own (a function of schedule.ts, where every workgroup size, tile
 * and threshold sits with the measurement that chose it):
 *
 *   embedding: [variant<'embedding', Flat>({ name: 'plain', target: 'any', applies: always,
 *                                             schedule: S.flat, emit: embedding })],
 *
 * where `emit(node, ctx, schedule)` returns the kernel(s) (compiler/lower/kernels/) and reads
 * operands by name: `ctx.shapes.input`, `ctx.param('weight')`.
 */
import { ACTIVATION_NAMES, type ActivationName } from '../ir/activations.js';
import type { NodeOf, OperandName, OpName } from '../ir/ops.js';
import type { KernelSource, LowerCtx, Target } from './kernel.js';
import { attention } from './kernels/attention.js';
import { conv2d } from './kernels/conv2d.js';
import { convTranspose2d, convTranspose2dPhases } from './kernels/conv-transpose2d.js';
import { laneConvTranspose2d } from './kernels/cpu/lane-conv-transpose2d.js';
import { laneConv2d } from './kernels/cpu/lane-conv2d.js';
import { laneEpilogues } from './kernels/cpu/lane-epilogue.js';
import { padActivate } from './kernels/cpu/pad-activate.js';
import { isPhaseConvTranspose, usesLaneConv, usesLaneConvTranspose } from './kernels/cpu/padded.js';
import {
  activation,
  add,
  addChannelBias,
  affine,
  concat,
  scaleShift,
} from './kernels/elementwise.js';
import { loadOf } from './kernels/fragments.js';
import { fusedConv2d } from './kernels/fused-conv2d.js';
import { embedding } from './kernels/embedding.js';
import { convTranspose2dPhasesGpu } from './kernels/gpu/conv-transpose2d.js';
import { fusedConv2dGpu } from './kernels/gpu/fused-conv2d.js';
import { type FittedTile, gridFits } from './kernels/gpu/tiles.js';
import * as S from './schedule.js';
import type { Flat } from './schedule.js';
import { groupNormStats } from './kernels/group-norm-stats.js';
import { groupNorm } from './kernels/group-norm.js';
import { linear } from './kernels/linear.js';
import { pad, upsampleNearest2x } from './kernels/resample.js';
import { crossAttention } from './kernels/cross-attention.js';
import { geglu, layerNorm, tokenLinear, toMap, toTokens } from './kernels/tokens.js';
import { timeProj } from './kernels/time-proj.js';
import { timeSincos } from './kernels/time-sincos.js';

/** What `applies` and `schedule` see: the node's context before its weights are packed. */
export type PickCtx<K extends OpName> = Omit<LowerCtx<K>, 'param'>;

export interface Variant<K extends OpName, Sched = unknown> {
  /** For dumps and tests: `lane`, `staged`, `tiled`, `plain`, ... */
  readonly name: string;
  /** The target it is shaped for ('any': both). */
  readonly target: Target | 'any';
  readonly applies: (node: NodeOf<K>, ctx: PickCtx<K>) => boolean;
  /** Its workgroup size, tile and thresholds for this node: a function of schedule.ts. */
  readonly schedule: (node: NodeOf<K>, ctx: PickCtx<K>) => Sched;
  readonly emit: (
    node: NodeOf<K>,
    ctx: LowerCtx<K>,
    schedule: Sched,
  ) => KernelSource | readonly KernelSource[];
  /** Weights the variant reads repacked (ParamMember.interleave): operand -> axis. */
  readonly interleave?: Partial<Record<OperandName<K>, number>>;
}

/** A variant, its schedule's type checked against its emit's. */
const variant = <K extends OpName, Sched>(v: Variant<K, Sched>): Variant<K> => v as Variant<K>;

const always = () => true;

/** An op with one kernel for both targets over a flat index space. */
const plain = <K extends OpName>(emit: Variant<K, Flat>['emit']): readonly Variant<K>[] => [
  variant<K, Flat>({ name: 'plain', target: 'any', applies: always, schedule: S.flat, emit }),
];

/**
 * A fused conv on a software adapter, as two kernels: its input activated and padded once
 * (pad-activate.ts), then the conv over that (lane-conv2d.ts).
 */
const laneConv = variant<'fused_conv2d', S.LaneTile>({
  name: 'lane',
  target: 'cpu',
  applies: (node, ctx) => usesLaneConv(ctx.target, node, ctx.shapes),
  schedule: (node) => S.laneConv(node.attrs.kernel, node.attrs.stride, node.shape[3]!),
  // [Cout, Cin, k, k]: each kernel row padded to whole vec4s (lane-conv2d.ts reads one per row).
  interleave: { weight: 3 },
  emit: (node, ctx, tile) => {
    const [x0, x1] = ctx.shapes.input;
    const [n, c0, h, w] = x0 as [number, number, number, number];
    const prep = padActivate({
      n,
      c0,
      c1: x1?.[1] ?? 0,
      h,
      w,
      pad: node.attrs.padding,
      load: loadOf(node.attrs),
      wg: S.flat().wg,
    });
    return [
      {
        ...prep,
        acts: ['input', x1 ? ['input', 1] : 'input', ctx.shapes.norm ? 'norm' : 'input'],
        scratch: prep.shape,
        params: false,
      },
      laneConv2d(node, ctx, tile, prep.shape, laneEpilogues(ctx.graph, ctx.target)(node)),
    ];
  },
});

/** A phase ConvTranspose on a software adapter: its input padded once, then lane-conv-transpose2d.ts. */
const laneConvTranspose = variant<'conv_transpose2d', S.LaneTile>({
  name: 'lane',
  target: 'cpu',
  applies: (node, ctx) => usesLaneConvTranspose(ctx.target, node, ctx.shapes.input),
  schedule: S.laneConvTranspose,
  emit: (node, ctx, tile) => {
    const [n, c, h, w] = ctx.shapes.input as [number, number, number, number];
    const load = { norm: false, act: undefined };
    const prep = padActivate({ n, c0: c, c1: 0, h, w, pad: 1, load, wg: S.flat().wg });
    return [
      { ...prep, acts: ['input', 'input', 'input'], scratch: prep.shape, params: false },
      laneConvTranspose2d(node, ctx, tile, prep.shape),
    ];
  },
});

type Registry = { readonly [K in OpName]: readonly Variant<K>[] };

/** Every activation of the table (compiler/ir/activations.ts): its own kernel, one fragment. */
const activations = Object.fromEntries(
  ACTIVATION_NAMES.map((a) => [a, plain<ActivationName>(activation)]),
) as { readonly [K in ActivationName]: readonly Variant<K>[] };

export const KERNELS: Registry = {
  input: [],
  param: [],
  output: [],
  conv2d: plain(conv2d),
  conv_transpose2d: [
    laneConvTranspose,
    variant<'conv_transpose2d', FittedTile>({
      name: 'staged phases',
      target: 'gpu',
      applies: (node, ctx) =>
        ctx.target === 'gpu' &&
        isPhaseConvTranspose(node) &&
        gridFits(S.staged(node.shape, true), node.shape),
      schedule: (node) => S.staged(node.shape, true),
      emit: convTranspose2dPhasesGpu,
    }),
    variant<'conv_transpose2d', S.ConvTile>({
      name: 'tiled phases',
      target: 'any',
      applies: (node) => isPhaseConvTranspose(node),
      schedule: (node, ctx) => S.tiledPhases(ctx.target, node.shape[1]!, node.shape[3]!),
      emit: convTranspose2dPhases,
    }),
    ...plain<'conv_transpose2d'>(convTranspose2d),
  ],
  group_norm: [
    variant<'group_norm', Flat>({
      name: 'plain',
      target: 'any',
      applies: always,
      schedule: (_node, ctx) => S.groupNormReduce(ctx.target),
      emit: groupNorm,
    }),
  ],
  linear: plain(linear),
  add: plain(add),
  add_channel_bias: plain(addChannelBias),
  concat: plain(concat),
  time_sincos: plain(timeSincos),
  embedding: plain(embedding),
  attention: [
    variant<'attention', S.AttentionSchedule>({
      name: 'plain',
      target: 'any',
      applies: always,
      schedule: (node, ctx) => S.attention(ctx.target, node.shape[2]! * node.shape[3]!),
      emit: attention,
    }),
  ],
  // Index and pointwise ops (resample.ts, elementwise.ts): one flat kernel for both targets.
  pad: plain(pad),
  upsample_nearest2x: plain(upsampleNearest2x),
  scale_shift: plain(scaleShift),
  affine: plain(affine),
  group_norm_stats: [
    variant<'group_norm_stats', S.StatsSchedule>({
      name: 'plain',
      target: 'any',
      applies: always,
      schedule: (_node, ctx) => S.groupNormStats(ctx.target),
      emit: groupNormStats,
    }),
  ],
  time_proj: plain(timeProj),
  // The transformer ops: one kernel for both targets (kernels/tokens.ts says why).
  to_tokens: plain(toTokens),
  to_map: plain(toMap),
  layer_norm: plain(layerNorm),
  token_linear: plain(tokenLinear),
  geglu: plain(geglu),
  cross_attention: [
    variant<'cross_attention', S.AttentionSchedule>({
      name: 'plain',
      target: 'any',
      applies: always,
      // The same rule as the fused-qkv attention, over the keys it walks.
      schedule: (_node, ctx) => S.attention(ctx.target, ctx.shapes.k[1]!),
      emit: crossAttention,
    }),
  ],
  fused_conv2d: [
    laneConv,
    variant<'fused_conv2d', FittedTile>({
      name: 'staged',
      target: 'gpu',
      applies: (node, ctx) =>
        ctx.target === 'gpu' && gridFits(S.staged(node.shape, false), node.shape),
      schedule: (node) => S.staged(node.shape, false),
      emit: fusedConv2dGpu,
    }),
    variant<'fused_conv2d', S.ConvTile>({
      name: 'tiled',
      target: 'any',
      applies: always,
      schedule: (node, ctx) => S.tiledConv(ctx.target, node.shape[1]!),
      emit: fusedConv2d,
    }),
  ],
  ...activations,
};

/**
 * The variants that may lower `node`, in the order lowering tries them: every one that applies,
 * fastest first, or the reference alone. Lowering takes the first whose kernels can bind the
 * node's tensors (a tensor past 128 MiB split across bindings, ./split.ts), so a variant that
 * cannot take one falls back to the next.
 */
export function variantsFor<K extends OpName>(
  node: NodeOf<K>,
  ctx: PickCtx<K>,
  reference: boolean,
): readonly Variant<K>[] {
  const list = KERNELS[node.op as K] as readonly Variant<K>[];
  if (list.length === 0) return [];
  if (reference) return [list[list.length - 1]!];
  const vs = list.filter((x) => x.applies(node, ctx));
  if (vs.length === 0) throw new Error(`no kernel variant of ${node.op} applies to %${node.id}`);
  return vs;
}

/** The variant that lowers `node` when its tensors fit their bindings: the first that applies, or the reference (the last). */
export function variantFor<K extends OpName>(
  node: NodeOf<K>,
  ctx: PickCtx<K>,
  reference: boolean,
): Variant<K> | undefined {
  return variantsFor(node, ctx, reference)[0];
}
