/** WGSL math snippets shared by kernels. */
export { f32 } from '../wgsl.js';
import { f32 } from '../wgsl.js';

/**
 * erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): WGSL has no erf, and nn.GELU() is the
 * exact erf form, not the tanh approximation.
 */
export const ERF = `fn erf_approx(v: f32) -> f32 {
  let a = abs(v);
  let t = 1.0 / fma(${f32(0.3275911)}, a, 1.0);
  let poly = t * (${f32(0.254829592)} + t * (${f32(-0.284496736)} + t * (${f32(1.421413741)} + t * (${f32(-1.453152027)} + t * ${f32(1.061405429)}))));
  return sign(v) * (1.0 - poly * exp(-a * a));
}`;

export const SILU = 'fn silu(v: f32) -> f32 { return v / (1.0 + exp(-v)); }';

/** SILU for four values at once (WGSL functions are not generic over vector width). */
export const SILU4 =
  'fn silu4(v: vec4<f32>) -> vec4<f32> { return v / (vec4<f32>(1.0) + exp(-v)); }';

/** nn.GELU(): the exact erf form. Needs ERF. */
export const GELU = `${ERF}

fn gelu(v: f32) -> f32 { return 0.5 * v * (1.0 + erf_approx(v * ${f32(Math.SQRT1_2)})); }`;
