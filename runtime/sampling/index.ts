/** Sampling for a loaded bundle: checks that the bundle is a noise predictor, then builds a Sampler. */
import { KilnError } from '../errors.js';
import { SAMPLERS, type SamplerName } from './plan.js';
import { checkSignal, optionRecord } from '../options.js';
import { Sampler, type SampleOptions, type SampleShape, type SamplingRunner } from './sampler.js';

export { SAMPLERS, type SamplerName, planSampler, DEFAULT_SPACING } from './plan.js';
export { Sampler, type SampleOptions, type StepInfo, type SampleShape } from './sampler.js';
export { gaussianNoise } from './philox.js';
export { DEFAULT_SCHEDULE, SPACINGS, BETA_SCHEDULES } from './schedule.js';

/** Default step counts: diffusers' DDPM uses all 1000; DDIM 50; DPM-Solver++ is good at 20. */
export const DEFAULT_STEPS = { ddim: 50, ddpm: 1000, dpmpp2m: 20 } as const;

interface TensorList {
  readonly inputs: readonly { readonly name: string; readonly shape: readonly number[] }[];
  readonly outputs: readonly { readonly name: string; readonly shape: readonly number[] }[];
  readonly conditioning?: { readonly classes: number; readonly guidance: number };
}

/** [B, C, H, W] of the bundle's x, after checking that out has the same shape and t is [B]. */
export function sampleShape(m: TensorList, where: string): [number, number, number, number] {
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
  manifest: TensorList,
  where: string,
): Sampler {
  const [batch, channels, height, width] = sampleShape(manifest, where);
  for (const method of ['encodeForward', 'inputBuffer', 'outputBuffer'] as const)
    if (typeof (runner as unknown as Record<string, unknown>)[method] !== 'function')
      throw new KilnError(
        'BUNDLE_INVALID',
        `${where}: cannot sample: the runner has no ${method}() (compiled by an older kiln? compile it again)`,
      );
  const classes = manifest.conditioning?.classes;
  if (classes === undefined && manifest.inputs.some((t) => t.name === 'label'))
    throw new KilnError(
      'OPTION_INVALID',
      `${where}: this bundle's label input (a diffusers class table, with no null label for guidance) is not sampled yet; forward() takes label`,
    );
  return new Sampler(device, runner, {
    batch,
    channels,
    height,
    width,
    ...(classes !== undefined ? { classes } : {}),
    ...contextShape(manifest),
  });
}

/** A bad sample() option: one line naming it. */
const bad = (line: string) => new KilnError('OPTION_INVALID', `sample: ${line}`);

/** [S, D] of a conditional U-Net's `context` input [B, S, D], or nothing. */
function contextShape(m: TensorList): { context?: readonly [number, number] } {
  const c = m.inputs.find((t) => t.name === 'context');
  return c && c.shape.length === 3 ? { context: [c.shape[1]!, c.shape[2]!] } : {};
}

/**
 * sample()'s `context`: required by a conditional U-Net (a bundle with a `context` input), as
 * `count` images of [S, D]; refused by any other.
 */
function checkContext(
  context: unknown,
  shape: SampleShape,
  count: number,
): Float32Array | undefined {
  if (!shape.context) {
    if (context !== undefined) throw bad('context: this bundle has no context input');
    return undefined;
  }
  const [s, d] = shape.context;
  const want = `a Float32Array of ${count * s * d} values (${count} image(s) of [${s},${d}])`;
  if (context === undefined) throw bad(`context is required by this bundle: ${want}`);
  if (!(context instanceof Float32Array) || context.length !== count * s * d)
    throw bad(
      `context must be ${want}, got ${context instanceof Float32Array ? `${context.length} values` : typeof context}`,
    );
  return context;
}

/**
 * sample()'s `negativeContext`: the unconditional pass's context, `count` items of [S, D] or
 * one item for all (returned repeated); checkSampleOptions has refused it without a context input.
 */
function checkNegativeContext(
  negative: unknown,
  [s, d]: readonly [number, number],
  count: number,
): Float32Array {
  const one = s * d;
  if (
    !(negative instanceof Float32Array) ||
    (negative.length !== one && negative.length !== count * one)
  )
    throw bad(
      `negativeContext must be a Float32Array of ${count * one} values (${count} image(s) of [${s},${d}]) or ${one} (one for all), got ${negative instanceof Float32Array ? `${negative.length} values` : typeof negative}`,
    );
  if (negative.length === count * one) return negative;
  const all = new Float32Array(count * one);
  for (let i = 0; i < count; i++) all.set(negative, i * one);
  return all;
}

/** Guidance of a context model when neither the call nor the bundle says: diffusers' pipelines' default. */
export const CONTEXT_GUIDANCE = 7.5;

/** The options sample() knows; any other key is rejected (runtime/options.ts). */
export const SAMPLE_KEYS = [
  'sampler',
  'steps',
  'seed',
  'eta',
  'noise',
  'context',
  'negativeContext',
  'onStep',
  'previewEvery',
  'preview',
  'count',
  'signal',
  'label',
  'guidance',
  'guide',
] as const;

/** What a caller may pass to sample(): all optional, unchecked (it may come from plain JS). */
export type SampleRequest = { readonly [K in (typeof SAMPLE_KEYS)[number]]?: unknown };

/** What the options are checked against: x's shape and the bundle's conditioning. */
export interface SampleTarget extends SampleShape {
  readonly conditioning?: { readonly classes: number; readonly guidance: number };
}

/** The labels of a guided run: one id for every image, or one per image. */
function checkLabels(
  label: unknown,
  images: number,
  classes: number,
  bad: (line: string) => KilnError,
): Int32Array<ArrayBuffer> {
  const ok = (v: unknown): v is number =>
    typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < classes;
  const range = `an integer from 0 to ${classes - 1}`;
  if (typeof label === 'number') {
    if (!ok(label)) throw bad(`label must be ${range}, got ${String(label)}`);
    return new Int32Array(images).fill(label);
  }
  const list =
    Array.isArray(label) || label instanceof Int32Array
      ? Array.from(label as ArrayLike<unknown>)
      : undefined;
  if (!list)
    throw bad(
      `label must be a class id or a list of them (a number array or an Int32Array), got ${typeof label}`,
    );
  if (list.length !== 1 && list.length !== images)
    throw bad(`label has ${list.length} values; give one, or one per image (${images})`);
  const at = list.findIndex((v) => !ok(v));
  if (at >= 0) throw bad(`label[${at}] must be ${range}, got ${String(list[at])}`);
  return list.length === 1
    ? new Int32Array(images).fill(list[0] as number)
    : Int32Array.from(list as number[]);
}

const isInt = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/**
 * sample()'s options with defaults filled in, or a KilnError with one line naming the option.
 * `target` is x's shape: its batch bounds `count`, and noise holds `count` images. A
 * class-conditional model with `label` samples with guidance (default: the bundle's) in the
 * layout `guide` ('batched', the default for an even batch, runs cond and uncond in one
 * forward, so count is at most N/2; 'twice' runs two forwards of count).
 */
export function checkSampleOptions(options: unknown, target: SampleTarget): SampleOptions {
  const o: SampleRequest = optionRecord('sample', options, SAMPLE_KEYS);
  const sampler = o.sampler ?? 'ddim';
  if (typeof sampler !== 'string' || !SAMPLERS.includes(sampler as SamplerName))
    throw bad(`sampler must be ${SAMPLERS.join(', ')}, got ${JSON.stringify(sampler)}`);
  const name = sampler as SamplerName;
  const steps = o.steps ?? DEFAULT_STEPS[name];
  if (!isInt(steps, 1, 1000))
    throw bad(`steps must be an integer from 1 to 1000, got ${String(steps)}`);
  const seed = o.seed ?? 0;
  if (!isInt(seed, 0, Number.MAX_SAFE_INTEGER))
    throw bad(`seed must be an integer from 0 to 2^53-1, got ${String(seed)}`);
  if (o.eta !== undefined && !(typeof o.eta === 'number' && o.eta >= 0 && o.eta <= 1))
    throw bad(`eta must be a number from 0 to 1, got ${String(o.eta)}`);
  if (o.eta !== undefined && o.eta !== 0 && name !== 'ddim')
    throw bad(`eta applies to the ddim sampler only, not ${name}`);
  if (o.previewEvery !== undefined && !isInt(o.previewEvery, 1, 1000))
    throw bad(`previewEvery must be an integer from 1 to 1000, got ${String(o.previewEvery)}`);
  if (o.onStep !== undefined && typeof o.onStep !== 'function')
    throw bad('onStep must be a function');
  if (o.preview !== undefined && o.preview !== 'x' && o.preview !== 'x0')
    throw bad(`preview must be 'x' or 'x0', got ${JSON.stringify(o.preview)}`);
  const cond = target.conditioning;
  let labels: Int32Array<ArrayBuffer> | undefined;
  let guidance: number | undefined;
  let guide: 'batched' | 'twice' | undefined;
  if (o.label !== undefined && !cond)
    throw bad('label needs a class-conditional model (a spec with classes); this one has none');
  if (o.label !== undefined && target.context)
    throw bad(
      'label: a model with a context input is guided by negativeContext (its unconditional pass), not by labels',
    );
  // A context model is guided by a negative context, a class-conditional one by labels.
  const guideBy = target.context ? 'negativeContext' : 'label';
  const guided = target.context ? o.negativeContext !== undefined : o.label !== undefined;
  if (o.guidance !== undefined) {
    if (!(typeof o.guidance === 'number' && Number.isFinite(o.guidance) && o.guidance >= 0))
      throw bad(`guidance must be a finite number >= 0, got ${String(o.guidance)}`);
    if (!guided)
      throw bad(
        target.context
          ? 'guidance needs negativeContext (the unconditional pass of a context model)'
          : 'guidance needs label (the classes to guide towards)',
      );
  }
  if (o.guide !== undefined) {
    if (o.guide !== 'batched' && o.guide !== 'twice')
      throw bad(`guide must be batched or twice, got ${JSON.stringify(o.guide)}`);
    if (!guided) throw bad(`guide needs ${guideBy}`);
  }
  if (o.negativeContext !== undefined && !target.context)
    throw bad('negativeContext: this bundle has no context input');
  if (guided) {
    guide =
      (o.guide as 'batched' | 'twice' | undefined) ??
      (target.batch % 2 === 0 ? 'batched' : 'twice');
    if (guide === 'batched' && target.batch % 2 !== 0)
      throw bad(
        `guide batched needs an even batch (cond and uncond halves); this bundle's is ${target.batch}`,
      );
  }
  // Images a run can make: the batch, or half of it when cond and uncond share the forward.
  const most = guide === 'batched' ? target.batch / 2 : target.batch;
  const count = o.count ?? most;
  if (!isInt(count, 1, most))
    throw bad(
      guide === 'batched'
        ? `count must be an integer from 1 to ${most} (half the bundle's batch of ${target.batch}: guide batched runs cond and uncond halves), got ${String(count)}`
        : `count must be an integer from 1 to ${most} (the bundle's batch), got ${String(count)}`,
    );
  if (cond && o.label !== undefined) {
    labels = checkLabels(o.label, count, cond.classes, bad);
    guidance = (o.guidance as number | undefined) ?? cond.guidance;
  }
  const numel = count * target.channels * target.height * target.width;
  let noise: Float32Array | undefined;
  if (o.noise !== undefined) {
    if (!(o.noise instanceof Float32Array) || o.noise.length !== numel)
      throw bad(
        `noise must be a Float32Array of ${numel} values (${count} image(s) of x's shape), got ${o.noise instanceof Float32Array ? `${o.noise.length} values` : typeof o.noise}`,
      );
    noise = o.noise;
  }
  const context = checkContext(o.context, target, count);
  const negativeContext =
    o.negativeContext === undefined
      ? undefined
      : checkNegativeContext(o.negativeContext, target.context!, count);
  if (negativeContext) guidance = (o.guidance as number | undefined) ?? CONTEXT_GUIDANCE;
  return {
    ...(context ? { context } : {}),
    ...(negativeContext ? { negativeContext, guidance, guide } : {}),
    sampler: name,
    steps,
    seed,
    eta: o.eta as number | undefined,
    noise,
    onStep: o.onStep as SampleOptions['onStep'],
    previewEvery: o.previewEvery as number | undefined,
    preview: o.preview as 'x' | 'x0' | undefined,
    count,
    signal: checkSignal('sample', o.signal),
    ...(labels ? { labels, guidance, guide } : {}),
  };
}
