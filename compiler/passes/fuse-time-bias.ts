/**
 * Time injection into the conv epilogue. Every `add_channel_bias(conv, linear(silu(t_emb)))`
 * of the graph shares one time_proj node that computes all the projections in one dispatch
 * (emitted right after t_emb), and each conv adds its columns of it in its store.
 */
import type { Graph } from '../ir/graph.js';
import { operandIds, type NodeOf } from '../ir/ops.js';
import type { Pass } from './index.js';
import { rewrite } from './rewrite.js';

interface Match {
  readonly add: number;
  readonly linear: NodeOf<'linear'>;
  readonly temb: number;
}

function matches(g: Graph): Match[] {
  const users = (id: number) => g.nodes.filter((n) => n.inputs.includes(id)).map((n) => n.id);
  const out: Match[] = [];
  for (const n of g.nodes) {
    if (n.op !== 'add_channel_bias') continue;
    const conv = g.nodes[n.inputs[0]!]!;
    const lin = g.nodes[n.inputs[1]!]!;
    if (conv.op !== 'fused_conv2d' || conv.attrs.timeBias || users(conv.id).length !== 1) continue;
    if (lin.op !== 'linear' || lin.attrs.inAct || lin.attrs.outAct || users(lin.id).length !== 1)
      continue;
    const act = g.nodes[lin.inputs[0]!]!;
    if (act.op !== 'silu' || users(act.id).some((u) => g.nodes[u]!.op !== 'linear')) continue;
    out.push({ add: n.id, linear: lin, temb: act.inputs[0]! });
  }
  // One time_proj per t_emb value; the seed U-Net has exactly one.
  const first = out[0]?.temb;
  return out.filter((m) => m.temb === first);
}

function fuse(g: Graph): Graph {
  const ms = matches(g);
  if (ms.length === 0) return g;
  const byAdd = new Map(ms.map((m) => [m.add, m]));
  let proj = -1;
  const offsets = new Map<number, number>();
  let col = 0;
  for (const m of ms) {
    offsets.set(m.add, col);
    col += m.linear.shape[1]!;
  }
  return rewrite(g, (n, ctx) => {
    if (n.id === ms[0]!.temb) {
      const t = ctx.copy(n);
      const linears = ms.map((m) => operandIds(m.linear));
      proj = ctx.emitOp(
        'time_proj',
        {
          time: t,
          weight: linears.map((l) => ctx.map(l.weight)),
          bias: linears.map((l) => ctx.map(l.bias)),
        },
        { outs: ms.map((m) => m.linear.shape[1]!) },
        'time_proj (all ResBlocks)',
      );
      return t;
    }
    const m = byAdd.get(n.id);
    if (!m) return undefined;
    const conv = ctx.node(ctx.map(n.inputs[0]!));
    if (conv.op !== 'fused_conv2d') throw new Error('fuse-time-bias: expected a fused_conv2d');
    return ctx.emitOp(
      'fused_conv2d',
      { ...operandIds(conv), timeBias: proj },
      { ...conv.attrs, timeBias: true, timeOffset: offsets.get(n.id)! },
      conv.scope,
    );
  });
}

export const fuseTimeBias: Pass = { name: 'fuse-time-bias', run: fuse };
