/**
 * Residual adds into the conv store. add(a, b) where one side is a fused_conv2d used only by
 * the add becomes that conv with residual 'add' (the other side is read in its epilogue), or
 * with residual 'conv1x1' when the other side is a plain 1x1 shortcut conv used only here:
 * the shortcut is then computed inside the same kernel, from its (possibly concatenated)
 * input. The wider kernel is the main conv, so the 3x3 of a ResBlock absorbs its 1x1.
 */
import { accepts } from '../ir/fused.js';
import type { Node } from '../ir/ops.js';
import type { MatchCtx, Pass, Rule } from './rewrite.js';

/** A conv whose epilogue can take a residual stage (fused.ts: one entry per stage, in order). */
const open = (n: Node) => n.op === 'fused_conv2d' && accepts(n.attrs.epilogue, 'add');

/** A 1x1 conv that absorbed nothing but a concat of its input. */
const plainShortcut = (n: Node) =>
  n.op === 'fused_conv2d' &&
  n.attrs.kernel === 1 &&
  n.attrs.stride === 1 &&
  n.attrs.prologue.every((e) => e.op === 'concat') &&
  n.attrs.epilogue.length === 0;

const main = { op: 'fused_conv2d', bind: 'main', singleUse: true, where: open } as const;

/** Would the other side also be a main conv, with a wider kernel? Then it should be the main. */
function widerOther(ctx: MatchCtx, add: Node, mainId: number): boolean {
  const otherId = add.inputs[0] === mainId ? add.inputs[1]! : add.inputs[0]!;
  const other = ctx.g.nodes[otherId]!;
  const m = ctx.g.nodes[mainId]!;
  return (
    other.op === 'fused_conv2d' &&
    m.op === 'fused_conv2d' &&
    open(other) &&
    ctx.users(otherId).length === 1 &&
    other.attrs.kernel > m.attrs.kernel
  );
}

const shortcut: Rule = {
  name: 'add(conv, 1x1 shortcut conv)',
  pattern: {
    op: 'add',
    commute: true,
    inputs: [main, { op: 'fused_conv2d', bind: 'shortcut', singleUse: true, where: plainShortcut }],
  },
  check: (m, ctx) => !widerOther(ctx, m.root, m.id('main')),
  rewrite: (m, ctx) => {
    const conv = m.get('main', 'fused_conv2d');
    const s = ctx.operands(m.get('shortcut', 'fused_conv2d'));
    return ctx.emit(
      'fused_conv2d',
      { ...ctx.operands(conv), shortcut: s.input, shortcutWeight: s.weight, shortcutBias: s.bias },
      {
        ...conv.attrs,
        epilogue: [...conv.attrs.epilogue, { op: 'conv2d', kernel: 1, sources: s.input.length }],
      },
      conv.scope,
    );
  },
};

const residual: Rule = {
  name: 'add(conv, x)',
  pattern: { op: 'add', commute: true, inputs: [main, { bind: 'residual' }] },
  check: (m, ctx) => !widerOther(ctx, m.root, m.id('main')),
  rewrite: (m, ctx) => {
    const conv = m.get('main', 'fused_conv2d');
    return ctx.emit(
      'fused_conv2d',
      { ...ctx.operands(conv), residual: ctx.map(m.id('residual')) },
      { ...conv.attrs, epilogue: [...conv.attrs.epilogue, { op: 'add' }] },
      conv.scope,
    );
  },
};

export const fuseResidual: Pass = {
  name: 'fuse-residual',
  requires: ['fuse-norm-conv'],
  rules: [shortcut, residual],
};
