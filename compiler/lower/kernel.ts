/**
 * What lowering produces. A kernel is compile-time data only (WGSL specialised to shapes and
 * its grid); a step binds a kernel to buffers by name. The runner generator and the runtime
 * see buffers and steps, never op names.
 */
import type { Grid } from './wgsl.js';

export interface KernelSource {
  /** Short family name, used in file names (`conv2d`, `group_norm`, ...). */
  readonly family: string;
  readonly wgsl: string;
  readonly grid: Grid;
}

export type BufferKind = 'input' | 'param' | 'temp' | 'output';

export interface BufferDecl {
  /** Identifier used in generated code. */
  readonly id: string;
  readonly kind: BufferKind;
  /** Tensor name for inputs/params/outputs (`x`, `init_conv.weight`, `out`); scope for temps. */
  readonly name: string;
  readonly shape: readonly number[];
}

export interface Step {
  /** Index into Program.kernels (kernels are deduplicated by source). */
  readonly kernel: number;
  /** Buffer ids in binding order. */
  readonly buffers: readonly string[];
  readonly grid: Grid;
  /** Human-readable provenance for comments: `down_blocks.0.res.block1.2: conv2d`. */
  readonly label: string;
}

export interface Program {
  readonly name: string;
  readonly buffers: readonly BufferDecl[];
  readonly kernels: readonly { readonly file: string; readonly family: string; readonly wgsl: string }[];
  readonly steps: readonly Step[];
}
