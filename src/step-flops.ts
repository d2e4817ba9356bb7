/**
 * FLOPs per dispatch of a compiled graph, for the benchmark's per-kernel-family GFLOP/s, counted
 * as `kiln inspect` counts them (2 per multiply-add in the convolutions, linears and attention;
 * norms and pointwise work count 0). A step's count follows from its weights, whatever operands
 * a fused op carries: a conv weight [Cout, Cin, k, k] costs 2 * Cin*k*k per output element (a
 * folded 1x1 shortcut adds its own), a transposed conv's [Cin, Cout, k, k] 2 * Cout*k*k per
 * input element, a linear's [out, in] 2 * in per output. Steps are the graph's compute nodes in
 * order, as lowering emits them. (When the manifest carries per-step FLOPs, read them there.)
 */
import type { Graph } from '../compiler/ir/graph.js';
import { numel } from '../compiler/ir/ops.js';

export function stepFlops(g: Graph): number[] {
  const out: number[] = [];
  for (const n of g.nodes) {
    if (n.op === 'input' || n.op === 'param' || n.op === 'output') continue;
    const inputs = n.inputs.map((i) => g.nodes[i]!);
    const weights = inputs.filter((p) => p.op === 'param' && p.shape.length >= 2);
    let f = 0;
    if (n.op === 'attention') {
      const [b, c, h, w] = n.shape as [number, number, number, number];
      f = 2 * 2 * b * c * (h * w) * (h * w);
    } else if (n.op === 'conv_transpose2d') {
      const x = inputs[0]!.shape;
      for (const wt of weights) f += 2 * numel(x) * (numel(wt.shape) / wt.shape[0]!);
    } else if (n.op === 'linear' || n.op === 'time_proj') {
      // [out, in] weights; time_proj packs several projections, each filling its own columns
      for (const wt of weights) f += 2 * n.shape[0]! * numel(wt.shape);
    } else {
      for (const wt of weights) f += 2 * (numel(n.shape) / wt.shape[0]!) * numel(wt.shape);
    }
    out.push(f);
  }
  return out;
}
