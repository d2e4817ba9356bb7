/** gelu(linear(x)) -> linear{outAct: gelu}: the time MLP's activation in the matmul's store. */
import type { Pass } from './rewrite.js';

export const fuseLinearAct: Pass = {
  name: 'fuse-linear-act',
  requires: [],
  rules: [
    {
      name: 'gelu(linear)',
      pattern: {
        op: 'gelu',
        inputs: [
          {
            op: 'linear',
            bind: 'linear',
            singleUse: true,
            where: (n) => n.op === 'linear' && !n.attrs.outAct,
          },
        ],
      },
      rewrite: (m, ctx) => {
        const lin = m.get('linear', 'linear');
        return ctx.emit('linear', ctx.operands(lin), { ...lin.attrs, outAct: 'gelu' }, lin.scope);
      },
    },
  ],
};
