/**
 * THE op table. Every op, fused ones too, is one entry here with its attrs type, its operands
 * and its shape rule; the activations are the entries of ACTIVATIONS (activations.ts), mapped
 * in. Nodes are a closed union over this table, so adding an op is a compile error everywhere
 * a switch over `node.op` must handle it.
 *
 * Layout: activations are NCHW f32, exactly as PyTorch's, so weights load unchanged.
 */
import { ACTIVATION_NAMES, type ActivationName } from './activations.js';

export type { ActivationName };
import {
  type EpilogueEntry,
  type PrologueEntry,
  residualOf,
  shortcutOf,
  normOf,
  sourceCount,
  timeBiasOf,
} from './fused.js';

export type Shape = readonly number[];

interface BaseOpAttrs {
  /** A graph input uploaded by the caller (`x`, `t`; `label`, i32 class ids). Absent dtype: f32. */
  input: { name: string; shape: Shape; dtype?: 'i32' };
  /** A weight, named as the reference model's state_dict(). */
  param: { name: string; shape: Shape };
  /** Marks a value as a named graph output; no computation. */
  output: { name: string };
  conv2d: { kernel: number; stride: number; padding: number };
  /** PyTorch ConvTranspose2d; weight layout [Cin, Cout, k, k]. */
  conv_transpose2d: { kernel: number; stride: number; padding: number };
  group_norm: { groups: number; eps: number };
  /** y = x W^T + b on [N, in], then its `epilogue` (an activation a pass absorbed). */
  linear: { epilogue?: readonly { readonly op: ActivationName }[] };
  add: Record<string, never>;
  /** x[N,C,H,W] + b[N,C] broadcast over H,W (time injection). */
  add_channel_bias: Record<string, never>;
  /** Concatenation along channels. */
  concat: Record<string, never>;
  /**
   * Sinusoidal timestep embedding [N] -> [N, dim]: sin half, then cos half (cos first with
   * `flip`); frequency k of dim/2 is exp(-ln(10000) k / (dim/2 - shift)). Without `shift` the
   * seed's form (shift 1, its own f32 rounding order); an odd dim ends in one zero column.
   */
  time_sincos: { dim: number; flip?: boolean; shift?: number };
  /** Softmax attention core on a fused qkv tensor [N, 3C, H, W] -> [N, C, H, W]. */
  attention: { heads: number };
  /** Zeros appended on the right and at the bottom (diffusers' F.pad(x, (0, 1, 0, 1))). */
  pad: { right: number; bottom: number };
  /** Nearest-neighbour 2x: y[n, c, i, j] = x[n, c, i / 2, j / 2]. */
  upsample_nearest2x: Record<string, never>;
  /** x[N,C,H,W] * (1 + s[:, :C]) + s[:, C:] with s [N, 2C] (scale_shift time injection). */
  scale_shift: Record<string, never>;
  /** y = x * scale + shift (center_input_sample's 2x - 1, 1 / output_scale_factor). */
  affine: { scale: number; shift: number };

  // ---- tokens (diffusers' Transformer2DModel): [B, N, C], the batch outermost ----

  /** NCHW [B, C, H, W] -> tokens [B, H*W, C]. */
  to_tokens: Record<string, never>;
  /** Tokens [B, H*W, C] -> NCHW [B, C, H, W]. */
  to_map: { height: number; width: number };
  /** LayerNorm over the last axis of tokens [B, N, C], f32 statistics, with affine. */
  layer_norm: { eps: number };
  /**
   * y = x W^T (+ b) on tokens [B, N, in] -> [B, N, out]; `geglu` (a pass absorbed it) writes
   * out/2 columns, the first half times gelu of the second.
   */
  token_linear: { bias: boolean; epilogue?: 'geglu' };
  /** diffusers' GEGLU after its projection: [B, N, 2F] -> [B, N, F], a[.., :F] * gelu(a[.., F:]). */
  geglu: Record<string, never>;
  /**
   * softmax(q k^T / sqrt(d)) v per head of width d = I / heads: q [B, N, I], k and v [B, S, I]
   * -> [B, N, I]. Self-attention is the case k, v from the same tokens (S = N).
   */
  cross_attention: { heads: number };
  /** Row gather, nn.Embedding: i32 ids [N] and a table [R, D] -> [N, D] (class conditioning). */
  embedding: Record<string, never>;

  // ---- fused ops, produced only by passes (compiler/passes) ----

  /**
   * GroupNorm statistics folded with its affine params into a per-(n, c) scale and shift, so
   * a consumer applies the norm as fma(x, scale, shift) while loading. Output [N, C, 2]
   * (scale, shift). Operands: see OPERANDS below (`sources` is the length of `input`).
   */
  group_norm_stats: { groups: number; eps: number; sources: number };
  /**
   * Every ResBlock's time projection silu(t_emb) W_i^T + b_i in one op; output
   * [N, sum of out_i], projection i at column offset sum of out_0..out_{i-1}.
   */
  time_proj: { outs: readonly number[] };
  /**
   * Convolution with the ops it absorbed kept as data (fused.ts): `prologue` applied to its
   * input as it is loaded, zero padding staying zero after it; `epilogue` added in its store.
   * Which operands it has follows from the lists (OPERANDS below).
   */
  fused_conv2d: {
    kernel: number;
    stride: number;
    padding: number;
    prologue: readonly PrologueEntry[];
    epilogue: readonly EpilogueEntry[];
  };
}

/** Every activation of ACTIVATIONS is an op with no attrs. */
export type OpAttrs = BaseOpAttrs & { [K in ActivationName]: Record<string, never> };

export type OpName = keyof OpAttrs;

export type Node = {
  [K in OpName]: {
    readonly id: number;
    readonly op: K;
    readonly inputs: readonly number[];
    readonly attrs: OpAttrs[K];
    readonly shape: Shape;
    /** The spec/module path this node comes from, e.g. `down_blocks.0.res.block1.2`. */
    readonly scope: string;
  };
}[OpName];

export type NodeOf<K extends OpName> = Extract<Node, { op: K }>;

/** A node of an activation op (an entry of ACTIVATIONS). */
export const isActivationNode = (n: Node): n is NodeOf<ActivationName> =>
  (ACTIVATION_NAMES as readonly string[]).includes(n.op);

/** Internal invariant failure: a bug in Kiln or in a pass, never a user's mistake. */
export class IrError extends Error {}

/** `msg` may be a function: most messages format shapes, and these checks run on every node. */
function need(cond: boolean, msg: string | (() => string)): asserts cond {
  if (!cond) throw new IrError(typeof msg === 'string' ? msg : msg());
}

const same = (a: Shape, b: Shape) => a.length === b.length && a.every((v, i) => v === b[i]);
const fmt = (s: Shape) => `[${s.join(',')}]`;

// ---- operands, by name ----

/**
 * One named operand slot of an op: exactly one value, a list whose length the attrs give, or a
 * value the attrs say is present or not. `node.inputs` is the slots' values concatenated in
 * declaration order; everything else (passes, kernels, the printer, the counters) reads and
 * writes operands by name through `operandsOf` / `flattenOperands`, never by counting.
 */
type Slot<A> =
  | { readonly kind: 'one' }
  | { readonly kind: 'many'; readonly count: (a: A) => number }
  | { readonly kind: 'optional'; readonly present: (a: A) => boolean };

const one = { kind: 'one' } as const;
const many = <A>(count: (a: A) => number) => ({ kind: 'many', count }) as const;
const optional = <A>(present: (a: A) => boolean) => ({ kind: 'optional', present }) as const;

/** One slot per activation op, from the table. */
function perActivation<T>(f: () => T): { readonly [K in ActivationName]: T } {
  return Object.fromEntries(ACTIVATION_NAMES.map((n) => [n, f()])) as {
    readonly [K in ActivationName]: T;
  };
}

type FusedConv = OpAttrs['fused_conv2d'];
const xwb = { input: one, weight: one, bias: one } as const;

/** Every op's operands in input order (property order is input order). */
export const OPERANDS = {
  input: {},
  param: {},
  output: { value: one },
  conv2d: xwb,
  conv_transpose2d: xwb,
  group_norm: xwb,
  linear: xwb,
  ...perActivation(() => ({ input: one })),
  add: { a: one, b: one },
  add_channel_bias: { input: one, bias: one },
  concat: { a: one, b: one },
  time_sincos: { t: one },
  attention: { qkv: one },
  pad: { input: one },
  upsample_nearest2x: { input: one },
  scale_shift: { input: one, scaleShift: one },
  affine: { input: one },
  to_tokens: { input: one },
  to_map: { input: one },
  layer_norm: xwb,
  token_linear: {
    input: one,
    weight: one,
    bias: optional((a: OpAttrs['token_linear']) => a.bias),
  },
  geglu: { input: one },
  cross_attention: { q: one, k: one, v: one },
  embedding: { ids: one, weight: one },
  group_norm_stats: {
    /** Channel-concatenated activations whose statistics are taken. */
    input: many((a: OpAttrs['group_norm_stats']) => a.sources),
    weight: one,
    bias: one,
  },
  time_proj: {
    /** t_emb [N, T]; SiLU is applied as it is read. */
    time: one,
    weight: many((a: OpAttrs['time_proj']) => a.outs.length),
    bias: many((a: OpAttrs['time_proj']) => a.outs.length),
  },
  fused_conv2d: {
    /** Channel-concatenated sources (prologue concat): a skip concat is read in place. */
    input: many((a: FusedConv) => sourceCount(a)),
    weight: one,
    bias: one,
    /** [N, Cin, 2] GroupNorm scale and shift from group_norm_stats (prologue group_norm). */
    norm: optional((a: FusedConv) => normOf(a) !== undefined),
    /** [N, T] time projections; the store adds columns offset.. (epilogue add_channel_bias). */
    timeBias: optional((a: FusedConv) => timeBiasOf(a) !== undefined),
    /** [N, Cout, OH, OW] added in the store (epilogue add). */
    residual: optional((a: FusedConv) => residualOf(a) !== undefined),
    /** Sources of a 1x1 shortcut conv computed in the same kernel (epilogue conv2d). */
    shortcut: many((a: FusedConv) => shortcutOf(a)?.sources ?? 0),
    shortcutWeight: optional((a: FusedConv) => shortcutOf(a) !== undefined),
    shortcutBias: optional((a: FusedConv) => shortcutOf(a) !== undefined),
  },
} as const satisfies { readonly [K in OpName]: Readonly<Record<string, Slot<OpAttrs[K]>>> };

export type OperandName<K extends OpName> = keyof (typeof OPERANDS)[K] & string;

/** An op's operands by name: T for a single slot, T[] for a list, T | undefined if optional. */
export type Operands<K extends OpName, T = number> = {
  readonly [S in OperandName<K>]: (typeof OPERANDS)[K][S] extends { kind: 'many' }
    ? readonly T[]
    : (typeof OPERANDS)[K][S] extends { kind: 'optional' }
      ? T | undefined
      : T;
};

// Listed once: operandsOf runs for every node in every pass, and Object.entries per call was the
// compiler's hottest function in the spec fuzz test.
const SLOTS = new Map(Object.entries(OPERANDS).map(([op, slots]) => [op, Object.entries(slots)]));

function slotsOf<K extends OpName>(op: K): [string, Slot<OpAttrs[K]>][] {
  return SLOTS.get(op) as [string, Slot<OpAttrs[K]>][];
}

function slotLength<A>(slot: Slot<A>, attrs: A): number {
  switch (slot.kind) {
    case 'one':
      return 1;
    case 'many':
      return slot.count(attrs);
    case 'optional':
      return slot.present(attrs) ? 1 : 0;
    default: {
      const never: never = slot;
      return never;
    }
  }
}

/** How many inputs a node of `op` with these attrs has. */
export function arity<K extends OpName>(op: K, attrs: OpAttrs[K]): number {
  return slotsOf(op).reduce((n, [, slot]) => n + slotLength(slot, attrs), 0);
}

/** Splits a flat input list (ids, shapes, positions...) into the op's named operands. */
export function operandsOf<K extends OpName, T>(
  op: K,
  attrs: OpAttrs[K],
  flat: readonly T[],
): Operands<K, T> {
  need(
    flat.length === arity(op, attrs),
    () => `${op} takes ${arity(op, attrs)} inputs, got ${flat.length}`,
  );
  const out: Record<string, T | readonly T[] | undefined> = {};
  let at = 0;
  for (const [name, slot] of slotsOf(op)) {
    const len = slotLength(slot, attrs);
    const vals = flat.slice(at, at + len);
    at += len;
    out[name] = slot.kind === 'many' ? vals : vals[0];
  }
  return out as Operands<K, T>;
}

/** The inverse: named operands -> the flat input list, checked against the attrs. */
export function flattenOperands<K extends OpName, T>(
  op: K,
  attrs: OpAttrs[K],
  named: Operands<K, T>,
): T[] {
  const flat: T[] = [];
  const byName = named as Readonly<Record<string, T | readonly T[] | undefined>>;
  for (const [name, slot] of slotsOf(op)) {
    const v = byName[name];
    const vals: readonly T[] =
      slot.kind === 'many' ? (v as readonly T[]) : v === undefined ? [] : [v as T];
    need(
      vals.length === slotLength(slot, attrs),
      () =>
        `${op}: operand ${name} has ${vals.length} values, its attrs say ${slotLength(slot, attrs)}`,
    );
    flat.push(...vals);
  }
  return flat;
}

/** A node's operands by name, as value ids. */
export const operandIds = <K extends OpName>(n: NodeOf<K>): Operands<K> =>
  operandsOf(n.op, n.attrs as OpAttrs[K], n.inputs);

/** A node's operands by name, as positions in `node.inputs` (what LowerCtx indexes). */
export const operandPositions = <K extends OpName>(n: NodeOf<K>): Operands<K> =>
  operandsOf(
    n.op,
    n.attrs as OpAttrs[K],
    n.inputs.map((_, i) => i),
  );

// ---- shape rules ----

interface OpDef<K extends OpName> {
  readonly infer: (x: Operands<K, Shape>, attrs: OpAttrs[K]) => Shape;
}

function convOut(n: number, k: number, s: number, p: number) {
  return Math.floor((n + 2 * p - k) / s) + 1;
}

export const OPS: { readonly [K in OpName]: OpDef<K> } = {
  ...tokenOps(),
  input: { infer: (_i, a) => a.shape },
  param: { infer: (_i, a) => a.shape },
  output: { infer: ({ value }) => value },
  conv2d: {
    infer: ({ input: x, weight: w, bias: b }, a) => {
      need(
        x.length === 4 && w.length === 4,
        () => `conv2d expects 4-d x and w, got ${fmt(x)} ${fmt(w)}`,
      );
      need(
        w[1] === x[1] && w[2] === a.kernel && w[3] === a.kernel,
        () => `conv2d weight ${fmt(w)} does not fit x ${fmt(x)} k=${a.kernel}`,
      );
      need(same(b, [w[0]!]), () => `conv2d bias ${fmt(b)} does not fit weight ${fmt(w)}`);
      const oh = convOut(x[2]!, a.kernel, a.stride, a.padding);
      const ow = convOut(x[3]!, a.kernel, a.stride, a.padding);
      need(oh > 0 && ow > 0, () => `conv2d output would be empty for x ${fmt(x)}`);
      return [x[0]!, w[0]!, oh, ow];
    },
  },
  conv_transpose2d: {
    infer: ({ input: x, weight: w, bias: b }, a) => {
      need(
        x.length === 4 && w.length === 4 && w[0] === x[1],
        () => `conv_transpose2d weight ${fmt(w)} does not fit x ${fmt(x)}`,
      );
      need(
        w[2] === a.kernel && w[3] === a.kernel && same(b, [w[1]!]),
        () => `conv_transpose2d params do not fit k=${a.kernel}`,
      );
      const up = (n: number) => (n - 1) * a.stride - 2 * a.padding + a.kernel;
      return [x[0]!, w[1]!, up(x[2]!), up(x[3]!)];
    },
  },
  group_norm: {
    infer: ({ input: x, weight: g, bias: b }, a) => {
      need(
        x.length === 4 && x[1]! % a.groups === 0,
        () => `group_norm: ${x[1]} channels not divisible by ${a.groups} groups`,
      );
      need(
        same(g, [x[1]!]) && same(b, [x[1]!]),
        () => `group_norm affine params do not fit ${fmt(x)}`,
      );
      return x;
    },
  },
  linear: {
    infer: ({ input: x, weight: w, bias: b }) => {
      need(
        x.length === 2 && w.length === 2 && w[1] === x[1] && same(b, [w[0]!]),
        () => `linear ${fmt(w)} does not fit x ${fmt(x)}`,
      );
      return [x[0]!, w[0]!];
    },
  },
  ...perActivation(() => ({ infer: ({ input }: { input: Shape }) => input })),
  add: {
    infer: ({ a, b }) => {
      need(same(a, b), () => `add of ${fmt(a)} and ${fmt(b)}`);
      return a;
    },
  },
  add_channel_bias: {
    infer: ({ input: x, bias: b }) => {
      need(
        x.length === 4 && same(b, [x[0]!, x[1]!]),
        () => `add_channel_bias ${fmt(b)} does not fit ${fmt(x)}`,
      );
      return x;
    },
  },
  concat: {
    infer: ({ a, b }) => concatShapes([a, b]),
  },
  time_sincos: {
    infer: ({ t }, a) => {
      const seed = a.shift === undefined;
      need(
        t.length === 1 &&
          (seed ? a.dim % 2 === 0 && a.dim >= 4 : Math.floor(a.dim / 2) - a.shift! > 0),
        () => `time_sincos dim ${a.dim} shift ${a.shift} on ${fmt(t)}`,
      );
      return [t[0]!, a.dim];
    },
  },
  pad: {
    infer: ({ input: x }, a) => {
      need(
        x.length === 4 && a.right >= 0 && a.bottom >= 0,
        () => `pad ${a.right},${a.bottom} of ${fmt(x)}`,
      );
      return [x[0]!, x[1]!, x[2]! + a.bottom, x[3]! + a.right];
    },
  },
  upsample_nearest2x: {
    infer: ({ input: x }) => {
      need(x.length === 4, () => `upsample_nearest2x of ${fmt(x)}`);
      return [x[0]!, x[1]!, 2 * x[2]!, 2 * x[3]!];
    },
  },
  scale_shift: {
    infer: ({ input: x, scaleShift: s }) => {
      need(
        x.length === 4 && same(s, [x[0]!, 2 * x[1]!]),
        () => `scale_shift ${fmt(s)} does not fit ${fmt(x)}`,
      );
      return x;
    },
  },
  affine: { infer: ({ input: x }) => x },
  embedding: {
    infer: ({ ids, weight: w }) => {
      need(
        ids.length === 1 && w.length === 2,
        () => `embedding expects ids [N] and a table [R, D], got ${fmt(ids)} ${fmt(w)}`,
      );
      return [ids[0]!, w[1]!];
    },
  },
  group_norm_stats: {
    infer: ({ input, weight: g, bias: b }, a) => {
      const x = concatShapes(input);
      need(
        x[1]! % a.groups === 0 && same(g, [x[1]!]) && same(b, [x[1]!]),
        () => `group_norm_stats params do not fit ${fmt(x)}`,
      );
      return [x[0]!, x[1]!, 2];
    },
  },
  time_proj: {
    infer: ({ time: t, weight, bias }, a) => {
      need(t.length === 2, () => `time_proj expects [N, T], got ${fmt(t)}`);
      a.outs.forEach((o, i) =>
        need(
          same(weight[i]!, [o, t[1]!]) && same(bias[i]!, [o]),
          () => `time_proj weight ${i} does not fit`,
        ),
      );
      return [t[0]!, a.outs.reduce((x, y) => x + y, 0)];
    },
  },
  fused_conv2d: {
    infer: (o, a) => {
      const x = concatShapes(o.input);
      const y = OPS.conv2d.infer({ input: x, weight: o.weight, bias: o.bias }, a);
      if (o.norm) need(same(o.norm, [x[0]!, x[1]!, 2]), 'fused_conv2d norm does not fit');
      const t = o.timeBias;
      const offset = timeBiasOf(a)?.offset ?? 0;
      if (t)
        need(
          t.length === 2 && t[0] === y[0] && offset + y[1]! <= t[1]!,
          () => `fused_conv2d time bias ${fmt(t)} does not fit`,
        );
      if (o.residual) need(same(o.residual, y), 'fused_conv2d residual does not fit');
      if (o.shortcutWeight && o.shortcutBias) {
        const s = OPS.conv2d.infer(
          { input: concatShapes(o.shortcut), weight: o.shortcutWeight, bias: o.shortcutBias },
          { kernel: 1, stride: 1, padding: 0 },
        );
        need(same(s, y), 'fused_conv2d shortcut does not fit');
      }
      return y;
    },
  },
  attention: {
    infer: ({ qkv }, a) => {
      need(
        qkv.length === 4 && qkv[1]! % 3 === 0,
        () => `attention expects [N,3C,H,W], got ${fmt(qkv)}`,
      );
      const c = qkv[1]! / 3;
      need(c % a.heads === 0, () => `attention: ${a.heads} heads do not divide ${c} channels`);
      return [qkv[0]!, c, qkv[2]!, qkv[3]!];
    },
  },
};

/** The shape rules of the token ops. */
function tokenOps(): { readonly [K in TokenOp]: OpDef<K> } {
  return {
    to_tokens: {
      infer: ({ input: x }) => {
        need(x.length === 4, () => `to_tokens expects [B,C,H,W], got ${fmt(x)}`);
        return [x[0]!, x[2]! * x[3]!, x[1]!];
      },
    },
    to_map: {
      infer: ({ input: x }, a) => {
        need(
          x.length === 3 && x[1] === a.height * a.width,
          () => `to_map ${a.height}x${a.width} of ${fmt(x)}`,
        );
        return [x[0]!, x[2]!, a.height, a.width];
      },
    },
    layer_norm: {
      infer: ({ input: x, weight: g, bias: b }) => {
        const c = x[x.length - 1]!;
        need(
          x.length === 3 && same(g, [c]) && same(b, [c]),
          () => `layer_norm params ${fmt(g)} ${fmt(b)} do not fit ${fmt(x)}`,
        );
        return x;
      },
    },
    token_linear: {
      infer: ({ input: x, weight: w, bias: b }, a) => {
        need(
          x.length === 3 &&
            w.length === 2 &&
            w[1] === x[2] &&
            (b === undefined || same(b, [w[0]!])),
          () => `token_linear ${fmt(w)} does not fit x ${fmt(x)}`,
        );
        if (a.epilogue === 'geglu') {
          need(w[0]! % 2 === 0, () => `token_linear geglu needs an even width, got ${w[0]}`);
          return [x[0]!, x[1]!, w[0]! / 2];
        }
        return [x[0]!, x[1]!, w[0]!];
      },
    },
    geglu: {
      infer: ({ input: x }) => {
        need(x.length === 3 && x[2]! % 2 === 0, () => `geglu expects [B,N,2F], got ${fmt(x)}`);
        return [x[0]!, x[1]!, x[2]! / 2];
      },
    },
    cross_attention: {
      infer: ({ q, k, v }, a) => {
        need(
          q.length === 3 && same(k, v) && k.length === 3 && k[0] === q[0] && k[2] === q[2],
          () => `cross_attention q ${fmt(q)} k ${fmt(k)} v ${fmt(v)}`,
        );
        need(
          q[2]! % a.heads === 0,
          () => `cross_attention: ${a.heads} heads do not divide ${q[2]}`,
        );
        return q;
      },
    },
  };
}

type TokenOp = 'to_tokens' | 'to_map' | 'layer_norm' | 'token_linear' | 'geglu' | 'cross_attention';

/** Channel concatenation of several NCHW sources (the skip concat, read in place). */
function concatShapes(srcs: readonly Shape[]): Shape {
  need(srcs.length > 0, 'no sources to concatenate');
  const [n, , h, w] = srcs[0]!;
  for (const s of srcs)
    need(
      s.length === 4 && s[0] === n && s[2] === h && s[3] === w,
      () => `sources ${srcs.map(fmt).join(' ++ ')} do not concatenate`,
    );
  return [n!, srcs.reduce((a, s) => a + s[1]!, 0), h!, w!];
}

export function inferShape<K extends OpName>(
  op: K,
  inputs: readonly Shape[],
  attrs: OpAttrs[K],
): Shape {
  const def = OPS[op] as OpDef<K>;
  return def.infer(operandsOf(op, attrs, inputs), attrs);
}

export const numel = (s: Shape) => s.reduce((a, b) => a * b, 1);
export const shapeText = fmt;
