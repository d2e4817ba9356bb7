/**
 * The public API of a bundle's model.mjs, identical in Node and browsers. These declarations are
 * copied into every bundle's model.d.mts (compiler/emit/types.ts), so they are the real types the
 * runtime implements, not a hand-kept copy. Keep this file free of imports other than errors.ts.
 */
import type { KilnError } from './errors.js';

/**
 * Kernel variants: `cpu` (register tiles for software adapters like lavapipe), `gpu` (one output
 * per invocation, for real GPUs; load() also picks it on SwiftShader, whose shader compiler is
 * too slow on the cpu tiles).
 */
export type Variant = 'cpu' | 'gpu';

/** The element type of weights: in the file, and on the GPU as the kernels read them. */
export type Precision = 'f32' | 'f16';

/**
 * Where the weights come from: a file path (Node only), a URL (string or URL object, resolved
 * against the page in a browser), a fetch `Response`, or the bytes of a .safetensors file.
 */
export type WeightsSource = string | URL | Response | ArrayBuffer | Uint8Array;

export interface LoadProgress {
  /** `weights`: bytes streamed to the GPU so far; `pipelines`: compute pipelines compiled. */
  readonly phase: 'weights' | 'pipelines';
  readonly done: number;
  /** Total bytes or pipelines; for weights of unknown length, the header's data size. */
  readonly total: number;
}

export interface LoadOptions {
  /** Default: the bundle's own weights.safetensors, next to model.mjs. */
  readonly weights?: WeightsSource;
  /** Run on this device (its limits are checked). Default: a new device from `gpu`. */
  readonly device?: GPUDevice;
  /** Where to get an adapter when no device is given. Default: navigator.gpu, or in Node the `webgpu` package. */
  readonly gpu?: GPU;
  /**
   * Force a kernel variant. Default: `cpu` on a software adapter (lavapipe), `gpu` on real GPUs
   * and on SwiftShader (whose shader compiler is too slow on the cpu tiles).
   */
  readonly variant?: Variant;
  /**
   * How the kernels of an f16 bundle (`kiln compile --precision f16`) read the weights: 'f16'
   * keeps them f16 on the GPU (half the memory; every read widened, arithmetic in f32) and
   * needs the adapter's `shader-f16`; 'f32' widens them at load for the f32 kernels. Default:
   * 'f16' where the adapter (or the given device) has shader-f16, else 'f32'. An f32 bundle
   * has only 'f32'.
   */
  readonly gpuWeights?: Precision;
  /** Called as weights stream in and as pipelines finish compiling. */
  readonly onProgress?: (p: LoadProgress) => void;
  /**
   * In a browser, keep the bundle's own weights (the default `weights`) in the Cache API,
   * cache `kiln-weights`, under the sha256 its manifest.json gives, so the next page load
   * fetches none of them; `caches.delete('kiln-weights')` clears it. Default true; false
   * fetches them every time. Weights given as `weights` are never cached; Node never caches.
   */
  readonly cache?: boolean;
}

export interface TensorInfo {
  readonly name: string;
  /** NCHW for images; `t` is one timestep per batch item; `label` one class id per item. */
  readonly shape: readonly number[];
  /** 'i32' for the class ids of `label` (an Int32Array); absent: f32 (a Float32Array). */
  readonly dtype?: 'i32';
}

export interface ModelInfo {
  readonly name: string;
  /**
   * The batch the bundle was compiled for: the most images one forward() or sample() computes.
   * Any count from 1 to it runs without recompiling, and costs about in proportion.
   */
  readonly batch: number;
  /** The Kiln version that compiled the bundle. */
  readonly kiln: string;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];
  /** Number of weights (scalars). */
  readonly params: number;
  /**
   * Class conditioning: `label` takes ids 0..classes-1 (`classes` is the null label), and
   * sample() guides with `guidance` unless told otherwise.
   */
  readonly conditioning?: { readonly classes: number; readonly guidance: number };
  /** Compute dispatches per forward pass, for the loaded variant. */
  readonly dispatches: number;
  /** The adapter, e.g. "llvmpipe: Mesa 25.0.7 (LLVM 15.0.6) [mesa, software]". */
  readonly adapter: string;
  /** The kernel variant in use, and those the bundle carries. */
  readonly variant: Variant;
  readonly variants: readonly Variant[];
  /** How the bundle stores its weights, and how the GPU holds them (see LoadOptions.gpuWeights). */
  readonly precision: { readonly stored: Precision; readonly gpu: Precision };
  /** Milliseconds `load` took, and of that the pipeline compilation. */
  readonly loadMs: number;
  readonly pipelinesMs: number;
}

/**
 * `ddim` (default, 50 steps), `ddpm` (ancestral, 1000 steps), `dpmpp2m` (DPM-Solver++(2M), 20
 * steps), with diffusers' defaults: T = 1000, linear betas 1e-4..0.02, epsilon prediction.
 */
export type SamplerName = 'ddim' | 'ddpm' | 'dpmpp2m';

export interface SampleStep {
  /** Steps done so far, 1 .. steps. */
  readonly step: number;
  readonly steps: number;
  /** The timestep the U-Net saw at this step. */
  readonly t: number;
  /** The current (noisy) sample x, NCHW, at the steps `previewEvery` asks for with `preview: 'x'`. */
  readonly x?: Float32Array;
  /**
   * The step's prediction of the final images (x0, NCHW, [-1, 1]), there instead of `x` with
   * `preview: 'x0'`: a recognisable picture from the first steps on, where x is mostly noise.
   */
  readonly x0?: Float32Array;
}

export interface SampleOptions {
  readonly sampler?: SamplerName;
  /** 1 to 1000; default 50 (ddim), 1000 (ddpm), 20 (dpmpp2m). */
  readonly steps?: number;
  /** Seed of x_T and of the per-step noise (Philox4x32-10, the same in Node and browsers). Default 0. */
  readonly seed?: number;
  /** DDIM's eta, 0 to 1 (default 0: deterministic). */
  readonly eta?: number;
  /** x_T instead of the seeded noise: a Float32Array of `count` images of `x`'s shape. */
  readonly noise?: Float32Array;
  /**
   * A conditional U-Net's context (diffusers' encoder_hidden_states): `count` images of
   * [S, D], the `context` input's shape; every step's forward pass reads it. Required when the
   * bundle has a `context` input, refused otherwise.
   */
  readonly context?: Float32Array;
  /**
   * Models with a context input: the context of the unconditional pass of classifier-free
   * guidance (an empty prompt's encoding, or a negative prompt's), `count` images of [S, D] or
   * one [S, D] for all. Giving it turns guidance on (default scale 7.5, diffusers' pipelines').
   */
  readonly negativeContext?: Float32Array;
  /**
   * Images to make, 1 to `info.batch` (default: all of it; with `label` and guide 'batched',
   * or `negativeContext` and guide 'batched', 1 to half of it). They are the first `count` images of a full-batch run with the same seed,
   * and cost about count / batch of it.
   */
  readonly count?: number;
  /** Called after every step, in order (waits only on GPU fences unless previews are asked for). */
  readonly onStep?: (step: SampleStep) => void | Promise<void>;
  /** Read a preview back every k steps (and after the last) and pass it to onStep. */
  readonly previewEvery?: number;
  /** What a preview holds: `x`, the noisy sample (default), or `x0`, the predicted final images. */
  readonly preview?: 'x' | 'x0';
  /** Aborting stops the run at the next step boundary; sample() then rejects with `ABORTED`. */
  readonly signal?: AbortSignal;
  /**
   * Class-conditional models: the digit/class to draw, one id for every image or one per image
   * (0..classes-1). Sampling then uses classifier-free guidance; without it the model samples
   * unconditionally (the null label).
   */
  readonly label?: number | readonly number[] | Int32Array;
  /**
   * The guidance scale w >= 0 of eps_u + w (eps_c - eps_u); default: the bundle's (its training
   * recipe), or 7.5 for a context model.
   */
  readonly guidance?: number;
  /**
   * 'batched' (default for an even batch N): cond and uncond in one forward, so `count` is at
   * most N/2 (default N/2) and the forward runs 2 x count items; 'twice': two forwards of
   * `count` per step, count up to N.
   */
  readonly guide?: 'batched' | 'twice';
}

export interface ForwardOptions {
  /** Aborting rejects the call with `ABORTED` (a pass already on the GPU finishes first). */
  readonly signal?: AbortSignal;
}

/** A loaded model on one GPUDevice. */
export interface Model<In extends string = string, Out extends string = string> {
  readonly info: ModelInfo;
  readonly device: GPUDevice;
  /**
   * One forward pass. Every input is a Float32Array (an Int32Array for `label`, class ids
   * 0..classes; flattened, row-major, NCHW) of 1 to `info.batch` images of its shape, the same
   * count for every input; the outputs hold that many images. Calls are queued, so concurrent
   * calls are safe. Rejects with a KilnError (`INPUT_INVALID`, `OPTION_INVALID`, `ABORTED`,
   * `DEVICE_LOST`, `MODEL_DESTROYED`, `GPU_ERROR`).
   */
  forward(
    inputs: Readonly<Record<In, Float32Array | Int32Array>>,
    options?: ForwardOptions,
  ): Promise<Record<Out, Float32Array>>;
  /**
   * Records the forward pass of the first `count` images (default: the whole batch) into a
   * caller's compute pass (for loops that stay on the GPU): inputs must already be in
   * `inputBuffer(name)`, outputs land in `outputBuffer(name)`.
   */
  encodeForward(pass: GPUComputePassEncoder, count?: number): void;
  inputBuffer(name: In): GPUBuffer;
  outputBuffer(name: Out): GPUBuffer;
  /**
   * Generates `count` images (default: one per batch item) with a diffusion sampler run on the
   * GPU (the U-Net must predict noise: `out` has `x`'s shape). Resolves to the final samples,
   * NCHW, model space [-1, 1] (toRGBA and encodePNG turn them into pixels). Queued with
   * forward(). Rejects with a KilnError (`OPTION_INVALID`, `ABORTED`, `DEVICE_LOST`,
   * `MODEL_DESTROYED`, `GPU_ERROR`, `BUNDLE_INVALID` for a model that is not a noise predictor).
   */
  sample(options?: SampleOptions): Promise<Float32Array>;
  /** Frees every GPU buffer (and the device, when load created it). Later calls reject. */
  destroy(): void;
}

export type { KilnError };
