/**
 * Running fewer images than the compiled batch. Every kernel is specialised to the full batch
 * B, with the image index outermost, and every layer is per image (GroupNorm, attention, a
 * linear on [B, C]); so `count` < B images are computed by dispatching only the workgroups that
 * cover the first `count` images. The rest of each buffer keeps stale data that nothing reads.
 * The compiler records on each grid how it covers the batch (compiler/lower/wgsl.ts); the runner
 * calls gridForBatch for every dispatch.
 */

import { DEFAULT_LIMITS } from './format/limits.js';
import type { BatchLayout } from './format/runner-table.js';

/** Where compiler/lower/wgsl.ts folds a flat grid into y, so a smaller grid folds there too. */
const MAX_GROUPS_PER_DIM = DEFAULT_LIMITS.maxComputeWorkgroupsPerDimension;

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
