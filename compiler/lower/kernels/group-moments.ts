/**
 * The statistics of one GroupNorm group: one workgroup per (batch, group) walks the group's
 * `span` elements twice, for the mean and then the sum of squared deviations (accurate when the
 * mean is large against the spread, where E[x^2] - E[x]^2 cancels). Every invocation ends with
 * `mean` and `rstd`. `groupMoments` serves the plain GroupNorm, whose group is one contiguous
 * span; group_norm_stats walks a two-source concat channel by channel with the same two passes
 * and shares `workgroupSum`.
 */
import { f32, u32, type U } from '../wgsl.js';

/**
 * `var<workgroup> partial` and `fn reduce(lid, v, opaque)`: the sum of v over the workgroup.
 * The halving loop ends at `opaque` (0, see wgsl.ts) so that it stays a loop: unrolled, each
 * step's barrier is one more suspension point of the coroutine lavapipe builds for the
 * workgroup, and a group_norm compiled in 0.53 s instead of 0.22 s.
 */
export function workgroupSum(wg: number): string {
  return `var<workgroup> partial: array<f32, ${wg}>;

fn reduce(lid: u32, v: f32, opaque: u32) -> f32 {
  partial[lid] = v;
  workgroupBarrier();
  for (var stride = ${u32(wg / 2)}; stride > opaque; stride >>= 1u) {
    if (lid < stride) { partial[lid] += partial[lid + stride]; }
    workgroupBarrier();
  }
  let total = partial[0];
  workgroupBarrier();
  return total;
}`;
}

/**
 * `fn reduce(lid, v, opaque)` as workgroupSum's, for a workgroup that is one subgroup (a
 * software adapter's SIMD group): subgroupAdd, no workgroup memory and no barrier, each of
 * which lavapipe runs as a switch of the coroutine it makes of a workgroup.
 */
export const SUBGROUP_SUM =
  'fn reduce(lid: u32, v: f32, opaque: u32) -> f32 { return subgroupAdd(v); }';

/**
 * Body lines computing `mean` and `rstd` of `read(j)` for j in [0, span), workgroup `wg`,
 * local index `lid`. `span` is a number or a dims field.
 */
export function groupMoments(
  read: (j: string) => string,
  span: U,
  eps: number,
  wg: number,
): string {
  const n = typeof span === 'number' ? u32(span) : span;
  const count = typeof span === 'number' ? f32(span) : `f32(${span})`;
  return `  var s = 0.0;
  for (var j = lid; j < ${n}; j += ${u32(wg)}) { s += ${read('j')}; }
  let mean = reduce(lid, s, opaque) / ${count};
  var q = 0.0;
  for (var j = lid; j < ${n}; j += ${u32(wg)}) { let d = ${read('j')} - mean; q = fma(d, d, q); }
  let rstd = inverseSqrt(reduce(lid, q, opaque) / ${count} + ${f32(eps)});`;
}
