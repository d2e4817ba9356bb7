/**
 * Each sampler as a table of per-step coefficients (float64 here, float32 on the GPU). One update
 * kernel runs every sampler: with eps the U-Net's output at the step's timestep,
 *
 *   x0   = (x - sb * eps) / sa                  (clamped to [-1, 1] when `clip`)
 *   next = cx0 * x0 + cx * x + ceps * eps + cprev * x0_prev + cnoise * N(seed, step + 1, i)
 *
 * and, when `keepX0`, x0 is stored as the next step's x0_prev. The formulas are diffusers'
 * (epsilon prediction), folded into these coefficients.
 */
import {
  alphasCumprod,
  DEFAULT_SCHEDULE,
  ddpmTimesteps,
  dpmTimesteps,
  type Spacing,
  type TrainSchedule,
} from './schedule.js';

export const SAMPLERS = ['ddim', 'ddpm', 'dpmpp2m'] as const;
export type SamplerName = (typeof SAMPLERS)[number];

export interface StepCoeffs {
  /** The U-Net's timestep input at this step. */
  readonly t: number;
  readonly sa: number;
  readonly sb: number;
  readonly clip: boolean;
  readonly cx0: number;
  readonly cx: number;
  readonly ceps: number;
  readonly cprev: number;
  readonly cnoise: number;
  readonly keepX0: boolean;
}

export interface PlanOptions {
  readonly sampler: SamplerName;
  readonly steps: number;
  /** DDIM's eta (0: deterministic DDIM, 1: DDPM-like variance). */
  readonly eta?: number;
  readonly schedule?: TrainSchedule;
  /** Default: "leading" for DDPM and DDIM, "linspace" for DPM-Solver++, as in diffusers. */
  readonly spacing?: Spacing;
  /** clip_sample (DDPM, DDIM); default true. */
  readonly clipSample?: boolean;
  /** DDIM's set_alpha_to_one; default true. */
  readonly setAlphaToOne?: boolean;
}

export const DEFAULT_SPACING: Record<SamplerName, Spacing> = {
  ddim: 'leading',
  ddpm: 'leading',
  dpmpp2m: 'linspace',
};

const ZERO = { ceps: 0, cprev: 0, cnoise: 0, keepX0: false } as const;

/** The step table of one sampling run; throws RangeError for steps outside 1..T. */
export function planSampler(o: PlanOptions): StepCoeffs[] {
  const s = o.schedule ?? DEFAULT_SCHEDULE;
  const T = s.trainSteps;
  if (!Number.isInteger(o.steps) || o.steps < 1 || o.steps > T)
    throw new RangeError(`steps must be an integer from 1 to ${T}, got ${o.steps}`);
  const ac = alphasCumprod(s);
  const spacing = o.spacing ?? DEFAULT_SPACING[o.sampler];
  const clip = o.clipSample ?? true;
  switch (o.sampler) {
    case 'ddpm':
      return planDdpm(ac, ddpmTimesteps(spacing, o.steps, T), clip);
    case 'ddim':
      return planDdim(
        ac,
        ddpmTimesteps(spacing, o.steps, T),
        Math.floor(T / o.steps),
        o.eta ?? 0,
        clip,
        (o.setAlphaToOne ?? true) ? 1 : ac[0]!,
      );
    case 'dpmpp2m':
      return planDpmpp2m(ac, dpmTimesteps(spacing, o.steps, T));
  }
}

/** DDPMScheduler.step, variance_type "fixed_small"; the previous timestep is the next in the list. */
function planDdpm(ac: Float64Array, ts: number[], clip: boolean): StepCoeffs[] {
  return ts.map((t, i) => {
    const prev = i + 1 < ts.length ? ts[i + 1]! : -1;
    const aT = ac[t]!;
    const aPrev = prev >= 0 ? ac[prev]! : 1;
    const betaT = 1 - aT;
    const betaPrev = 1 - aPrev;
    const curAlpha = aT / aPrev;
    const curBeta = 1 - curAlpha;
    const variance = Math.max((betaPrev / betaT) * curBeta, 1e-20);
    return {
      ...ZERO,
      t,
      sa: Math.sqrt(aT),
      sb: Math.sqrt(betaT),
      clip,
      cx0: (Math.sqrt(aPrev) * curBeta) / betaT,
      cx: (Math.sqrt(curAlpha) * betaPrev) / betaT,
      cnoise: t > 0 ? Math.sqrt(variance) : 0,
    };
  });
}

/**
 * DDIMScheduler.step: diffusers takes the previous timestep as t - T // n whatever the spacing,
 * and alpha_prev = final_alpha_cumprod below 0. The noise direction uses the unclipped eps
 * (use_clipped_model_output false).
 */
function planDdim(
  ac: Float64Array,
  ts: number[],
  stride: number,
  eta: number,
  clip: boolean,
  finalAlpha: number,
): StepCoeffs[] {
  return ts.map((t) => {
    const prev = t - stride;
    const aT = ac[t]!;
    const aPrev = prev >= 0 ? ac[prev]! : finalAlpha;
    const variance = ((1 - aPrev) / (1 - aT)) * (1 - aT / aPrev);
    const std = eta * Math.sqrt(variance);
    return {
      ...ZERO,
      t,
      sa: Math.sqrt(aT),
      sb: Math.sqrt(1 - aT),
      clip,
      cx0: Math.sqrt(aPrev),
      cx: 0,
      // diffusers takes this square root as is; it is >= 0 for eta <= 1 up to rounding.
      ceps: Math.sqrt(Math.max(0, 1 - aPrev - std * std)),
      cnoise: eta > 0 ? std : 0,
    };
  });
}

/**
 * DPMSolverMultistepScheduler with its defaults: dpmsolver++, solver_order 2, midpoint,
 * lower_order_final, final_sigmas_type "zero" (so the last step is first order and lands on x0).
 * The first step is first order too (no previous x0 yet).
 */
function planDpmpp2m(ac: Float64Array, ts: number[]): StepCoeffs[] {
  const sigmas = [...ts.map((t) => Math.sqrt((1 - ac[t]!) / ac[t]!)), 0];
  const alphaSigma = (s: number) => {
    const alpha = 1 / Math.sqrt(s * s + 1);
    return { alpha, sigma: s * alpha, lambda: Math.log(alpha) - Math.log(s * alpha) };
  };
  return ts.map((t, i) => {
    const s0 = alphaSigma(sigmas[i]!);
    const tt = alphaSigma(sigmas[i + 1]!);
    const h = tt.lambda - s0.lambda;
    const phi = tt.alpha * (Math.exp(-h) - 1);
    const base = {
      t,
      sa: s0.alpha,
      sb: s0.sigma,
      clip: false,
      cx: tt.sigma / s0.sigma,
      ceps: 0,
      cnoise: 0,
      keepX0: true,
    };
    const firstOrder = i === 0 || i === ts.length - 1;
    if (firstOrder) return { ...base, cx0: -phi, cprev: 0 };
    const s1 = alphaSigma(sigmas[i - 1]!);
    const r0 = (s0.lambda - s1.lambda) / h;
    // x_t = cx x - phi D0 - phi/2 D1, D0 = m0, D1 = (m0 - m1) / r0
    return { ...base, cx0: -phi * (1 + 0.5 / r0), cprev: (phi * 0.5) / r0 };
  });
}
