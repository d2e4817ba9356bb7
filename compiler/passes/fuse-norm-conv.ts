/**
 * GroupNorm (+ SiLU) into the consuming convolution, and every conv2d onto the tiled fused
 * kernel. conv(silu(group_norm(x))) becomes group_norm_stats(x) -> fused_conv2d(x, stats)
 * with prologue 'affine_silu': the normalised tensor is never written. A concat feeding the
 * norm or the conv is read in place (both become `sources`). The norm and SiLU must have no
 * other users, else they stay as they are.
 */
import type { Pass } from './index.js';
import { rewrite, type RewriteCtx } from './rewrite.js';
import type { Node } from '../ir/ops.js';

/** The values whose channel concatenation is `oldId`: a concat's inputs, else itself. */
export function sourcesOf(ctx: RewriteCtx, oldId: number): number[] {
  const n = ctx.old.nodes[oldId]!;
  return n.op === 'concat' ? n.inputs.map(ctx.map) : [ctx.map(oldId)];
}

const only = (ctx: RewriteCtx, id: number, user: number) =>
  ctx.users(id).length === 1 && ctx.users(id)[0] === user;

function fuse(n: Node, ctx: RewriteCtx): number | undefined {
  if (n.op !== 'conv2d') return undefined;
  const [xId, w, b] = n.inputs as [number, number, number];
  let x = ctx.old.nodes[xId]!;
  let prologue: 'none' | 'affine' | 'affine_silu' = 'none';
  let stats: number | undefined;
  let silu = false;
  if (
    x.op === 'silu' &&
    only(ctx, x.id, n.id) &&
    ctx.old.nodes[x.inputs[0]!]!.op === 'group_norm' &&
    only(ctx, x.inputs[0]!, x.id)
  ) {
    silu = true;
    x = ctx.old.nodes[x.inputs[0]!]!;
  }
  let sources: number[];
  if (x.op === 'group_norm' && only(ctx, x.id, silu ? ctx.users(x.id)[0]! : n.id)) {
    sources = sourcesOf(ctx, x.inputs[0]!);
    stats = ctx.emitOp(
      'group_norm_stats',
      { input: sources, weight: ctx.map(x.inputs[1]!), bias: ctx.map(x.inputs[2]!) },
      { groups: x.attrs.groups, eps: x.attrs.eps, sources: sources.length },
      x.scope,
    );
    prologue = silu ? 'affine_silu' : 'affine';
  } else {
    sources = sourcesOf(ctx, xId);
  }
  return ctx.emitOp(
    'fused_conv2d',
    {
      input: sources,
      weight: ctx.map(w),
      bias: ctx.map(b),
      norm: stats,
      timeBias: undefined,
      residual: undefined,
      shortcut: [],
      shortcutWeight: undefined,
      shortcutBias: undefined,
    },
    {
      ...n.attrs,
      sources: sources.length,
      prologue,
      timeBias: false,
      timeOffset: 0,
      residual: 'none',
      residualSources: 0,
    },
    n.scope,
  );
}

export const fuseNormConv: Pass = { name: 'fuse-norm-conv', run: (g) => rewrite(g, fuse) };
