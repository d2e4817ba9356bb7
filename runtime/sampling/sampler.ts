/**
 * Sampling on the GPU: the runner's U-Net and the sampler's update kernel take turns on the
 * runner's own `x`, `t` and `out` buffers, so a whole run is encoded without reading anything
 * back until the end (or at the previews asked for). Works on any runner that exposes those
 * buffers: the CLI's loaded bundles and the bundle API alike. A class-conditional runner's
 * `label` buffer carries the classes; a guided run (kernels.ts, `Guide`) is one command buffer
 * too.
 */
import {
  type Guide,
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

/** What the sampler needs from a generated runner. */
export interface SamplingRunner {
  encodeForward(pass: GPUComputePassEncoder): void;
  /** The runner's GPU buffers of its inputs `x`, `t` (`label`: class ids) and its output `out`. */
  inputBuffer(name: 'x' | 't' | 'label'): GPUBuffer;
  outputBuffer(name: 'out'): GPUBuffer;
}

export interface SampleShape {
  readonly batch: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  /** A class-conditional runner's class count; its `label` input takes 0..classes (the null id). */
  readonly classes?: number;
}

export interface StepInfo {
  /** Steps done so far, 1 .. steps. */
  readonly step: number;
  readonly steps: number;
  /** The timestep the U-Net saw at this step. */
  readonly t: number;
  /** The current sample x (NCHW), only at the steps `previewEvery` asks for. */
  readonly x?: Float32Array;
}

export interface SampleOptions extends PlanOptions {
  /** Seed of the noise: x_T and DDPM's (or DDIM with eta > 0) per-step noise. Default 0. */
  readonly seed?: number;
  /** x_T instead of the seeded noise (NCHW, the runner's input shape). */
  readonly noise?: Float32Array;
  /** Called after every step, in order. Without previews it waits only on GPU fences. */
  readonly onStep?: (info: StepInfo) => void | Promise<void>;
  /** Read x back every k steps (and after the last) and pass it to onStep. */
  readonly previewEvery?: number;
  /**
   * Class ids 0..classes-1, one per image: classifier-free guidance with scale `guidance`
   * (default 1) in the layout `guide` (default 'batched': B = N/2 images). Absent on a
   * class-conditional runner: every item gets the null label (unconditional, B = N).
   */
  readonly labels?: Int32Array;
  readonly guidance?: number;
  readonly guide?: Exclude<Guide, 'none'>;
}

/** The pipelines of one layout, made on first use. */
interface Kit {
  readonly guide: Guide;
  /** Values of the images sampled: B x C x H x W. */
  readonly numel: number;
  readonly layout: GPUBindGroupLayout;
  readonly init: GPUComputePipeline;
  readonly update: GPUComputePipeline;
  readonly stash?: GPUComputePipeline;
  /** Workgroups covering the images and the bundle's batch. */
  readonly groups: number;
}

export class Sampler {
  /** Values of x in the bundle: N x C x H x W. */
  readonly numel: number;
  private readonly kits = new Map<Guide, Kit>();
  private readonly x0Prev: GPUBuffer;
  private readonly readback: GPUBuffer;
  /** 'twice' only: eps_c between the two forwards, and the labels restored after them. */
  private epsCond: GPUBuffer | undefined;
  private condLabels: GPUBuffer | undefined;

  constructor(
    readonly device: GPUDevice,
    private readonly runner: SamplingRunner,
    readonly shape: SampleShape,
  ) {
    this.numel = shape.batch * shape.channels * shape.height * shape.width;
    this.x0Prev = device.createBuffer({
      label: 'sampler x0_prev',
      size: this.numel * 4,
      usage: GPUBufferUsage.STORAGE,
    });
    this.readback = device.createBuffer({
      label: 'sampler readback',
      size: this.numel * 4,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
    });
    this.kit('none');
  }

  /** Images one run in this layout makes: N, or N/2 when cond and uncond share a forward. */
  imagesFor(guide: Guide): number {
    return guide === 'batched' ? this.shape.batch / 2 : this.shape.batch;
  }

  /** Runs a whole sampling loop and returns the final samples (NCHW, model space). */
  async sample(o: SampleOptions): Promise<Float32Array> {
    const plan = planSampler(o);
    const seed = o.seed ?? 0;
    const key = seedKey(seed);
    const { guide, ids } = this.labelsFor(o);
    const kit = this.kit(guide);
    if (o.noise && o.noise.length !== kit.numel)
      throw new RangeError(`noise: expected ${kit.numel} values, got ${o.noise.length}`);
    const every = o.previewEvery;
    if (every !== undefined && (!Number.isInteger(every) || every < 1))
      throw new RangeError(`previewEvery must be a positive integer, got ${every}`);

    const { device } = this;
    const coeffs = this.coefficientBuffer(plan, key, o.guidance ?? 1);
    const bindGroup = this.bindGroup(kit, coeffs);
    const steps = plan.length;
    // Slot `steps` of the coefficient buffer holds the seed for the init kernel.
    const initOffset = steps * STEP_STRIDE;
    const x = this.runner.inputBuffer('x');
    device.queue.writeBuffer(
      this.runner.inputBuffer('t'),
      0,
      new Float32Array(this.shape.batch).fill(plan[0]!.t),
    );
    if (ids) {
      device.queue.writeBuffer(this.runner.inputBuffer('label'), 0, ids);
      if (guide === 'twice') device.queue.writeBuffer(this.condLabels!, 0, ids);
    }
    if (o.noise) {
      device.queue.writeBuffer(x, 0, new Float32Array(o.noise));
      if (guide === 'batched')
        device.queue.writeBuffer(x, kit.numel * 4, new Float32Array(o.noise));
    }

    // Chunks: one command buffer per preview (or per step when only progress is wanted).
    const chunk = every ?? (o.onStep ? 1 : steps);
    const fences: Promise<unknown>[] = [];
    const starts: number[] = [];
    for (let start = 0; start < steps; start += chunk) {
      const end = Math.min(start + chunk, steps);
      const encoder = device.createCommandEncoder({ label: `sampling steps ${start}..${end - 1}` });
      const pass = encoder.beginComputePass();
      if (start === 0 && !o.noise) {
        pass.setPipeline(kit.init);
        pass.setBindGroup(0, bindGroup, [initOffset]);
        pass.dispatchWorkgroups(kit.groups);
      }
      for (let i = start; i < end; i++) {
        this.runner.encodeForward(pass);
        if (kit.stash) {
          pass.setPipeline(kit.stash);
          pass.setBindGroup(0, bindGroup, [i * STEP_STRIDE]);
          pass.dispatchWorkgroups(kit.groups);
          this.runner.encodeForward(pass);
        }
        pass.setPipeline(kit.update);
        pass.setBindGroup(0, bindGroup, [i * STEP_STRIDE]);
        pass.dispatchWorkgroups(kit.groups);
      }
      pass.end();
      if (every !== undefined) {
        encoder.copyBufferToBuffer(x, 0, this.readback, 0, kit.numel * 4);
        device.queue.submit([encoder.finish()]);
        const xs = await this.read(kit.numel);
        await o.onStep?.({ step: end, steps, t: plan[end - 1]!.t, x: xs });
        continue;
      }
      device.queue.submit([encoder.finish()]);
      fences.push(device.queue.onSubmittedWorkDone());
      starts.push(end);
    }
    for (let k = 0; k < fences.length; k++) {
      await fences[k];
      const step = starts[k]!;
      await o.onStep?.({ step, steps, t: plan[step - 1]!.t });
    }
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(x, 0, this.readback, 0, kit.numel * 4);
    device.queue.submit([encoder.finish()]);
    const out = await this.read(kit.numel);
    coeffs.destroy();
    return out;
  }

  /** x_T for a seed as the GPU makes it (for tests and for comparing with the TS twin). */
  async initialNoise(seed: number): Promise<Float32Array> {
    const kit = this.kit('none');
    const plan = planSampler({ sampler: 'ddim', steps: 1 });
    const coeffs = this.coefficientBuffer(plan, seedKey(seed), 1);
    const bindGroup = this.bindGroup(kit, coeffs);
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(kit.init);
    pass.setBindGroup(0, bindGroup, [plan.length * STEP_STRIDE]);
    pass.dispatchWorkgroups(kit.groups);
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
    const kit = this.kit('none');
    const plan = planSampler({ sampler: 'ddpm', steps: Math.min(n, 1000) });
    const coeffs = this.coefficientBuffer(plan, seedKey(0), 1);
    const bindGroup = this.bindGroup(kit, coeffs);
    await this.device.queue.onSubmittedWorkDone();
    const t0 = performance.now();
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(kit.update);
    for (let i = 0; i < n; i++) {
      pass.setBindGroup(0, bindGroup, [(i % plan.length) * STEP_STRIDE]);
      pass.dispatchWorkgroups(kit.groups);
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
    this.readback.destroy();
    this.epsCond?.destroy();
    this.condLabels?.destroy();
  }

  /** The label buffer's contents for a run and its layout; the API has checked the labels. */
  private labelsFor(o: SampleOptions): { guide: Guide; ids?: Int32Array<ArrayBuffer> } {
    const { classes, batch } = this.shape;
    if (classes === undefined) {
      if (o.labels) throw new RangeError('labels: the model is not class-conditional');
      return { guide: 'none' };
    }
    if (!o.labels) return { guide: 'none', ids: new Int32Array(batch).fill(classes) };
    const guide = o.guide ?? 'batched';
    if (guide === 'batched' && batch % 2 !== 0)
      throw new RangeError(`guide batched needs an even batch, the bundle's is ${batch}`);
    const images = this.imagesFor(guide);
    if (o.labels.length !== images)
      throw new RangeError(`labels: expected ${images} (one per image), got ${o.labels.length}`);
    for (const id of o.labels)
      if (!(id >= 0 && id < classes))
        throw new RangeError(`labels: ${id} is outside 0..${classes - 1}`);
    const ids = new Int32Array(batch).fill(classes);
    ids.set(o.labels);
    return { guide, ids };
  }

  private kit(guide: Guide): Kit {
    const made = this.kits.get(guide);
    if (made) return made;
    const { device, shape } = this;
    const numel = (this.numel / shape.batch) * this.imagesFor(guide);
    const kinds: GPUBufferBindingType[] = [
      'storage', // x
      'read-only-storage', // eps: the runner's out
      'storage', // t
      'storage', // x0_prev
      ...(guide === 'twice' ? (['storage', 'storage', 'read-only-storage'] as const) : []),
    ];
    const layout = device.createBindGroupLayout({
      label: `sampler ${guide}`,
      entries: [
        {
          binding: 0,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: STEP_BYTES },
        },
        ...kinds.map((type, i) => ({
          binding: i + 1,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type },
        })),
      ],
    });
    const module = device.createShaderModule({
      label: `sampler-${guide}.wgsl`,
      code: samplerWgsl(numel, shape.batch, guide, shape.classes ?? 0),
    });
    const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
    const pipeline = (entryPoint: string) =>
      device.createComputePipeline({
        label: `sampler ${guide} ${entryPoint}`,
        layout: pipelineLayout,
        compute: { module, entryPoint },
      });
    if (guide === 'twice') {
      this.epsCond = device.createBuffer({
        label: 'sampler eps_cond',
        size: this.numel * 4,
        usage: GPUBufferUsage.STORAGE,
      });
      this.condLabels = device.createBuffer({
        label: 'sampler labels',
        size: shape.batch * 4,
        usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
      });
    }
    const kit: Kit = {
      guide,
      numel,
      layout,
      init: pipeline('init'),
      update: pipeline('update'),
      ...(guide === 'twice' ? { stash: pipeline('stash') } : {}),
      groups: Math.ceil(Math.max(Math.ceil(numel / 4), shape.batch) / WORKGROUP),
    };
    this.kits.set(guide, kit);
    return kit;
  }

  private bindGroup(kit: Kit, coeffs: GPUBuffer): GPUBindGroup {
    const twice =
      kit.guide === 'twice'
        ? [
            { binding: 5, resource: { buffer: this.runner.inputBuffer('label') } },
            { binding: 6, resource: { buffer: this.epsCond! } },
            { binding: 7, resource: { buffer: this.condLabels! } },
          ]
        : [];
    return this.device.createBindGroup({
      layout: kit.layout,
      entries: [
        { binding: 0, resource: { buffer: coeffs, size: STEP_BYTES } },
        { binding: 1, resource: { buffer: this.runner.inputBuffer('x') } },
        { binding: 2, resource: { buffer: this.runner.outputBuffer('out') } },
        { binding: 3, resource: { buffer: this.runner.inputBuffer('t') } },
        { binding: 4, resource: { buffer: this.x0Prev } },
        ...twice,
      ],
    });
  }

  private async read(numel: number): Promise<Float32Array> {
    await this.readback.mapAsync(GPUMapMode.READ);
    const data = new Float32Array(this.readback.getMappedRange(0, numel * 4).slice(0));
    this.readback.unmap();
    return data;
  }

  /** Steps 0 .. n-1, then the init slot: 13 words each at a 256-byte stride. */
  private coefficientBuffer(
    plan: readonly StepCoeffs[],
    key: [number, number],
    guidance: number,
  ): GPUBuffer {
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
      f[o + 12] = guidance;
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
