/**
 * THE activation table. An activation is one entry: its WGSL, its PyTorch form and (by its key)
 * its name. Each entry is an op of the op table (ops.ts maps over this one), a kernel of its own
 * when it stands alone (lower/kernels/elementwise.ts), a prologue fragment when a conv absorbs it
 * (lower/kernels/fragments.ts), and a choice of `activation` for a spec's ResBlocks
 * (spec/schema.ts), which `kiln emit-torch` writes with the `torch` form.
 */
import { f32 } from '../lower/wgsl.js';

export interface Activation {
  /**
   * The WGSL expression of `v`, an f32 or a vec4<f32>: `splat(c)` is the constant c (WGSL text)
   * of v's type. Undefined: the vec4 form applies the f32 one per component.
   */
  readonly wgsl: (v: string, splat: (c: string) => string) => string;
  /** Whether `wgsl` is valid for vec4<f32> too (it calls no scalar-only helper). */
  readonly vector: boolean;
  /** WGSL functions the expression calls (f32 only). */
  readonly helpers?: string;
  /** PyTorch: the nn module, as `kiln emit-torch` writes it (`torch.nn` as nn). */
  readonly torch: string;
  /** How kernel headers name it. */
  readonly title: string;
}

/**
 * erf by Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): WGSL has no erf, and nn.GELU() is the
 * exact erf form, not the tanh approximation.
 */
const ERF = `fn erf_approx(v: f32) -> f32 {
  let a = abs(v);
  let t = 1.0 / fma(${f32(0.3275911)}, a, 1.0);
  let poly = t * (${f32(0.254829592)} + t * (${f32(-0.284496736)} + t * (${f32(1.421413741)} + t * (${f32(-1.453152027)} + t * ${f32(1.061405429)}))));
  return sign(v) * (1.0 - poly * exp(-a * a));
}`;

export const ACTIVATIONS = {
  silu: {
    wgsl: (v, splat) => `${v} / (${splat('1.0')} + exp(-${v}))`,
    vector: true,
    torch: 'nn.SiLU()',
    title: 'SiLU',
  },
  /** Exact (erf) GELU, as nn.GELU(). */
  gelu: {
    wgsl: (v) => `0.5 * ${v} * (1.0 + erf_approx(${v} * ${f32(Math.SQRT1_2)}))`,
    vector: false,
    helpers: ERF,
    torch: 'nn.GELU()',
    title: 'GELU',
  },
  /**
   * x * tanh(softplus(x)), as nn.Mish(). softplus is capped at 20, where tanh is 1 in f32 (and
   * PyTorch's softplus switches to x): exp(x) overflows past 88, and a tanh of inf may be NaN.
   */
  mish: {
    wgsl: (v, splat) => `${v} * tanh(min(log(${splat('1.0')} + exp(${v})), ${splat('20.0')}))`,
    vector: true,
    torch: 'nn.Mish()',
    title: 'Mish',
  },
} as const satisfies Record<string, Activation>;

export type ActivationName = keyof typeof ACTIVATIONS;

export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS) as ActivationName[];

export const isActivation = (op: string): op is ActivationName => Object.hasOwn(ACTIVATIONS, op);

/**
 * The WGSL function `name` (f32) or `name4` (vec4<f32>) and the helpers it calls: the one
 * definition every kernel that applies the activation includes.
 */
export function activationFn(name: ActivationName, width: 1 | 4 = 1): string {
  const a: Activation = ACTIVATIONS[name];
  if (width === 1)
    return `${a.helpers ? `${a.helpers}\n\n` : ''}fn ${name}(v: f32) -> f32 { return ${a.wgsl('v', (c) => c)}; }`;
  const body = a.vector
    ? a.wgsl('v', (c) => `vec4<f32>(${c})`)
    : `vec4<f32>(${['x', 'y', 'z', 'w'].map((e) => `${name}(v.${e})`).join(', ')})`;
  const scalar = a.vector ? '' : `${activationFn(name)}\n\n`;
  return `${scalar}fn ${name}4(v: vec4<f32>) -> vec4<f32> { return ${body}; }`;
}
