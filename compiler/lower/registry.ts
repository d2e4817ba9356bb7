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
 *   embedding: [{ name: 'embedding', target: 'any', applies: () => true, emit: embedding }],
 *
 * where `emit(node, ctx)` returns the kernel(s) (compiler/lower/kernels/) and reads operands by
 * name: `ctx.shapes.input`, `ctx.param('weight')`. Schedules (workgroup sizes, tiles) live with
 * the variants' kernels and in schedule.ts, each with the measurement that chose it.
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
import { activation, add, addChannelBias, concat } from './kernels/elementwise.js';
import { loadOf } from './kernels/fragments.js';
import { fusedConv2d } from './kernels/fused-conv2d.js';
import { convTranspose2dPhasesGpu } from './kernels/gpu/conv-transpose2d.js';
import { fusedConv2dGpu } from './kernels/gpu/fused-conv2d.js';
import { stagedGridFits } from './kernels/gpu/tiles.js';
import { groupNormStats } from './kernels/group-norm-stats.js';
import { groupNorm } from './kernels/group-norm.js';
import { linear } from './kernels/linear.js';
import { timeProj } from './kernels/time-proj.js';
import { timeSincos } from './kernels/time-sincos.js';

/** What `applies` sees: the node's context before its weights are packed. */
export type Pick<K extends OpName> = Omit<LowerCtx<K>, 'param'>;

export interface Variant<K extends OpName> {
  /** For dumps and tests: `lane`, `staged`, `tiled`, `plain`, ... */
  readonly name: string;
  /** The target it is shaped for ('any': both). */
  readonly target: Target | 'any';
  readonly applies: (node: NodeOf<K>, ctx: Pick<K>) => boolean;
  readonly emit: (node: NodeOf<K>, ctx: LowerCtx<K>) => KernelSource | readonly KernelSource[];
  /** Weights the variant reads repacked (ParamMember.interleave): operand -> axis. */
  readonly interleave?: Partial<Record<OperandName<K>, number>>;
}

const always = () => true;
const one = <K extends OpName>(name: string, emit: Variant<K>['emit']): readonly Variant<K>[] => [
  { name, target: 'any', applies: always, emit },
];

/**
 * A fused conv on a software adapter, as two kernels: its input activated and padded once
 * (pad-activate.ts), then the conv over that (lane-conv2d.ts).
 */
const laneConv: Variant<'fused_conv2d'> = {
  name: 'lane',
  target: 'cpu',
  applies: (node, ctx) => usesLaneConv(ctx.target, node, ctx.shapes),
  // [Cout, Cin, k, k]: each kernel row padded to whole vec4s (lane-conv2d.ts reads one per row).
  interleave: { weight: 3 },
  emit: (node, ctx) => {
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
    });
    return [
      {
        ...prep,
        acts: ['input', x1 ? ['input', 1] : 'input', ctx.shapes.norm ? 'norm' : 'input'],
        scratch: prep.shape,
        params: false,
      },
      laneConv2d(node, ctx, prep.shape, laneEpilogues(ctx.graph, ctx.target)(node)),
    ];
  },
};

/** A phase ConvTranspose on a software adapter: its input padded once, then lane-conv-transpose2d.ts. */
const laneConvTranspose: Variant<'conv_transpose2d'> = {
  name: 'lane',
  target: 'cpu',
  applies: (node, ctx) => usesLaneConvTranspose(ctx.target, node, ctx.shapes.input),
  emit: (node, ctx) => {
    const [n, c, h, w] = ctx.shapes.input as [number, number, number, number];
    const load = { norm: false, act: undefined };
    const prep = padActivate({ n, c0: c, c1: 0, h, w, pad: 1, load });
    return [
      { ...prep, acts: ['input', 'input', 'input'], scratch: prep.shape, params: false },
      laneConvTranspose2d(node, ctx, prep.shape),
    ];
  },
};

type Registry = { readonly [K in OpName]: readonly Variant<K>[] };

/** Every activation of the table (compiler/ir/activations.ts): its own kernel, one fragment. */
const activations = Object.fromEntries(
  ACTIVATION_NAMES.map((a) => [a, one<ActivationName>('plain', activation)]),
) as { readonly [K in ActivationName]: readonly Variant<K>[] };

export const KERNELS: Registry = {
  input: [],
  param: [],
  output: [],
  conv2d: one('plain', conv2d),
  conv_transpose2d: [
    laneConvTranspose,
    {
      name: 'staged phases',
      target: 'gpu',
      applies: (node, ctx) =>
        ctx.target === 'gpu' && isPhaseConvTranspose(node) && stagedGridFits(node.shape, true),
      emit: convTranspose2dPhasesGpu,
    },
    {
      name: 'tiled phases',
      target: 'any',
      applies: (node) => isPhaseConvTranspose(node),
      emit: convTranspose2dPhases,
    },
    { name: 'plain', target: 'any', applies: always, emit: convTranspose2d },
  ],
  group_norm: one('plain', groupNorm),
  linear: one('plain', linear),
  add: one('plain', add),
  add_channel_bias: one('plain', addChannelBias),
  concat: one('plain', concat),
  time_sincos: one('plain', timeSincos),
  attention: one('plain', attention),
  group_norm_stats: one('plain', groupNormStats),
  time_proj: one('plain', timeProj),
  fused_conv2d: [
    laneConv,
    {
      name: 'staged',
      target: 'gpu',
      applies: (node, ctx) => ctx.target === 'gpu' && stagedGridFits(node.shape, false),
      emit: fusedConv2dGpu,
    },
    { name: 'tiled', target: 'any', applies: always, emit: fusedConv2d },
  ],
  ...activations,
};

/** The variant that lowers `node`: the first that applies, or the reference (the last). */
export function variantFor<K extends OpName>(
  node: NodeOf<K>,
  ctx: Pick<K>,
  reference: boolean,
): Variant<K> | undefined {
  const list = KERNELS[node.op as K] as readonly Variant<K>[];
  if (list.length === 0) return undefined;
  if (reference) return list[list.length - 1];
  const v = list.find((x) => x.applies(node, ctx));
  if (!v) throw new Error(`no kernel variant of ${node.op} applies to %${node.id}`);
  return v;
}
