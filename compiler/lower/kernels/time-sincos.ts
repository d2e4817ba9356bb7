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

/**
 * diffusers' frequencies (get_timestep_embedding), in its f32 order: -ln(10000) rounded to f32,
 * times k, divided by half - shift, exp.
 */
export function shiftedFrequencies(dim: number, shift: number): number[] {
  const half = Math.floor(dim / 2);
  const neg = fr(-Math.log(10000));
  return Array.from({ length: half }, (_, k) => fr(Math.exp(fr(fr(neg * k) / (half - shift)))));
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
  const { flip = false, shift } = node.attrs;
  const half = Math.floor(dim / 2);
  const freqs = shift === undefined ? timeFrequencies(dim) : shiftedFrequencies(dim, shift);
  const total = n * dim;
  const [first, second] = flip ? ['cos', 'sin'] : ['sin', 'cos'];
  const index = `select(j, j - ${u32(half)}, j >= ${u32(half)})`;
  const value = `select(${first}(angle), ${second}(angle), j >= ${u32(half)})`;
  const wgsl = `${header(`time_sincos dim ${dim}: [${n}] -> [${n},${dim}]`, [`emb[:, :half] = ${first}(t * f), emb[:, half:] = ${second}(t * f)${dim % 2 ? ', last column 0' : ''}`])}
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
  let f = FREQS[${dim % 2 === 0 ? index : `min(${index}, ${u32(half - 1)})`}];
  let angle = reduce_angle(t[b] * f);
  y[i] = ${dim % 2 === 0 ? value : `select(${value}, 0.0, j == ${u32(2 * half)})`};`,
  wg,
)}
`;
  return { family: 'time_sincos', wgsl, grid: grid1d(total, wg, n) };
}
