/**
 * Counter-based Gaussian noise: Philox4x32-10 (Salmon et al., SC'11; Random123's constants)
 * followed by Box-Muller. This is the TypeScript twin of the WGSL in kernels.ts: noise is a pure
 * function of (seed, stream, element), so the GPU can make it anywhere in a sampling run without
 * state, and Node, the browser and the PyTorch fixture script (a numpy port) agree on it.
 *
 * Layout, shared by all three implementations:
 * - key = (seed mod 2^32, floor(seed / 2^32));
 * - counter = (floor(element / 4), stream, 0, 0): one block gives four normals, for elements
 *   4g .. 4g+3; stream 0 is the starting noise x_T, stream s+1 the noise added at sampling step s;
 * - each 32-bit word becomes a uniform in (0, 1) from its top 24 bits: ((w >> 8) + 0.5) / 2^24;
 * - words (0, 1) and (2, 3) are Box-Muller pairs: r = sqrt(-2 ln u_a), theta = 2 pi (u_b - 1/2),
 *   normals (-r cos theta, -r sin theta): the same as the textbook 2 pi u_b, but with the angle in
 *   [-pi, pi], where WGSL's sin and cos have their stated accuracy.
 */

const M0 = 0xd2511f53;
const M1 = 0xcd9e8d57;
const W0 = 0x9e3779b9;
const W1 = 0xbb67ae85;

/** High 32 bits of the 64-bit product of two u32s, exact (16-bit limbs keep every partial < 2^53). */
function mulhi(a: number, b: number): number {
  const aH = a >>> 16;
  const aL = a & 0xffff;
  const bH = b >>> 16;
  const bL = b & 0xffff;
  const ll = aL * bL;
  const mid = aH * bL + ((ll >>> 16) + aL * bH);
  // mid < 2^33: split it without 32-bit overflow.
  return (aH * bH + Math.floor(mid / 65536)) >>> 0;
}

/** One Philox4x32-10 block: four u32 words for a 128-bit counter and a 64-bit key. */
export function philox4x32(
  counter: readonly [number, number, number, number],
  key: readonly [number, number],
): [number, number, number, number] {
  let [c0, c1, c2, c3] = counter.map((v) => v >>> 0) as [number, number, number, number];
  let k0 = key[0] >>> 0;
  let k1 = key[1] >>> 0;
  for (let round = 0; round < 10; round++) {
    const hi0 = mulhi(M0, c0);
    const lo0 = Math.imul(M0, c0) >>> 0;
    const hi1 = mulhi(M1, c2);
    const lo1 = Math.imul(M1, c2) >>> 0;
    [c0, c1, c2, c3] = [(hi1 ^ c1 ^ k0) >>> 0, lo1, (hi0 ^ c3 ^ k1) >>> 0, lo0];
    k0 = (k0 + W0) >>> 0;
    k1 = (k1 + W1) >>> 0;
  }
  return [c0, c1, c2, c3];
}

/** The Philox key of a seed: any integer from 0 to 2^53 - 1. */
export function seedKey(seed: number): [number, number] {
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new RangeError(`seed must be an integer from 0 to 2^53-1, got ${seed}`);
  return [seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0];
}

const uniform = (w: number) => ((w >>> 8) + 0.5) / 16777216;

/** `count` standard normals of one stream, elements 0 .. count-1, as float32. */
export function gaussianNoise(seed: number, stream: number, count: number): Float32Array {
  const key = seedKey(seed);
  const out = new Float32Array(count);
  for (let g = 0; g * 4 < count; g++) {
    const w = philox4x32([g, stream, 0, 0], key);
    for (let pair = 0; pair < 2; pair++) {
      const r = Math.sqrt(-2 * Math.log(uniform(w[2 * pair]!)));
      const theta = 2 * Math.PI * (uniform(w[2 * pair + 1]!) - 0.5);
      const i = 4 * g + 2 * pair;
      if (i < count) out[i] = -r * Math.cos(theta);
      if (i + 1 < count) out[i + 1] = -r * Math.sin(theta);
    }
  }
  return out;
}
