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
import { type Node, type NodeOf, numel, operandPositions, type Shape } from '../ir/ops.js';
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
import { embedding } from './kernels/embedding.js';
import { laneConvTranspose2d } from './kernels/cpu/lane-conv-transpose2d.js';
import { laneConv2d } from './kernels/cpu/lane-conv2d.js';
import { type LaneEpilogue, laneEpilogues } from './kernels/cpu/lane-epilogue.js';
import { padActivate } from './kernels/cpu/pad-activate.js';
import { usesLaneConv, usesLaneConvTranspose } from './kernels/cpu/padded.js';
import { fusedConv2d } from './kernels/fused-conv2d.js';
import { convTranspose2dPhasesGpu } from './kernels/gpu/conv-transpose2d.js';
import { fusedConv2dGpu } from './kernels/gpu/fused-conv2d.js';
import { groupNormStats } from './kernels/group-norm-stats.js';
import { groupNorm } from './kernels/group-norm.js';
import { linear } from './kernels/linear.js';
import { timeProj } from './kernels/time-proj.js';
import { timeSincos } from './kernels/time-sincos.js';

/**
 * A fused conv on a software adapter, as two kernels: its input activated and padded once
 * (pad-activate.ts), then the conv over that (lane-conv2d.ts).
 */
function laneConvKernels(
  node: NodeOf<'fused_conv2d'>,
  ctx: LowerCtx,
  epilogue: LaneEpilogue,
): KernelSource[] {
  const o = operandPositions(node);
  const [x0, x1] = o.input.map((i) => ctx.shapes[i]!);
  const [n, c0, h, w] = x0 as [number, number, number, number];
  const prep = padActivate({
    n,
    c0,
    c1: x1?.[1] ?? 0,
    h,
    w,
    pad: node.attrs.padding,
    act: node.attrs.prologue,
  });
  const first = o.input[0]!;
  return [
    {
      ...prep,
      acts: [first, o.input[1] ?? first, o.norm ?? first],
      scratch: prep.shape,
      params: false,
    },
    laneConv2d(node, ctx, prep.shape, epilogue),
  ];
}

/** A phase ConvTranspose on a software adapter: its input padded once, then lane-conv-transpose2d.ts. */
function laneConvTransposeKernels(node: NodeOf<'conv_transpose2d'>, ctx: LowerCtx): KernelSource[] {
  const [n, c, h, w] = ctx.shapes[0] as [number, number, number, number];
  const prep = padActivate({ n, c0: c, c1: 0, h, w, pad: 1, act: 'none' });
  return [
    { ...prep, acts: [0, 0, 0], scratch: prep.shape, params: false },
    laneConvTranspose2d(node, ctx, prep.shape),
  ];
}

/** Weights a node's kernels read repacked (see ParamMember.interleave): position -> axis. */
function interleaved(node: Node, shapes: readonly Shape[], target: Target): Map<number, number> {
  if (node.op !== 'fused_conv2d' || !usesLaneConv(target, node, shapes)) return new Map();
  const o = operandPositions(node);
  // [Cout, Cin, k, k]: each kernel row padded to whole vec4s (lane-conv2d.ts reads one vec4 per row).
  return new Map([[o.weight, 3]]);
}

function kernelFor(
  node: Node,
  ctx: LowerCtx,
  epilogueOf: (node: NodeOf<'fused_conv2d'>) => LaneEpilogue,
): KernelSource | KernelSource[] | null {
  switch (node.op) {
    case 'input':
    case 'param':
    case 'output':
      return null;
    case 'conv2d':
      return conv2d(node, ctx);
    case 'conv_transpose2d':
      if (!node.attrs.phases) return convTranspose2d(node, ctx);
      if (usesLaneConvTranspose(ctx.target, node, ctx.shapes))
        return laneConvTransposeKernels(node, ctx);
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
    case 'embedding':
      return embedding(node, ctx);
    case 'group_norm_stats':
      return groupNormStats(node, ctx);
    case 'time_proj':
      return timeProj(node, ctx);
    case 'fused_conv2d':
      if (usesLaneConv(ctx.target, node, ctx.shapes))
        return laneConvKernels(node, ctx, epilogueOf(node));
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
  interleave: ReadonlyMap<number, number>,
): { members: ParamMember[]; offsets: Map<number, number>; size: number } {
  const members: ParamMember[] = [];
  const offsets = new Map<number, number>();
  let size = 0;
  node.inputs.forEach((id, i) => {
    const p = g.nodes[id]!;
    if (p.op !== 'param') return;
    offsets.set(i, size);
    const axis = interleave.get(i);
    if (axis !== undefined) {
      const rows = p.shape[axis]!;
      members.push({ name: p.attrs.name, shape: p.shape, offset: size, interleave: { axis } });
      size += (Math.ceil(rows / 4) * 4 * numel(p.shape)) / rows;
      return;
    }
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
        ? {
            id: n.attrs.name,
            kind: 'input',
            name: n.attrs.name,
            shape: n.shape,
            ...(n.attrs.dtype ? { dtype: n.attrs.dtype } : {}),
          }
        : out
          ? { id: out, kind: 'output', name: out, shape: n.shape }
          : { id: `t${n.id}`, kind: 'temp', name: n.scope, shape: n.shape };
    buffers.push(decl);
    bufferOf.set(n.id, decl.id);
  }

  const epilogueOf = laneEpilogues(g, target);
  const kernels: { file: string; family: string; wgsl: string }[] = [];
  const bySource = new Map<string, number>();
  const steps: Step[] = [];
  const dimsBuffers = new Map<string, string>(); // equal dims share one uniform buffer
  for (const n of g.nodes) {
    const shapes = n.inputs.map((i) => g.nodes[i]!.shape);
    const packed = packParams(n, g, interleaved(n, shapes, target));
    const ctx: LowerCtx = {
      target,
      shapes,
      param: (i) => {
        const off = packed.offsets.get(i);
        if (off === undefined) throw new Error(`%${n.id} ${n.op}: input ${i} is not a param`);
        return off;
      },
    };
    const lowered = kernelFor(n, ctx, epilogueOf);
    if (!lowered) continue;
    let paramsId: string | undefined;
    let scratch: string | undefined;
    for (const k of Array.isArray(lowered) ? lowered : [lowered]) {
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
      const positions =
        k.acts ?? n.inputs.flatMap((id, pos) => (g.nodes[id]!.op === 'param' ? [] : [pos]));
      const acts = positions.map((pos) => {
        if (pos >= 0) return bufferOf.get(n.inputs[pos]!)!;
        if (!scratch) throw new Error(`%${n.id} ${n.op}: no scratch tensor before ${k.family}`);
        return scratch;
      });
      if (packed.members.length > 0 && k.params !== false) {
        if (!paramsId) {
          // Named for its step's spec node; a second node from the same spec node gets `#2`.
          const base = `params:${n.scope}`;
          const taken = (x: string) => buffers.some((b) => b.id === x);
          let id = base;
          for (let j = 2; taken(id); j++) id = `${base}#${j}`;
          buffers.push({
            id,
            kind: 'params',
            name: n.scope,
            shape: [packed.size],
            members: packed.members,
          });
          paramsId = id;
        }
        acts.push(paramsId);
      }
      if (k.dims) {
        const key = k.dims.join(',');
        let id = dimsBuffers.get(key);
        if (!id) {
          id = `dims:${n.scope}${k.scratch ? ':prep' : ''}`;
          dimsBuffers.set(key, id);
          buffers.push({ id, kind: 'dims', name: n.scope, shape: [k.dims.length], data: k.dims });
        }
        acts.push(id);
      }
      let output = bufferOf.get(n.id)!;
      let label = `${n.scope}: ${n.op} -> [${n.shape.join(',')}]`;
      if (k.scratch) {
        scratch = `t${n.id}:${k.family}`;
        buffers.push({ id: scratch, kind: 'temp', name: n.scope, shape: k.scratch });
        output = scratch;
        label = `${n.scope}: ${k.family} -> [${k.scratch.join(',')}]`;
      }
      steps.push({
        kernel: index,
        buffers: [...acts, output],
        grid: k.grid,
        label,
        scope: n.scope,
        op: k.scratch ? k.family : n.op,
        // A preparation pass moves data only; the node's figures go to the step that computes it.
        flops: k.scratch ? 0 : nodeFlops(g, n),
        bytes: k.scratch ? 0 : nodeBytes(g, n),
      });
    }
  }
  return { name: g.name, target, buffers, kernels, steps };
}
