/**
 * Deterministic weights initialised the way PyTorch initialises the reference modules, so a
 * spec compiles and runs (with sensible activations) before any checkpoint exists:
 * Conv2d / ConvTranspose2d / Linear: weight and bias ~ U(-1/sqrt(fan_in), 1/sqrt(fan_in))
 * (kaiming_uniform with a = sqrt(5)), fan_in as torch computes it from weight.shape[1:];
 * GroupNorm: weight 1, bias 0; Embedding: N(0, 1).
 * Fused ops (a graph after the passes) initialise the weights they absorbed the same way.
 * Each tensor draws from its own stream seeded by (seed, name), so adding a layer does not
 * change the others. The values are not torch's (different generator), only the distribution.
 */
import type { Graph } from '../ir/graph.js';
import { isActivationNode, numel, operandIds } from '../ir/ops.js';
import { mulberry32 } from './random.js';

/** FNV-1a over the name, mixed with the seed. */
function streamSeed(seed: number, name: string): number {
  let h = 0x811c9dc5 ^ (seed >>> 0);
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export function initWeights(g: Graph, seed: number): Map<string, Float32Array> {
  const out = new Map<string, Float32Array>();
  const nameOf = (id: number) => {
    const n = g.nodes[id]!;
    if (n.op !== 'param') throw new Error(`%${id} is not a param`);
    return n.attrs.name;
  };
  const fill = (id: number, bound: number) => {
    const n = g.nodes[id]!;
    const name = nameOf(id);
    const next = mulberry32(streamSeed(seed, name));
    // A plain loop: Float32Array.from with a mapping function took ~0.3 s per seed S compile.
    const data = new Float32Array(numel(n.shape));
    for (let i = 0; i < data.length; i++) data[i] = (next() * 2 - 1) * bound;
    out.set(name, data);
  };
  const normal = (id: number) => {
    const next = mulberry32(streamSeed(seed, nameOf(id)));
    const data = new Float32Array(numel(g.nodes[id]!.shape));
    for (let i = 0; i < data.length; i++)
      data[i] = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    out.set(nameOf(id), data);
  };
  const constant = (id: number, v: number) =>
    out.set(nameOf(id), new Float32Array(numel(g.nodes[id]!.shape)).fill(v));
  const linearLike = (weight: number, bias: number) => {
    const bound = 1 / Math.sqrt(numel(g.nodes[weight]!.shape.slice(1)));
    fill(weight, bound);
    fill(bias, bound);
  };
  for (const n of g.nodes) {
    if (isActivationNode(n)) continue;
    switch (n.op) {
      case 'conv2d':
      case 'conv_transpose2d':
      case 'linear': {
        const o = operandIds(n);
        linearLike(o.weight, o.bias);
        break;
      }
      case 'fused_conv2d': {
        const o = operandIds(n);
        linearLike(o.weight, o.bias);
        if (o.shortcutWeight !== undefined && o.shortcutBias !== undefined)
          linearLike(o.shortcutWeight, o.shortcutBias);
        break;
      }
      case 'time_proj': {
        const o = operandIds(n);
        o.weight.forEach((w, i) => linearLike(w, o.bias[i]!));
        break;
      }
      case 'token_linear': {
        const o = operandIds(n);
        const bound = 1 / Math.sqrt(g.nodes[o.weight]!.shape[1]!);
        fill(o.weight, bound);
        if (o.bias !== undefined) fill(o.bias, bound);
        break;
      }
      case 'group_norm':
      case 'layer_norm':
      case 'group_norm_stats': {
        const o = operandIds(n);
        constant(o.weight, 1);
        constant(o.bias, 0);
        break;
      }
      case 'embedding':
        normal(operandIds(n).weight);
        break;
      case 'input':
      case 'param':
      case 'output':
      case 'add':
      case 'add_channel_bias':
      case 'concat':
      case 'time_sincos':
      case 'attention':
      case 'pad':
      case 'upsample_nearest2x':
      case 'scale_shift':
      case 'affine':
      case 'to_tokens':
      case 'to_map':
      case 'geglu':
      case 'cross_attention':
        break;
      default: {
        const never: never = n;
        throw new Error(`no initialiser for ${(never as { op: string }).op}`);
      }
    }
  }
  return out;
}
