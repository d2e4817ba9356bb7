/** Sampling for a loaded bundle: checks that the bundle is a noise predictor, then builds a Sampler. */
import { KilnError } from '../errors.js';
import type { Manifest } from '../format/manifest.js';
import { Sampler, type SamplingRunner } from './sampler.js';

export { SAMPLERS, type SamplerName, planSampler, DEFAULT_SPACING } from './plan.js';
export { Sampler, type SampleOptions, type StepInfo, type SampleShape } from './sampler.js';
export { gaussianNoise } from './philox.js';
export { DEFAULT_SCHEDULE, SPACINGS, BETA_SCHEDULES } from './schedule.js';

/** Default step counts: diffusers' DDPM uses all 1000; DDIM 50; DPM-Solver++ is good at 20. */
export const DEFAULT_STEPS = { ddim: 50, ddpm: 1000, dpmpp2m: 20 } as const;

/** [B, C, H, W] of the bundle's x, after checking that out has the same shape and t is [B]. */
export function sampleShape(m: Manifest, where: string): [number, number, number, number] {
  const x = m.inputs.find((t) => t.name === 'x');
  const t = m.inputs.find((t) => t.name === 't');
  const out = m.outputs.find((t) => t.name === 'out');
  if (!x || x.shape.length !== 4 || !t || !out)
    throw new KilnError(
      'BUNDLE_INVALID',
      `${where}: not a U-Net bundle (inputs x [B,C,H,W] and t, output out)`,
    );
  if (out.shape.join(',') !== x.shape.join(','))
    throw new KilnError(
      'BUNDLE_INVALID',
      `${where}: cannot sample: out is [${out.shape.join(',')}] but x is [${x.shape.join(',')}]; a noise predictor's output has its input's shape (outChannels = input.channels)`,
    );
  return x.shape as [number, number, number, number];
}

export function createSampler(
  device: GPUDevice,
  runner: SamplingRunner,
  manifest: Manifest,
  where: string,
): Sampler {
  const [batch, channels, height, width] = sampleShape(manifest, where);
  return new Sampler(device, runner, { batch, channels, height, width });
}
