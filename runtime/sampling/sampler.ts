/**
 * Sampling on the GPU: the runner's U-Net and the sampler's update kernel take turns on the
 * runner's own `x`, `t` and `out` buffers, so a whole run is encoded without reading anything
 * back until the end (or at the previews asked for). Works on any runner that exposes those
 * buffers: the CLI's loaded bundles and the bundle API alike.
 */
import {
  samplerWgsl,
  FLAG_CLIP,
  FLAG_KEEP_X0,
  FLAG_NOISE,
  STEP_BYTES,
  STEP_STRIDE,
  WORKGROUP,
} from './kernels.js';
import { type PlanOptions, planSampler, type StepCoeffs } from './plan.js';
import { seedKey } from './philox.js';
import { KilnError } from '../errors.js';

/** What the sampler needs from a generated runner. */
export interface SamplingRunner {
  /** The U-Net on the first `count` images (runtime/batch.ts). */
  encodeForward(pass: GPUComputePassEncoder, count?: number): void;
  /** The runner's GPU buffers of its inputs `x`, `t` (and `context`) and its output `out`. */
  inputBuffer(name: 'x' | 't' | 'context'): GPUBuffer;
  outputBuffer(name: 'out'): GPUBuffer;
}

export interface SampleShape {
  readonly batch: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  /** [S, D] of the bundle's `context` input [B, S, D], when it has one (a conditional U-Net). */
  readonly context?: readonly [number, number];
}

export interface StepInfo {
  /** Steps done so far, 1 .. steps. */
  readonly step: number;
  readonly steps: number;
  /** The timestep the U-Net saw at this step. */
  readonly t: number;
  /** The current sample x (NCHW), at the steps `previewEvery` asks for, when `preview` is 'x'. */
  readonly x?: Float32Array;
  /** The step's prediction of the final image (NCHW), there instead when `preview` is 'x0'. */
  readonly x0?: Float32Array;
}

export interface SampleOptions extends PlanOptions {
  /** Seed of the noise: x_T and DDPM's (or DDIM with eta > 0) per-step noise. Default 0. */
  readonly seed?: number;
  /** x_T instead of the seeded noise (NCHW, the runner's input shape). */
  readonly noise?: Float32Array;
  /** The context [count, S, D] every forward pass of the run reads (a conditional U-Net). */
  readonly context?: Float32Array;
  /** Called after every step, in order. Without previews it waits only on GPU fences. */
  readonly onStep?: (info: StepInfo) => void | Promise<void>;
  /** Read x back every k steps (and after the last) and pass it to onStep. */
  readonly previewEvery?: number;
  /** What previews hold: the noisy sample `x` (default) or the predicted clean image `x0`. */
  readonly preview?: 'x' | 'x0';
  /** Images to make, 1 .. the batch (default: the batch): the first `count` of a full run. */
  readonly count?: number;
  /** Stops the run at the next step boundary with a KilnError ABORTED. */
  readonly signal?: AbortSignal;
}

/** The error an aborted call rejects with. */
export const aborted = (where: string): KilnError =>
  new KilnError('ABORTED', `${where}: aborted (AbortSignal)`);

export class Sampler {
  readonly numel: number;
  private readonly layout: GPUBindGroupLayout;
  private readonly initPipeline: GPUComputePipeline;
  private readonly updatePipeline: GPUComputePipeline;
  private readonly x0Prev: GPUBuffer;
  private readonly x0Out: GPUBuffer;
  private readonly readback: GPUBuffer;
  /** Elements per image. */
  readonly perImage: number;

  constructor(
    readonly device: GPUDevice,
    private readonly runner: SamplingRunner,
    readonly shape: SampleShape,
  ) {
    this.perImage = shape.channels * shape.height * shape.width;
    this.numel = shape.batch * this.perImage;
    const storage = (readOnly = false): GPUBindGroupLayoutEntry['buffer'] => ({
      type: readOnly ? 'read-only-storage' : 'storage',
    });
    this.layout = device.createBindGroupLayout({
      label: 'sampler',
      entries: [
        {
          binding: 0,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: STEP_BYTES },
        },
        { binding: 1, visibility: GPUShaderStage.COMPUTE, buffer: storage() },
        { binding: 2, visibility: GPUShaderStage.COMPUTE, buffer: storage(true) },
        { binding: 3, visibility: GPUShaderStage.COMPUTE, buffer: storage() },
        { binding: 4, visibility: GPUShaderStage.COMPUTE, buffer: storage() },
        { binding: 5, visibility: GPUShaderStage.COMPUTE, buffer: storage() },
      ],
    });
    const module = device.createShaderModule({
      label: 'sampler.wgsl',
      code: samplerWgsl(this.numel, shape.batch),
    });
    const layout = device.createPipelineLayout({ bindGroupLayouts: [this.layout] });
    const pipeline = (entryPoint: string) =>
      device.createComputePipeline({
        label: `sampler ${entryPoint}`,
        layout,
        compute: { module, entryPoint },
      });
    this.initPipeline = pipeline('init');
    this.updatePipeline = pipeline('update');
    this.x0Prev = device.createBuffer({
      label: 'sampler x0_prev',
      size: this.numel * 4,
      usage: GPUBufferUsage.STORAGE,
    });
    this.x0Out = device.createBuffer({
      label: 'sampler x0',
      size: this.numel * 4,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC,
    });
    this.readback = device.createBuffer({
      label: 'sampler readback',
      size: this.numel * 4,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
  }

  /** Workgroups of the init and update kernels over `count` images (4 elements an invocation). */
  private groups(count = this.shape.batch): number {
    return Math.ceil(Math.ceil((count * this.perImage) / 4) / WORKGROUP);
  }

  /**
   * Runs a whole sampling loop and returns the final samples of the first `count` images (NCHW,
   * model space). Without onStep or a signal the run is one command buffer; with them, one per
   * step (or per preview), and with a signal at most two are queued at a time, so an abort
   * waits for one step at most.
   */
  async sample(o: SampleOptions): Promise<Float32Array> {
    const plan = planSampler(o);
    const seed = o.seed ?? 0;
    const key = seedKey(seed);
    const count = o.count ?? this.shape.batch;
    if (!Number.isInteger(count) || count < 1 || count > this.shape.batch)
      throw new RangeError(`count must be an integer from 1 to ${this.shape.batch}, got ${count}`);
    const numel = count * this.perImage;
    if (o.noise && o.noise.length !== numel)
      throw new RangeError(`noise: expected ${numel} values, got ${o.noise.length}`);
    const every = o.previewEvery;
    if (every !== undefined && (!Number.isInteger(every) || every < 1))
      throw new RangeError(`previewEvery must be a positive integer, got ${every}`);
    const { device } = this;
    const signal = o.signal;
    if (signal?.aborted) throw aborted('sample');

    const coeffs = this.coefficientBuffer(plan, key);
    const bindGroup = this.bindGroup(coeffs);
    const steps = plan.length;
    const groups = this.groups(count);
    // Slot `steps` of the coefficient buffer holds the seed for the init kernel.
    const initOffset = steps * STEP_STRIDE;
    device.queue.writeBuffer(
      this.runner.inputBuffer('t'),
      0,
      new Float32Array(this.shape.batch).fill(plan[0]!.t),
    );
    if (o.noise)
      device.queue.writeBuffer(this.runner.inputBuffer('x'), 0, new Float32Array(o.noise));
    // The same context for every step: written once, read by each forward pass.
    if (o.context)
      device.queue.writeBuffer(this.runner.inputBuffer('context'), 0, new Float32Array(o.context));
    const previewOf = o.preview === 'x0' ? this.x0Out : this.runner.inputBuffer('x');

    // Chunks: one command buffer per preview, or per step when progress or a signal is wanted.
    const chunk = every ?? (o.onStep || signal ? 1 : steps);
    const fences: Promise<unknown>[] = [];
    const starts: number[] = [];
    let reported = 0;
    const report = async (upTo: number) => {
      for (; reported < upTo; reported++) {
        await fences[reported];
        if (signal?.aborted) return;
        const step = starts[reported]!;
        await o.onStep?.({ step, steps, t: plan[step - 1]!.t });
      }
    };
    try {
      for (let start = 0; start < steps; start += chunk) {
        const end = Math.min(start + chunk, steps);
        const encoder = device.createCommandEncoder({
          label: `sampling steps ${start}..${end - 1}`,
        });
        const pass = encoder.beginComputePass();
        if (start === 0 && !o.noise) {
          pass.setPipeline(this.initPipeline);
          pass.setBindGroup(0, bindGroup, [initOffset]);
          pass.dispatchWorkgroups(groups);
        }
        for (let i = start; i < end; i++) {
          this.runner.encodeForward(pass, count);
          pass.setPipeline(this.updatePipeline);
          pass.setBindGroup(0, bindGroup, [i * STEP_STRIDE]);
          pass.dispatchWorkgroups(groups);
        }
        pass.end();
        if (every !== undefined) {
          encoder.copyBufferToBuffer(previewOf, 0, this.readback, 0, numel * 4);
          device.queue.submit([encoder.finish()]);
          const image = await this.read(numel);
          if (signal?.aborted) throw aborted('sample');
          const at = { step: end, steps, t: plan[end - 1]!.t };
          await o.onStep?.(o.preview === 'x0' ? { ...at, x0: image } : { ...at, x: image });
          continue;
        }
        device.queue.submit([encoder.finish()]);
        fences.push(device.queue.onSubmittedWorkDone());
        starts.push(end);
        // With a signal, the next chunk is queued only once the one before this has finished.
        if (signal) await report(fences.length - 1);
        if (signal?.aborted) throw aborted('sample');
      }
      await report(fences.length);
      if (signal?.aborted) throw aborted('sample');
      const encoder = device.createCommandEncoder();
      encoder.copyBufferToBuffer(this.runner.inputBuffer('x'), 0, this.readback, 0, numel * 4);
      device.queue.submit([encoder.finish()]);
      return await this.read(numel);
    } finally {
      // Queued steps may still use the coefficients.
      await device.queue.onSubmittedWorkDone();
      coeffs.destroy();
    }
  }

  /** x_T for a seed as the GPU makes it (for tests and for comparing with the TS twin). */
  async initialNoise(seed: number): Promise<Float32Array> {
    const plan = planSampler({ sampler: 'ddim', steps: 1 });
    const coeffs = this.coefficientBuffer(plan, seedKey(seed));
    const bindGroup = this.bindGroup(coeffs);
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(this.initPipeline);
    pass.setBindGroup(0, bindGroup, [plan.length * STEP_STRIDE]);
    pass.dispatchWorkgroups(this.groups());
    pass.end();
    encoder.copyBufferToBuffer(this.runner.inputBuffer('x'), 0, this.readback, 0, this.numel * 4);
    this.device.queue.submit([encoder.finish()]);
    const out = await this.read(this.numel);
    coeffs.destroy();
    return out;
  }

  /**
   * For benchmarks: ms per update dispatch alone, `n` of them in one submit (DDPM's
   * coefficients, so the noise is made too: the most expensive step). Leaves x changed.
   */
  async timeUpdates(n: number): Promise<number> {
    const plan = planSampler({ sampler: 'ddpm', steps: Math.min(n, 1000) });
    const coeffs = this.coefficientBuffer(plan, seedKey(0));
    const bindGroup = this.bindGroup(coeffs);
    await this.device.queue.onSubmittedWorkDone();
    const t0 = performance.now();
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(this.updatePipeline);
    for (let i = 0; i < n; i++) {
      pass.setBindGroup(0, bindGroup, [(i % plan.length) * STEP_STRIDE]);
      pass.dispatchWorkgroups(this.groups());
    }
    pass.end();
    this.device.queue.submit([encoder.finish()]);
    await this.device.queue.onSubmittedWorkDone();
    const ms = (performance.now() - t0) / n;
    coeffs.destroy();
    return ms;
  }

  destroy(): void {
    this.x0Prev.destroy();
    this.x0Out.destroy();
    this.readback.destroy();
  }

  private bindGroup(coeffs: GPUBuffer): GPUBindGroup {
    return this.device.createBindGroup({
      layout: this.layout,
      entries: [
        { binding: 0, resource: { buffer: coeffs, size: STEP_BYTES } },
        { binding: 1, resource: { buffer: this.runner.inputBuffer('x') } },
        { binding: 2, resource: { buffer: this.runner.outputBuffer('out') } },
        { binding: 3, resource: { buffer: this.runner.inputBuffer('t') } },
        { binding: 4, resource: { buffer: this.x0Prev } },
        { binding: 5, resource: { buffer: this.x0Out } },
      ],
    });
  }

  private async read(numel: number): Promise<Float32Array> {
    await this.readback.mapAsync(GPUMapMode.READ, 0, numel * 4);
    const data = new Float32Array(this.readback.getMappedRange(0, numel * 4).slice(0));
    this.readback.unmap();
    return data;
  }

  /** Steps 0 .. n-1, then the init slot: 12 words each at a 256-byte stride. */
  private coefficientBuffer(plan: readonly StepCoeffs[], key: [number, number]): GPUBuffer {
    const words = STEP_STRIDE / 4;
    const data = new ArrayBuffer((plan.length + 1) * STEP_STRIDE);
    const f = new Float32Array(data);
    const u = new Uint32Array(data);
    plan.forEach((c, i) => {
      const o = i * words;
      f.set([c.sa, c.sb, c.cx0, c.cx, c.ceps, c.cprev, c.cnoise, plan[i + 1]?.t ?? c.t], o);
      const flags =
        (c.clip ? FLAG_CLIP : 0) |
        (c.keepX0 ? FLAG_KEEP_X0 : 0) |
        (c.cnoise !== 0 ? FLAG_NOISE : 0);
      u.set([key[0], key[1], i + 1, flags], o + 8);
    });
    u.set([key[0], key[1], 0, 0], plan.length * words + 8);
    const buffer = this.device.createBuffer({
      label: 'sampler coefficients',
      size: data.byteLength,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  }
}
