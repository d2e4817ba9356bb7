/**
 * Time injection into the conv epilogue. Every `add_channel_bias(conv, linear(silu(t_emb)))`
 * on one t_emb shares one time_proj node that computes all the projections in one dispatch
 * (emitted right after t_emb), and each conv adds its columns of it in its store.
 */
import { accepts } from '../ir/fused.js';
import { operandIds } from '../ir/ops.js';
import type { Pass, Rule } from './rewrite.js';

interface TimeProj {
  readonly id: number;
  /** First column of each match's projection, by root id. */
  readonly offsets: ReadonlyMap<number, number>;
}

const timeBias: Rule<TimeProj> = {
  name: 'add_channel_bias(conv, linear(silu(t_emb)))',
  pattern: {
    op: 'add_channel_bias',
    inputs: [
      {
        op: 'fused_conv2d',
        bind: 'conv',
        singleUse: true,
        where: (n) => n.op === 'fused_conv2d' && accepts(n.attrs.epilogue, 'add_channel_bias'),
      },
      {
        op: 'linear',
        bind: 'linear',
        singleUse: true,
        where: (n) => n.op === 'linear' && (n.attrs.epilogue ?? []).length === 0,
        inputs: [{ op: 'silu', bind: 'act', inputs: [{ bind: 'temb' }] }],
      },
    ],
  },
  // The SiLU may be shared, but only by projections (each computes it on the fly).
  check: (m, ctx) => ctx.users(m.id('act')).every((u) => ctx.g.nodes[u]!.op === 'linear'),
  shared: {
    anchor: (m) => m.id('temb'),
    emit: (group, ctx) => {
      const linears = group.map((m) => m.get('linear', 'linear'));
      const offsets = new Map<number, number>();
      let col = 0;
      group.forEach((m, i) => {
        offsets.set(m.root.id, col);
        col += linears[i]!.shape[1]!;
      });
      // Only the weights: the linears' own inputs (the SiLUs) come later and die.
      const ops = linears.map((l) => operandIds(l));
      const id = ctx.emit(
        'time_proj',
        {
          time: ctx.map(group[0]!.id('temb')),
          weight: ops.map((o) => ctx.map(o.weight)),
          bias: ops.map((o) => ctx.map(o.bias)),
        },
        { outs: linears.map((l) => l.shape[1]!) },
        'time_proj (all ResBlocks)',
      );
      return { id, offsets };
    },
  },
  rewrite: (m, ctx, proj) => {
    const conv = m.get('conv', 'fused_conv2d');
    const timeOffset = proj.offsets.get(m.root.id);
    if (timeOffset === undefined) throw new Error('fuse-time-bias: match outside its group');
    return ctx.emit(
      'fused_conv2d',
      { ...ctx.operands(conv), timeBias: proj.id },
      {
        ...conv.attrs,
        epilogue: [...conv.attrs.epilogue, { op: 'add_channel_bias', offset: timeOffset }],
      },
      conv.scope,
    );
  },
};

export const fuseTimeBias: Pass = {
  name: 'fuse-time-bias',
  requires: ['fuse-norm-conv'],
  rules: [timeBias],
};
