/** Small helpers shared by the kernel generators. Kernels are specialised: shapes are constants. */
import { DEFAULT_LIMITS } from '../../runtime/format/limits.js';
import type { BatchLayout } from '../../runtime/format/runner-table.js';

/** Grids fold into y past WebGPU's guaranteed workgroups per dimension (runtime/batch.ts too). */
export const MAX_GROUPS_PER_DIM = DEFAULT_LIMITS.maxComputeWorkgroupsPerDimension;

/**
 * Workgroups in x, y, z, and how they cover the batch (`batch`, see runtime/batch.ts): what lets
 * a runner compute fewer images than it was compiled for. A grid without it always runs whole.
 */
export type Grid = readonly [number, number, number] & { readonly batch?: BatchLayout };

const withBatch = (g: readonly [number, number, number], batch: BatchLayout): Grid =>
  Object.assign([...g] as [number, number, number], { batch });

/**
 * Workgroups of `wg` covering `total` invocations, folded into y when x would exceed the limit.
 * `images`: the batch, when the flat index has the image outermost (total / images per image).
 */
export function grid1d(total: number, wg: number, images?: number): Grid {
  const groups = Math.max(1, Math.ceil(total / wg));
  const y = Math.ceil(groups / MAX_GROUPS_PER_DIM);
  const g = [Math.ceil(groups / y), y, 1] as const;
  return images ? withBatch(g, { per: total / images, wg }) : g;
}

/** One workgroup per (image, `perImage` index): [images * perImage, 1, 1]. */
export const gridPerImage = (images: number, perImage: number): Grid =>
  withBatch([images * perImage, 1, 1], { per: perImage, wg: 1 });

/** A tile grid whose z is the image. */
export const gridZ = (x: number, y: number, images: number): Grid =>
  withBatch([x, y, images], { z: true });

/** An f32 literal that parses back to exactly `v` as f32 (9 significant digits suffice). */
export function f32(v: number): string {
  const r = Math.fround(v);
  if (!Number.isFinite(r)) throw new Error(`non-finite f32 constant ${v}`);
  if (Object.is(r, -0) || r === 0) return '0.0';
  let s = r.toPrecision(9);
  if (!/[.e]/.test(s)) s += '.0';
  return s;
}

export const u32 = (v: number) => `${v >>> 0}u`;

/**
 * Bindings in the order the step lists its buffers: activations read-only, then the step's
 * packed weights (`params`) when it has any, its shapes (`dims`, a uniform) when it reads them
 * from one, the output last (see lower/index.ts).
 */
export function bindings(
  inputs: readonly string[],
  output: string,
  params = false,
  dims?: Dims,
): string {
  const all = params ? [...inputs, 'params'] : inputs;
  const lines = all.map((n, i) => `@group(0) @binding(${i}) var<storage, read> ${n}: array<f32>;`);
  let next = all.length;
  if (dims) {
    lines.unshift(dims.declaration());
    lines.push(`@group(0) @binding(${next++}) var<uniform> dims: Dims;`);
  }
  lines.push(`@group(0) @binding(${next}) var<storage, read_write> ${output}: array<f32>;`);
  return lines.join('\n');
}

/**
 * Entry point over a flat index space of `total` invocations (a number, or an expression read
 * from the dims uniform) laid out by grid1d with workgroups of `wg`.
 */
export function flatMain(total: number | string, body: string, wg: number): string {
  return `@compute @workgroup_size(${wg})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${u32(wg)};
  if (i >= ${typeof total === 'number' ? u32(total) : total}) { return; }${/\bopaque\b/.test(body) ? `\n${OPAQUE}` : ''}
${body}
}`;
}

/**
 * `opaque` is 0 at run time, but the shader compiler cannot know it (num_workgroups.z never
 * reaches 2^31), and it is uniform. A loop bound `rolled(n)` = n + opaque keeps LLVM from
 * unrolling the loop: lavapipe's compile time grows with the memory access sites in the
 * unrolled code (each one a per-lane gather with bounds checks), and a fully unrolled
 * 16-channel x 4x4-tap ConvTranspose was 3.8 s of compile for a kernel that runs in microseconds
 * (scripts/bench/compile-lab.ts).
 */
export const OPAQUE = '  let opaque = nwg.z >> 31u;';
export const rolled = (n: number) => `${u32(n)} + opaque`;

export function header(title: string, lines: readonly string[] = []): string {
  return [`// ${title}`, ...lines.map((l) => `// ${l}`)].join('\n');
}

/**
 * u32 index arithmetic with the constants folded: an operand is a number (a compile-time
 * constant) or WGSL text (a variable, a dims field). Numbers combine into one literal, 0 and 1
 * vanish, so generated code never reads `0u + ci` or `x * 1u`.
 */
export type U = number | string;

const lit = (e: U) => (typeof e === 'number' ? u32(e) : e);
const paren = (e: U) => (typeof e === 'string' && /[+-]/.test(e) ? `(${e})` : lit(e));

/** A rendered u32 literal (`12u`) back to its number, so folding sees through `times`/`sum`. */
const num = (e: U): U => (typeof e === 'string' && /^\d+u$/.test(e) ? Number(e.slice(0, -1)) : e);

export function add(...terms: readonly U[]): U {
  let k = 0;
  const parts: string[] = [];
  for (const t of terms.map(num))
    if (typeof t === 'number') k += t;
    else parts.push(t);
  if (parts.length === 0) return k;
  if (k !== 0) parts.push(u32(k));
  return parts.join(' + ');
}

/** The product, a constant factor written last (`dims.wco * 2u`), as add writes its constant. */
export function mul(x: U, y: U): U {
  const [a, b] = [num(x), num(y)];
  if (typeof a === 'number' && typeof b === 'number') return a * b;
  if (a === 0 || b === 0) return 0;
  if (a === 1) return b;
  if (b === 1) return a;
  const [v, k] = typeof a === 'number' ? [b, a] : [a, b];
  return `${paren(v)} * ${paren(k)}`;
}

/** add(...) rendered as WGSL. */
export const sum = (...terms: readonly U[]): string => lit(add(...terms));
/** mul(a, b) rendered as WGSL. */
export const times = (a: U, b: U): string => lit(mul(a, b));

/**
 * THE tensor accessor, which every kernel's index math goes through: a row-major tensor in a
 * flat array, starting at element `base` of it (a weight in a step's params buffer, a row a
 * kernel walks from). `tensor('x', [N, C, H, W]).at(n, c, y, x)` is
 * `x[((n * C + c) * H + y) * W + x]` with the constants folded; `index` is the offset alone.
 * The first dimension only bounds the indices, so a view may leave it symbolic (0).
 */
export function tensor(name: string, dims: readonly U[], base: U = 0) {
  const index = (...idx: readonly U[]): string => {
    if (idx.length !== dims.length)
      throw new Error(`${name}: ${idx.length} indices for ${dims.length} dimensions`);
    let off: U = idx[0]!;
    for (let i = 1; i < dims.length; i++) off = add(mul(off, dims[i]!), idx[i]!);
    return lit(add(base, off));
  };
  return { index, at: (...idx: readonly U[]) => `${name}[${index(...idx)}]` };
}

/**
 * Shapes a kernel reads from a uniform instead of having them baked in, so that layers which
 * differ only in shape share one kernel (and one driver compile). `d.u('cin', 64)` declares a
 * u32 field and returns the WGSL that reads it; the step's dims buffer holds the values in
 * declaration order (see KernelSource.dims).
 */
export class Dims {
  private readonly fields = new Map<string, number>();
  private declared = false;

  u(name: string, value: number): string {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
      throw new Error(`dims.${name}: ${value} is not a u32`);
    const had = this.fields.get(name);
    if (had !== undefined && had !== value)
      throw new Error(`dims.${name} declared twice: ${had} and ${value}`);
    if (had === undefined && this.declared)
      throw new Error(`dims.${name} declared after the struct was written`);
    this.fields.set(name, value);
    return `dims.${name}`;
  }

  get values(): number[] {
    return [...this.fields.values()];
  }

  /** `struct Dims` and its binding, to put after `bindings(...)`'s inputs (see `bindings`). */
  declaration(): string {
    this.declared = true;
    return `struct Dims { ${[...this.fields.keys()].map((f) => `${f}: u32`).join(', ')} }`;
  }
}
