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
  /** PyTorch ConvTranspose2d; weight layout [Cin, Cout, k, k]. `phases`: lower as phase convs. */
  conv_transpose2d: { kernel: number; stride: number; padding: number; phases?: boolean };
  group_norm: { groups: number; eps: number };
  /** y = act_out(act_in(x) W^T + b) on [N, in]; the activations are fused by passes. */
  linear: { inAct?: 'silu'; outAct?: 'gelu' };
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

  // ---- fused ops, produced only by passes (compiler/passes) ----

  /**
   * GroupNorm statistics folded with its affine params into a per-(n, c) scale and shift, so
   * a consumer applies the norm as fma(x, scale, shift) while loading. Inputs: `sources`
   * activations (channel-concatenated), gamma, beta. Output [N, C, 2] (scale, shift).
   */
  group_norm_stats: { groups: number; eps: number; sources: number };
  /**
   * Every ResBlock's time projection silu(t_emb) W_i^T + b_i in one op: inputs t_emb, then
   * (weight, bias) per projection; output [N, sum of out_i], projection i at column offset i.
   */
  time_proj: { outs: readonly number[] };
  /**
   * Convolution with its neighbours folded in. Inputs, in order:
   *   sources x_0..x_{sources-1} (channel-concatenated: the skip concat is never copied),
   *   weight, bias,
   *   [stats [N, Cin, 2]]            when prologue != 'none': x -> fma(x, scale, shift) (+ SiLU)
   *                                  while loading; zero padding stays zero after it,
   *   [time [N, T]]                  when timeBias: adds time[n, timeOffset + co] in the store,
   *   [residual [N, Cout, OH, OW]]   when residual == 'add',
   *   [r_0..r_{k-1}, rw, rb]         when residual == 'conv1x1': a 1x1 shortcut conv of the
   *                                  residualSources r_i, added in the store.
   */
  fused_conv2d: {
    kernel: number;
    stride: number;
    padding: number;
    sources: number;
    prologue: 'none' | 'affine' | 'affine_silu';
    timeBias: boolean;
    timeOffset: number;
    residual: 'none' | 'add' | 'conv1x1';
    residualSources: number;
  };
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
  readonly arity: number | ((attrs: OpAttrs[K]) => number);
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
      need(
        x!.length === 4 && w!.length === 4,
        `conv2d expects 4-d x and w, got ${fmt(x!)} ${fmt(w!)}`,
      );
      need(
        w![1] === x![1] && w![2] === a.kernel && w![3] === a.kernel,
        `conv2d weight ${fmt(w!)} does not fit x ${fmt(x!)} k=${a.kernel}`,
      );
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
      need(
        x!.length === 4 && w!.length === 4 && w![0] === x![1],
        `conv_transpose2d weight ${fmt(w!)} does not fit x ${fmt(x!)}`,
      );
      need(
        w![2] === a.kernel && w![3] === a.kernel && same(b!, [w![1]!]),
        `conv_transpose2d params do not fit k=${a.kernel}`,
      );
      const up = (n: number) => (n - 1) * a.stride - 2 * a.padding + a.kernel;
      return [x![0]!, w![1]!, up(x![2]!), up(x![3]!)];
    },
  },
  group_norm: {
    arity: 3,
    infer: ([x, g, b], a) => {
      need(
        x!.length === 4 && x![1]! % a.groups === 0,
        `group_norm: ${x![1]} channels not divisible by ${a.groups} groups`,
      );
      need(
        same(g!, [x![1]!]) && same(b!, [x![1]!]),
        `group_norm affine params do not fit ${fmt(x!)}`,
      );
      return x!;
    },
  },
  linear: {
    arity: 3,
    infer: ([x, w, b]) => {
      need(
        x!.length === 2 && w!.length === 2 && w![1] === x![1] && same(b!, [w![0]!]),
        `linear ${fmt(w!)} does not fit x ${fmt(x!)}`,
      );
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
      need(
        x!.length === 4 && same(b!, [x![0]!, x![1]!]),
        `add_channel_bias ${fmt(b!)} does not fit ${fmt(x!)}`,
      );
      return x!;
    },
  },
  concat: {
    arity: 2,
    infer: ([a, b]) => {
      need(
        a!.length === 4 && same([a![0]!, a![2]!, a![3]!], [b![0]!, b![2]!, b![3]!]),
        `concat of ${fmt(a!)} and ${fmt(b!)}`,
      );
      return [a![0]!, a![1]! + b![1]!, a![2]!, a![3]!];
    },
  },
  time_sincos: {
    arity: 1,
    infer: ([t], a) => {
      need(
        t!.length === 1 && a.dim % 2 === 0 && a.dim >= 4,
        `time_sincos dim ${a.dim} on ${fmt(t!)}`,
      );
      return [t![0]!, a.dim];
    },
  },
  group_norm_stats: {
    arity: (a) => a.sources + 2,
    infer: (ins, a) => {
      const x = concatShapes(ins.slice(0, a.sources));
      const [g, b] = ins.slice(a.sources);
      need(
        x[1]! % a.groups === 0 && same(g!, [x[1]!]) && same(b!, [x[1]!]),
        `group_norm_stats params do not fit ${fmt(x)}`,
      );
      return [x[0]!, x[1]!, 2];
    },
  },
  time_proj: {
    arity: (a) => 1 + 2 * a.outs.length,
    infer: ([t, ...ps], a) => {
      need(t!.length === 2, `time_proj expects [N, T], got ${fmt(t!)}`);
      a.outs.forEach((o, i) =>
        need(
          same(ps[2 * i]!, [o, t![1]!]) && same(ps[2 * i + 1]!, [o]),
          `time_proj weight ${i} does not fit`,
        ),
      );
      return [t![0]!, a.outs.reduce((x, y) => x + y, 0)];
    },
  },
  fused_conv2d: {
    arity: fusedConvArity,
    infer: (ins, a) => {
      const x = concatShapes(ins.slice(0, a.sources));
      let at = a.sources;
      const [w, b] = [ins[at++]!, ins[at++]!];
      const y = OPS.conv2d.infer([x, w, b], a);
      if (a.prologue !== 'none')
        need(same(ins[at++]!, [x[0]!, x[1]!, 2]), 'fused_conv2d stats do not fit');
      if (a.timeBias) {
        const t = ins[at++]!;
        need(
          t.length === 2 && t[0] === y[0] && a.timeOffset + y[1]! <= t[1]!,
          `fused_conv2d time bias ${fmt(t)} does not fit`,
        );
      }
      if (a.residual === 'add') need(same(ins[at++]!, y), 'fused_conv2d residual does not fit');
      if (a.residual === 'conv1x1') {
        const r = concatShapes(ins.slice(at, at + a.residualSources));
        at += a.residualSources;
        need(
          same(
            OPS.conv2d.infer([r, ins[at]!, ins[at + 1]!], { kernel: 1, stride: 1, padding: 0 }),
            y,
          ),
          'fused_conv2d shortcut does not fit',
        );
      }
      return y;
    },
  },
  attention: {
    arity: 1,
    infer: ([qkv], a) => {
      need(
        qkv!.length === 4 && qkv![1]! % 3 === 0,
        `attention expects [N,3C,H,W], got ${fmt(qkv!)}`,
      );
      const c = qkv![1]! / 3;
      need(c % a.heads === 0, `attention: ${a.heads} heads do not divide ${c} channels`);
      return [qkv![0]!, c, qkv![2]!, qkv![3]!];
    },
  },
};

/** Channel concatenation of several NCHW sources (the skip concat, read in place). */
function concatShapes(srcs: readonly Shape[]): Shape {
  const [n, , h, w] = srcs[0]!;
  for (const s of srcs)
    need(
      s.length === 4 && s[0] === n && s[2] === h && s[3] === w,
      `sources ${srcs.map(fmt).join(' ++ ')} do not concatenate`,
    );
  return [n!, srcs.reduce((a, s) => a + s[1]!, 0), h!, w!];
}

function fusedConvArity(a: OpAttrs['fused_conv2d']): number {
  return (
    a.sources +
    2 +
    (a.prologue !== 'none' ? 1 : 0) +
    (a.timeBias ? 1 : 0) +
    (a.residual === 'add' ? 1 : a.residual === 'conv1x1' ? a.residualSources + 2 : 0)
  );
}

export function inferShape<K extends OpName>(
  op: K,
  inputs: readonly Shape[],
  attrs: OpAttrs[K],
): Shape {
  const def = OPS[op] as OpDef<K>;
  const arity = typeof def.arity === 'number' ? def.arity : def.arity(attrs);
  need(inputs.length === arity, `${op} takes ${arity} inputs, got ${inputs.length}`);
  return def.infer(inputs, attrs);
}

export const numel = (s: Shape) => s.reduce((a, b) => a * b, 1);
export const shapeText = fmt;
