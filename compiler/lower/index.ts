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
import { type Node, numel, operandIds, operandPositions, operandsOf } from '../ir/ops.js';
import { nodeBytes, nodeFlops } from '../ir/stats.js';
import { KilnError } from '../../runtime/errors.js';
import { DEFAULT_LIMITS } from '../../runtime/format/limits.js';
import { PART_BYTES, partOffsets } from '../../runtime/format/runner-table.js';
import type {
  ActRef,
  BufferDecl,
  KernelSource,
  LowerCtx,
  ParamMember,
  Program,
  Step,
  Target,
} from './kernel.js';
import { type PickCtx, variantsFor } from './registry.js';
import { SplitRefusal, splitBindings } from './split.js';
import { MAX_GROUPS_PER_DIM } from './wgsl.js';

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes % 2 ** 20 === 0 ? 0 : 1)} MiB`;

export interface LowerOptions {
  /** Every node on its op's reference kernel (the last variant): the `--no-fuse` oracle. */
  readonly reference?: boolean;
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

export function lower(g: Graph, target: Target = 'cpu', opts: LowerOptions = {}): Program {
  const bufferOf = new Map<number, string>();
  const buffers: BufferDecl[] = [];
  const outputs = new Map<number, string>();
  for (const n of g.nodes) if (n.op === 'output') outputs.set(operandIds(n).value, n.attrs.name);

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

  /** A value's buffer as an error names it (`temp tensor down.0.res`), and its shape. */
  const described = (id: number): [string, readonly number[]] => {
    const b = buffers.find((x) => x.id === bufferOf.get(id))!;
    return [`${b.kind} tensor ${b.name}`, b.shape];
  };

  const kernels: { file: string; family: string; wgsl: string }[] = [];
  const bySource = new Map<string, number>();
  const steps: Step[] = [];
  const dimsBuffers = new Map<string, string>(); // equal dims share one uniform buffer
  for (const n of g.nodes) {
    // The one place operand names meet positions in node.inputs.
    const positions = operandPositions(n) as Readonly<
      Record<string, number | readonly number[] | undefined>
    >;
    const position = (ref: ActRef): number => {
      const [name, item] = typeof ref === 'string' ? [ref, 0] : ref;
      const v = positions[name];
      const pos = typeof v === 'number' ? v : v?.[item];
      if (pos === undefined) throw new Error(`%${n.id} ${n.op}: no operand ${name}[${item}]`);
      return pos;
    };
    const shapes = operandsOf(
      n.op,
      n.attrs as never,
      n.inputs.map((i) => g.nodes[i]!.shape),
    );
    const pick: PickCtx<typeof n.op> = { target, graph: g, shapes };
    const candidates = variantsFor(n, pick, opts.reference === true);
    if (candidates.length === 0) continue;
    // The first variant whose kernels can take the node's tensors (a tensor past PART_BYTES is
    // split across bindings, ./split.ts) within WebGPU's default limits, else the first that can
    // take them at all; the reason the last one could not, when none can.
    type Lowered = { packed: ReturnType<typeof packParams>; kernels: KernelSource[] };
    let chosen: Lowered | undefined;
    let fallback: Lowered | undefined;
    let refusal:
      | { tensor: string; shape: readonly number[]; family: string; why: string }
      | undefined;
    for (const variant of candidates) {
      const interleave = new Map(
        Object.entries(variant.interleave ?? {}).map(([name, axis]) => [
          position(name),
          axis as number,
        ]),
      );
      const packed = packParams(n, g, interleave);
      const ctx: LowerCtx = {
        ...pick,
        param: (name, item = 0) => {
          const off = packed.offsets.get(position([name, item]));
          if (off === undefined)
            throw new Error(`%${n.id} ${n.op}: operand ${name} is not a param`);
          return off;
        },
      };
      const lowered = variant.emit(
        n as never,
        ctx as never,
        variant.schedule(n as never, pick as never),
      );
      const emitted = 'wgsl' in lowered ? [lowered as KernelSource] : [...lowered];
      // Each kernel's bindings, as the loop below binds them: [what, shape].
      let scratchShape: readonly number[] | undefined;
      const fitted: KernelSource[] = [];
      let pastDefaults = false;
      for (const k of emitted) {
        const bound: [string, readonly number[]][] = (
          k.acts
            ? k.acts.map((ref) => (ref === 'scratch' ? -1 : position(ref)))
            : n.inputs.flatMap((id, pos) => (g.nodes[id]!.op === 'param' ? [] : [pos]))
        ).map((pos) =>
          pos >= 0 ? described(n.inputs[pos]!) : [`the ${n.scope} scratch`, scratchShape ?? []],
        );
        if (packed.members.length > 0 && k.params !== false)
          bound.push([`the weights of ${n.scope}`, [packed.size]]);
        if (k.dims) bound.push(['dims', [k.dims.length]]);
        bound.push(k.scratch ? [`the ${n.scope} scratch`, k.scratch] : described(n.id));
        if (k.scratch) scratchShape = k.scratch;
        const parts = new Map(
          bound.flatMap(([, shape], binding) => {
            const count = partOffsets(4 * numel(shape)).length;
            return count > 1 ? [[binding, count] as const] : [];
          }),
        );
        const count = bound.length + [...parts.values()].reduce((n, p) => n + p - 1, 0);
        // A grid past WebGPU's guaranteed workgroups per dimension (a lane conv over a large
        // image does not fold its grid), or more bindings than it guarantees (split tensors
        // count once per part), would need a limit not every adapter gives.
        pastDefaults ||=
          k.grid.some((d) => d > MAX_GROUPS_PER_DIM) ||
          count > DEFAULT_LIMITS.maxStorageBuffersPerShaderStage;
        try {
          fitted.push(parts.size > 0 ? { ...k, wgsl: splitBindings(k.wgsl, parts) } : k);
        } catch (e) {
          if (!(e instanceof SplitRefusal)) throw e;
          const [tensor, shape] = bound[[...parts.keys()][0]!]!;
          refusal = { tensor, shape, family: k.family, why: e.message };
          break;
        }
      }
      if (fitted.length < emitted.length) continue;
      // Past the default limits, the next variant if any (the bundle records what it needs).
      if (!pastDefaults) {
        chosen = { packed, kernels: fitted };
        break;
      }
      fallback ??= { packed, kernels: fitted };
    }
    chosen ??= fallback;
    if (!chosen) {
      const r = refusal!;
      throw new KilnError(
        'SPEC_INVALID',
        `${g.name}: ${r.tensor} [${r.shape.join(',')}] needs ${mib(4 * numel(r.shape))}, over the ${mib(PART_BYTES)} of one storage binding, and no ${n.op} kernel can take it split across bindings (${r.family}: ${r.why})`,
      );
    }
    const { packed } = chosen;
    let paramsId: string | undefined;
    let scratch: string | undefined;
    for (const k of chosen.kernels) {
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
      const bound = k.acts
        ? k.acts.map((ref) => (ref === 'scratch' ? -1 : position(ref)))
        : n.inputs.flatMap((id, pos) => (g.nodes[id]!.op === 'param' ? [] : [pos]));
      const acts = bound.map((pos) => {
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
