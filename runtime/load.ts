/**
 * `load()`: what a bundle's model.mjs exports, the same in Node and browsers. In order:
 *   1. open the weights and check their header against the model (every problem at once),
 *      before any GPU work, so bad or unreachable weights fail fast;
 *   2. get a device: the caller's (its limits checked), or a new one from the adapter, asking
 *      for exactly the limits the chosen kernel variant needs;
 *   3. make the buffers, start compiling every pipeline (createComputePipelineAsync), and
 *      stream the weights to the GPU tensor by tensor while the driver compiles;
 *   4. wait for the pipelines, then check the GPU's verdict (out of memory, validation).
 * Every failure is a KilnError with a code and one line per problem, and frees what was made.
 */
import type { LoadOptions, Model, Precision, Variant } from './api.js';
import { KilnError } from './errors.js';
import { onDeviceLost, untilLost } from './device-lost.js';
import { adapterName, defaultGpu, ensureWebgpuConstants, pickVariant } from './gpu.js';
import { DEFAULT_LIMITS, type Limits, limitProblems, requiredLimits } from './format/limits.js';
import { LoadedModel, lostMessage } from './model.js';
import { optionRecord } from './options.js';
import type { RunnerClass, RunnerInstance } from './runner.js';
import { cachedWeightsReader } from './weights/cache.js';
import { describe, openWeights } from './weights/reader.js';
import { checkWeights } from './weights/stream.js';

export interface VariantDef {
  readonly runner: RunnerClass;
  readonly limits: Limits;
  /** WebGPU features its kernels use (the cpu kernels: 'subgroups'); none when absent. */
  readonly features?: readonly GPUFeatureName[];
  /**
   * The smallest subgroup its kernels work with (the cpu kernels: 8, one workgroup, whose lanes
   * trade data by subgroupBroadcast); checked against the adapter's subgroupMinSize.
   */
  readonly subgroupMinSize?: number;
  /**
   * An f16 bundle's twin of these kernels: the same dispatches with the weights held as f16 on
   * the GPU and widened at every read (compiler/lower/f16-weights.ts); its features add
   * 'shader-f16'.
   */
  readonly f16?: { readonly runner: RunnerClass; readonly features: readonly GPUFeatureName[] };
}

/** What a generated model.mjs knows about itself (compiler/emit/model.ts writes it). */
export interface ModelDef<In extends string, Out extends string> {
  readonly name: string;
  readonly kiln: string;
  readonly inputs: Readonly<Record<In, readonly number[]>>;
  readonly outputs: Readonly<Record<Out, readonly number[]>>;
  readonly params: ReadonlyArray<{ readonly name: string; readonly shape: readonly number[] }>;
  /** Class conditioning: `label` takes ids 0..classes-1, `classes` being the null label. */
  readonly conditioning?: { readonly classes: number; readonly guidance: number };
  /** Inputs of i32 class ids (an Int32Array each); the rest are f32. */
  readonly int32Inputs?: readonly string[];
  /** The bundle's own weights file, next to model.mjs. */
  readonly defaultWeights: () => URL;
  readonly variants: Readonly<Partial<Record<Variant, VariantDef>>>;
  /** How the weights file stores the weights (kiln compile --precision); f32 when absent. */
  readonly precision?: Precision;
}

const LOAD_KEYS = ['weights', 'device', 'gpu', 'variant', 'gpuWeights', 'onProgress', 'cache'];

/**
 * How the GPU holds an f16 bundle's weights: f16 where the bundle has the f16 kernels and the
 * device can have shader-f16 (`features`: the adapter's, or a given device's), unless the
 * caller asks for f32. Asking for f16 picks it whatever the features say: a missing
 * shader-f16 is then reported as any missing feature is.
 */
export function chooseGpuWeights(
  hasF16Kernels: boolean,
  asked: Precision | undefined,
  features: ReadonlySet<string> | undefined,
): Precision {
  if (!hasF16Kernels || asked === 'f32') return 'f32';
  return asked === 'f16' || features?.has('shader-f16') ? 'f16' : 'f32';
}

function checkOptions(
  options: unknown,
  variants: readonly Variant[],
  stored: Precision,
): LoadOptions {
  const problems: string[] = [];
  const o = optionRecord('load', options, LOAD_KEYS, problems);
  if (o.gpuWeights !== undefined && o.gpuWeights !== 'f32' && o.gpuWeights !== 'f16')
    problems.push(`load: gpuWeights must be 'f32' or 'f16', got ${describe(o.gpuWeights)}`);
  else if (o.gpuWeights === 'f16' && stored !== 'f16')
    problems.push(
      "load: gpuWeights 'f16': this bundle's weights are f32 (kiln compile --precision f16 makes an f16 bundle)",
    );
  if (o.variant !== undefined && !variants.includes(o.variant as Variant))
    problems.push(
      `load: variant ${describe(o.variant)} is not in this bundle (it has: ${variants.join(', ')})`,
    );
  if (o.device !== undefined && typeof (o.device as GPUDevice)?.createBuffer !== 'function')
    problems.push(`load: device must be a GPUDevice, got ${describe(o.device)}`);
  if (o.gpu !== undefined && typeof (o.gpu as GPU)?.requestAdapter !== 'function')
    problems.push(`load: gpu must be a GPU (navigator.gpu), got ${describe(o.gpu)}`);
  if (o.cache !== undefined && typeof o.cache !== 'boolean')
    problems.push(`load: cache must be true or false, got ${describe(o.cache)}`);
  if (o.onProgress !== undefined && typeof o.onProgress !== 'function')
    problems.push(`load: onProgress must be a function, got ${describe(o.onProgress)}`);
  if (problems.length > 0) throw new KilnError('OPTION_INVALID', problems);
  return o as LoadOptions;
}

/** A variant whose kernels need bigger subgroups than the adapter may give. */
function subgroupProblems(need: number | undefined, info: GPUAdapterInfo | undefined): string[] {
  const min = (info as { subgroupMinSize?: number } | undefined)?.subgroupMinSize;
  if (need === undefined || min === undefined || min >= need) return [];
  return [`subgroups of at least ${need} invocations (the adapter's can have ${min})`];
}

interface Acquired {
  readonly device: GPUDevice;
  readonly adapter: string;
  readonly variant: Variant;
  readonly gpuWeights: Precision;
  readonly owned: boolean;
}

async function acquireDevice(
  def: ModelDef<string, string>,
  options: LoadOptions,
  variants: readonly Variant[],
): Promise<Acquired> {
  const need = (v: Variant) => def.variants[v]!.limits;
  let weights: Precision = 'f32'; // decided once the variant is: its f16 twin's features differ
  const features = (v: Variant) =>
    (weights === 'f16' ? def.variants[v]!.f16?.features : def.variants[v]!.features) ?? [];
  const kernels = (v: Variant) => (weights === 'f16' ? `${v} f16` : v);
  const decide = (v: Variant, have: ReadonlySet<string> | undefined) => {
    weights = chooseGpuWeights(def.variants[v]!.f16 !== undefined, options.gpuWeights, have);
  };
  // `lacking`: what a missing feature is called: not offered (an adapter), not enabled (a device).
  const missing = (
    v: Variant,
    have: ReadonlySet<string> | undefined,
    info: GPUAdapterInfo | undefined,
    lacking = 'not offered',
  ) => [
    ...features(v)
      .filter((f) => !have?.has(f))
      .map((f) => `feature ${f}: ${lacking}`),
    ...subgroupProblems(def.variants[v]!.subgroupMinSize, info),
  ];
  // Left to choose, a variant whose features or limits the adapter lacks gives way to one it
  // has: an SD-sized bundle's cpu kernels bind 150 MiB of padded conv weights, over lavapipe's
  // 128 MiB, where its gpu kernels bind 112.5 MiB and run.
  const choose = (
    info: GPUAdapterInfo | undefined,
    have: ReadonlySet<string> | undefined,
    limits: object,
  ) => {
    const fits = (v: Variant) =>
      missing(v, have, info).length === 0 &&
      limitProblems(need(v), limits as Record<string, number>).length === 0;
    const picked = pickVariant(info, variants);
    return fits(picked) ? picked : (variants.find(fits) ?? picked);
  };
  if (options.device) {
    const device = options.device;
    const info = (device as { adapterInfo?: GPUAdapterInfo }).adapterInfo;
    const variant = options.variant ?? choose(info, device.features, device.limits);
    decide(variant, device.features);
    const problems = [
      ...limitProblems(need(variant), device.limits as unknown as Record<string, number>),
      ...missing(variant, device.features, info, 'not enabled'),
    ];
    if (problems.length > 0)
      throw new KilnError(
        'ADAPTER_LIMITS',
        problems.map(
          (p) => `load: the given device lacks a limit the ${kernels(variant)} kernels need: ${p}`,
        ),
      );
    return { device, adapter: adapterName(info), variant, gpuWeights: weights, owned: false };
  }
  const gpu = options.gpu ?? (await defaultGpu());
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' });
  if (!adapter)
    throw new KilnError(
      'NO_ADAPTER',
      'load: no WebGPU adapter is available (requestAdapter() returned null)',
    );
  const name = adapterName(adapter.info);
  const variant = options.variant ?? choose(adapter.info, adapter.features, adapter.limits);
  decide(variant, adapter.features);
  const problems = [
    ...limitProblems(need(variant), adapter.limits as unknown as Record<string, number>),
    ...missing(variant, adapter.features, adapter.info),
  ];
  if (problems.length > 0)
    throw new KilnError(
      'ADAPTER_LIMITS',
      problems.map((p) => `load: adapter ${name} cannot run the ${kernels(variant)} kernels: ${p}`),
    );
  // A tensor past 128 MiB needs only its parts' size (compiler/lower/split.ts), but stays one
  // buffer where the adapter can make one that large.
  const limits = requiredLimits(need(variant));
  const whole = Math.min(
    def.variants[variant]!.runner.largestBuffer ?? 0,
    adapter.limits.maxBufferSize,
  );
  if (whole > (limits.maxBufferSize ?? DEFAULT_LIMITS.maxBufferSize)) limits.maxBufferSize = whole;
  let device: GPUDevice;
  try {
    device = await adapter.requestDevice({
      requiredFeatures: [...features(variant)],
      requiredLimits: limits,
    });
  } catch (e) {
    throw new KilnError(
      'ADAPTER_LIMITS',
      `load: adapter ${name} refused a device with the limits the ${kernels(variant)} kernels need: ${(e as Error).message.split('\n')[0]}`,
    );
  }
  return { device, adapter: name, variant, gpuWeights: weights, owned: true };
}

export async function loadModel<In extends string, Out extends string>(
  def: ModelDef<In, Out>,
  rawOptions?: LoadOptions,
): Promise<Model<In, Out>> {
  const t0 = performance.now();
  const variants = (['cpu', 'gpu'] as const).filter((v) => def.variants[v]);
  const options = checkOptions(rawOptions, variants, def.precision ?? 'f32');
  const progress = options.onProgress;

  // The bundle's own weights are kept in the browser's Cache API (runtime/weights/cache.ts).
  const own = options.weights === undefined ? def.defaultWeights() : undefined;
  const reader =
    (own && options.cache !== false ? await cachedWeightsReader(own) : undefined) ??
    (await openWeights(options.weights ?? def.defaultWeights()));
  const weights = await checkWeights(reader, def.params);
  let acquired: Acquired;
  try {
    acquired = await acquireDevice(def as ModelDef<string, string>, options, variants);
  } catch (e) {
    await weights.close();
    throw e;
  }
  const { device, variant, gpuWeights } = acquired;
  const kernelsDef = gpuWeights === 'f16' ? def.variants[variant]!.f16! : def.variants[variant]!;
  ensureWebgpuConstants();

  let lostWhy: string | undefined;
  const stopWatch = onDeviceLost(device, (l) => {
    lostWhy = lostMessage(l);
  });
  const lostError = (l: GPUDeviceLostInfo) =>
    new KilnError(
      'DEVICE_LOST',
      `load: the GPU device was lost (${lostMessage(l)}); call load() again`,
    );

  let runner: RunnerInstance | undefined;
  let pipelinesMs = 0;
  let scopes = 0; // error scopes still pushed: a caller's device must get them all popped
  try {
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    scopes = 2;
    runner = new kernelsDef.runner(device);
    const tp = performance.now();
    const pipelines = runner
      .createPipelines((done, total) => progress?.({ phase: 'pipelines', done, total }))
      .then(
        () => {
          pipelinesMs = performance.now() - tp;
        },
        (e: unknown) => {
          throw new KilnError(
            'PIPELINE_FAILED',
            `load: the GPU could not compile ${(e as Error).message.split('\n')[0]}`,
          );
        },
      );
    pipelines.catch(() => undefined); // awaited below, after the weights
    const r = runner;
    await untilLost(
      device,
      weights.stream(
        (name, data) => r.writeWeight(name, data),
        (done, total) => progress?.({ phase: 'weights', done, total }),
        r.f16Weights,
      ),
      lostError,
    );
    await untilLost(device, pipelines, lostError);
    scopes--;
    const validation = await device.popErrorScope();
    scopes--;
    const memory = await device.popErrorScope();
    if (memory)
      throw new KilnError(
        'GPU_ERROR',
        `load: out of GPU memory for the ${variant} buffers: ${memory.message.split('\n')[0]}`,
      );
    if (validation)
      throw new KilnError(
        'GPU_ERROR',
        `load: the GPU rejected the ${variant} runner: ${validation.message.split('\n')[0]}`,
      );
    if (lostWhy)
      throw new KilnError(
        'DEVICE_LOST',
        `load: the GPU device was lost (${lostWhy}); call load() again`,
      );
  } catch (e) {
    await weights.close();
    for (; scopes > 0; scopes--) await device.popErrorScope().catch(() => null);
    runner?.destroy();
    if (acquired.owned) device.destroy();
    throw e;
  } finally {
    stopWatch();
  }
  const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  const tensors = (r: Readonly<Record<string, readonly number[]>>) =>
    Object.entries(r).map(([name, shape]) => ({ name, shape: [...shape] }));
  return new LoadedModel<In, Out>(
    runner,
    {
      name: def.name,
      batch: kernelsDef.runner.batch,
      kiln: def.kiln,
      inputs: tensors(def.inputs).map((t) =>
        def.int32Inputs?.includes(t.name) ? { ...t, dtype: 'i32' as const } : t,
      ),
      ...(def.conditioning ? { conditioning: { ...def.conditioning } } : {}),
      outputs: tensors(def.outputs),
      params: def.params.reduce((n, p) => n + count(p.shape), 0),
      dispatches: kernelsDef.runner.staticDispatches,
      adapter: acquired.adapter,
      variant,
      variants,
      precision: { stored: def.precision ?? 'f32', gpu: gpuWeights },
      loadMs: performance.now() - t0,
      pipelinesMs,
    },
    acquired.owned,
  );
}

/** model.mjs exports `load = createLoad(MODEL)`. */
export function createLoad<In extends string, Out extends string>(
  def: ModelDef<In, Out>,
): (options?: LoadOptions) => Promise<Model<In, Out>> {
  return (options) => loadModel(def, options);
}
