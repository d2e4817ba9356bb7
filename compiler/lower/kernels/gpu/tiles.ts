/**
 * Workgroup tiles for the real-GPU (`--target gpu`) convolutions. A workgroup computes TCO
 * output channels x (PH x PW) output pixels; each invocation a 4-channel x 4-column micro-tile
 * (four vec4 accumulators, one per column, each over 4 channels). Input patches and weights are
 * staged in workgroup memory CC input channels at a time. The table of tiles and the thresholds
 * are the staged variants' schedule (schedule.ts `staged`); this file fits them to a layer.
 */
import { MAX_GROUPS_PER_DIM } from '../../wgsl.js';

export interface GpuTile {
  readonly tco: number;
  readonly ph: number;
  readonly pw: number;
}

export type FittedTile = GpuTile & {
  /** Workgroups of the layer's grid. */
  readonly groups: number;
  /** Invocations per K-slice: (tco / 4) x (ph x pw / 4). */
  readonly base: number;
  /** Below this many workgroups, K-slices (up to maxSlices) add threads (see staging). */
  readonly minGroups: number;
  readonly maxSlices: number;
};

/** WebGPU's default maxComputeWorkgroupStorageSize, in f32s. */
export const SHARED_F32 = 4096;

const pow2AtLeast = (v: number) => 2 ** Math.ceil(Math.log2(Math.max(1, v)));

/** The first tile of `tiles` (largest first) that gives `minGroups` workgroups, else the last. */
export function gpuTile(
  n: number,
  cout: number,
  oh: number,
  ow: number,
  o: { tiles: readonly GpuTile[]; minGroups: number; maxSlices: number; even: boolean },
): FittedTile {
  const capCo = Math.max(4, Math.min(64, pow2AtLeast(cout)));
  let best: FittedTile | undefined;
  for (const t of o.tiles) {
    const tco = Math.min(t.tco, capCo);
    // Never wider than the (rounded-up) output; the phase ConvTranspose needs even rows.
    const pw = Math.min(t.pw, Math.max(4, Math.ceil(ow / 4) * 4));
    const ph = Math.min(t.ph, o.even ? Math.max(2, oh + (oh % 2)) : Math.max(1, oh));
    const groups = n * Math.ceil(cout / tco) * Math.ceil(oh / ph) * Math.ceil(ow / pw);
    const base = (tco / 4) * ((ph * pw) / 4);
    best = { tco, ph, pw, groups, base, minGroups: o.minGroups, maxSlices: o.maxSlices };
    if (groups >= o.minGroups) break;
  }
  return best!;
}

/** Whether the tile's grid for output `shape` fits WebGPU's dispatch limits. */
export function gridFits(tile: GpuTile, shape: readonly number[]): boolean {
  const [n, , oh, ow] = shape as [number, number, number, number];
  const tiles = Math.ceil(ow / tile.pw) * Math.ceil(oh / tile.ph);
  return tiles <= MAX_GROUPS_PER_DIM && n <= MAX_GROUPS_PER_DIM;
}

/**
 * K-slices and input channels staged per barrier pair (all slices together). Slices are added
 * when the layer has fewer than the tile's minGroups workgroups and at least 16 input channels
 * per slice, up to the tile's maxSlices; then the most channels (up to 8 per slice) whose tiles, plus the
 * slices' partial tiles, fit in workgroup memory.
 */
export function staging(
  tile: FittedTile,
  perChannel: number,
  channels: { max: number; total: number },
): { ks: number; cc: number } {
  let ks = 1;
  while (ks < tile.maxSlices && tile.groups * ks < tile.minGroups && channels.total >= 16 * ks * 2)
    ks *= 2;
  for (; ks >= 1; ks /= 2) {
    const red = (ks - 1) * tile.base * 16;
    for (const per of [8, 4, 2, 1]) {
      const cc = per * ks;
      if (cc * perChannel + red <= SHARED_F32 && cc <= pow2AtLeast(channels.max)) return { ks, cc };
    }
  }
  throw new Error(`a ${perChannel}-value tile per channel does not fit in workgroup memory`);
}
