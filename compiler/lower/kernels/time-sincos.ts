/**
 * Sinusoidal timestep embedding. The frequencies are computed here exactly as PyTorch computes
 * them in float32 (log(10000) rounded to f32, divided by half-1, times -j, exp) and baked in as
 * constants, so the only device math is one f32 product and sin/cos of it.
 *
 * sin/cos get an explicit range reduction: timesteps reach ~1000 rad, and WGSL only bounds the
 * builtin's error on [-pi, pi]. 2*pi is split Cody-Waite style into a head with few mantissa
 * bits (so k*head is exact for the k we see) and two tails.
 */
import type { NodeOf } from '../../ir/ops.js';
import type { KernelSource, LowerCtx } from '../kernel.js';
import type { Flat } from '../schedule.js';
import { bindings, f32, flatMain, grid1d, header, u32 } from '../wgsl.js';

const fr = Math.fround;

export function timeFrequencies(dim: number): number[] {
  const half = dim / 2;
  const step = fr(fr(Math.log(10000)) / (half - 1));
  return Array.from({ length: half }, (_, j) => fr(Math.exp(fr(-j * step))));
}

const TWO_PI_HI = 6.28125; // 201/32: 8 significant bits
const TWO_PI_MID = fr(2 * Math.PI - TWO_PI_HI);
const TWO_PI_LO = fr(2 * Math.PI - TWO_PI_HI - TWO_PI_MID);

export function timeSincos(
  node: NodeOf<'time_sincos'>,
  _ctx: LowerCtx<'time_sincos'>,
  s: Flat,
): KernelSource {
  const wg = s.wg;
  const [n, dim] = node.shape as [number, number];
  const half = dim / 2;
  const freqs = timeFrequencies(dim);
  const total = n * dim;
  const wgsl = `${header(`time_sincos dim ${dim}: [${n}] -> [${n},${dim}]`, ['emb[:, :half] = sin(t * f), emb[:, half:] = cos(t * f)'])}
${bindings(['t'], 'y')}

const FREQS = array<f32, ${half}>(
${freqs.map((f) => `  ${f32(f)},`).join('\n')}
);

fn reduce_angle(v: f32) -> f32 {
  let k = round(v * ${f32(1 / (2 * Math.PI))});
  var r = v - k * ${f32(TWO_PI_HI)};
  r = r - k * ${f32(TWO_PI_MID)};
  r = r - k * ${f32(TWO_PI_LO)};
  return r;
}

${flatMain(
  total,
  `  let j = i % ${u32(dim)};
  let b = i / ${u32(dim)};
  let f = FREQS[select(j, j - ${u32(half)}, j >= ${u32(half)})];
  let angle = reduce_angle(t[b] * f);
  y[i] = select(sin(angle), cos(angle), j >= ${u32(half)});`,
  wg,
)}
`;
  return { family: 'time_sincos', wgsl, grid: grid1d(total, wg, n) };
}
