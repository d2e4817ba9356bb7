/**
 * How each target's kernels are shaped: every workgroup size and register tile lives here, so
 * a new adapter class is one new row. The numbers were measured: see BENCHMARKS.md.
 */
import type { Target } from './kernel.js';

export interface Schedule {
  /** Invocations per workgroup of the flat kernels (one index space over the outputs). */
  readonly flat: number;
  /** Invocations per workgroup of a reduction over one (batch, group) of a GroupNorm. */
  readonly reduce: number;
  /** Register tile of the direct convolutions: output channels x consecutive columns. */
  readonly convChannels: number;
  readonly convColumns: number;
  /** Columns per invocation of the phase ConvTranspose: the first that divides the width. */
  readonly phaseColumns: readonly number[];
}

export const SCHEDULES: Readonly<Record<Target, Schedule>> = {
  // Software adapters (lavapipe, SwiftShader): an invocation is one SIMD lane and loads
  // dominate, so few invocations with large tiles; 4x8 measured best on lavapipe (8-wide AVX2,
  // 16 vector registers). 64 is a multiple of the SIMD width; a reduction's workgroup is kept
  // at 64 too, since every barrier round switches between all of its SIMD groups.
  cpu: {
    flat: 64,
    reduce: 64,
    convChannels: 4,
    convColumns: 8,
    phaseColumns: [8, 6, 4, 2],
  },
  // Real GPUs need tens of thousands of threads in flight: one output per invocation
  // (measured on an H200, the cpu tiles ran twice as slow). 64 is a multiple of every
  // warp/wave size.
  gpu: {
    flat: 64,
    reduce: 256,
    convChannels: 1,
    convColumns: 1,
    phaseColumns: [2],
  },
};

export const schedule = (target: Target): Schedule => SCHEDULES[target];

/**
 * The software-adapter convolutions (kernels/cpu/lane-conv2d.ts, lane-conv-transpose2d.ts): a
 * workgroup of `lanes` invocations, one SIMD group on lavapipe (8 with AVX2), one output
 * channel per lane, over a tile of rows x cols outputs that every lane shares.
 *
 * conv: on a lone 3x3 conv [1, 128, 32, 32] -> 128 (scripts/bench/conv-lab.ts, ms): 2x8 47.8,
 * 4x8 38.9, 2x16 41.0, 1x32 43.9, 4x16 35.6; but in the models 4x16 lost (M 888 vs 876 ms,
 * S 86.4 vs 71.8 ms: `npm run bench`) and doubled the kernel's compile.
 * convT (rows of one parity x cols): M's three, `kiln bench --profile`, two runs each:
 * 2x8 148/143 ms, 4x8 111/111, 8x8 99/95, 4x16 94/91 (compile 468 vs 315 ms for 4x8; S alike).
 */
export const LANE_CONV = {
  lanes: 8,
  conv: { rows: 4, cols: 8 },
  convTranspose: { rows: 4, cols: 16 },
} as const;

/**
 * The lane conv's tile: LANE_CONV.conv, or half its columns and two output channels per lane
 * (rows x cols x chans). Two channels per lane fill a 4-column row (seed S's 4x4 bottleneck),
 * where the 8-column tile idles half its accumulators, at the price of a second set of weight
 * loads. Measured with `kiln bench --profile` on S and M (ms, 8 vs 4 columns): the 4x4 stride-2
 * conv 1.42/1.40/2.66 vs 1.36/1.32/1.29 on S and 22.6/20.9/20.7 vs 20.7/20.1/19.9 on M; the 1x1
 * (S's 4x4 attention 0.78 + 0.27 vs 0.41 + 0.15, M's 16x16 the same), so both always take it.
 * The 3x3 lost 15% on wide rows with it (S's 2.46 vs 2.90 ms at 32x32), so it takes it only on
 * rows of at most 4 (S's four 4x4 convs 1.19 -> 0.73 ms each), as a kernel of its own: 0.65 s
 * more for S's cold first forward, paid for by leaving unused epilogue code out of the others
 * (lane-epilogue.ts).
 */
export function laneConvTile(
  kernel: number,
  stride: number,
  ow: number,
): { rows: number; cols: number; chans: number } {
  const { rows, cols } = LANE_CONV.conv;
  return kernel === 1 || stride === 2 || ow <= cols / 2
    ? { rows, cols: cols / 2, chans: 2 }
    : { rows, cols, chans: 1 };
}
