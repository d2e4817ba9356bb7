/**
 * GroupNorm (+ SiLU) into the consuming convolution, and every conv2d onto the tiled fused
 * kernel. conv(silu(group_norm(x))) becomes group_norm_stats(x) -> fused_conv2d(x, norm=stats)
 * with prologue 'affine_silu': the normalised tensor is never written. A concat feeding the
 * norm or the conv is read in place (its inputs become the `input` sources). The norm and SiLU
 * must have no other users, else they stay as they are and the conv reads the SiLU's output.
 */
import type { NodeOf } from '../ir/ops.js';
import type { Pass, RewriteCtx, Rule } from './rewrite.js';

/** The values whose channel concatenation is `oldId`: a concat's inputs, else itself. */
function sourcesOf(ctx: RewriteCtx, oldId: number): number[] {
  const n = ctx.old.nodes[oldId]!;
  return n.op === 'concat' ? n.inputs.map(ctx.map) : [ctx.map(oldId)];
}

function fusedConv(
  ctx: RewriteCtx,
  conv: NodeOf<'conv2d'>,
  sources: number[],
  norm: { stats: number; silu: boolean } | undefined,
): number {
  const { weight, bias } = ctx.operands(conv);
  return ctx.emit(
    'fused_conv2d',
    {
      input: sources,
      weight,
      bias,
      norm: norm?.stats,
      timeBias: undefined,
      residual: undefined,
      shortcut: [],
      shortcutWeight: undefined,
      shortcutBias: undefined,
    },
    {
      ...conv.attrs,
      sources: sources.length,
      prologue: norm === undefined ? 'none' : norm.silu ? 'affine_silu' : 'affine',
      timeBias: false,
      timeOffset: 0,
      residual: 'none',
      residualSources: 0,
    },
    conv.scope,
  );
}

/** conv(maybe silu(group_norm(x))) with the norm (and SiLU) absorbed. */
function normConv(silu: boolean): Rule {
  const norm = {
    op: 'group_norm',
    bind: 'norm',
    singleUse: true,
    inputs: [{ bind: 'x' }],
  } as const;
  return {
    name: silu ? 'conv(silu(group_norm))' : 'conv(group_norm)',
    pattern: {
      op: 'conv2d',
      bind: 'conv',
      inputs: [silu ? { op: 'silu', singleUse: true, inputs: [norm] } : norm],
    },
    rewrite: (m, ctx) => {
      const gn = m.get('norm', 'group_norm');
      const sources = sourcesOf(ctx, m.id('x'));
      const { weight, bias } = ctx.operands(gn);
      const stats = ctx.emit(
        'group_norm_stats',
        { input: sources, weight, bias },
        { groups: gn.attrs.groups, eps: gn.attrs.eps, sources: sources.length },
        gn.scope,
      );
      return fusedConv(ctx, m.get('conv', 'conv2d'), sources, { stats, silu });
    },
  };
}

const plainConv: Rule = {
  name: 'conv',
  pattern: { op: 'conv2d', bind: 'conv', inputs: [{ bind: 'x' }] },
  rewrite: (m, ctx) =>
    fusedConv(ctx, m.get('conv', 'conv2d'), sourcesOf(ctx, m.id('x')), undefined),
};

export const fuseNormConv: Pass = {
  name: 'fuse-norm-conv',
  requires: [],
  rules: [normConv(true), normConv(false), plainConv],
};
