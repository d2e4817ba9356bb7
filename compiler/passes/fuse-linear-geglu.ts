/**
 * geglu(token_linear(x)) -> token_linear{epilogue: 'geglu'}: the feed-forward's GEGLU in its
 * projection's store (kernels/tokens.ts), so the [B, N, 8I] projection, the widest tensor of a
 * transformer, is never written nor read back.
 */
import type { Pass } from './rewrite.js';

export const fuseLinearGeglu: Pass = {
  name: 'fuse-linear-geglu',
  requires: [],
  rules: [
    {
      name: 'geglu(token_linear)',
      pattern: {
        op: ['geglu'],
        bind: 'geglu',
        inputs: [
          {
            op: 'token_linear',
            bind: 'linear',
            singleUse: true,
            where: (n) => n.op === 'token_linear' && n.attrs.epilogue === undefined,
          },
        ],
      },
      rewrite: (m, ctx) => {
        const lin = m.get('linear', 'token_linear');
        return ctx.emit(
          'token_linear',
          ctx.operands(lin),
          { bias: lin.attrs.bias, epilogue: 'geglu' },
          lin.scope,
        );
      },
    },
  ],
};
