/**
 * Graph -> Program. Activations get one buffer per value (inputs, intermediates; outputs alias
 * the value they name; the memory plan later lets intermediates share). Each compute node
 * becomes one step whose weights are packed into one `params` buffer of its own, so a kernel
 * binds its activations, one params buffer and its output, however many weights it reads
 * (a fused ResBlock conv reads four): that keeps every kernel within WebGPU's default of 8
 * storage buffers per stage. Offsets inside a params buffer depend only on the shapes, so
 * identical layers still share one kernel, deduplicated by source.
 */
import type { Graph } from '../ir/graph.js';
import { numel, type Node } from '../ir/ops.js';
import { nodeBytes, nodeFlops } from '../ir/stats.js';
import type {
  BufferDecl,
  KernelSource,
  LowerCtx,
  ParamMember,
  Program,
  Step,
  Target,
} from './kernel.js';
import { attention } from './kernels/attention.js';
import { conv2d } from './kernels/conv2d.js';
import { convTranspose2d, convTranspose2dPhases } from './kernels/conv-transpose2d.js';
import { add, addChannelBias, concat, gelu, silu } from './kernels/elementwise.js';
import { fusedConv2d } from './kernels/fused-conv2d.js';
import { convTranspose2dPhasesGpu } from './kernels/gpu/conv-transpose2d.js';
import { fusedConv2dGpu } from './kernels/gpu/fused-conv2d.js';
import { groupNormStats } from './kernels/group-norm-stats.js';
import { groupNorm } from './kernels/group-norm.js';
import { linear } from './kernels/linear.js';
import { timeProj } from './kernels/time-proj.js';
import { timeSincos } from './kernels/time-sincos.js';

function kernelFor(node: Node, ctx: LowerCtx): KernelSource | null {
  switch (node.op) {
    case 'input':
    case 'param':
    case 'output':
      return null;
    case 'conv2d':
      return conv2d(node, ctx);
    case 'conv_transpose2d':
      if (!node.attrs.phases) return convTranspose2d(node, ctx);
      return (
        (ctx.target === 'gpu' && convTranspose2dPhasesGpu(node, ctx)) ||
        convTranspose2dPhases(node, ctx)
      );
    case 'group_norm':
      return groupNorm(node, ctx);
    case 'linear':
      return linear(node, ctx);
    case 'silu':
      return silu(node, ctx);
    case 'gelu':
      return gelu(node, ctx);
    case 'add':
      return add(node, ctx);
    case 'add_channel_bias':
      return addChannelBias(node, ctx);
    case 'concat':
      return concat(node, ctx);
    case 'time_sincos':
      return timeSincos(node, ctx);
    case 'attention':
      return attention(node, ctx);
    case 'group_norm_stats':
      return groupNormStats(node, ctx);
    case 'time_proj':
      return timeProj(node, ctx);
    case 'fused_conv2d':
      return (ctx.target === 'gpu' && fusedConv2dGpu(node, ctx)) || fusedConv2d(node, ctx);
    default: {
      const never: never = node;
      throw new Error(`no kernel for ${(never as Node).op}`);
    }
  }
}

/** Members at 4-element (16-byte) aligned offsets, in input order. */
function packParams(
  node: Node,
  g: Graph,
): { members: ParamMember[]; offsets: Map<number, number>; size: number } {
  const members: ParamMember[] = [];
  const offsets = new Map<number, number>();
  let size = 0;
  node.inputs.forEach((id, i) => {
    const p = g.nodes[id]!;
    if (p.op !== 'param') return;
    offsets.set(i, size);
    members.push({ name: p.attrs.name, shape: p.shape, offset: size });
    size += Math.ceil(numel(p.shape) / 4) * 4;
  });
  return { members, offsets, size };
}

export function lower(g: Graph, target: Target = 'cpu'): Program {
  const bufferOf = new Map<number, string>();
  const buffers: BufferDecl[] = [];
  const outputs = new Map<number, string>();
  for (const n of g.nodes) if (n.op === 'output') outputs.set(n.inputs[0]!, n.attrs.name);

  for (const n of g.nodes) {
    if (n.op === 'param' || n.op === 'output') continue;
    const out = outputs.get(n.id);
    const decl: BufferDecl =
      n.op === 'input'
        ? { id: n.attrs.name, kind: 'input', name: n.attrs.name, shape: n.shape }
        : out
          ? { id: out, kind: 'output', name: out, shape: n.shape }
          : { id: `t${n.id}`, kind: 'temp', name: n.scope, shape: n.shape };
    buffers.push(decl);
    bufferOf.set(n.id, decl.id);
  }

  const kernels: { file: string; family: string; wgsl: string }[] = [];
  const bySource = new Map<string, number>();
  const steps: Step[] = [];
  const dimsBuffers = new Map<string, string>(); // equal dims share one uniform buffer
  for (const n of g.nodes) {
    const packed = packParams(n, g);
    const ctx: LowerCtx = {
      target,
      shapes: n.inputs.map((i) => g.nodes[i]!.shape),
      param: (i) => {
        const off = packed.offsets.get(i);
        if (off === undefined) throw new Error(`%${n.id} ${n.op}: input ${i} is not a param`);
        return off;
      },
    };
    const k = kernelFor(n, ctx);
    if (!k) continue;
    let index = bySource.get(k.wgsl);
    if (index === undefined) {
      index = kernels.length;
      kernels.push({
        file: `${String(index).padStart(2, '0')}_${k.family}.wgsl`,
        family: k.family,
        wgsl: k.wgsl,
      });
      bySource.set(k.wgsl, index);
    }
    const acts = n.inputs.filter((i) => g.nodes[i]!.op !== 'param').map((i) => bufferOf.get(i)!);
    if (packed.members.length > 0) {
      // Named for its step's spec node; a second step from the same node gets `#2`.
      const base = `params:${n.scope}`;
      const taken = (x: string) => buffers.some((b) => b.id === x);
      let id = base;
      for (let k = 2; taken(id); k++) id = `${base}#${k}`;
      buffers.push({
        id,
        kind: 'params',
        name: n.scope,
        shape: [packed.size],
        members: packed.members,
      });
      acts.push(id);
    }
    if (k.dims) {
      const key = k.dims.join(',');
      let id = dimsBuffers.get(key);
      if (!id) {
        id = `dims:${n.scope}`;
        dimsBuffers.set(key, id);
        buffers.push({ id, kind: 'dims', name: n.scope, shape: [k.dims.length], data: k.dims });
      }
      acts.push(id);
    }
    steps.push({
      kernel: index,
      buffers: [...acts, bufferOf.get(n.id)!],
      grid: k.grid,
      label: `${n.scope}: ${n.op} -> [${n.shape.join(',')}]`,
      scope: n.scope,
      op: n.op,
      flops: nodeFlops(g, n),
      bytes: nodeBytes(g, n),
    });
  }
  return { name: g.name, target, buffers, kernels, steps };
}
