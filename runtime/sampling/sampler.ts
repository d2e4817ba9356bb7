/**
 * Sampling on the GPU: the runner's U-Net and the sampler's update kernel take turns on the
 * runner's own `x`, `t` and `out` buffers, so a whole run is encoded without reading anything
 * back until the end (or at the previews asked for). Works on any runner that exposes those
 * buffers: the CLI's loaded bundles and the bundle API alike. A class-conditional runner's
 * `label` buffer carries the classes; a guided run (kernels.ts, `Guide`) is encoded the same way.
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
import { KilnError } from '../errors.js';

/** What the sampler needs from a generated runner. */
export interface SamplingRunner {
  /** The U-Net on the first `count` images (runtime/batch.ts). */
  encodeForward(pass: GPUComputePassEncoder, count?: number): void;
  /** The runner's GPU buffers of its inputs `x`, `t` (`label`: class ids; `context`) and its output `out`. */
  inputBuffer(name: 'x' | 't' | 'label' | 'context'): GPUBuffer;
  outputBuffer(name: 'out'): GPUBuffer;
}

export interface SampleShape {
  readonly batch: number;
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  /** A class-conditional runner's class count; its `label` input takes 0..classes (the null id). */
  readonly classes?: number;
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
  /** x_T instead of the seeded noise (NCHW, `count` images). */
  readonly noise?: Float32Array;
  /** The context [count, S, D] every forward pass of the run reads (a conditional U-Net). */
  readonly context?: Float32Array;
  /**
   * A model with a context input: the negative context [count, S, D] of the unconditional pass,
   * item for item: classifier-free guidance with scale `guidance` in the layout `guide`.
   */
  readonly negativeContext?: Float32Array;
  /** Called after every step, in order. Without previews it waits only on GPU fences. */
  readonly onStep?: (info: StepInfo) => void | Promise<void>;
  /** Read x back every k steps (and after the last) and pass it to onStep. */
  readonly previewEvery?: number;
  /** What previews hold: the noisy sample `x` (default) or the predicted clean image `x0`. */
  readonly preview?: 'x' | 'x0';
  /**
   * Images to make (default: all the layout allows, imagesFor(guide)): the first `count` of a
   * full run. With guide 'batched' the forward runs 2 x count items (cond, then uncond).
   */
  readonly count?: number;
  /** Stops the run at the next step boundary with a KilnError ABORTED. */
  readonly signal?: AbortSignal;
  /**
   * Class ids 0..classes-1, one per image: classifier-free guidance with scale `guidance`
   * (default 1) in the layout `guide` (default 'batched'). Absent on a class-conditional
   * runner: every item gets the null label (unconditional).
   */
  readonly labels?: Int32Array;
  readonly guidance?: number;
  readonly guide?: Exclude<Guide, 'none'>;
}

/** The error an aborted call rejects with. */
export const aborted = (where: string): KilnError =>
  new KilnError('ABORTED', `${where}: aborted (AbortSignal)`);

/** The pipelines of one layout, made on first use. */
interface Kit {
  readonly guide: Guide;
  readonly layout: GPUBindGroupLayout;
  readonly init: GPUComputePipeline;
  readonly update: GPUComputePipeline;
  readonly stash?: GPUComputePipeline;
}

export class Sampler {
  /** Values of x in the bundle: N x C x H x W. */
  readonly numel: number;
  /** Elements per image. */
  readonly perImage: number;
  private readonly kits = new Map<Guide, Kit>();
  private readonly x0Prev: GPUBuffer;
  private readonly x0Out: GPUBuffer;
  private readonly readback: GPUBuffer;
  /** 'twice' only: eps_c between the two forwards, and the labels or contexts of each pass. */
  private epsCond: GPUBuffer | undefined;
  private condLabels: GPUBuffer | undefined;
  /** 'twice' with a context: the cond contexts, then the negative ones. */
  private contexts: GPUBuffer | undefined;

  constructor(
    readonly device: GPUDevice,
    private readonly runner: SamplingRunner,
    readonly shape: SampleShape,
  ) {
    this.perImage = shape.channels * shape.height * shape.width;
    this.numel = shape.batch * this.perImage;
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
    this.kit('none');
  }

  /** Most images one run in this layout makes: N, or N/2 when cond and uncond share a forward. */
  imagesFor(guide: Guide): number {
    return guide === 'batched' ? Math.floor(this.shape.batch / 2) : this.shape.batch;
  }

  /**
   * Workgroups of the init and update kernels for `count` images (4 elements an invocation),
   * and enough to set t of the `items` the forward runs and to copy `ctxN` context values.
   */
  private groups(count: number, items = count, ctxN = 0): number {
    const invocations = Math.max(
      Math.ceil((count * this.perImage) / 4),
      items,
      Math.ceil(ctxN / 4),
    );
    return Math.ceil(invocations / WORKGROUP);
  }

  /** Values of `count` items' contexts: S x D each (0 without a context input). */
  private contextValues(count: number): number {
    const c = this.shape.context;
    return c ? count * c[0] * c[1] : 0;
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
    const guide = this.guideOf(o);
    const most = this.imagesFor(guide);
    const count = o.count ?? (o.labels ? o.labels.length : most);
    if (!Number.isInteger(count) || count < 1 || count > most)
      throw new RangeError(`count must be an integer from 1 to ${most}, got ${count}`);
    const ids = this.labelsFor(o, guide, count);
    const kit = this.kit(guide);
    // Items the forward runs: the cond half and the uncond half with 'batched'.
    const items = guide === 'batched' ? 2 * count : count;
    const numel = count * this.perImage;
    if (o.noise && o.noise.length !== numel)
      throw new RangeError(`noise: expected ${numel} values, got ${o.noise.length}`);
    const every = o.previewEvery;
    if (every !== undefined && (!Number.isInteger(every) || every < 1))
      throw new RangeError(`previewEvery must be a positive integer, got ${every}`);
    const { device } = this;
    const signal = o.signal;
    if (signal?.aborted) throw aborted('sample');

    const ctxN = this.contextValues(count);
    // Only 'twice' copies contexts between its passes; the other layouts write them once.
    const ctxCopied = guide === 'twice' && o.negativeContext ? ctxN : 0;
    const coeffs = this.coefficientBuffer(plan, key, o.guidance ?? 1, numel, items, ctxCopied);
    const bindGroup = this.bindGroup(kit, coeffs);
    const steps = plan.length;
    const groups = this.groups(count, items, ctxCopied);
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
      if (guide === 'batched') device.queue.writeBuffer(x, numel * 4, new Float32Array(o.noise));
    }
    // The same contexts for every step: written once; 'batched' puts the negative ones in the
    // uncond half, 'twice' keeps both where its kernels copy them from before each pass.
    if (o.context) {
      const ctx = this.runner.inputBuffer('context');
      device.queue.writeBuffer(ctx, 0, new Float32Array(o.context));
      if (o.negativeContext && guide === 'batched')
        device.queue.writeBuffer(ctx, ctxN * 4, new Float32Array(o.negativeContext));
      if (o.negativeContext && guide === 'twice') {
        device.queue.writeBuffer(this.contexts!, 0, new Float32Array(o.context));
        device.queue.writeBuffer(this.contexts!, ctxN * 4, new Float32Array(o.negativeContext));
      }
    }
    const previewOf = o.preview === 'x0' ? this.x0Out : x;

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
          pass.setPipeline(kit.init);
          pass.setBindGroup(0, bindGroup, [initOffset]);
          pass.dispatchWorkgroups(groups);
        }
        for (let i = start; i < end; i++) {
          this.runner.encodeForward(pass, items);
          if (kit.stash) {
            pass.setPipeline(kit.stash);
            pass.setBindGroup(0, bindGroup, [i * STEP_STRIDE]);
            pass.dispatchWorkgroups(groups);
            this.runner.encodeForward(pass, items);
          }
          pass.setPipeline(kit.update);
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
      encoder.copyBufferToBuffer(x, 0, this.readback, 0, numel * 4);
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
    const kit = this.kit('none');
    const plan = planSampler({ sampler: 'ddim', steps: 1 });
    const { batch } = this.shape;
    const coeffs = this.coefficientBuffer(plan, seedKey(seed), 1, this.numel, batch);
    const bindGroup = this.bindGroup(kit, coeffs);
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(kit.init);
    pass.setBindGroup(0, bindGroup, [plan.length * STEP_STRIDE]);
    pass.dispatchWorkgroups(this.groups(batch));
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
    const { batch } = this.shape;
    const coeffs = this.coefficientBuffer(plan, seedKey(0), 1, this.numel, batch);
    const bindGroup = this.bindGroup(kit, coeffs);
    await this.device.queue.onSubmittedWorkDone();
    const t0 = performance.now();
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(kit.update);
    for (let i = 0; i < n; i++) {
      pass.setBindGroup(0, bindGroup, [(i % plan.length) * STEP_STRIDE]);
      pass.dispatchWorkgroups(this.groups(batch));
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
    this.epsCond?.destroy();
    this.condLabels?.destroy();
    this.contexts?.destroy();
  }

  /** The run's layout: 'none' without labels or a negative context. */
  private guideOf(o: SampleOptions): Guide {
    if (o.negativeContext) {
      if (!this.shape.context || !o.context)
        throw new RangeError('negativeContext: needs a model with a context input, and context');
      if (o.labels)
        throw new RangeError('labels: guidance of a context model is by negativeContext');
    } else if (this.shape.classes === undefined) {
      if (o.labels) throw new RangeError('labels: the model is not class-conditional');
      return 'none';
    } else if (!o.labels) return 'none';
    const guide = o.guide ?? 'batched';
    if (guide === 'batched' && this.shape.batch % 2 !== 0)
      throw new RangeError(
        `guide batched needs an even batch, the bundle's is ${this.shape.batch}`,
      );
    return guide;
  }

  /**
   * The label buffer's contents for a run of `count` images: the labels first, the null id
   * everywhere else (the uncond half, items count..2count-1, with 'batched'). The API has
   * checked the labels.
   */
  private labelsFor(
    o: SampleOptions,
    guide: Guide,
    count: number,
  ): Int32Array<ArrayBuffer> | undefined {
    const { classes, batch } = this.shape;
    if (classes === undefined) return undefined;
    const ids = new Int32Array(batch).fill(classes);
    if (guide === 'none') return ids;
    const labels = o.labels!;
    if (labels.length !== count)
      throw new RangeError(`labels: expected ${count} (one per image), got ${labels.length}`);
    for (const id of labels)
      if (!(id >= 0 && id < classes))
        throw new RangeError(`labels: ${id} is outside 0..${classes - 1}`);
    ids.set(labels);
    return ids;
  }

  private kit(guide: Guide): Kit {
    const made = this.kits.get(guide);
    if (made) return made;
    const { device, shape } = this;
    const labels = guide === 'twice' && shape.classes !== undefined;
    const context = guide === 'twice' && shape.context !== undefined;
    // Binding numbers as kernels.ts declares them.
    const kinds: (readonly [number, GPUBufferBindingType])[] = [
      [1, 'storage'], // x
      [2, 'read-only-storage'], // eps: the runner's out
      [3, 'storage'], // t
      [4, 'storage'], // x0_prev
      [5, 'storage'], // x0_out: previews
    ];
    if (guide === 'twice') kinds.push([7, 'storage']); // eps_c
    // The runner's labels and the cond labels.
    if (labels) kinds.push([6, 'storage'], [8, 'read-only-storage']);
    // The runner's context; the cond and the negative contexts.
    if (context) kinds.push([9, 'storage'], [10, 'read-only-storage']);
    const layout = device.createBindGroupLayout({
      label: `sampler ${guide}`,
      entries: [
        {
          binding: 0,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: 'uniform', hasDynamicOffset: true, minBindingSize: STEP_BYTES },
        },
        ...kinds.map(([binding, type]) => ({
          binding,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type },
        })),
      ],
    });
    const module = device.createShaderModule({
      label: `sampler-${guide}.wgsl`,
      code: samplerWgsl(guide, {
        ...(shape.classes !== undefined ? { nullLabel: shape.classes } : {}),
        context: shape.context !== undefined,
      }),
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
      if (labels)
        this.condLabels = device.createBuffer({
          label: 'sampler labels',
          size: shape.batch * 4,
          usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
        });
      if (context)
        this.contexts = device.createBuffer({
          label: 'sampler contexts',
          size: 2 * this.contextValues(shape.batch) * 4,
          usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST,
        });
    }
    const kit: Kit = {
      guide,
      layout,
      init: pipeline('init'),
      update: pipeline('update'),
      ...(guide === 'twice' ? { stash: pipeline('stash') } : {}),
    };
    this.kits.set(guide, kit);
    return kit;
  }

  private bindGroup(kit: Kit, coeffs: GPUBuffer): GPUBindGroup {
    const twice: GPUBindGroupEntry[] = [];
    if (kit.guide === 'twice') {
      twice.push({ binding: 7, resource: { buffer: this.epsCond! } });
      if (this.condLabels)
        twice.push(
          { binding: 6, resource: { buffer: this.runner.inputBuffer('label') } },
          { binding: 8, resource: { buffer: this.condLabels } },
        );
      if (this.contexts)
        twice.push(
          { binding: 9, resource: { buffer: this.runner.inputBuffer('context') } },
          { binding: 10, resource: { buffer: this.contexts } },
        );
    }
    return this.device.createBindGroup({
      layout: kit.layout,
      entries: [
        { binding: 0, resource: { buffer: coeffs, size: STEP_BYTES } },
        { binding: 1, resource: { buffer: this.runner.inputBuffer('x') } },
        { binding: 2, resource: { buffer: this.runner.outputBuffer('out') } },
        { binding: 3, resource: { buffer: this.runner.inputBuffer('t') } },
        { binding: 4, resource: { buffer: this.x0Prev } },
        { binding: 5, resource: { buffer: this.x0Out } },
        ...twice,
      ],
    });
  }

  private async read(numel: number): Promise<Float32Array> {
    await this.readback.mapAsync(GPUMapMode.READ, 0, numel * 4);
    const data = new Float32Array(this.readback.getMappedRange(0, numel * 4).slice(0));
    this.readback.unmap();
    return data;
  }

  /**
   * Steps 0 .. n-1, then the init slot: 16 words each at a 256-byte stride. `numel`: values of
   * the images sampled (count x C x H x W); `items`: the items whose t the update sets;
   * `ctxN`: the context values 'twice' copies between its passes.
   */
  private coefficientBuffer(
    plan: readonly StepCoeffs[],
    key: [number, number],
    guidance: number,
    numel: number,
    items: number,
    ctxN = 0,
  ): GPUBuffer {
    const words = STEP_STRIDE / 4;
    const data = new ArrayBuffer((plan.length + 1) * STEP_STRIDE);
    const f = new Float32Array(data);
    const u = new Uint32Array(data);
    const slot = (o: number) => {
      f[o + 12] = guidance;
      u[o + 13] = numel;
      u[o + 14] = items;
      u[o + 15] = ctxN;
    };
    plan.forEach((c, i) => {
      const o = i * words;
      f.set([c.sa, c.sb, c.cx0, c.cx, c.ceps, c.cprev, c.cnoise, plan[i + 1]?.t ?? c.t], o);
      const flags =
        (c.clip ? FLAG_CLIP : 0) |
        (c.keepX0 ? FLAG_KEEP_X0 : 0) |
        (c.cnoise !== 0 ? FLAG_NOISE : 0);
      u.set([key[0], key[1], i + 1, flags], o + 8);
      slot(o);
    });
    u.set([key[0], key[1], 0, 0], plan.length * words + 8);
    slot(plan.length * words);
    const buffer = this.device.createBuffer({
      label: 'sampler coefficients',
      size: data.byteLength,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    });
    this.device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  }
}
