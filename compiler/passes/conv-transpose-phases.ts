/** ConvTranspose 4x4 / stride 2 / pad 1 lowered as phase convolutions (see its kernel). */
import type { Pass } from './rewrite.js';

export const convTransposePhases: Pass = {
  name: 'conv-transpose-phases',
  requires: [],
  rules: [
    {
      name: 'conv_transpose2d 4x4/s2/p1',
      pattern: {
        op: 'conv_transpose2d',
        bind: 'up',
        where: (n) =>
          n.op === 'conv_transpose2d' &&
          !n.attrs.phases &&
          n.attrs.kernel === 4 &&
          n.attrs.stride === 2 &&
          n.attrs.padding === 1 &&
          n.shape[3]! % 2 === 0,
      },
      rewrite: (m, ctx) => {
        const up = m.get('up', 'conv_transpose2d');
        return ctx.emit(
          'conv_transpose2d',
          ctx.operands(up),
          { ...up.attrs, phases: true },
          up.scope,
        );
      },
    },
  ],
};
