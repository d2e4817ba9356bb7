/**
 * Static figures of a graph: parameters, FLOPs per forward (2 per multiply-add, counting the
 * convolutions, linears and attention matmuls that dominate; pointwise ops and norms are not
 * counted, as in the usual PyTorch counters), and activation memory with one buffer per value.
 */
import type { Graph } from './graph.js';
import { numel } from './ops.js';

export interface GraphStats {
  readonly params: number;
  readonly flops: number;
  readonly activationBytes: number;
}

export function graphStats(g: Graph): GraphStats {
  let params = 0;
  let flops = 0;
  let activationBytes = 0;
  for (const n of g.nodes) {
    const shapeOf = (i: number) => g.nodes[n.inputs[i]!]!.shape;
    switch (n.op) {
      case 'param':
        params += numel(n.shape);
        break;
      case 'conv2d':
        flops += 2 * numel(n.shape) * numel(shapeOf(1).slice(1));
        break;
      case 'conv_transpose2d':
        flops += 2 * numel(shapeOf(0)) * numel(shapeOf(1).slice(1));
        break;
      case 'linear':
        flops += 2 * numel(n.shape) * shapeOf(1)[1]!;
        break;
      case 'attention': {
        const [b, c, h, w] = n.shape as [number, number, number, number];
        flops += 2 * 2 * b * c * (h * w) * (h * w);
        break;
      }
      default:
        break;
    }
    if (n.op !== 'param' && n.op !== 'output') activationBytes += numel(n.shape) * 4;
  }
  return { params, flops, activationBytes };
}
