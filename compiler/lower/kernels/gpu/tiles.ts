/**
 * Workgroup tiles for the real-GPU (`--target gpu`) convolutions. A workgroup computes TCO
 * output channels x (PH x PW) output pixels; each invocation a 4-channel x 4-column micro-tile
 * (four vec4 accumulators, one per column, each over 4 channels). Input patches and weights are
 * staged in workgroup memory CC input channels at a time.
 *
 * The table is keyed by the layer's size: the largest tile that still gives MIN_GROUPS
 * workgroups (two per SM on a 132-SM H200) wins, since a batch-1 layer of a small U-Net has
 * too few 64x64 tiles to fill a GPU, while at batch 16 the big tiles reuse each staged value
 * 16x per thread. Workgroup memory stays within WebGPU's default 16 KiB and 256 invocations,
 * so any adapter (and any browser) runs these kernels.
 */

import { MAX_GROUPS_PER_DIM } from '../../wgsl.js';

export interface GpuTile {
  readonly tco: number;
  readonly ph: number;
  readonly pw: number;
}

/** Largest first. The last is used when none reaches MIN_GROUPS. */
export const GPU_TILES: readonly GpuTile[] = [
  { tco: 64, ph: 8, pw: 8 }, // 256 invocations
  { tco: 32, ph: 8, pw: 8 }, // 128
  { tco: 32, ph: 4, pw: 8 }, // 64
  { tco: 16, ph: 4, pw: 8 }, // 32
];

export const MIN_GROUPS = 264;
/** WebGPU's default maxComputeWorkgroupStorageSize, in f32s. */
export const SHARED_F32 = 4096;

const pow2AtLeast = (v: number) => 2 ** Math.ceil(Math.log2(Math.max(1, v)));

export function gpuTile(
  n: number,
  cout: number,
  oh: number,
  ow: number,
  even = false,
): GpuTile & { groups: number; base: number } {
  const capCo = Math.max(4, Math.min(64, pow2AtLeast(cout)));
  let best: (GpuTile & { groups: number; base: number }) | undefined;
  for (const t of GPU_TILES) {
    const tco = Math.min(t.tco, capCo);
    // Never wider than the (rounded-up) output; the phase ConvTranspose needs even rows.
    const pw = Math.min(t.pw, Math.max(4, Math.ceil(ow / 4) * 4));
    const ph = Math.min(t.ph, even ? Math.max(2, oh + (oh % 2)) : Math.max(1, oh));
    const groups = n * Math.ceil(cout / tco) * Math.ceil(oh / ph) * Math.ceil(ow / pw);
    best = { tco, ph, pw, groups, base: (tco / 4) * ((ph * pw) / 4) };
    if (groups >= MIN_GROUPS) break;
  }
  return best!;
}

/** Whether a staged kernel's grid for output `shape` fits WebGPU's dispatch limits. */
export function stagedGridFits(shape: readonly number[], even: boolean): boolean {
  const [n, cout, oh, ow] = shape as [number, number, number, number];
  const tile = gpuTile(n, cout, oh, ow, even);
  const tiles = Math.ceil(ow / tile.pw) * Math.ceil(oh / tile.ph);
  return tiles <= MAX_GROUPS_PER_DIM && n <= MAX_GROUPS_PER_DIM;
}

/** At most this many K-slices (see StagedShape.ks). */
export const MAX_SLICES = 4;

/**
 * K-slices and input channels staged per barrier pair (all slices together). Slices are added
 * when the layer has fewer than MIN_GROUPS workgroups and at least 16 input channels per slice;
 * then the most channels (up to 8 per slice) whose tiles, plus the slices' partial tiles, fit
 * in workgroup memory.
 */
export function staging(
  tile: { groups: number; base: number },
  perChannel: number,
  channels: { max: number; total: number },
): { ks: number; cc: number } {
  let ks = 1;
  while (ks < MAX_SLICES && tile.groups * ks < MIN_GROUPS && channels.total >= 16 * ks * 2) ks *= 2;
  for (; ks >= 1; ks /= 2) {
    const red = (ks - 1) * tile.base * 16;
    for (const per of [8, 4, 2, 1]) {
      const cc = per * ks;
      if (cc * perChannel + red <= SHARED_F32 && cc <= pow2AtLeast(channels.max)) return { ks, cc };
    }
  }
  throw new Error(`a ${perChannel}-value tile per channel does not fit in workgroup memory`);
}
