/** ConvTranspose 4x4 / stride 2 / pad 1 lowered as phase convolutions (see its kernel). */
import type { Pass } from './index.js';
import { rewrite } from './rewrite.js';

export const convTransposePhases: Pass = {
  name: 'conv-transpose-phases',
  run: (g) =>
    rewrite(g, (n, ctx) => {
      if (n.op !== 'conv_transpose2d' || n.attrs.phases) return undefined;
      const { kernel, stride, padding } = n.attrs;
      if (kernel !== 4 || stride !== 2 || padding !== 1 || n.shape[3]! % 2 !== 0) return undefined;
      return ctx.emit(
        'conv_transpose2d',
        n.inputs.map(ctx.map),
        { ...n.attrs, phases: true },
        n.scope,
      );
    }),
};
