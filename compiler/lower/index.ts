/**
 * Graph -> Program: one buffer per value (inputs, params, intermediates; outputs alias the
 * value they name), one kernel per compute node, kernels deduplicated by source so identical
 * layers share one pipeline.
 */
import type { Graph } from '../ir/graph.js';
import type { Node } from '../ir/ops.js';
import type { BufferDecl, KernelSource, Program, Step } from './kernel.js';
import { attention } from './kernels/attention.js';
import { conv2d } from './kernels/conv2d.js';
import { convTranspose2d } from './kernels/conv-transpose2d.js';
import { add, addChannelBias, concat, gelu, silu } from './kernels/elementwise.js';
import { groupNorm } from './kernels/group-norm.js';
import { linear } from './kernels/linear.js';
import { timeSincos } from './kernels/time-sincos.js';

function kernelFor(node: Node, g: Graph): KernelSource | null {
  const shapes = node.inputs.map((i) => g.nodes[i]!.shape);
  switch (node.op) {
    case 'input':
    case 'param':
    case 'output':
      return null;
    case 'conv2d':
      return conv2d(node, shapes);
    case 'conv_transpose2d':
      return convTranspose2d(node, shapes);
    case 'group_norm':
      return groupNorm(node, shapes);
    case 'linear':
      return linear(node, shapes);
    case 'silu':
      return silu(node);
    case 'gelu':
      return gelu(node);
    case 'add':
      return add(node);
    case 'add_channel_bias':
      return addChannelBias(node, shapes);
    case 'concat':
      return concat(node, shapes);
    case 'time_sincos':
      return timeSincos(node);
    case 'attention':
      return attention(node, shapes);
    default: {
      const never: never = node;
      throw new Error(`no kernel for ${(never as Node).op}`);
    }
  }
}

const ident = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '_');

export function lower(g: Graph): Program {
  const bufferOf = new Map<number, string>();
  const buffers: BufferDecl[] = [];
  const outputs = new Map<number, string>();
  for (const n of g.nodes) if (n.op === 'output') outputs.set(n.inputs[0]!, n.attrs.name);

  for (const n of g.nodes) {
    let decl: BufferDecl | null;
    switch (n.op) {
      case 'input':
        decl = { id: `in_${ident(n.attrs.name)}`, kind: 'input', name: n.attrs.name, shape: n.shape };
        break;
      case 'param':
        decl = { id: `w_${ident(n.attrs.name)}`, kind: 'param', name: n.attrs.name, shape: n.shape };
        break;
      case 'output':
        decl = null;
        break;
      default: {
        const out = outputs.get(n.id);
        decl = out
          ? { id: `out_${ident(out)}`, kind: 'output', name: out, shape: n.shape }
          : { id: `t${n.id}`, kind: 'temp', name: n.scope, shape: n.shape };
      }
    }
    if (decl) {
      buffers.push(decl);
      bufferOf.set(n.id, decl.id);
    }
  }

  const kernels: { file: string; family: string; wgsl: string }[] = [];
  const bySource = new Map<string, number>();
  const steps: Step[] = [];
  for (const n of g.nodes) {
    const k = kernelFor(n, g);
    if (!k) continue;
    let index = bySource.get(k.wgsl);
    if (index === undefined) {
      index = kernels.length;
      kernels.push({ file: `${String(index).padStart(2, '0')}_${k.family}.wgsl`, family: k.family, wgsl: k.wgsl });
      bySource.set(k.wgsl, index);
    }
    steps.push({
      kernel: index,
      buffers: [...n.inputs.map((i) => bufferOf.get(i)!), bufferOf.get(n.id)!],
      grid: k.grid,
      label: `${n.scope}: ${n.op} -> [${n.shape.join(',')}]`,
    });
  }
  return { name: g.name, buffers, kernels, steps };
}
