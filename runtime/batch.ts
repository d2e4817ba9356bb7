/**
 * Running fewer images than the compiled batch. Every kernel is specialised to the full batch
 * B, with the image index outermost, and every layer is per image (GroupNorm, attention, a
 * linear on [B, C]); so `count` < B images are computed by dispatching only the workgroups that
 * cover the first `count` images. The rest of each buffer keeps stale data that nothing reads.
 * The compiler records on each grid how it covers the batch (compiler/lower/wgsl.ts); the runner
 * calls gridForBatch for every dispatch.
 */

/** WebGPU's guaranteed maxComputeWorkgroupsPerDimension (compiler/lower/wgsl.ts folds at it). */
const MAX_GROUPS_PER_DIM = 65535;

/**
 * How a grid covers the batch: `z` (the image is workgroup_id.z), or a flat index space with
 * the image outermost, `per` units per image and `wg` units per workgroup, folded into y past
 * the per-dimension limit (the index is x + y * num_workgroups.x * wg).
 */
export type BatchLayout = { readonly z: true } | { readonly per: number; readonly wg: number };

export type Workgroups = readonly [number, number, number];

/** The workgroups of `grid` (laid out by `layout`) that compute images 0 .. count-1. */
export function gridForBatch(
  grid: Workgroups,
  layout: BatchLayout | undefined,
  count: number,
): Workgroups {
  if (!layout) return grid;
  if ('z' in layout) return count >= grid[2] ? grid : [grid[0], grid[1], count];
  const groups = Math.max(1, Math.ceil((count * layout.per) / layout.wg));
  if (groups >= grid[0] * grid[1]) return grid;
  const y = Math.ceil(groups / MAX_GROUPS_PER_DIM);
  return [Math.ceil(groups / y), y, 1];
}
