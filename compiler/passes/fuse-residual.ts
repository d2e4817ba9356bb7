/**
 * Residual adds into the conv store. add(a, b) where one side is a fused_conv2d used only by
 * the add becomes that conv with residual 'add' (the other side is read in its epilogue), or
 * with residual 'conv1x1' when the other side is a plain 1x1 shortcut conv used only here:
 * the shortcut is then computed inside the same kernel, from its (possibly concatenated)
 * input. Prefers the wider kernel as the main conv, so the 3x3 of a ResBlock absorbs its 1x1.
 */
import { operandIds, type Node, type NodeOf } from '../ir/ops.js';
import type { Pass } from './index.js';
import { rewrite, type RewriteCtx } from './rewrite.js';

function candidate(ctx: RewriteCtx, add: Node, i: number): NodeOf<'fused_conv2d'> | undefined {
  const old = add.inputs[i]!;
  const n = ctx.node(ctx.map(old));
  if (n.op !== 'fused_conv2d' || n.attrs.residual !== 'none' || ctx.users(old).length !== 1)
    return undefined;
  return n;
}

const isPlainShortcut = (n: NodeOf<'fused_conv2d'> | undefined) =>
  n !== undefined &&
  n.attrs.kernel === 1 &&
  n.attrs.stride === 1 &&
  n.attrs.prologue === 'none' &&
  !n.attrs.timeBias;

function fuse(n: Node, ctx: RewriteCtx): number | undefined {
  if (n.op !== 'add') return undefined;
  const c = [candidate(ctx, n, 0), candidate(ctx, n, 1)];
  const mainSide =
    c[0] && c[1] ? (c[0].attrs.kernel >= c[1].attrs.kernel ? 0 : 1) : c[0] ? 0 : c[1] ? 1 : -1;
  if (mainSide < 0) return undefined;
  const main = c[mainSide]!;
  const other = c[1 - mainSide];
  const operands = operandIds(main);
  if (other && isPlainShortcut(other)) {
    const s = operandIds(other);
    return ctx.emitOp(
      'fused_conv2d',
      { ...operands, shortcut: s.input, shortcutWeight: s.weight, shortcutBias: s.bias },
      { ...main.attrs, residual: 'conv1x1', residualSources: s.input.length },
      main.scope,
    );
  }
  return ctx.emitOp(
    'fused_conv2d',
    { ...operands, residual: ctx.map(n.inputs[1 - mainSide]!) },
    { ...main.attrs, residual: 'add' },
    main.scope,
  );
}

export const fuseResidual: Pass = { name: 'fuse-residual', run: (g) => rewrite(g, fuse) };
