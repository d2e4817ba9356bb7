/**
 * Static figures of a graph, before or after the passes: parameters, FLOPs per forward and
 * bytes moved, per node and in total.
 * - FLOPs: 2 per multiply-add in the convolutions, linears and attention matmuls that dominate
 *   (pointwise ops and norms count 0, as in the usual PyTorch counters). A fused op counts
 *   what it absorbed (a fused conv its 1x1 shortcut, time_proj every projection), so the
 *   graph after the passes has the same total as the graph as built.
 * - Bytes moved: the compulsory traffic of a step, every operand (activations and weights)
 *   read once and the output written once, in f32. Re-reads that caches save or miss are not
 *   counted; this is the floor a kernel's memory traffic is measured against.
 */
import type { Graph } from './graph.js';
import { isActivationNode, numel, operandIds, type Node } from './ops.js';

export interface GraphStats {
  readonly params: number;
  readonly flops: number;
  readonly bytes: number;
  /** One buffer per value: what the memory plan improves on. */
  readonly activationBytes: number;
}

const F32 = 4;

/** FLOPs of one node (2 per multiply-add). */
export function nodeFlops(g: Graph, n: Node): number {
  const shape = (id: number) => g.nodes[id]!.shape;
  if (isActivationNode(n)) return 0;
  switch (n.op) {
    case 'input':
    case 'param':
    case 'output':
    case 'group_norm':
    case 'group_norm_stats':
    case 'add':
    case 'add_channel_bias':
    case 'concat':
    case 'time_sincos':
    case 'pad':
    case 'upsample_nearest2x':
    case 'scale_shift':
    case 'affine':
    case 'to_tokens':
    case 'to_map':
    case 'layer_norm':
    case 'geglu':
    case 'embedding':
      return 0;
    case 'token_linear': {
      const w = shape(operandIds(n).weight);
      return 2 * n.shape[0]! * n.shape[1]! * w[0]! * w[1]!;
    }
    case 'cross_attention': {
      // q k^T and softmax(.) v: [N x S] by I per batch item each.
      const [b, q, i] = n.shape as [number, number, number];
      return 2 * 2 * b * q * shape(operandIds(n).k)[1]! * i;
    }
    case 'conv2d':
      return 2 * numel(n.shape) * numel(shape(operandIds(n).weight).slice(1));
    case 'conv_transpose2d': {
      const o = operandIds(n);
      return 2 * numel(shape(o.input)) * numel(shape(o.weight).slice(1));
    }
    case 'linear':
      return 2 * numel(n.shape) * shape(operandIds(n).weight)[1]!;
    case 'time_proj':
      return operandIds(n).weight.reduce((sum, w) => sum + 2 * n.shape[0]! * numel(shape(w)), 0);
    case 'fused_conv2d': {
      const o = operandIds(n);
      const main = 2 * numel(n.shape) * numel(shape(o.weight).slice(1));
      const sc =
        o.shortcutWeight === undefined ? 0 : 2 * numel(n.shape) * shape(o.shortcutWeight)[1]!;
      return main + sc;
    }
    case 'attention': {
      // q k^T and softmax(.) v, each [hw x hw] by c per batch item.
      const [b, c, h, w] = n.shape as [number, number, number, number];
      return 2 * 2 * b * c * (h * w) * (h * w);
    }
    default: {
      const never: never = n;
      throw new Error(`no FLOP rule for ${(never as Node).op}`);
    }
  }
}

/** Compulsory bytes moved by one computing node: its operands read once, its output written. */
export function nodeBytes(g: Graph, n: Node): number {
  if (n.op === 'input' || n.op === 'param' || n.op === 'output') return 0;
  // A gather reads its ids and only the rows it picks, not the whole table.
  if (n.op === 'embedding') return F32 * (n.shape[0]! + 2 * numel(n.shape));
  const read = n.inputs.reduce((sum, id) => sum + numel(g.nodes[id]!.shape), 0);
  return F32 * (read + numel(n.shape));
}

export function graphStats(g: Graph): GraphStats {
  let params = 0;
  let flops = 0;
  let bytes = 0;
  let activationBytes = 0;
  for (const n of g.nodes) {
    if (n.op === 'param') params += numel(n.shape);
    else if (n.op !== 'output') activationBytes += numel(n.shape) * F32;
    flops += nodeFlops(g, n);
    bytes += nodeBytes(g, n);
  }
  return { params, flops, bytes, activationBytes };
}
