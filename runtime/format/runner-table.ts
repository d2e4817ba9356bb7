/**
 * The runner format: what a generated source/<target>/runner.ts holds (compiler/emit/runner.ts
 * writes it) and what runtime/interpreter.ts runs. A runner is data only, one table per kind of
 * thing it makes on the GPU, so each bundle carries its model and the code that runs it lives
 * once, in the runtime, bundled into model.mjs beside the tables.
 */

/**
 * A weight in a packed params buffer (one per spec node that has weights, named for it): its
 * state_dict() name, its shape, its offset in f32 elements, and, when present, the axis packed in
 * groups of 4 as the innermost one (see `interleave4`). A name that starts with `.` continues its
 * buffer's name (`conv` + `.weight`).
 */
export type ParamRow = readonly [
  name: string,
  shape: readonly number[],
  offset: number,
  interleaveAxis?: number,
];

/**
 * One compute dispatch: what it computes (`down_blocks.0.res.block1.2: fused_conv2d ->
 * [1,32,32,32]`), its kernel (index into RunnerTable.kernels: the number its file starts with),
 * its workgroup grid (trailing 1s left out, as dispatchWorkgroups does), and its bindings in
 * order (activations, params, a shape uniform, the output last), each a buffer's name or, for a
 * shape uniform, its u32 values inline (the interpreter makes one uniform buffer per distinct
 * list). Fields a later target needs (a batch layout, say) follow as optional elements, read in
 * the interpreter's `dispatch`, the one place a row becomes GPU commands.
 */
export type DispatchRow = readonly [
  label: string,
  kernel: number,
  grid: readonly [x: number, y?: number, z?: number],
  bind: readonly (string | readonly number[])[],
  batch?: RowBatch,
];

/**
 * How a grid covers the batch, so that fewer images than compiled can run (runtime/batch.ts):
 * `z` (the image is workgroup_id.z), or a flat index space with the image outermost, `per`
 * units per image and `wg` units per workgroup, folded into y past the per-dimension limit (the
 * index is x + y * num_workgroups.x * wg). A grid without one always runs whole.
 */
export type BatchLayout = { readonly z: true } | { readonly per: number; readonly wg: number };

/**
 * A BatchLayout as a dispatch row writes it: 'z', or [per, wg]. Only runners compiled for more
 * than one image carry it, since one image never runs fewer.
 */
export type RowBatch = 'z' | readonly [per: number, wg: number];

export const rowBatch = (layout: BatchLayout): RowBatch =>
  'z' in layout ? 'z' : [layout.per, layout.wg];

export const batchLayout = (row: RowBatch | undefined): BatchLayout | undefined =>
  row === undefined ? undefined : row === 'z' ? { z: true } : { per: row[0], wg: row[1] };

/** A variant's forward pass (a generated runner.ts's default export). */
export interface RunnerTable {
  /** Tensor name -> shape (f32, NCHW); each is also the name of its GPU buffer. */
  readonly inputs: Readonly<Record<string, readonly number[]>>;
  readonly outputs: Readonly<Record<string, readonly number[]>>;
  /** [file name, WGSL] per distinct kernel: `kernels/<its number>_<family>.wgsl`. */
  readonly kernels: readonly (readonly [file: string, code: string])[];
  /** Params buffer name (its spec node) -> the weights packed into it. */
  readonly params: Readonly<Record<string, readonly ParamRow[]>>;
  /**
   * 'f16': the params buffers hold f16 (2 bytes an element) and the kernels widen each read
   * (an f16 bundle's twin runner, for adapters with shader-f16); f32 when absent.
   */
  readonly weights?: 'f16';
  /** The memory plan's slots for intermediates, name -> bytes (each holds several outputs in turn). */
  readonly temps: Readonly<Record<string, number>>;
  readonly dispatches: readonly DispatchRow[];
  /**
   * Buffers past PART_BYTES -> the element offsets of their parts (`partOffsets`): every
   * dispatch binds such a buffer as that many consecutive bindings, one per range, which its
   * kernel declares as `x_0`, `x_1`, ... (compiler/lower/split.ts). Absent when none is split.
   */
  readonly parts?: Readonly<Record<string, readonly number[]>>;
}

/**
 * The most bytes one binding of a split tensor covers: WebGPU's default
 * maxStorageBufferBindingSize (128 MiB), which every adapter gives, and a multiple of the 256-byte
 * minStorageBufferOffsetAlignment, so every part starts where a binding may.
 */
export const PART_BYTES = 134_217_728;

/** Element (f32) offsets of the parts a buffer of `bytes` is bound as: [0] when it is whole. */
export function partOffsets(bytes: number): number[] {
  const n = Math.max(1, Math.ceil(bytes / PART_BYTES));
  return Array.from({ length: n }, (_, k) => (k * PART_BYTES) / 4);
}

/** Elements of a tensor of this shape. */
export const numel = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** A weight's full state_dict() name (a row name may be relative to its buffer's spec node). */
export const paramName = (buffer: string, name: string): string =>
  name.startsWith('.') ? `${buffer}${name}` : name;

/** The f32 elements a weight takes in its params buffer: whole vec4s, interleaved or not. */
export function packedElements(shape: readonly number[], interleaveAxis?: number): number {
  if (interleaveAxis === undefined) return Math.ceil(numel(shape) / 4) * 4;
  const rows = shape[interleaveAxis]!;
  return (Math.ceil(rows / 4) * 4 * numel(shape)) / rows;
}

/**
 * Bytes of a params buffer: up to the end of its last weight (never 0: WebGPU wants >= 4), at
 * `element` bytes a value (2 for f16: whole vec4s keep every weight's bytes 8-aligned).
 */
export const paramsBytes = (rows: readonly ParamRow[], element = 4): number =>
  Math.max(
    4,
    ...rows.map(([, shape, offset, axis]) => (offset + packedElements(shape, axis)) * element),
  );

/** Bytes of a dims uniform: whole 16-byte rows, as uniform buffers are sized. */
export const uniformBytes = (values: number): number => Math.ceil((values * 4) / 16) * 16;

/** Bytes of an input or output buffer. */
export const tensorBytes = (shape: readonly number[]): number => Math.max(4, numel(shape) * 4);

/**
 * A weight [outer][rows][cols] as [outer][ceil(rows / 4)][cols][4]: groups of 4 rows made the
 * innermost vec4, zero past the last row (the cpu convs: each kernel row padded to whole vec4s,
 * one load per row).
 */
export function interleave4<T extends Float32Array | Uint16Array>(
  data: T,
  shape: readonly number[],
  axis: number,
): T {
  const outer = numel(shape.slice(0, axis));
  const rows = shape[axis]!;
  const cols = data.length / (outer * rows);
  const groups = Math.ceil(rows / 4);
  const out = new (data.constructor as new (n: number) => T)(outer * groups * 4 * cols);
  for (let o = 0; o < outer; o++)
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++)
        out[((o * groups + (r >> 2)) * cols + c) * 4 + (r & 3)] = data[(o * rows + r) * cols + c]!;
  return out;
}

/** Every weight once, in the order the tables first pack it: what the weights file must hold. */
export function tableParams(
  table: Pick<RunnerTable, 'params'>,
): { readonly name: string; readonly shape: readonly number[] }[] {
  const seen = new Map<string, readonly number[]>();
  for (const [buffer, rows] of Object.entries(table.params))
    for (const [name, shape] of rows) {
      const full = paramName(buffer, name);
      if (!seen.has(full)) seen.set(full, shape);
    }
  return [...seen].map(([name, shape]) => ({ name, shape }));
}
