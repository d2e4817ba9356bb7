/**
 * What lowering produces. A kernel is compile-time data only (WGSL specialised to shapes and
 * its grid); a step binds a kernel to buffers by name. The runner generator and the runtime
 * see buffers and steps, never op names.
 */
import type { Shape } from '../ir/ops.js';
import type { Grid } from './wgsl.js';

/**
 * What the kernels are shaped for. 'cpu' (software adapters: lavapipe, SwiftShader): few
 * invocations with large register tiles, since each one is a SIMD lane and loads dominate.
 * 'gpu': one output per invocation, since a GPU needs tens of thousands of threads in flight
 * (measured on an H200: the cpu tiles ran 2x slower there than the gpu ones).
 */
import type { Target } from '../../runtime/format/manifest.js';

export { TARGETS, type Target } from '../../runtime/format/manifest.js';

/** What a kernel generator gets besides its node: input shapes and where its weights sit. */
export interface LowerCtx {
  readonly target: Target;
  readonly shapes: readonly Shape[];
  /** Element offset in the step's `params` buffer of the node's input `i` (a param). */
  param(i: number): number;
}

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
   * The node's input positions bound as the kernel's activations, in binding order, when they
   * are not simply every non-param input: a kernel shared by layers with different operands
   * binds a fixed list, repeating a present one where a layer has none.
   */
  readonly acts?: readonly number[];
  /**
   * For a node lowered to several kernels: this one writes a new temp of this shape (not the
   * node's output), which the next kernel binds where its `acts` say -1.
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
}
