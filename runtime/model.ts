/**
 * A loaded model: checks inputs, queues forward passes (the runner's buffers are shared, so two
 * passes must not overlap), turns device loss and GPU errors into KilnErrors, and frees
 * everything on destroy(). A lost device rejects the pending calls at once instead of letting
 * them hang; load() can then be called again.
 */
import type { Model, ModelInfo, SampleOptions } from './api.js';
import { KilnError } from './errors.js';
import type { RunnerInstance } from './runner.js';
import { checkSampleOptions, createSampler } from './sampling/index.js';
import type { Sampler } from './sampling/sampler.js';

type State = { kind: 'ready' } | { kind: 'lost'; why: string } | { kind: 'destroyed' };

const isFloat32Array = (v: unknown): v is Float32Array =>
  ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === '[object Float32Array]';
const isInt32Array = (v: unknown): v is Int32Array =>
  ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === '[object Int32Array]';
/** An input's values: a Float32Array, or an Int32Array for the class ids of `label`. */
export type InputArray = Float32Array | Int32Array;
const count = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
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
  #lost: Promise<never>;
  #sampler: Sampler | undefined;

  constructor(runner: RunnerInstance, info: ModelInfo, ownsDevice: boolean) {
    this.#runner = runner;
    this.device = runner.device;
    this.info = info;
    this.#ownsDevice = ownsDevice;
    // Only a weak reference from the device's lost promise: a caller's device outlives the
    // models loaded on it, and must not keep their pipelines and bind groups alive.
    const ref = new WeakRef(this);
    this.#lost = runner.device.lost.then((l) => {
      const self = ref.deref();
      if (!self) throw new KilnError('DEVICE_LOST', 'the GPU device was lost');
      if (self.#state.kind === 'ready') self.#state = { kind: 'lost', why: lostMessage(l) };
      throw self.#unusable('forward');
    });
    this.#lost.catch(() => undefined); // only observed through forward()
  }

  #unusable(what: string): KilnError {
    return this.#state.kind === 'lost'
      ? new KilnError(
          'DEVICE_LOST',
          `${what}: the GPU device was lost (${this.#state.why}); call load() again`,
        )
      : new KilnError('MODEL_DESTROYED', `${what}: the model was destroyed; call load() again`);
  }

  #checkInputs(inputs: unknown): Record<string, InputArray> {
    if (typeof inputs !== 'object' || inputs === null)
      throw new KilnError(
        'INPUT_INVALID',
        `forward: inputs must be an object of Float32Arrays (${this.info.inputs.map((t) => t.name).join(', ')})`,
      );
    const given = inputs as Record<string, unknown>;
    const problems: string[] = [];
    for (const { name, shape, dtype } of this.info.inputs) {
      const v = given[name];
      const want = `${count(shape)} values, shape ${shapeText(shape)}`;
      const type = dtype === 'i32' ? 'an Int32Array' : 'a Float32Array';
      if (v === undefined) problems.push(`forward: input ${name}: missing (expected ${want})`);
      else if (!(dtype === 'i32' ? isInt32Array(v) : isFloat32Array(v)))
        problems.push(
          `forward: input ${name}: expected ${type} (${want}), got ${(v as object)?.constructor?.name ?? typeof v}`,
        );
      else if ((v as InputArray).length !== count(shape))
        problems.push(
          `forward: input ${name}: expected ${want}, got ${(v as InputArray).length} values`,
        );
      else if (dtype === 'i32' && this.info.conditioning) {
        const top = this.info.conditioning.classes;
        const bad = (v as Int32Array).findIndex((id) => id < 0 || id > top);
        if (bad >= 0)
          problems.push(
            `forward: input ${name}[${bad}]: class id ${(v as Int32Array)[bad]} is outside 0..${top} (${top} is the null label)`,
          );
      }
    }
    const known = new Set(this.info.inputs.map((t) => t.name));
    for (const name of Object.keys(given))
      if (!known.has(name))
        problems.push(
          `forward: input ${name}: unexpected (the inputs are ${[...known].join(', ')})`,
        );
    if (problems.length > 0) throw new KilnError('INPUT_INVALID', problems);
    return given as Record<string, InputArray>;
  }

  forward(inputs: Readonly<Record<In, InputArray>>): Promise<Record<Out, Float32Array>> {
    let checked: Record<string, InputArray>;
    try {
      if (this.#state.kind !== 'ready') throw this.#unusable('forward');
      checked = this.#checkInputs(inputs);
    } catch (e) {
      return Promise.reject(e);
    }
    const run = async (): Promise<Record<Out, Float32Array>> => {
      if (this.#state.kind !== 'ready') throw this.#unusable('forward');
      const device = this.device;
      device.pushErrorScope('validation');
      let out: Record<string, Float32Array>;
      try {
        out = await Promise.race([this.#runner.forward(checked), this.#lost]);
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
      return out as Record<Out, Float32Array>;
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => undefined);
    return result;
  }

  sample(options: SampleOptions = {}): Promise<Float32Array> {
    let checked: ReturnType<typeof checkSampleOptions>;
    let sampler: Sampler;
    try {
      if (this.#state.kind !== 'ready') throw this.#unusable('sample');
      sampler = this.#sampler ??= createSampler(this.device, this.#runner, this.info, 'sample');
      checked = checkSampleOptions(options, {
        batch: sampler.shape.batch,
        imageNumel: sampler.numel / sampler.shape.batch,
        conditioning: this.info.conditioning,
      });
    } catch (e) {
      return Promise.reject(e);
    }
    const run = async (): Promise<Float32Array> => {
      if (this.#state.kind !== 'ready') throw this.#unusable('sample');
      const device = this.device;
      device.pushErrorScope('validation');
      let out: Float32Array;
      try {
        out = await Promise.race([sampler.sample(checked), this.#lost]);
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

  encodeForward(pass: GPUComputePassEncoder): void {
    if (this.#state.kind !== 'ready') throw this.#unusable('encodeForward');
    this.#runner.encodeForward(pass);
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
    this.#sampler?.destroy();
    this.#runner.destroy();
    if (this.#ownsDevice) this.device.destroy();
  }
}
