/**
 * What lowering produces. A kernel is compile-time data only (WGSL specialised to shapes and
 * its grid); a step binds a kernel to buffers by name. The runner generator and the runtime
 * dispatch buffers and steps; a step's op name is a label for profiles and the manifest only.
 */
import type { OperandName, Operands, OpName, Shape } from '../ir/ops.js';
import type { Graph } from '../ir/graph.js';
import type { Grid } from './wgsl.js';

/**
 * What the kernels are shaped for. 'cpu' (software adapters: lavapipe, SwiftShader): few
 * invocations with large register tiles, since each one is a SIMD lane and loads dominate.
 * 'gpu': workgroup-shared tiles with a small tile per thread, since a GPU needs tens of
 * thousands of threads in flight (measured on an H200: the cpu tiles ran 2x slower there than
 * the gpu ones). Which kernel each target gets is the registry's (registry.ts).
 */
import type { Target } from '../../runtime/format/manifest.js';

export { TARGETS, type Target } from '../../runtime/format/manifest.js';

/**
 * What a kernel generator gets besides its node: its operands' shapes and where its weights sit,
 * both by operand name (OPERANDS in compiler/ir/ops.ts), never by position.
 */
export interface LowerCtx<K extends OpName = OpName> {
  readonly target: Target;
  /** The whole graph, for kernels shared by several nodes (lane-epilogue.ts). */
  readonly graph: Graph;
  readonly shapes: Operands<K, Shape>;
  /** Element offset in the step's `params` buffer of weight operand `name` (item `i` of a list). */
  param(name: OperandName<K>, i?: number): number;
}

/**
 * An operand a kernel binds as an activation: its name (item 0 of a list), [name, item], or
 * 'scratch', the temp the node's previous kernel wrote (see KernelSource.scratch).
 */
export type ActRef = string | readonly [string, number];

export interface KernelSource {
  /** Short family name, used in file names (`conv2d`, `group_norm`, ...). */
  readonly family: string;
  readonly wgsl: string;
  readonly grid: Grid;
  /**
   * The values of the kernel's `dims` uniform (u32), when it reads its shapes from one instead
   * of having them baked in: layers that differ only in shape then share one kernel.
   */
  readonly dims?: readonly number[];
  /**
   * The operands bound as the kernel's activations, in binding order, when they are not simply
   * every non-param input: a kernel shared by layers with different operands binds a fixed
   * list, repeating a present one where a layer has none.
   */
  readonly acts?: readonly ActRef[];
  /**
   * For a node lowered to several kernels: this one writes a new temp of this shape (not the
   * node's output), which the next kernel binds where its `acts` say 'scratch'.
   */
  readonly scratch?: readonly number[];
  /** False when the kernel binds none of the node's weights (a preparation pass). */
  readonly params?: false;
}

export type BufferKind = 'input' | 'params' | 'dims' | 'temp' | 'output';

/** A weight inside a step's packed params buffer, `offset` in f32 elements. */
export interface ParamMember {
  readonly name: string;
  readonly shape: readonly number[];
  readonly offset: number;
  /**
   * Packed with the dimension `axis` in groups of 4 as the innermost one:
   * [outer][ceil(rows / 4)][cols][4] where rows = shape[axis], outer the product of the
   * dimensions before it and cols of those after it, zero-filled past the last row. The cpu
   * conv (lane-conv2d.ts) packs over the last axis, which pads each kernel row to whole vec4s.
   * The runner repacks as it writes.
   */
  readonly interleave?: { readonly axis: number };
}

export interface BufferDecl {
  /** Its key in the generated runner: the tensor name (`x`, `out`), `params:<spec node>` or a temp / plan slot. */
  readonly id: string;
  readonly kind: BufferKind;
  /** Tensor name for inputs/outputs (`x`, `out`); the consuming node's scope for params and temps. */
  readonly name: string;
  readonly shape: readonly number[];
  /** For kind 'input': i32 values (class ids) instead of f32. */
  readonly dtype?: 'i32';
  /** For kind 'params': the weights packed into this buffer. */
  readonly members?: readonly ParamMember[];
  /** For kind 'dims': the u32 values, written once when the runner is built. */
  readonly data?: readonly number[];
}

export interface Step {
  /** Index into Program.kernels (kernels are deduplicated by source). */
  readonly kernel: number;
  /** Buffer ids in binding order: activations, params, dims, the output last. */
  readonly buffers: readonly string[];
  readonly grid: Grid;
  /** Human-readable provenance for comments: `down_blocks.0.res.block1.2: conv2d -> [1,32,32,32]`. */
  readonly label: string;
  /** The spec node (module path) the step computes, e.g. `down_blocks.0.res.block1.2`. */
  readonly scope: string;
  /** The IR op it runs. */
  readonly op: string;
  /** FLOPs (2 per multiply-add) and compulsory bytes moved: see compiler/ir/stats.ts. */
  readonly flops: number;
  readonly bytes: number;
}

export interface Program {
  readonly name: string;
  readonly target: Target;
  readonly buffers: readonly BufferDecl[];
  readonly kernels: readonly {
    readonly file: string;
    readonly family: string;
    readonly wgsl: string;
  }[];
  readonly steps: readonly Step[];
  /** The weights' element type on the GPU: f32 unless 'f16' (lower/f16-weights.ts). */
  readonly weights?: 'f16';
}
