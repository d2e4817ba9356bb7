/**
 * Every kernel variant's schedule: its workgroup size, register tile and thresholds, each with
 * the measurement that chose it (BENCHMARKS.md; scripts/bench/conv-lab.ts times one conv,
 * compile-lab.ts one shader's compile). The registry (registry.ts) gives each variant its
 * function here as its `schedule(node, ctx)`; a kernel generates code for the numbers it is
 * handed and decides none. A new adapter class or a retuned kernel is a change here only.
 *
 * 'cpu' (software adapters: lavapipe, SwiftShader): an invocation is one SIMD lane and loads
 * dominate, so few invocations with large register tiles. 'gpu': tens of thousands of threads
 * in flight (measured on an H200, the cpu tiles ran 2x slower there than the gpu ones).
 */
import type { Target } from './kernel.js';
import { type GpuTile, gpuTile } from './kernels/gpu/tiles.js';

/** A kernel over one flat index space (grid1d): invocations per workgroup. */
export interface Flat {
  readonly wg: number;
}

/**
 * The flat kernels, both targets: 64 is a multiple of lavapipe's SIMD width (8 with AVX2) and
 * of every warp/wave size (32, 64).
 */
export const flat = (): Flat => ({ wg: 64 });

/**
 * group_norm (the `--no-fuse` path): one workgroup per (batch, group). On the cpu target 64,
 * as the flat kernels: every barrier round switches between all of a workgroup's SIMD groups,
 * so a larger one only adds switches; a GPU reduces 256 at a time.
 */
export const groupNormReduce = (target: Target): Flat => ({ wg: target === 'cpu' ? 64 : 256 });

export interface StatsSchedule extends Flat {
  /** One subgroup per (batch, group), summed by subgroupAdd, no barriers. */
  readonly subgroup: boolean;
}

/**
 * group_norm_stats: on the cpu target one SIMD group of LANE_CONV.lanes per (batch, group),
 * summed by subgroupAdd: a workgroup of 64 with barriers is a coroutine of 8 SIMD steps in
 * lavapipe (seed S's 18: 5.2 -> 1.6 ms, M 13.4 -> 7.5, S16 72.3 -> 17.7; compile 399 -> 269
 * ms). A GPU reduces in a workgroup of 256.
 */
export const groupNormStats = (target: Target): StatsSchedule =>
  target === 'cpu' ? { wg: LANE_CONV.lanes, subgroup: true } : { wg: 256, subgroup: false };

export interface AttentionSchedule extends Flat {
  /** The feature loops' bound stays rolled (wgsl.ts `rolled`). */
  readonly rolledFeatures: boolean;
}

/**
 * attention: one invocation per (batch, head, query). On lavapipe a constant feature-loop
 * bound lets LLVM unroll a small head (d 16: 64 load sites, 1.3 s of compile; at d 128 it keeps
 * the loops) and hold q and acc in registers. Rolled, they live in memory: compile 0.14 s, but
 * wide-unet-64's three d-16 attentions at 16x16 and 8x8 went 41.6 -> 67.8 ms. So only a few
 * positions (at most 16: a test net's bottleneck; seed S's 4x4, at d 128, either way) get the
 * rolled loop. A GPU unrolls.
 *
 * The gpu target keeps the per-query kernel too: a flash-style variant with K/V tiles staged in
 * workgroup memory (64 queries per workgroup, tiles of min(64, 2048 / d) keys; commit acf82a3)
 * ran slower on lavapipe, `kiln bench --profile` with GPU timestamps: 2426 vs 1374 ms for two
 * 3-head d-2 attentions over 4,096 tokens, 1864 vs 1446 ms for two d-64 ones over 1,024
 * (BENCHMARKS.md, 2026-12-05); a workgroup barrier is a coroutine switch there.
 */
export const attention = (target: Target, positions: number): AttentionSchedule => ({
  ...flat(),
  rolledFeatures: target === 'cpu' && positions <= 16,
});

/** The tiled convs (fused-conv2d.ts, conv-transpose2d.ts phases): a register tile per invocation. */
export interface ConvTile extends Flat {
  /** Output channels x consecutive columns per invocation. */
  readonly tco: number;
  readonly tx: number;
}

/**
 * The tiled fused conv (widths the lane kernel cannot take, and the gpu target's layers whose
 * staged grid would not fit). cpu: 4 channels x 8 columns measured best on lavapipe (8-wide
 * AVX2, 16 vector registers), the same 32 accumulators GPU GEMM kernels keep per thread; gpu:
 * one output per invocation. The channels shrink until they divide Cout; the columns stay even
 * where a row is narrower (the bottleneck): a few idle lanes there cost less than one more
 * kernel variant to compile.
 */
export function tiledConv(target: Target, cout: number): ConvTile {
  let tco = target === 'cpu' ? 4 : 1;
  while (cout % tco !== 0) tco >>= 1;
  return { ...flat(), tco, tx: target === 'cpu' ? 8 : 1 };
}

/**
 * The tiled phase ConvTranspose: channels as tiledConv; columns alternate parity, so the tile
 * is the first even width (cpu 8, 6, 4, 2; gpu 2) that divides the output width.
 */
export function tiledPhases(target: Target, cout: number, ow: number): ConvTile {
  const widths = target === 'cpu' ? [8, 6, 4, 2] : [2];
  return { ...tiledConv(target, cout), tx: widths.find((t) => ow % t === 0) ?? 2 };
}

/**
 * The software-adapter convolutions (kernels/cpu/lane-conv2d.ts, lane-conv-transpose2d.ts): a
 * workgroup of `lanes` invocations, one SIMD group on lavapipe (8 with AVX2), one output
 * channel per lane, over a tile of rows x cols outputs that every lane shares. The bundle asks
 * for subgroups of at least `lanes` (compiler/emit/model.ts).
 *
 * conv: on a lone 3x3 conv [1, 128, 32, 32] -> 128 (scripts/bench/conv-lab.ts, ms): 2x8 47.8,
 * 4x8 38.9, 2x16 41.0, 1x32 43.9, 4x16 35.6; but in the models 4x16 lost (M 888 vs 876 ms,
 * S 86.4 vs 71.8 ms: `npm run bench`) and doubled the kernel's compile.
 * convT (rows of one parity x cols): M's three, `kiln bench --profile`, two runs each:
 * 2x8 148/143 ms, 4x8 111/111, 8x8 99/95, 4x16 94/91 (compile 468 vs 315 ms for 4x8; S alike).
 * pad_activate, the pass before either, is a flat kernel (`flat`).
 */
export const LANE_CONV = {
  lanes: 8,
  conv: { rows: 4, cols: 8 },
  convTranspose: { rows: 4, cols: 16 },
} as const;

export interface LaneTile {
  readonly lanes: number;
  readonly rows: number;
  readonly cols: number;
  /** Output channels per lane. */
  readonly chans: number;
}

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
export function laneConv(kernel: number, stride: number, ow: number): LaneTile {
  const { lanes, conv } = LANE_CONV;
  return kernel === 1 || stride === 2 || ow <= conv.cols / 2
    ? { lanes, rows: conv.rows, cols: conv.cols / 2, chans: 2 }
    : { lanes, rows: conv.rows, cols: conv.cols, chans: 1 };
}

/** The lane phase ConvTranspose's tile (LANE_CONV.convTranspose, one channel per lane). */
export const laneConvTranspose = (): LaneTile => ({
  lanes: LANE_CONV.lanes,
  ...LANE_CONV.convTranspose,
  chans: 1,
});

/**
 * The gpu staged kernels' workgroup tiles (kernels/gpu/tiles.ts), largest first: the largest
 * that still gives STAGED_MIN_GROUPS workgroups wins, since a batch-1 layer of a small U-Net
 * has too few 64x64 tiles to fill a GPU, while at batch 16 the big tiles reuse each staged
 * value 16x per thread. The last is used when none reaches it. Workgroup memory stays within
 * WebGPU's default 16 KiB and 256 invocations, so any adapter (and any browser) runs them.
 */
export const STAGED_TILES: readonly GpuTile[] = [
  { tco: 64, ph: 8, pw: 8 }, // 256 invocations
  { tco: 32, ph: 8, pw: 8 }, // 128
  { tco: 32, ph: 4, pw: 8 }, // 64
  { tco: 16, ph: 4, pw: 8 }, // 32
];

/**
 * Workgroups a staged layer should have: two per SM of the GPU it was tuned on (a 132-SM
 * H200). Below it, smaller tiles, then K-slices (up to STAGED_MAX_SLICES, each with at least
 * 16 input channels), give the layer more threads.
 */
export const STAGED_MIN_GROUPS = 264;
export const STAGED_MAX_SLICES = 4;

/** A staged kernel's workgroup tile for output `shape` (`even`: the phase ConvTranspose's rows). */
export const staged = (shape: readonly number[], even: boolean) => {
  const [n, cout, oh, ow] = shape as [number, number, number, number];
  return gpuTile(n, cout, oh, ow, {
    tiles: STAGED_TILES,
    minGroups: STAGED_MIN_GROUPS,
    maxSlices: STAGED_MAX_SLICES,
    even,
  });
};
