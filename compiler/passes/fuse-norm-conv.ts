/**
 * GroupNorm (+ an activation) into the consuming convolution, and every conv2d onto the tiled
 * fused kernel. conv(act(group_norm(x))) becomes group_norm_stats(x) -> fused_conv2d(x,
 * norm=stats) with prologue [group_norm, act]: the normalised tensor is never written. A concat
 * feeding the norm or the conv is read in place (prologue concat; its inputs become the `input`
 * sources). The norm and activation must have no other users, else they stay as they are and
 * the conv reads the activation's output. Every rule consumes its conv2d, so none matches twice.
 */
import { ACTIVATION_NAMES, type ActivationName } from '../ir/activations.js';
import type { PrologueEntry } from '../ir/fused.js';
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
  norm: { stats: number; entries: PrologueEntry[] } | undefined,
): number {
  const { weight, bias } = ctx.operands(conv);
  const concat: PrologueEntry[] =
    sources.length > 1 ? [{ op: 'concat', sources: sources.length }] : [];
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
    { ...conv.attrs, prologue: [...concat, ...(norm?.entries ?? [])], epilogue: [] },
    conv.scope,
  );
}

/** conv(maybe act(group_norm(x))) with the norm (and activation) absorbed. */
function normConv(withAct: boolean): Rule {
  const norm = {
    op: 'group_norm',
    bind: 'norm',
    singleUse: true,
    inputs: [{ bind: 'x' }],
  } as const;
  return {
    name: withAct ? 'conv(act(group_norm))' : 'conv(group_norm)',
    pattern: {
      op: 'conv2d',
      bind: 'conv',
      inputs: [
        withAct ? { op: ACTIVATION_NAMES, bind: 'act', singleUse: true, inputs: [norm] } : norm,
      ],
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
      const entries: PrologueEntry[] = [{ op: 'group_norm', ...gn.attrs }];
      if (withAct) entries.push({ op: ctx.old.nodes[m.id('act')]!.op as ActivationName });
      return fusedConv(ctx, m.get('conv', 'conv2d'), sources, { stats, entries });
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
