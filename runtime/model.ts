/**
 * A loaded model: checks inputs, queues forward passes (the runner's buffers are shared, so two
 * passes must not overlap), turns device loss and GPU errors into KilnErrors, and frees
 * everything on destroy(). A lost device rejects the pending calls at once instead of letting
 * them hang; load() can then be called again.
 */
import type { ForwardOptions, Model, ModelInfo, SampleOptions } from './api.js';
import { onDeviceLost, untilLost } from './device-lost.js';
import { KilnError } from './errors.js';
import type { RunnerInstance } from './runner.js';
import { checkSignal, optionRecord } from './options.js';
import { checkSampleOptions, createSampler } from './sampling/index.js';
import { aborted, type Sampler } from './sampling/sampler.js';

/** The options forward() knows (runtime/options.ts). */
const FORWARD_KEYS = ['signal'];

type State = { kind: 'ready' } | { kind: 'lost'; why: string } | { kind: 'destroyed' };

const isFloat32Array = (v: unknown): v is Float32Array =>
  ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === '[object Float32Array]';
const isInt32Array = (v: unknown): v is Int32Array =>
  ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === '[object Int32Array]';
/** An input's values: a Float32Array, or an Int32Array for the class ids of `label`. */
export type InputArray = Float32Array | Int32Array;
const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
const shapeText = (shape: readonly number[]) => `[${shape.join(',')}]`;

export function lostMessage(info: GPUDeviceLostInfo): string {
  const detail = info.message ? `: ${info.message.split('\n')[0]}` : '';
  return `${info.reason ?? 'unknown'}${detail}`;
}

export class LoadedModel<In extends string, Out extends string> implements Model<In, Out> {
  readonly info: ModelInfo;
  readonly device: GPUDevice;
  #runner: RunnerInstance;
  #ownsDevice: boolean;
  #state: State = { kind: 'ready' };
  #queue: Promise<unknown> = Promise.resolve();
  #stopWatch: () => void;
  #sampler: Sampler | undefined;

  constructor(runner: RunnerInstance, info: ModelInfo, ownsDevice: boolean) {
    this.#runner = runner;
    this.device = runner.device;
    this.info = info;
    this.#ownsDevice = ownsDevice;
    // Only a weak reference from the device: a caller's device outlives the models loaded on
    // it, and must not keep their pipelines and bind groups alive; destroy() unregisters.
    const ref = new WeakRef(this);
    this.#stopWatch = onDeviceLost(runner.device, (l) => {
      const self = ref.deref();
      if (self && self.#state.kind === 'ready') self.#state = { kind: 'lost', why: lostMessage(l) };
    });
  }

  /** `work`, or the model's lost error as soon as the device is lost (runtime/device-lost.ts). */
  #whileAlive<T>(work: Promise<T>, what: string): Promise<T> {
    return untilLost(this.device, work, (l) => {
      if (this.#state.kind === 'ready') this.#state = { kind: 'lost', why: lostMessage(l) };
      return this.#unusable(what);
    });
  }

  #unusable(what: string): KilnError {
    return this.#state.kind === 'lost'
      ? new KilnError(
          'DEVICE_LOST',
          `${what}: the GPU device was lost (${this.#state.why}); call load() again`,
        )
      : new KilnError('MODEL_DESTROYED', `${what}: the model was destroyed; call load() again`);
  }

  /**
   * The inputs as Float32Arrays (Int32Arrays for i32 inputs: `label`) of `count` images each
   * (1 .. the batch, the same for every input), or a KilnError with one line per problem.
   */
  #checkInputs(inputs: unknown): { checked: Record<string, InputArray>; count: number } {
    if (typeof inputs !== 'object' || inputs === null)
      throw new KilnError(
        'INPUT_INVALID',
        `forward: inputs must be an object of Float32Arrays (${this.info.inputs.map((t) => t.name).join(', ')})`,
      );
    const given = inputs as Record<string, unknown>;
    const problems: string[] = [];
    const batch = this.info.batch;
    let count: number | undefined;
    let countFrom = '';
    for (const { name, shape, dtype } of this.info.inputs) {
      const v = given[name];
      const per = size(shape) / batch;
      const want =
        batch > 1
          ? `${per} values per image, 1 to ${batch} images, shape ${shapeText(shape)}`
          : `${size(shape)} values, shape ${shapeText(shape)}`;
      const type = dtype === 'i32' ? 'an Int32Array' : 'a Float32Array';
      if (v === undefined) problems.push(`forward: input ${name}: missing (expected ${want})`);
      else if (!(dtype === 'i32' ? isInt32Array(v) : isFloat32Array(v)))
        problems.push(
          `forward: input ${name}: expected ${type} (${want}), got ${(v as object)?.constructor?.name ?? typeof v}`,
        );
      else if (
        (v as InputArray).length === 0 ||
        (v as InputArray).length % per !== 0 ||
        (v as InputArray).length / per > batch
      )
        problems.push(
          `forward: input ${name}: expected ${want}, got ${(v as InputArray).length} values`,
        );
      else {
        if (count === undefined) {
          count = (v as InputArray).length / per;
          countFrom = name;
        } else if ((v as InputArray).length / per !== count)
          problems.push(
            `forward: input ${name}: holds ${(v as InputArray).length / per} image(s) but ${countFrom} holds ${count}`,
          );
        if (dtype === 'i32' && this.info.conditioning) {
          const top = this.info.conditioning.classes;
          const bad = (v as Int32Array).findIndex((id) => id < 0 || id > top);
          if (bad >= 0)
            problems.push(
              `forward: input ${name}[${bad}]: class id ${(v as Int32Array)[bad]} is outside 0..${top} (${top} is the null label)`,
            );
        }
      }
    }
    const known = new Set(this.info.inputs.map((t) => t.name));
    for (const name of Object.keys(given))
      if (!known.has(name))
        problems.push(
          `forward: input ${name}: unexpected (the inputs are ${[...known].join(', ')})`,
        );
    if (problems.length > 0) throw new KilnError('INPUT_INVALID', problems);
    return { checked: given as Record<string, InputArray>, count: count ?? batch };
  }

  forward(
    inputs: Readonly<Record<In, InputArray>>,
    options?: ForwardOptions,
  ): Promise<Record<Out, Float32Array>> {
    let checked: Record<string, InputArray>;
    let count: number;
    let signal: AbortSignal | undefined;
    try {
      if (this.#state.kind !== 'ready') throw this.#unusable('forward');
      signal = checkSignal('forward', optionRecord('forward', options, FORWARD_KEYS).signal);
      ({ checked, count } = this.#checkInputs(inputs));
    } catch (e) {
      return Promise.reject(e);
    }
    const run = async (): Promise<Record<Out, Float32Array>> => {
      if (this.#state.kind !== 'ready') throw this.#unusable('forward');
      if (signal?.aborted) throw aborted('forward');
      const device = this.device;
      device.pushErrorScope('validation');
      let out: Record<string, Float32Array>;
      try {
        out = await this.#whileAlive(this.#runner.forward(checked, count), 'forward');
      } catch (e) {
        await device.popErrorScope().catch(() => null);
        if (this.#state.kind !== 'ready') throw this.#unusable('forward');
        throw e;
      }
      const err = await device.popErrorScope();
      if (err)
        throw new KilnError(
          'GPU_ERROR',
          `forward: the GPU rejected the pass: ${err.message.split('\n')[0]}`,
        );
      // The pass is one submit: an abort during it discards its result.
      if (signal?.aborted) throw aborted('forward');
      return out as Record<Out, Float32Array>;
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  sample(options?: SampleOptions): Promise<Float32Array> {
    let checked: ReturnType<typeof checkSampleOptions>;
    let sampler: Sampler;
    try {
      if (this.#state.kind !== 'ready') throw this.#unusable('sample');
      sampler = this.#sampler ??= createSampler(this.device, this.#runner, this.info, 'sample');
      checked = checkSampleOptions(options, {
        ...sampler.shape,
        ...(this.info.conditioning ? { conditioning: this.info.conditioning } : {}),
      });
    } catch (e) {
      return Promise.reject(e);
    }
    const run = async (): Promise<Float32Array> => {
      if (this.#state.kind !== 'ready') throw this.#unusable('sample');
      if (checked.signal?.aborted) throw aborted('sample');
      const device = this.device;
      device.pushErrorScope('validation');
      let out: Float32Array;
      try {
        out = await this.#whileAlive(sampler.sample(checked), 'sample');
      } catch (e) {
        await device.popErrorScope().catch(() => null);
        if (this.#state.kind !== 'ready') throw this.#unusable('sample');
        throw e;
      }
      const err = await device.popErrorScope();
      if (err)
        throw new KilnError(
          'GPU_ERROR',
          `sample: the GPU rejected a step: ${err.message.split('\n')[0]}`,
        );
      return out;
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  encodeForward(pass: GPUComputePassEncoder, count?: number): void {
    if (this.#state.kind !== 'ready') throw this.#unusable('encodeForward');
    if (count !== undefined && !(Number.isInteger(count) && count >= 1 && count <= this.info.batch))
      throw new KilnError(
        'OPTION_INVALID',
        `encodeForward: count must be an integer from 1 to ${this.info.batch}, got ${String(count)}`,
      );
    this.#runner.encodeForward(pass, count);
  }

  inputBuffer(name: In): GPUBuffer {
    return this.#runner.inputBuffer(name);
  }

  outputBuffer(name: Out): GPUBuffer {
    return this.#runner.outputBuffer(name);
  }

  destroy(): void {
    if (this.#state.kind === 'destroyed') return;
    this.#state = { kind: 'destroyed' };
    this.#stopWatch();
    this.#sampler?.destroy();
    this.#runner.destroy();
    if (this.#ownsDevice) this.device.destroy();
  }
}
