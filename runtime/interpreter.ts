/**
 * Runs a generated runner's tables (runtime/format/runner-table.ts) on one GPUDevice: the
 * buffers are made when it is constructed, every pipeline is compiled by `createPipelines`
 * (createComputePipelineAsync, all at once, so compile cost and failures surface in `load`, not
 * in the first forward), and a forward pass is encoded into one compute pass. It uses nothing but
 * the WebGPU API, so the same code runs under Dawn in Node and navigator.gpu in a browser;
 * compiler/emit/bundle.ts bundles it into every model.mjs, once, beside each variant's tables.
 */
import { gridForBatch, type Workgroups } from './batch.js';
import {
  type BatchLayout,
  batchLayout,
  type DispatchRow,
  interleave4,
  numel,
  paramName,
  paramsBytes,
  type RunnerTable,
  tensorBytes,
  uniformBytes,
} from './format/runner-table.js';
import { f16Bits } from './format/f16.js';
import type { RunnerClass, RunnerInstance } from './runner.js';

/** A dispatch row with what the interpreter made for it. */
interface Bound {
  readonly row: DispatchRow;
  readonly grid: Workgroups;
  readonly batch: BatchLayout | undefined;
  readonly pipeline: GPUComputePipeline;
  readonly bindGroup: GPUBindGroup;
}

/**
 * Records one dispatch of the first `count` images: the single place a row's fields become GPU
 * commands.
 */
function dispatch(pass: GPUComputePassEncoder, d: Bound, count: number): void {
  pass.setPipeline(d.pipeline);
  pass.setBindGroup(0, d.bindGroup);
  pass.dispatchWorkgroups(...gridForBatch(d.grid, d.batch, count));
}

/**
 * A buffer as the runner holds it: one GPUBuffer, or, for a tensor split across bindings
 * (RunnerTable.parts) past the device's maxBufferSize, one GPUBuffer per part; `start` is the
 * chunk's first byte in the tensor.
 */
type Chunks = readonly { readonly buffer: GPUBuffer; readonly start: number }[];

/** The first `size` bytes of a buffer held in chunks, as f32. */
async function read(chunks: Chunks, size: number): Promise<Float32Array> {
  const out = new Float32Array(size / 4);
  for (const { buffer, start } of chunks) {
    const n = Math.min(buffer.size, size - start);
    if (n <= 0) continue;
    await buffer.mapAsync(GPUMapMode.READ, 0, n);
    out.set(new Float32Array(buffer.getMappedRange(0, n)), start / 4);
    buffer.unmap();
  }
  return out;
}

/**
 * Every pipeline made on a device, by kernel label and WGSL text, for as long as the device
 * lives: a second load() on a shared device (a page that reloads its model, two bundles with a
 * kernel in common) reuses them instead of compiling again, and what the driver keeps per
 * pipeline is kept once. The label is part of the key so that a reused pipeline still names
 * its kernel (`kiln bench --profile`). A failed compile is not kept.
 */
const pipelineCache = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();

function cachedPipeline(device: GPUDevice, label: string, code: string) {
  let byCode = pipelineCache.get(device);
  if (!byCode) pipelineCache.set(device, (byCode = new Map()));
  const key = `${label}\n${code}`;
  let made = byCode.get(key);
  if (!made) {
    made = device.createComputePipelineAsync({
      label,
      layout: 'auto',
      compute: { module: device.createShaderModule({ label, code }), entryPoint: 'main' },
    });
    byCode.set(key, made);
    made.catch(() => byCode.delete(key));
  }
  return made;
}

/** f32 values as f16 bits (an f32 weights file given to an f16 runner). */
function f16Array(data: Float32Array): Uint16Array {
  const out = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = f16Bits(data[i]!);
  return out;
}

/** f16 bits padded to whole vec4s, as the buffer packs them (packedElements). */
const padded4 = (data: Uint16Array): Uint16Array => {
  if (data.length % 4 === 0) return data;
  const out = new Uint16Array(Math.ceil(data.length / 4) * 4);
  out.set(data);
  return out;
};

/**
 * Bytes per element of a buffer: 2 for an f16 runner's weights, 4 for everything else. Part
 * offsets (RunnerTable.parts) and packing offsets count elements, so every byte offset into a
 * buffer goes through this.
 */
const elementBytes = (table: RunnerTable, name: string): number =>
  table.weights === 'f16' && name in table.params ? 2 : 4;

/** The compiled batch: every input and output has the image outermost. */
export const tableBatch = (table: RunnerTable): number => Object.values(table.inputs)[0]?.[0] ?? 1;

class TableRunner implements RunnerInstance {
  readonly device: GPUDevice;
  readonly #table: RunnerTable;
  readonly #buffers = new Map<string, Chunks>();
  readonly #readback = new Map<string, Chunks>();
  readonly #uniforms = new Map<string, GPUBuffer>();
  /** Where each weight is packed: [params buffer, offset in elements, shape, interleave axis]. */
  readonly #packing = new Map<
    string,
    (readonly [string, number, readonly number[], number | undefined])[]
  >();
  #bound: readonly Bound[] = [];

  constructor(device: GPUDevice, table: RunnerTable) {
    this.device = device;
    this.#table = table;
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    // One buffer, bound whole or as ranges; one per part where the device cannot make it whole.
    const chunks = (label: string, size: number, usage: GPUBufferUsageFlags): Chunks => {
      const parts = table.parts?.[label];
      if (!parts || size <= device.limits.maxBufferSize)
        return [{ buffer: device.createBuffer({ label, size, usage }), start: 0 }];
      const bytes = elementBytes(table, label);
      return parts.map((at, k) => {
        const end = k + 1 < parts.length ? parts[k + 1]! * bytes : size;
        const start = at * bytes;
        const buffer = device.createBuffer({ label: `${label} #${k}`, size: end - start, usage });
        return { buffer, start };
      });
    };
    const make = (label: string, size: number) =>
      this.#buffers.set(label, chunks(label, size, storage));
    for (const [name, shape] of Object.entries(table.inputs)) make(name, tensorBytes(shape));
    for (const [name, shape] of Object.entries(table.outputs)) {
      make(name, tensorBytes(shape));
      const readback = GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST;
      this.#readback.set(name, chunks(name, tensorBytes(shape), readback));
    }
    for (const [name, rows] of Object.entries(table.params)) {
      make(name, paramsBytes(rows, elementBytes(table, name)));
      for (const [param, shape, offset, axis] of rows) {
        const full = paramName(name, param);
        let at = this.#packing.get(full);
        if (!at) this.#packing.set(full, (at = []));
        at.push([name, offset, shape, axis]);
      }
    }
    for (const [name, bytes] of Object.entries(table.temps)) make(name, bytes);
  }

  async createPipelines(onDone?: (done: number, total: number) => void): Promise<void> {
    const device = this.device;
    const used = [...new Set(this.#table.dispatches.map((d) => d[1]))];
    let done = 0;
    const compile = async (kernel: number) => {
      const [label, code] = this.#table.kernels[kernel] ?? [`#${kernel}`, ''];
      try {
        const made = await cachedPipeline(device, label, code);
        onDone?.(++done, used.length);
        return [kernel, made] as const;
      } catch (e) {
        throw new Error(`kernel ${label}: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    const pipelines = new Map(await Promise.all(used.map(compile)));
    this.#bound = this.#table.dispatches.map((row) => {
      const pipeline = pipelines.get(row[1])!;
      const entries = row[3].flatMap((b) => this.#resources(b));
      const layout = pipeline.getBindGroupLayout(0);
      const [x, y = 1, z = 1] = row[2];
      return {
        row,
        grid: [x, y, z] as const,
        batch: batchLayout(row[4]),
        pipeline,
        bindGroup: device.createBindGroup({
          layout,
          entries: entries.map((resource, binding) => ({ binding, resource })),
        }),
      };
    });
  }

  /**
   * What one entry of a dispatch row binds: a buffer whole, a shape uniform, or a buffer past
   * 128 MiB as consecutive ranges (RunnerTable.parts: its kernel declares one binding per range).
   */
  #resources(b: string | readonly number[]): GPUBufferBinding[] {
    if (typeof b !== 'string') return [{ buffer: this.#uniform(b) }];
    const chunks = this.#chunks(b);
    if (chunks.length > 1) return chunks.map(({ buffer }) => ({ buffer }));
    const buffer = chunks[0]!.buffer;
    const offsets = this.#table.parts?.[b];
    if (!offsets) return [{ buffer }];
    // An f16 runner's kernels are the f32 ones' twins, split at the same element offsets.
    const bytes = elementBytes(this.#table, b);
    return offsets.map((at, k) => {
      const end = k + 1 < offsets.length ? offsets[k + 1]! * bytes : buffer.size;
      return { buffer, offset: at * bytes, size: end - at * bytes };
    });
  }

  /** The uniform holding these u32 values: made and written once per distinct list. */
  #uniform(values: readonly number[]): GPUBuffer {
    const key = values.join(',');
    let b = this.#uniforms.get(key);
    if (!b) {
      b = this.device.createBuffer({
        label: `dims ${key}`,
        size: uniformBytes(values.length),
        usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
      });
      this.device.queue.writeBuffer(b, 0, new Uint32Array(values));
      this.#uniforms.set(key, b);
    }
    return b;
  }

  #chunks(name: string): Chunks {
    const b = this.#buffers.get(name);
    if (!b) throw new RangeError(`no buffer named ${name}`);
    return b;
  }

  /** Whether the params buffers hold f16: writeWeight then takes f16 bits (or narrows f32). */
  get f16Weights(): boolean {
    return this.#table.weights === 'f16';
  }

  /** The one GPUBuffer holding `name` (an input or output the caller binds itself). */
  #buffer(name: string): GPUBuffer {
    const chunks = this.#chunks(name);
    if (chunks.length > 1)
      throw new RangeError(
        `${name} is held in ${chunks.length} buffers: the device's maxBufferSize (${this.device.limits.maxBufferSize}) is under its size`,
      );
    return chunks[0]!.buffer;
  }

  /** `data` written at byte `offset` of a buffer, across its chunks. */
  #write(name: string, offset: number, data: Float32Array | Int32Array | Uint16Array): void {
    const queue = this.device.queue;
    const size = data.BYTES_PER_ELEMENT;
    for (const { buffer, start } of this.#chunks(name)) {
      const from = Math.max(offset, start);
      const to = Math.min(offset + data.byteLength, start + buffer.size);
      if (from < to)
        queue.writeBuffer(
          buffer,
          from - start,
          // writeBuffer takes shared memory too; @webgpu/types' default type parameter says otherwise.
          data.subarray((from - offset) / size, (to - offset) / size) as Float32Array<ArrayBuffer>,
        );
    }
  }

  writeWeight(name: string, data: Float32Array | Uint16Array): void {
    const at = this.#packing.get(name);
    if (!at) throw new RangeError(`no weight named ${name}`);
    const f16 = this.f16Weights;
    if (!f16 && data instanceof Uint16Array)
      throw new RangeError(`weight ${name}: f16 bits for an f32 runner`);
    // An f16 buffer takes whole vec4s (8 bytes), as writeBuffer needs 4-byte multiples.
    const stored = f16 ? padded4(data instanceof Uint16Array ? data : f16Array(data)) : data;
    for (const [buffer, offset, shape, axis] of at)
      this.#write(
        buffer,
        offset * elementBytes(this.#table, buffer),
        axis === undefined ? stored : interleave4(stored, shape, axis),
      );
  }

  inputBuffer(name: string): GPUBuffer {
    if (!(name in this.#table.inputs)) throw new RangeError(`no input named ${name}`);
    return this.#buffer(name);
  }

  outputBuffer(name: string): GPUBuffer {
    if (!(name in this.#table.outputs)) throw new RangeError(`no output named ${name}`);
    return this.#buffer(name);
  }

  /** The first `count` images (default: the compiled batch); see runtime/batch.ts. */
  encodeForward(pass: GPUComputePassEncoder, count = tableBatch(this.#table)): void {
    for (const d of this.#bound) dispatch(pass, d, count);
  }

  /** Inputs as f32, or i32 class ids (`label`): either is written as its bytes. */
  async forward(
    inputs: Readonly<Record<string, Float32Array | Int32Array>>,
    count = tableBatch(this.#table),
  ): Promise<Record<string, Float32Array>> {
    const queue = this.device.queue;
    const batch = tableBatch(this.#table);
    const part = (shape: readonly number[]) => (numel(shape) / batch) * count;
    for (const [name, shape] of Object.entries(this.#table.inputs)) {
      const data = inputs[name];
      const n = part(shape);
      if (data?.length !== n)
        throw new RangeError(
          `input ${name}: expected ${count} x ${n / count} values [${shape.join(',')}], got ${data?.length}`,
        );
      this.#write(name, 0, data);
    }
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    this.encodeForward(pass, count);
    pass.end();
    const sizes = new Map<string, number>();
    for (const [name, shape] of Object.entries(this.#table.outputs)) {
      const size = Math.max(4, part(shape) * 4);
      sizes.set(name, size);
      const readback = this.#readback.get(name)!;
      this.#chunks(name).forEach(({ buffer, start }, k) => {
        const n = Math.min(buffer.size, size - start);
        if (n > 0) encoder.copyBufferToBuffer(buffer, 0, readback[k]!.buffer, 0, n);
      });
    }
    queue.submit([encoder.finish()]);
    const out: Record<string, Float32Array> = {};
    for (const [name, readback] of this.#readback)
      out[name] = await read(readback, sizes.get(name)!);
    return out;
  }

  /** Frees the buffers and lets go of every GPU object (a caller may keep the model object). */
  destroy(): void {
    for (const b of [
      ...[...this.#buffers.values(), ...this.#readback.values()].flat().map((c) => c.buffer),
      ...this.#uniforms.values(),
    ])
      b.destroy();
    for (const m of [this.#buffers, this.#uniforms, this.#readback, this.#packing]) m.clear();
    this.#bound = [];
  }
}

/** The runner class load() constructs for one variant's tables. */
export function runnerClass(table: RunnerTable): RunnerClass {
  return class extends TableRunner {
    static readonly staticDispatches = table.dispatches.length;
    static readonly batch = tableBatch(table);
    static readonly largestBuffer = Math.max(
      4,
      ...[...Object.values(table.inputs), ...Object.values(table.outputs)].map(tensorBytes),
      ...Object.values(table.params).map(paramsBytes),
      ...Object.values(table.temps),
    );
    constructor(device: GPUDevice) {
      super(device, table);
    }
  };
}
