/**
 * THE op table. Every op — fused ones too, once fusion passes exist — is one entry here with its
 * attrs type and shape rule. Nodes are a closed union over this table, so adding an op is a
 * compile error everywhere a switch over `node.op` must handle it.
 *
 * Layout: activations are NCHW f32, exactly as PyTorch's, so weights load unchanged.
 */
export type Shape = readonly number[];

export interface OpAttrs {
  /** A graph input uploaded by the caller (`x`, `t`). */
  input: { name: string; shape: Shape };
  /** A weight, named as the reference model's state_dict(). */
  param: { name: string; shape: Shape };
  /** Marks a value as a named graph output; no computation. */
  output: { name: string };
  conv2d: { kernel: number; stride: number; padding: number };
  /** PyTorch ConvTranspose2d; weight layout [Cin, Cout, k, k]. */
  conv_transpose2d: { kernel: number; stride: number; padding: number };
  group_norm: { groups: number; eps: number };
  /** y = x W^T + b on [N, in]. */
  linear: Record<string, never>;
  silu: Record<string, never>;
  /** Exact (erf) GELU, as nn.GELU(). */
  gelu: Record<string, never>;
  add: Record<string, never>;
  /** x[N,C,H,W] + b[N,C] broadcast over H,W (time injection). */
  add_channel_bias: Record<string, never>;
  /** Concatenation along channels. */
  concat: Record<string, never>;
  /** Sinusoidal timestep embedding [N] -> [N, dim] (sin half, then cos half). */
  time_sincos: { dim: number };
  /** Softmax attention core on a fused qkv tensor [N, 3C, H, W] -> [N, C, H, W]. */
  attention: { heads: number };
}

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

/** Internal invariant failure: a bug in Kiln or in a pass, never a user's mistake. */
export class IrError extends Error {}

function need(cond: boolean, msg: string): asserts cond {
  if (!cond) throw new IrError(msg);
}

const same = (a: Shape, b: Shape) => a.length === b.length && a.every((v, i) => v === b[i]);
const fmt = (s: Shape) => `[${s.join(',')}]`;

interface OpDef<K extends OpName> {
  readonly arity: number;
  readonly infer: (inputs: readonly Shape[], attrs: OpAttrs[K]) => Shape;
}

function convOut(n: number, k: number, s: number, p: number) {
  return Math.floor((n + 2 * p - k) / s) + 1;
}

export const OPS: { readonly [K in OpName]: OpDef<K> } = {
  input: { arity: 0, infer: (_i, a) => a.shape },
  param: { arity: 0, infer: (_i, a) => a.shape },
  output: { arity: 1, infer: ([x]) => x! },
  conv2d: {
    arity: 3,
    infer: ([x, w, b], a) => {
      need(x!.length === 4 && w!.length === 4, `conv2d expects 4-d x and w, got ${fmt(x!)} ${fmt(w!)}`);
      need(w![1] === x![1] && w![2] === a.kernel && w![3] === a.kernel, `conv2d weight ${fmt(w!)} does not fit x ${fmt(x!)} k=${a.kernel}`);
      need(same(b!, [w![0]!]), `conv2d bias ${fmt(b!)} does not fit weight ${fmt(w!)}`);
      const oh = convOut(x![2]!, a.kernel, a.stride, a.padding);
      const ow = convOut(x![3]!, a.kernel, a.stride, a.padding);
      need(oh > 0 && ow > 0, `conv2d output would be empty for x ${fmt(x!)}`);
      return [x![0]!, w![0]!, oh, ow];
    },
  },
  conv_transpose2d: {
    arity: 3,
    infer: ([x, w, b], a) => {
      need(x!.length === 4 && w!.length === 4 && w![0] === x![1], `conv_transpose2d weight ${fmt(w!)} does not fit x ${fmt(x!)}`);
      need(w![2] === a.kernel && w![3] === a.kernel && same(b!, [w![1]!]), `conv_transpose2d params do not fit k=${a.kernel}`);
      const up = (n: number) => (n - 1) * a.stride - 2 * a.padding + a.kernel;
      return [x![0]!, w![1]!, up(x![2]!), up(x![3]!)];
    },
  },
  group_norm: {
    arity: 3,
    infer: ([x, g, b], a) => {
      need(x!.length === 4 && x![1]! % a.groups === 0, `group_norm: ${x![1]} channels not divisible by ${a.groups} groups`);
      need(same(g!, [x![1]!]) && same(b!, [x![1]!]), `group_norm affine params do not fit ${fmt(x!)}`);
      return x!;
    },
  },
  linear: {
    arity: 3,
    infer: ([x, w, b]) => {
      need(x!.length === 2 && w!.length === 2 && w![1] === x![1] && same(b!, [w![0]!]), `linear ${fmt(w!)} does not fit x ${fmt(x!)}`);
      return [x![0]!, w![0]!];
    },
  },
  silu: { arity: 1, infer: ([x]) => x! },
  gelu: { arity: 1, infer: ([x]) => x! },
  add: {
    arity: 2,
    infer: ([a, b]) => {
      need(same(a!, b!), `add of ${fmt(a!)} and ${fmt(b!)}`);
      return a!;
    },
  },
  add_channel_bias: {
    arity: 2,
    infer: ([x, b]) => {
      need(x!.length === 4 && same(b!, [x![0]!, x![1]!]), `add_channel_bias ${fmt(b!)} does not fit ${fmt(x!)}`);
      return x!;
    },
  },
  concat: {
    arity: 2,
    infer: ([a, b]) => {
      need(a!.length === 4 && same([a![0]!, a![2]!, a![3]!], [b![0]!, b![2]!, b![3]!]), `concat of ${fmt(a!)} and ${fmt(b!)}`);
      return [a![0]!, a![1]! + b![1]!, a![2]!, a![3]!];
    },
  },
  time_sincos: {
    arity: 1,
    infer: ([t], a) => {
      need(t!.length === 1 && a.dim % 2 === 0 && a.dim >= 4, `time_sincos dim ${a.dim} on ${fmt(t!)}`);
      return [t![0]!, a.dim];
    },
  },
  attention: {
    arity: 1,
    infer: ([qkv], a) => {
      need(qkv!.length === 4 && qkv![1]! % 3 === 0, `attention expects [N,3C,H,W], got ${fmt(qkv!)}`);
      const c = qkv![1]! / 3;
      need(c % a.heads === 0, `attention: ${a.heads} heads do not divide ${c} channels`);
      return [qkv![0]!, c, qkv![2]!, qkv![3]!];
    },
  },
};

export function inferShape<K extends OpName>(op: K, inputs: readonly Shape[], attrs: OpAttrs[K]): Shape {
  const def = OPS[op] as OpDef<K>;
  need(inputs.length === def.arity, `${op} takes ${def.arity} inputs, got ${inputs.length}`);
  return def.infer(inputs, attrs);
}

export const numel = (s: Shape) => s.reduce((a, b) => a * b, 1);
export const shapeText = fmt;
