/** Small helpers shared by the kernel generators. Kernels are specialised: shapes are constants. */

export const WORKGROUP = 64; // a multiple of 8 (lavapipe's SIMD width) and of every GPU's warp/wave quantum
export const MAX_GROUPS_PER_DIM = 65535; // WebGPU's guaranteed maxComputeWorkgroupsPerDimension

export type Grid = readonly [number, number, number];

/** Workgroups covering `total` invocations of WORKGROUP, folded into y when x would exceed the limit. */
export function grid1d(total: number, wg = WORKGROUP): Grid {
  const groups = Math.max(1, Math.ceil(total / wg));
  const y = Math.ceil(groups / MAX_GROUPS_PER_DIM);
  return [Math.ceil(groups / y), y, 1];
}

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
 * Storage bindings in the order the step lists its buffers: activations read-only, then the
 * step's packed weights (`params`) when it has any, the output last (see lower/index.ts).
 */
export function bindings(inputs: readonly string[], output: string, params = false): string {
  const all = params ? [...inputs, 'params'] : inputs;
  const lines = all.map((n, i) => `@group(0) @binding(${i}) var<storage, read> ${n}: array<f32>;`);
  lines.push(`@group(0) @binding(${all.length}) var<storage, read_write> ${output}: array<f32>;`);
  return lines.join('\n');
}

/** Entry point over a flat index space of `total` invocations laid out by grid1d. */
export function flatMain(total: number, body: string, wg = WORKGROUP): string {
  return `@compute @workgroup_size(${wg})
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let i = gid.x + gid.y * nwg.x * ${u32(wg)};
  if (i >= ${u32(total)}) { return; }
${body}
}`;
}

export function header(title: string, lines: readonly string[] = []): string {
  return [`// ${title}`, ...lines.map((l) => `// ${l}`)].join('\n');
}

/**
 * `var<workgroup> partial` and `fn reduce(lid, v) -> f32`: the sum of v over a workgroup of
 * `wg` invocations (a power of two), a tree in shared memory; every invocation gets the total.
 */
export function workgroupSum(wg: number): string {
  return `var<workgroup> partial: array<f32, ${wg}>;

fn reduce(lid: u32, v: f32) -> f32 {
  partial[lid] = v;
  workgroupBarrier();
  for (var stride = ${u32(wg / 2)}; stride > 0u; stride >>= 1u) {
    if (lid < stride) { partial[lid] += partial[lid + stride]; }
    workgroupBarrier();
  }
  let total = partial[0];
  workgroupBarrier();
  return total;
}`;
}
