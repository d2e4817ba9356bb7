/** gelu(linear(x)) -> linear{outAct: gelu}: the time MLP's activation in the matmul's store. */
import type { Pass } from './index.js';
import { rewrite } from './rewrite.js';

export const fuseLinearAct: Pass = {
  name: 'fuse-linear-act',
  run: (g) =>
    rewrite(g, (n, ctx) => {
      if (n.op !== 'gelu') return undefined;
      const lin = ctx.node(ctx.map(n.inputs[0]!));
      if (lin.op !== 'linear' || lin.attrs.outAct || ctx.users(n.inputs[0]!).length !== 1)
        return undefined;
      return ctx.emit('linear', lin.inputs, { ...lin.attrs, outAct: 'gelu' }, lin.scope);
    }),
};
