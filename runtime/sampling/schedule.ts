/**
 * Noise schedules and timestep spacings, as diffusers defines them (DDPMScheduler,
 * DDIMScheduler, DPMSolverMultistepScheduler), computed in float64. diffusers builds its tables
 * in float32; the difference is below 1e-6 relative, far inside the parity tolerance.
 */

export const BETA_SCHEDULES = ['linear', 'scaled_linear', 'squaredcos_cap_v2'] as const;
export type BetaSchedule = (typeof BETA_SCHEDULES)[number];
export const SPACINGS = ['leading', 'trailing', 'linspace'] as const;
export type Spacing = (typeof SPACINGS)[number];

export interface TrainSchedule {
  /** Training timesteps T. */
  readonly trainSteps: number;
  readonly betaSchedule: BetaSchedule;
  readonly betaStart: number;
  readonly betaEnd: number;
}

/** diffusers' defaults: T = 1000, linear betas from 1e-4 to 0.02. */
export const DEFAULT_SCHEDULE: TrainSchedule = {
  trainSteps: 1000,
  betaSchedule: 'linear',
  betaStart: 1e-4,
  betaEnd: 0.02,
};

/** np.linspace(a, b, n) as numpy computes it (a + i * step, the last value exactly b). */
export function linspace(a: number, b: number, n: number): number[] {
  if (n === 1) return [a];
  const step = (b - a) / (n - 1);
  return Array.from({ length: n }, (_, i) => (i === n - 1 ? b : a + i * step));
}

/** Glide's cosine schedule (betas_for_alpha_bar with max_beta 0.999). */
function cosineBetas(n: number): number[] {
  const alphaBar = (t: number) => Math.cos(((t + 0.008) / 1.008) * (Math.PI / 2)) ** 2;
  return Array.from({ length: n }, (_, i) =>
    Math.min(1 - alphaBar((i + 1) / n) / alphaBar(i / n), 0.999),
  );
}

export function betas(s: TrainSchedule): number[] {
  switch (s.betaSchedule) {
    case 'linear':
      return linspace(s.betaStart, s.betaEnd, s.trainSteps);
    case 'scaled_linear':
      return linspace(Math.sqrt(s.betaStart), Math.sqrt(s.betaEnd), s.trainSteps).map((b) => b * b);
    case 'squaredcos_cap_v2':
      return cosineBetas(s.trainSteps);
  }
}

/** alphas_cumprod: the product of (1 - beta) up to each training timestep. */
export function alphasCumprod(s: TrainSchedule): Float64Array {
  const b = betas(s);
  const out = new Float64Array(b.length);
  let acc = 1;
  for (let i = 0; i < b.length; i++) {
    acc *= 1 - b[i]!;
    out[i] = acc;
  }
  return out;
}

/** numpy's round: half to even. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The timesteps of DDPMScheduler / DDIMScheduler.set_timesteps(n), first to last (descending);
 * steps_offset is 0.
 */
export function ddpmTimesteps(spacing: Spacing, n: number, trainSteps: number): number[] {
  switch (spacing) {
    case 'linspace':
      return linspace(0, trainSteps - 1, n)
        .map(roundHalfEven)
        .reverse();
    case 'leading': {
      const ratio = Math.floor(trainSteps / n);
      return Array.from({ length: n }, (_, i) => i * ratio).reverse();
    }
    case 'trailing':
      return arange(trainSteps, 0, -trainSteps / n).map((t) => roundHalfEven(t) - 1);
  }
}

/**
 * The timesteps of DPMSolverMultistepScheduler.set_timesteps(n) (lambda_min_clipped = -inf,
 * so the last usable timestep is T): it spaces n + 1 points and drops the final one.
 */
export function dpmTimesteps(spacing: Spacing, n: number, trainSteps: number): number[] {
  switch (spacing) {
    case 'linspace':
      return linspace(0, trainSteps - 1, n + 1)
        .map(roundHalfEven)
        .reverse()
        .slice(0, n);
    case 'leading': {
      const ratio = Math.floor(trainSteps / (n + 1));
      return Array.from({ length: n + 1 }, (_, i) => i * ratio)
        .reverse()
        .slice(0, n);
    }
    case 'trailing':
      return arange(trainSteps, 0, -trainSteps / n).map((t) => roundHalfEven(t) - 1);
  }
}

/** np.arange(start, stop, step) for a negative float step: ceil((stop - start) / step) values. */
function arange(start: number, stop: number, step: number): number[] {
  const n = Math.ceil((stop - start) / step);
  return Array.from({ length: n }, (_, i) => start + i * step);
}
