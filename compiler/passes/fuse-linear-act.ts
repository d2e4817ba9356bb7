/**
 * act(linear(x)) -> linear{epilogue: [act]}: the time MLP's GELU in the matmul's store. Any
 * activation of the table (compiler/ir/activations.ts) fuses; the linear kernel applies one.
 */
import { ACTIVATION_NAMES } from '../ir/activations.js';
import type { Pass } from './rewrite.js';

export const fuseLinearAct: Pass = {
  name: 'fuse-linear-act',
  requires: [],
  rules: [
    {
      name: 'act(linear)',
      pattern: {
        op: ACTIVATION_NAMES,
        bind: 'act',
        inputs: [
          {
            op: 'linear',
            bind: 'linear',
            singleUse: true,
            // Its store applies one activation: a linear that has one is not an input here.
            where: (n) => n.op === 'linear' && (n.attrs.epilogue ?? []).length === 0,
          },
        ],
      },
      rewrite: (m, ctx) => {
        const lin = m.get('linear', 'linear');
        const act = ctx.old.nodes[m.id('act')]!.op as (typeof ACTIVATION_NAMES)[number];
        return ctx.emit('linear', ctx.operands(lin), { epilogue: [{ op: act }] }, lin.scope);
      },
    },
  ],
};
