// runtime/format/runner-table.ts
var batchLayout = (row) => row === void 0 ? void 0 : row === "z" ? { z: true } : { per: row[0], wg: row[1] };
var numel = (shape) => shape.reduce((a, b) => a * b, 1);
var paramName = (buffer, name) => name.startsWith(".") ? `${buffer}${name}` : name;
function packedElements(shape, interleaveAxis) {
  if (interleaveAxis === void 0) return Math.ceil(numel(shape) / 4) * 4;
  const rows = shape[interleaveAxis];
  return Math.ceil(rows / 4) * 4 * numel(shape) / rows;
}
var paramsBytes = (rows, element = 4) => Math.max(
  4,
  ...rows.map(([, shape, offset, axis]) => (offset + packedElements(shape, axis)) * element)
);
var uniformBytes = (values) => Math.ceil(values * 4 / 16) * 16;
var tensorBytes = (shape) => Math.max(4, numel(shape) * 4);
function interleave4(data, shape, axis) {
  const outer = numel(shape.slice(0, axis));
  const rows = shape[axis];
  const cols = data.length / (outer * rows);
  const groups = Math.ceil(rows / 4);
  const out = new data.constructor(outer * groups * 4 * cols);
  for (let o = 0; o < outer; o++)
    for (let r = 0; r < rows; r++)
      for (let c = 0; c < cols; c++)
        out[((o * groups + (r >> 2)) * cols + c) * 4 + (r & 3)] = data[(o * rows + r) * cols + c];
  return out;
}
function tableParams(table) {
  const seen = /* @__PURE__ */ new Map();
  for (const [buffer, rows] of Object.entries(table.params))
    for (const [name, shape] of rows) {
      const full = paramName(buffer, name);
      if (!seen.has(full)) seen.set(full, shape);
    }
  return [...seen].map(([name, shape]) => ({ name, shape }));
}

// runtime/format/limits.ts
var LIMIT_NAMES = [
  "maxStorageBufferBindingSize",
  "maxBufferSize",
  "maxStorageBuffersPerShaderStage",
  "maxComputeWorkgroupStorageSize",
  "maxComputeInvocationsPerWorkgroup",
  "maxComputeWorkgroupSizeX",
  "maxComputeWorkgroupSizeY",
  "maxComputeWorkgroupSizeZ",
  "maxComputeWorkgroupsPerDimension"
];
var DEFAULT_LIMITS = {
  maxStorageBufferBindingSize: 134217728,
  maxBufferSize: 268435456,
  maxStorageBuffersPerShaderStage: 8,
  maxComputeWorkgroupStorageSize: 16384,
  maxComputeInvocationsPerWorkgroup: 256,
  maxComputeWorkgroupSizeX: 256,
  maxComputeWorkgroupSizeY: 256,
  maxComputeWorkgroupSizeZ: 64,
  maxComputeWorkgroupsPerDimension: 65535
};
function limitProblems(needed, available) {
  const problems = [];
  for (const name of LIMIT_NAMES) {
    const have = available[name];
    if (have === void 0 || have < needed[name])
      problems.push(`${name}: needs ${needed[name]}, available ${have ?? "none"}`);
  }
  return problems;
}
function requiredLimits(needed) {
  const out = {};
  for (const name of LIMIT_NAMES) if (needed[name] > DEFAULT_LIMITS[name]) out[name] = needed[name];
  return out;
}

// runtime/batch.ts
var MAX_GROUPS_PER_DIM = DEFAULT_LIMITS.maxComputeWorkgroupsPerDimension;
function gridForBatch(grid, layout, count) {
  if (!layout) return grid;
  if ("z" in layout) return count >= grid[2] ? grid : [grid[0], grid[1], count];
  const groups = Math.max(1, Math.ceil(count * layout.per / layout.wg));
  if (groups >= grid[0] * grid[1]) return grid;
  const y = Math.ceil(groups / MAX_GROUPS_PER_DIM);
  return [Math.ceil(groups / y), y, 1];
}

// runtime/format/f16.ts
var word = new Float32Array(1);
var bitsOf = new Uint32Array(word.buffer);
function f16Bits(v) {
  word[0] = v;
  const x = bitsOf[0];
  const sign = x >>> 16 & 32768;
  const exponent = x >>> 23 & 255;
  const mantissa = x & 8388607;
  if (exponent === 255) return sign | 31744 | (mantissa === 0 ? 0 : 512 | mantissa >>> 13);
  const e = exponent - 112;
  if (e >= 31) return sign | 31744;
  if (e < -10) return sign;
  const significand = e > 0 ? mantissa : mantissa | 8388608;
  const shift = e > 0 ? 13 : 14 - e;
  let q = (e > 0 ? e << 10 : 0) | significand >>> shift;
  const rest = significand & (1 << shift) - 1;
  const half = 1 << shift - 1;
  if (rest > half || rest === half && (q & 1) === 1) q++;
  return sign | q;
}

// runtime/interpreter.ts
function dispatch(pass, d, count) {
  pass.setPipeline(d.pipeline);
  pass.setBindGroup(0, d.bindGroup);
  pass.dispatchWorkgroups(...gridForBatch(d.grid, d.batch, count));
}
async function read(chunks, size2) {
  const out = new Float32Array(size2 / 4);
  for (const { buffer, start } of chunks) {
    const n = Math.min(buffer.size, size2 - start);
    if (n <= 0) continue;
    await buffer.mapAsync(GPUMapMode.READ, 0, n);
    out.set(new Float32Array(buffer.getMappedRange(0, n)), start / 4);
    buffer.unmap();
  }
  return out;
}
var pipelineCache = /* @__PURE__ */ new WeakMap();
function cachedPipeline(device, label, code) {
  let byCode = pipelineCache.get(device);
  if (!byCode) pipelineCache.set(device, byCode = /* @__PURE__ */ new Map());
  const key = `${label}
${code}`;
  let made = byCode.get(key);
  if (!made) {
    made = device.createComputePipelineAsync({
      label,
      layout: "auto",
      compute: { module: device.createShaderModule({ label, code }), entryPoint: "main" }
    });
    byCode.set(key, made);
    made.catch(() => byCode.delete(key));
  }
  return made;
}
function f16Array(data) {
  const out = new Uint16Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = f16Bits(data[i]);
  return out;
}
var padded4 = (data) => {
  if (data.length % 4 === 0) return data;
  const out = new Uint16Array(Math.ceil(data.length / 4) * 4);
  out.set(data);
  return out;
};
var elementBytes = (table, name) => table.weights === "f16" && name in table.params ? 2 : 4;
var tableBatch = (table) => Object.values(table.inputs)[0]?.[0] ?? 1;
var TableRunner = class {
  device;
  #table;
  #buffers = /* @__PURE__ */ new Map();
  #readback = /* @__PURE__ */ new Map();
  #uniforms = /* @__PURE__ */ new Map();
  /** Where each weight is packed: [params buffer, offset in elements, shape, interleave axis]. */
  #packing = /* @__PURE__ */ new Map();
  #bound = [];
  constructor(device, table) {
    this.device = device;
    this.#table = table;
    const storage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    const chunks = (label, size2, usage) => {
      const parts = table.parts?.[label];
      if (!parts || size2 <= device.limits.maxBufferSize)
        return [{ buffer: device.createBuffer({ label, size: size2, usage }), start: 0 }];
      const bytes = elementBytes(table, label);
      return parts.map((at, k) => {
        const end = k + 1 < parts.length ? parts[k + 1] * bytes : size2;
        const start = at * bytes;
        const buffer = device.createBuffer({ label: `${label} #${k}`, size: end - start, usage });
        return { buffer, start };
      });
    };
    const make = (label, size2) => this.#buffers.set(label, chunks(label, size2, storage));
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
        if (!at) this.#packing.set(full, at = []);
        at.push([name, offset, shape, axis]);
      }
    }
    for (const [name, bytes] of Object.entries(table.temps)) make(name, bytes);
  }
  async createPipelines(onDone) {
    const device = this.device;
    const used = [...new Set(this.#table.dispatches.map((d) => d[1]))];
    let done = 0;
    const compile = async (kernel) => {
      const [label, code] = this.#table.kernels[kernel] ?? [`#${kernel}`, ""];
      try {
        const made = await cachedPipeline(device, label, code);
        onDone?.(++done, used.length);
        return [kernel, made];
      } catch (e) {
        throw new Error(`kernel ${label}: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
    const pipelines = new Map(await Promise.all(used.map(compile)));
    this.#bound = this.#table.dispatches.map((row) => {
      const pipeline = pipelines.get(row[1]);
      const entries = row[3].flatMap((b) => this.#resources(b));
      const layout = pipeline.getBindGroupLayout(0);
      const [x, y = 1, z = 1] = row[2];
      return {
        row,
        grid: [x, y, z],
        batch: batchLayout(row[4]),
        pipeline,
        bindGroup: device.createBindGroup({
          layout,
          entries: entries.map((resource, binding) => ({ binding, resource }))
        })
      };
    });
  }
  /**
   * What one entry of a dispatch row binds: a buffer whole, a shape uniform, or a buffer past
   * 128 MiB as consecutive ranges (RunnerTable.parts: its kernel declares one binding per range).
   */
  #resources(b) {
    if (typeof b !== "string") return [{ buffer: this.#uniform(b) }];
    const chunks = this.#chunks(b);
    if (chunks.length > 1) return chunks.map(({ buffer: buffer2 }) => ({ buffer: buffer2 }));
    const buffer = chunks[0].buffer;
    const offsets = this.#table.parts?.[b];
    if (!offsets) return [{ buffer }];
    const bytes = elementBytes(this.#table, b);
    return offsets.map((at, k) => {
      const end = k + 1 < offsets.length ? offsets[k + 1] * bytes : buffer.size;
      return { buffer, offset: at * bytes, size: end - at * bytes };
    });
  }
  /** The uniform holding these u32 values: made and written once per distinct list. */
  #uniform(values) {
    const key = values.join(",");
    let b = this.#uniforms.get(key);
    if (!b) {
      b = this.device.createBuffer({
        label: `dims ${key}`,
        size: uniformBytes(values.length),
        usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST
      });
      this.device.queue.writeBuffer(b, 0, new Uint32Array(values));
      this.#uniforms.set(key, b);
    }
    return b;
  }
  #chunks(name) {
    const b = this.#buffers.get(name);
    if (!b) throw new RangeError(`no buffer named ${name}`);
    return b;
  }
  /** Whether the params buffers hold f16: writeWeight then takes f16 bits (or narrows f32). */
  get f16Weights() {
    return this.#table.weights === "f16";
  }
  /** The one GPUBuffer holding `name` (an input or output the caller binds itself). */
  #buffer(name) {
    const chunks = this.#chunks(name);
    if (chunks.length > 1)
      throw new RangeError(
        `${name} is held in ${chunks.length} buffers: the device's maxBufferSize (${this.device.limits.maxBufferSize}) is under its size`
      );
    return chunks[0].buffer;
  }
  /** `data` written at byte `offset` of a buffer, across its chunks. */
  #write(name, offset, data) {
    const queue = this.device.queue;
    const size2 = data.BYTES_PER_ELEMENT;
    for (const { buffer, start } of this.#chunks(name)) {
      const from = Math.max(offset, start);
      const to = Math.min(offset + data.byteLength, start + buffer.size);
      if (from < to)
        queue.writeBuffer(
          buffer,
          from - start,
          // writeBuffer takes shared memory too; @webgpu/types' default type parameter says otherwise.
          data.subarray((from - offset) / size2, (to - offset) / size2)
        );
    }
  }
  writeWeight(name, data) {
    const at = this.#packing.get(name);
    if (!at) throw new RangeError(`no weight named ${name}`);
    const f16 = this.f16Weights;
    if (!f16 && data instanceof Uint16Array)
      throw new RangeError(`weight ${name}: f16 bits for an f32 runner`);
    const stored = f16 ? padded4(data instanceof Uint16Array ? data : f16Array(data)) : data;
    for (const [buffer, offset, shape, axis] of at)
      this.#write(
        buffer,
        offset * elementBytes(this.#table, buffer),
        axis === void 0 ? stored : interleave4(stored, shape, axis)
      );
  }
  inputBuffer(name) {
    if (!(name in this.#table.inputs)) throw new RangeError(`no input named ${name}`);
    return this.#buffer(name);
  }
  outputBuffer(name) {
    if (!(name in this.#table.outputs)) throw new RangeError(`no output named ${name}`);
    return this.#buffer(name);
  }
  /** The first `count` images (default: the compiled batch); see runtime/batch.ts. */
  encodeForward(pass, count = tableBatch(this.#table)) {
    for (const d of this.#bound) dispatch(pass, d, count);
  }
  /** Inputs as f32, or i32 class ids (`label`): either is written as its bytes. */
  async forward(inputs, count = tableBatch(this.#table)) {
    const queue = this.device.queue;
    const batch = tableBatch(this.#table);
    const part = (shape) => numel(shape) / batch * count;
    for (const [name, shape] of Object.entries(this.#table.inputs)) {
      const data = inputs[name];
      const n = part(shape);
      if (data?.length !== n)
        throw new RangeError(
          `input ${name}: expected ${count} x ${n / count} values [${shape.join(",")}], got ${data?.length}`
        );
      this.#write(name, 0, data);
    }
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    this.encodeForward(pass, count);
    pass.end();
    const sizes = /* @__PURE__ */ new Map();
    for (const [name, shape] of Object.entries(this.#table.outputs)) {
      const size2 = Math.max(4, part(shape) * 4);
      sizes.set(name, size2);
      const readback = this.#readback.get(name);
      this.#chunks(name).forEach(({ buffer, start }, k) => {
        const n = Math.min(buffer.size, size2 - start);
        if (n > 0) encoder.copyBufferToBuffer(buffer, 0, readback[k].buffer, 0, n);
      });
    }
    queue.submit([encoder.finish()]);
    const out = {};
    for (const [name, readback] of this.#readback)
      out[name] = await read(readback, sizes.get(name));
    return out;
  }
  /** Frees the buffers and lets go of every GPU object (a caller may keep the model object). */
  destroy() {
    for (const b of [
      ...[...this.#buffers.values(), ...this.#readback.values()].flat().map((c) => c.buffer),
      ...this.#uniforms.values()
    ])
      b.destroy();
    for (const m of [this.#buffers, this.#uniforms, this.#readback, this.#packing]) m.clear();
    this.#bound = [];
  }
};
function runnerClass(table) {
  return class extends TableRunner {
    static staticDispatches = table.dispatches.length;
    static batch = tableBatch(table);
    static largestBuffer = Math.max(
      4,
      ...[...Object.values(table.inputs), ...Object.values(table.outputs)].map(tensorBytes),
      ...Object.values(table.params).map(paramsBytes),
      ...Object.values(table.temps)
    );
    constructor(device) {
      super(device, table);
    }
  };
}

// runtime/errors.ts
var KilnError = class extends Error {
  code;
  lines;
  constructor(code, lines) {
    const all = typeof lines === "string" ? [lines] : lines;
    super(all.join("\n"));
    this.name = "KilnError";
    this.code = code;
    this.lines = all;
  }
};
function isKilnError(e) {
  if (e instanceof KilnError) return true;
  const k = e;
  return e instanceof Error && k.name === "KilnError" && typeof k.code === "string" && Array.isArray(k.lines) && k.lines.every((l) => typeof l === "string");
}

// runtime/device-lost.ts
var watches = /* @__PURE__ */ new WeakMap();
function onDeviceLost(device, listener) {
  let w = watches.get(device);
  if (!w) {
    const watch = { listeners: /* @__PURE__ */ new Set() };
    watches.set(device, w = watch);
    device.lost.then((info) => {
      watch.info = info;
      const now = [...watch.listeners];
      watch.listeners.clear();
      for (const l of now) l(info);
    });
  }
  if (w.info) {
    const info = w.info;
    queueMicrotask(() => listener(info));
    return () => void 0;
  }
  w.listeners.add(listener);
  const listeners = w.listeners;
  return () => listeners.delete(listener);
}
function untilLost(device, work, lostError) {
  return new Promise((resolve, reject) => {
    const stop = onDeviceLost(device, (info) => reject(lostError(info)));
    work.then(resolve, reject).finally(stop);
  });
}

// runtime/gpu.ts
var isNode = () => typeof process !== "undefined" && typeof process.versions?.node === "string";
var nodeGpu;
async function nodeWebgpu() {
  let mod;
  try {
    const name = "webgpu";
    mod = await import(name);
  } catch (e) {
    throw new KilnError(
      "NO_ADAPTER",
      `load: no device was given and the 'webgpu' package cannot be imported (${e.message.split("\n")[0]}); npm install webgpu, or pass { device }`
    );
  }
  if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = "/tmp";
  nodeGpu ??= mod.create(["disable-dawn-features=timestamp_quantization"]);
  return { gpu: nodeGpu, globals: mod.globals };
}
async function defaultGpu() {
  const nav = globalThis.navigator?.gpu;
  if (nav) return nav;
  if (!isNode())
    throw new KilnError(
      "NO_ADAPTER",
      "load: this browser has no WebGPU (navigator.gpu is missing); use a browser with WebGPU enabled"
    );
  return (await nodeWebgpu()).gpu;
}
function adapterName(info) {
  if (!info) return "unknown adapter";
  const parts = [info.vendor, info.architecture, info.device].filter((s) => s && s.length > 0);
  const head = info.description && info.description.length > 0 ? info.description : parts.join(" ") || "unknown adapter";
  return `${head} [${parts.join(", ")}]`;
}
var SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|software|\bwarp\b|basic render/i;
function isSoftwareAdapter(info) {
  if (!info) return false;
  const fallback = info.isFallbackAdapter === true;
  return fallback || SOFTWARE.test([info.vendor, info.architecture, info.device, info.description].join(" "));
}
function preferredVariant(info) {
  if (!info) return "gpu";
  if (/swiftshader/i.test([info.vendor, info.architecture, info.device, info.description].join(" ")))
    return "gpu";
  return isSoftwareAdapter(info) ? "cpu" : "gpu";
}
function pickVariant(info, available) {
  const want = preferredVariant(info);
  return available.includes(want) ? want : available[0];
}
function ensureWebgpuConstants() {
  const g = globalThis;
  g.GPUBufferUsage ??= {
    MAP_READ: 1,
    MAP_WRITE: 2,
    COPY_SRC: 4,
    COPY_DST: 8,
    INDEX: 16,
    VERTEX: 32,
    UNIFORM: 64,
    STORAGE: 128,
    INDIRECT: 256,
    QUERY_RESOLVE: 512
  };
  g.GPUMapMode ??= { READ: 1, WRITE: 2 };
  g.GPUShaderStage ??= { VERTEX: 1, FRAGMENT: 2, COMPUTE: 4 };
}

// runtime/weights/reader.ts
var unreachable = (label, why) => new KilnError("WEIGHTS_UNREACHABLE", `weights ${label}: ${why}`);
function bytesReader(bytes, label) {
  let at = 0;
  return {
    label,
    length: bytes.length,
    read: async (n) => {
      const out = bytes.subarray(at, Math.min(bytes.length, at + n));
      at += out.length;
      return out;
    },
    close: async () => void 0
  };
}
function streamReader(body, label, length) {
  const reader = body.getReader();
  const chunks = [];
  let buffered = 0;
  let done = false;
  return {
    label,
    length,
    async read(n) {
      while (buffered < n && !done) {
        let r;
        try {
          r = await reader.read();
        } catch (e) {
          throw unreachable(label, `download failed: ${e.message}`);
        }
        if (r.done) done = true;
        else if (r.value.length > 0) {
          chunks.push(r.value);
          buffered += r.value.length;
        }
      }
      const take = Math.min(n, buffered);
      if (chunks.length > 0 && chunks[0].length >= take) {
        const out2 = chunks[0].subarray(0, take);
        if (chunks[0].length === take) chunks.shift();
        else chunks[0] = chunks[0].subarray(take);
        buffered -= take;
        return out2;
      }
      const out = new Uint8Array(take);
      let filled = 0;
      while (filled < take) {
        const c = chunks[0];
        const k = Math.min(c.length, take - filled);
        out.set(c.subarray(0, k), filled);
        filled += k;
        if (k === c.length) chunks.shift();
        else chunks[0] = c.subarray(k);
      }
      buffered -= take;
      return out;
    },
    close: async () => {
      done = true;
      await reader.cancel().catch(() => void 0);
    }
  };
}
function responseReader(response, label) {
  if (!response.ok)
    throw unreachable(
      label,
      `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`
    );
  if (!response.body || response.bodyUsed)
    throw unreachable(label, "the response has no body (or it was already read)");
  const header = response.headers.get("content-length");
  const encoded = (response.headers.get("content-encoding") ?? "identity") !== "identity";
  const length = header !== null && !encoded && /^\d+$/.test(header) ? Number(header) : void 0;
  return streamReader(response.body, label, length);
}
async function fetchReader(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw unreachable(url.href, `cannot fetch (${e.message})`);
  }
  return responseReader(response, url.href);
}
async function fileReader(path) {
  const fs = await import("node:fs/promises");
  let handle;
  try {
    handle = await fs.open(path, "r");
  } catch (e) {
    const code = e.code;
    throw unreachable(path, code === "ENOENT" ? "no such file" : `cannot open (${code ?? e})`);
  }
  const { size: size2 } = await handle.stat();
  let at = 0;
  let closed = false;
  return {
    label: path,
    length: size2,
    async read(n) {
      const out = new Uint8Array(Math.max(0, Math.min(n, size2 - at)));
      let filled = 0;
      while (filled < out.length) {
        const { bytesRead } = await handle.read(out, filled, out.length - filled, at + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      at += filled;
      return out.subarray(0, filled);
    },
    close: async () => {
      if (!closed) {
        closed = true;
        await handle.close();
      }
    }
  };
}
var URL_SCHEME = /^(https?|file|data|blob):/i;
async function openWeights(source) {
  if (source instanceof Uint8Array) return bytesReader(source, "(Uint8Array)");
  if (source instanceof ArrayBuffer) return bytesReader(new Uint8Array(source), "(ArrayBuffer)");
  if (typeof Response !== "undefined" && source instanceof Response)
    return responseReader(source, source.url || "(Response)");
  if (typeof source !== "string" && !(source instanceof URL))
    throw new KilnError(
      "OPTION_INVALID",
      `load: weights must be a path, URL, Response, ArrayBuffer or Uint8Array, got ${describe(source)}`
    );
  if (typeof source === "string" && isNode() && !URL_SCHEME.test(source)) return fileReader(source);
  let url;
  try {
    const base = globalThis.document?.baseURI;
    url = source instanceof URL ? source : new URL(String(source), base);
  } catch {
    throw new KilnError("OPTION_INVALID", `load: weights: ${describe(source)} is not a valid URL`);
  }
  if (url.protocol === "file:" && isNode()) {
    const { fileURLToPath } = await import("node:url");
    return fileReader(fileURLToPath(url));
  }
  return fetchReader(url);
}
function describe(v) {
  if (v === null) return "null";
  if (typeof v === "object") return `a ${v.constructor?.name ?? "object"}`;
  if (typeof v === "string") return JSON.stringify(v.length > 80 ? `${v.slice(0, 77)}...` : v);
  return `${typeof v} ${String(v)}`;
}

// runtime/options.ts
function optionRecord(where, options, known, problems) {
  if (options === void 0) return {};
  if (typeof options !== "object" || options === null || Array.isArray(options))
    throw new KilnError(
      "OPTION_INVALID",
      `${where}: options must be an object, got ${describe(options)}`
    );
  const o = options;
  const unknown = Object.keys(o).filter((k) => !known.includes(k)).map((k) => `${where}: unknown option ${k} (options: ${known.join(", ")})`);
  if (problems) problems.push(...unknown);
  else if (unknown.length > 0) throw new KilnError("OPTION_INVALID", unknown);
  return o;
}
function checkSignal(where, signal) {
  if (signal === void 0) return void 0;
  const s = signal;
  if (typeof s !== "object" || s === null || typeof s.aborted !== "boolean")
    throw new KilnError("OPTION_INVALID", `${where}: signal must be an AbortSignal`);
  return s;
}

// runtime/sampling/schedule.ts
var DEFAULT_SCHEDULE = {
  trainSteps: 1e3,
  betaSchedule: "linear",
  betaStart: 1e-4,
  betaEnd: 0.02
};
function linspace(a, b, n) {
  if (n === 1) return [a];
  const step = (b - a) / (n - 1);
  return Array.from({ length: n }, (_, i) => i === n - 1 ? b : a + i * step);
}
function cosineBetas(n) {
  const alphaBar = (t) => Math.cos((t + 8e-3) / 1.008 * (Math.PI / 2)) ** 2;
  return Array.from(
    { length: n },
    (_, i) => Math.min(1 - alphaBar((i + 1) / n) / alphaBar(i / n), 0.999)
  );
}
function betas(s) {
  switch (s.betaSchedule) {
    case "linear":
      return linspace(s.betaStart, s.betaEnd, s.trainSteps);
    case "scaled_linear":
      return linspace(Math.sqrt(s.betaStart), Math.sqrt(s.betaEnd), s.trainSteps).map((b) => b * b);
    case "squaredcos_cap_v2":
      return cosineBetas(s.trainSteps);
  }
}
function alphasCumprod(s) {
  const b = betas(s);
  const out = new Float64Array(b.length);
  let acc = 1;
  for (let i = 0; i < b.length; i++) {
    acc *= 1 - b[i];
    out[i] = acc;
  }
  return out;
}
function roundHalfEven(x) {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
function ddpmTimesteps(spacing, n, trainSteps) {
  switch (spacing) {
    case "linspace":
      return linspace(0, trainSteps - 1, n).map(roundHalfEven).reverse();
    case "leading": {
      const ratio = Math.floor(trainSteps / n);
      return Array.from({ length: n }, (_, i) => i * ratio).reverse();
    }
    case "trailing":
      return arange(trainSteps, 0, -trainSteps / n).map((t) => roundHalfEven(t) - 1);
  }
}
function dpmTimesteps(spacing, n, trainSteps) {
  switch (spacing) {
    case "linspace":
      return linspace(0, trainSteps - 1, n + 1).map(roundHalfEven).reverse().slice(0, n);
    case "leading": {
      const ratio = Math.floor(trainSteps / (n + 1));
      return Array.from({ length: n + 1 }, (_, i) => i * ratio).reverse().slice(0, n);
    }
    case "trailing":
      return arange(trainSteps, 0, -trainSteps / n).map((t) => roundHalfEven(t) - 1);
  }
}
function arange(start, stop, step) {
  const n = Math.ceil((stop - start) / step);
  return Array.from({ length: n }, (_, i) => start + i * step);
}

// runtime/sampling/plan.ts
var SAMPLERS = ["ddim", "ddpm", "dpmpp2m"];
var DEFAULT_SPACING = {
  ddim: "leading",
  ddpm: "leading",
  dpmpp2m: "linspace"
};
var ZERO = { ceps: 0, cprev: 0, cnoise: 0, keepX0: false };
function planSampler(o) {
  const s = o.schedule ?? DEFAULT_SCHEDULE;
  const T = s.trainSteps;
  if (!Number.isInteger(o.steps) || o.steps < 1 || o.steps > T)
    throw new RangeError(`steps must be an integer from 1 to ${T}, got ${o.steps}`);
  const ac = alphasCumprod(s);
  const spacing = o.spacing ?? DEFAULT_SPACING[o.sampler];
  const clip = o.clipSample ?? true;
  switch (o.sampler) {
    case "ddpm":
      return planDdpm(ac, ddpmTimesteps(spacing, o.steps, T), clip);
    case "ddim":
      return planDdim(
        ac,
        ddpmTimesteps(spacing, o.steps, T),
        Math.floor(T / o.steps),
        o.eta ?? 0,
        clip,
        o.setAlphaToOne ?? true ? 1 : ac[0]
      );
    case "dpmpp2m":
      return planDpmpp2m(ac, dpmTimesteps(spacing, o.steps, T));
  }
}
function planDdpm(ac, ts, clip) {
  return ts.map((t, i) => {
    const prev = i + 1 < ts.length ? ts[i + 1] : -1;
    const aT = ac[t];
    const aPrev = prev >= 0 ? ac[prev] : 1;
    const betaT = 1 - aT;
    const betaPrev = 1 - aPrev;
    const curAlpha = aT / aPrev;
    const curBeta = 1 - curAlpha;
    const variance = Math.max(betaPrev / betaT * curBeta, 1e-20);
    return {
      ...ZERO,
      t,
      sa: Math.sqrt(aT),
      sb: Math.sqrt(betaT),
      clip,
      cx0: Math.sqrt(aPrev) * curBeta / betaT,
      cx: Math.sqrt(curAlpha) * betaPrev / betaT,
      cnoise: t > 0 ? Math.sqrt(variance) : 0
    };
  });
}
function planDdim(ac, ts, stride, eta, clip, finalAlpha) {
  return ts.map((t) => {
    const prev = t - stride;
    const aT = ac[t];
    const aPrev = prev >= 0 ? ac[prev] : finalAlpha;
    const variance = (1 - aPrev) / (1 - aT) * (1 - aT / aPrev);
    const std = eta * Math.sqrt(variance);
    return {
      ...ZERO,
      t,
      sa: Math.sqrt(aT),
      sb: Math.sqrt(1 - aT),
      clip,
      cx0: Math.sqrt(aPrev),
      cx: 0,
      // diffusers takes this square root as is; it is >= 0 for eta <= 1 up to rounding.
      ceps: Math.sqrt(Math.max(0, 1 - aPrev - std * std)),
      cnoise: eta > 0 ? std : 0
    };
  });
}
function planDpmpp2m(ac, ts) {
  const sigmas = [...ts.map((t) => Math.sqrt((1 - ac[t]) / ac[t])), 0];
  const alphaSigma = (s) => {
    const alpha = 1 / Math.sqrt(s * s + 1);
    return { alpha, sigma: s * alpha, lambda: Math.log(alpha) - Math.log(s * alpha) };
  };
  return ts.map((t, i) => {
    const s0 = alphaSigma(sigmas[i]);
    const tt = alphaSigma(sigmas[i + 1]);
    const h = tt.lambda - s0.lambda;
    const phi = tt.alpha * (Math.exp(-h) - 1);
    const base = {
      t,
      sa: s0.alpha,
      sb: s0.sigma,
      clip: false,
      cx: tt.sigma / s0.sigma,
      ceps: 0,
      cnoise: 0,
      keepX0: true
    };
    const firstOrder = i === 0 || i === ts.length - 1;
    if (firstOrder) return { ...base, cx0: -phi, cprev: 0 };
    const s1 = alphaSigma(sigmas[i - 1]);
    const r0 = (s0.lambda - s1.lambda) / h;
    return { ...base, cx0: -phi * (1 + 0.5 / r0), cprev: phi * 0.5 / r0 };
  });
}

// runtime/sampling/kernels.ts
var STEP_STRIDE = 256;
var STEP_BYTES = 64;
var WORKGROUP = 64;
var FLAG_CLIP = 1;
var FLAG_KEEP_X0 = 2;
var FLAG_NOISE = 4;
var copyContext = (from) => `
  for (var j = 0u; j < 4u; j++) {
    let i = g * 4u + j;
    if (i < s.ctx_n) { ctx[i] = ctx_src[${from === "cond" ? "i" : "s.ctx_n + i"}]; }
  }`;
function stashWgsl(nullLabel, context) {
  const decls = [
    nullLabel !== void 0 ? "@group(0) @binding(6) var<storage, read_write> label: array<i32>;" : "",
    "@group(0) @binding(7) var<storage, read_write> eps_c: array<f32>;",
    nullLabel !== void 0 ? "@group(0) @binding(8) var<storage, read> cond: array<i32>;" : "",
    context ? "@group(0) @binding(9) var<storage, read_write> ctx: array<f32>;" : "",
    // The cond contexts, then the negative ones: one binding, as WebGPU's default limit allows
    // 8 storage buffers a stage.
    context ? "@group(0) @binding(10) var<storage, read> ctx_src: array<f32>;" : ""
  ].filter((l) => l !== "");
  const nullLabels = nullLabel !== void 0 ? `
  if (g < s.items) { label[g] = ${nullLabel}; }` : "";
  return `${decls.join("\n")}

// Between the two forwards of a step: keep eps_c, switch every item to its unconditional input.
@compute @workgroup_size(${WORKGROUP})
fn stash(@builtin(global_invocation_id) id: vec3<u32>) {
  let g = id.x;${nullLabels}${context ? copyContext("negative") : ""}
  for (var j = 0u; j < 4u; j++) {
    let i = g * 4u + j;
    if (i < s.numel) { eps_c[i] = eps[i]; }
  }
}
`;
}
function samplerWgsl(guide = "none", inputs = {}) {
  const guided = guide !== "none";
  const labels = guide === "twice" && inputs.nullLabel !== void 0;
  const context = guide === "twice" && inputs.context === true;
  const [epsCond, epsUncond] = guide === "batched" ? ["eps[i]", "eps[i + s.numel]"] : guide === "twice" ? ["eps_c[i]", "eps[i]"] : ["", ""];
  return (
    /* wgsl */
    `
struct Step {
  sa: f32, sb: f32, cx0: f32, cx: f32,
  ceps: f32, cprev: f32, cnoise: f32, t_next: f32,
  seed_lo: u32, seed_hi: u32, stream: u32, flags: u32,
  guidance: f32, numel: u32, items: u32, ctx_n: u32,
}

@group(0) @binding(0) var<uniform> s: Step;
@group(0) @binding(1) var<storage, read_write> x: array<f32>;
@group(0) @binding(2) var<storage, read> eps: array<f32>;
@group(0) @binding(3) var<storage, read_write> t: array<f32>;
@group(0) @binding(4) var<storage, read_write> x0_prev: array<f32>;
// The prediction of x0 at the last step, for previews.
@group(0) @binding(5) var<storage, read_write> x0_out: array<f32>;
${guide === "twice" ? stashWgsl(labels ? inputs.nullLabel : void 0, context) : ""}
// (hi, lo) of the 64-bit product, from 16-bit limbs (WGSL has no 64-bit integers).
fn mulhilo(a: u32, b: u32) -> vec2<u32> {
  let ah = a >> 16u; let al = a & 0xffffu;
  let bh = b >> 16u; let bl = b & 0xffffu;
  let ll = al * bl; let m1 = ah * bl; let m2 = al * bh;
  let mid = (ll >> 16u) + (m1 & 0xffffu) + (m2 & 0xffffu);
  return vec2<u32>(ah * bh + (m1 >> 16u) + (m2 >> 16u) + (mid >> 16u), a * b);
}

fn philox(counter: vec4<u32>, key: vec2<u32>) -> vec4<u32> {
  var c = counter;
  var k = key;
  for (var round = 0u; round < 10u; round++) {
    let p0 = mulhilo(0xd2511f53u, c.x);
    let p1 = mulhilo(0xcd9e8d57u, c.z);
    c = vec4<u32>(p1.x ^ c.y ^ k.x, p1.y, p0.x ^ c.w ^ k.y, p0.y);
    k = k + vec2<u32>(0x9e3779b9u, 0xbb67ae85u);
  }
  return c;
}

// Four standard normals for elements 4g .. 4g+3 of one stream (see philox.ts for the layout).
fn normals(g: u32, stream: u32) -> vec4<f32> {
  let w = philox(vec4<u32>(g, stream, 0u, 0u), vec2<u32>(s.seed_lo, s.seed_hi));
  let u = (vec4<f32>(w >> vec4<u32>(8u)) + 0.5) * (1.0 / 16777216.0);
  let r = sqrt(-2.0 * log(u.xz));
  let theta = 6.283185307179586 * (u.yw - 0.5);
  return vec4<f32>(-r.x * cos(theta.x), -r.x * sin(theta.x), -r.y * cos(theta.y), -r.y * sin(theta.y));
}

// x_T: stream 0.
@compute @workgroup_size(${WORKGROUP})
fn init(@builtin(global_invocation_id) id: vec3<u32>) {
  let g = id.x;
  if (g * 4u >= s.numel) { return; }
  let n = normals(g, 0u);
  for (var j = 0u; j < 4u; j++) {
    let i = g * 4u + j;
    if (i < s.numel) {
      x[i] = n[j];${guide === "batched" ? "\n      x[i + s.numel] = n[j];" : ""}
    }
  }
}

// One sampler step, in place on x; also sets the U-Net's t for the next step.
@compute @workgroup_size(${WORKGROUP})
fn update(@builtin(global_invocation_id) id: vec3<u32>) {
  let g = id.x;
  if (g < s.items) {
    t[g] = s.t_next;${labels ? "\n    label[g] = cond[g];" : ""}
  }${context ? copyContext("cond") : ""}
  if (g * 4u >= s.numel) { return; }
  var n = vec4<f32>(0.0);
  if ((s.flags & ${FLAG_NOISE}u) != 0u) { n = normals(g, s.stream); }
  for (var j = 0u; j < 4u; j++) {
    let i = g * 4u + j;
    if (i >= s.numel) { break; }
    let xi = x[i];
    let e = ${guided ? `${epsUncond} + s.guidance * (${epsCond} - ${epsUncond})` : "eps[i]"};
    var x0 = (xi - s.sb * e) / s.sa;
    if ((s.flags & ${FLAG_CLIP}u) != 0u) { x0 = clamp(x0, -1.0, 1.0); }
    x0_out[i] = x0;
    var next = s.cx0 * x0 + s.cx * xi + s.ceps * e + s.cnoise * n[j];
    if ((s.flags & ${FLAG_KEEP_X0}u) != 0u) {
      next = next + s.cprev * x0_prev[i];
      x0_prev[i] = x0;
    }
    x[i] = next;${guide === "batched" ? "\n    x[i + s.numel] = next;" : ""}
  }
}
`
  );
}

// runtime/sampling/philox.ts
function seedKey(seed) {
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new RangeError(`seed must be an integer from 0 to 2^53-1, got ${seed}`);
  return [seed >>> 0, Math.floor(seed / 2 ** 32) >>> 0];
}

// runtime/sampling/sampler.ts
var aborted = (where) => new KilnError("ABORTED", `${where}: aborted (AbortSignal)`);
var Sampler = class {
  constructor(device, runner, shape) {
    this.device = device;
    this.runner = runner;
    this.shape = shape;
    this.perImage = shape.channels * shape.height * shape.width;
    this.numel = shape.batch * this.perImage;
    this.x0Prev = device.createBuffer({
      label: "sampler x0_prev",
      size: this.numel * 4,
      usage: GPUBufferUsage.STORAGE
    });
    this.x0Out = device.createBuffer({
      label: "sampler x0",
      size: this.numel * 4,
      usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC
    });
    this.readback = device.createBuffer({
      label: "sampler readback",
      size: this.numel * 4,
      usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST
    });
    this.kit("none");
  }
  device;
  runner;
  shape;
  /** Values of x in the bundle: N x C x H x W. */
  numel;
  /** Elements per image. */
  perImage;
  kits = /* @__PURE__ */ new Map();
  x0Prev;
  x0Out;
  readback;
  /** 'twice' only: eps_c between the two forwards, and the labels or contexts of each pass. */
  epsCond;
  condLabels;
  /** 'twice' with a context: the cond contexts, then the negative ones. */
  contexts;
  /** Most images one run in this layout makes: N, or N/2 when cond and uncond share a forward. */
  imagesFor(guide) {
    return guide === "batched" ? Math.floor(this.shape.batch / 2) : this.shape.batch;
  }
  /**
   * Workgroups of the init and update kernels for `count` images (4 elements an invocation),
   * and enough to set t of the `items` the forward runs and to copy `ctxN` context values.
   */
  groups(count, items = count, ctxN = 0) {
    const invocations = Math.max(
      Math.ceil(count * this.perImage / 4),
      items,
      Math.ceil(ctxN / 4)
    );
    return Math.ceil(invocations / WORKGROUP);
  }
  /** Values of `count` items' contexts: S x D each (0 without a context input). */
  contextValues(count) {
    const c = this.shape.context;
    return c ? count * c[0] * c[1] : 0;
  }
  /**
   * Runs a whole sampling loop and returns the final samples of the first `count` images (NCHW,
   * model space). Without onStep or a signal the run is one command buffer; with them, one per
   * step (or per preview), and with a signal at most two are queued at a time, so an abort
   * waits for one step at most.
   */
  async sample(o) {
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
    const items = guide === "batched" ? 2 * count : count;
    const numel2 = count * this.perImage;
    if (o.noise && o.noise.length !== numel2)
      throw new RangeError(`noise: expected ${numel2} values, got ${o.noise.length}`);
    const every = o.previewEvery;
    if (every !== void 0 && (!Number.isInteger(every) || every < 1))
      throw new RangeError(`previewEvery must be a positive integer, got ${every}`);
    const { device } = this;
    const signal = o.signal;
    if (signal?.aborted) throw aborted("sample");
    const ctxN = this.contextValues(count);
    const ctxCopied = guide === "twice" && o.negativeContext ? ctxN : 0;
    const coeffs = this.coefficientBuffer(plan, key, o.guidance ?? 1, numel2, items, ctxCopied);
    const bindGroup = this.bindGroup(kit, coeffs);
    const steps = plan.length;
    const groups = this.groups(count, items, ctxCopied);
    const initOffset = steps * STEP_STRIDE;
    const x = this.runner.inputBuffer("x");
    device.queue.writeBuffer(
      this.runner.inputBuffer("t"),
      0,
      new Float32Array(this.shape.batch).fill(plan[0].t)
    );
    if (ids) {
      device.queue.writeBuffer(this.runner.inputBuffer("label"), 0, ids);
      if (guide === "twice") device.queue.writeBuffer(this.condLabels, 0, ids);
    }
    if (o.noise) {
      device.queue.writeBuffer(x, 0, new Float32Array(o.noise));
      if (guide === "batched") device.queue.writeBuffer(x, numel2 * 4, new Float32Array(o.noise));
    }
    if (o.context) {
      const ctx = this.runner.inputBuffer("context");
      device.queue.writeBuffer(ctx, 0, new Float32Array(o.context));
      if (o.negativeContext && guide === "batched")
        device.queue.writeBuffer(ctx, ctxN * 4, new Float32Array(o.negativeContext));
      if (o.negativeContext && guide === "twice") {
        device.queue.writeBuffer(this.contexts, 0, new Float32Array(o.context));
        device.queue.writeBuffer(this.contexts, ctxN * 4, new Float32Array(o.negativeContext));
      }
    }
    const previewOf = o.preview === "x0" ? this.x0Out : x;
    const chunk2 = every ?? (o.onStep || signal ? 1 : steps);
    const fences = [];
    const starts = [];
    let reported = 0;
    const report = async (upTo) => {
      for (; reported < upTo; reported++) {
        await fences[reported];
        if (signal?.aborted) return;
        const step = starts[reported];
        await o.onStep?.({ step, steps, t: plan[step - 1].t });
      }
    };
    try {
      for (let start = 0; start < steps; start += chunk2) {
        const end = Math.min(start + chunk2, steps);
        const encoder2 = device.createCommandEncoder({
          label: `sampling steps ${start}..${end - 1}`
        });
        const pass = encoder2.beginComputePass();
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
        if (every !== void 0) {
          encoder2.copyBufferToBuffer(previewOf, 0, this.readback, 0, numel2 * 4);
          device.queue.submit([encoder2.finish()]);
          const image = await this.read(numel2);
          if (signal?.aborted) throw aborted("sample");
          const at = { step: end, steps, t: plan[end - 1].t };
          await o.onStep?.(o.preview === "x0" ? { ...at, x0: image } : { ...at, x: image });
          continue;
        }
        device.queue.submit([encoder2.finish()]);
        fences.push(device.queue.onSubmittedWorkDone());
        starts.push(end);
        if (signal) await report(fences.length - 1);
        if (signal?.aborted) throw aborted("sample");
      }
      await report(fences.length);
      if (signal?.aborted) throw aborted("sample");
      const encoder = device.createCommandEncoder();
      encoder.copyBufferToBuffer(x, 0, this.readback, 0, numel2 * 4);
      device.queue.submit([encoder.finish()]);
      return await this.read(numel2);
    } finally {
      await device.queue.onSubmittedWorkDone();
      coeffs.destroy();
    }
  }
  /** x_T for a seed as the GPU makes it (for tests and for comparing with the TS twin). */
  async initialNoise(seed) {
    const kit = this.kit("none");
    const plan = planSampler({ sampler: "ddim", steps: 1 });
    const { batch } = this.shape;
    const coeffs = this.coefficientBuffer(plan, seedKey(seed), 1, this.numel, batch);
    const bindGroup = this.bindGroup(kit, coeffs);
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(kit.init);
    pass.setBindGroup(0, bindGroup, [plan.length * STEP_STRIDE]);
    pass.dispatchWorkgroups(this.groups(batch));
    pass.end();
    encoder.copyBufferToBuffer(this.runner.inputBuffer("x"), 0, this.readback, 0, this.numel * 4);
    this.device.queue.submit([encoder.finish()]);
    const out = await this.read(this.numel);
    coeffs.destroy();
    return out;
  }
  /**
   * For benchmarks: ms per update dispatch alone, `n` of them in one submit (DDPM's
   * coefficients, so the noise is made too: the most expensive step). Leaves x changed.
   */
  async timeUpdates(n) {
    const kit = this.kit("none");
    const plan = planSampler({ sampler: "ddpm", steps: Math.min(n, 1e3) });
    const { batch } = this.shape;
    const coeffs = this.coefficientBuffer(plan, seedKey(0), 1, this.numel, batch);
    const bindGroup = this.bindGroup(kit, coeffs);
    await this.device.queue.onSubmittedWorkDone();
    const t0 = performance.now();
    const encoder = this.device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    pass.setPipeline(kit.update);
    for (let i = 0; i < n; i++) {
      pass.setBindGroup(0, bindGroup, [i % plan.length * STEP_STRIDE]);
      pass.dispatchWorkgroups(this.groups(batch));
    }
    pass.end();
    this.device.queue.submit([encoder.finish()]);
    await this.device.queue.onSubmittedWorkDone();
    const ms = (performance.now() - t0) / n;
    coeffs.destroy();
    return ms;
  }
  destroy() {
    this.x0Prev.destroy();
    this.x0Out.destroy();
    this.readback.destroy();
    this.epsCond?.destroy();
    this.condLabels?.destroy();
    this.contexts?.destroy();
  }
  /** The run's layout: 'none' without labels or a negative context. */
  guideOf(o) {
    if (o.negativeContext) {
      if (!this.shape.context || !o.context)
        throw new RangeError("negativeContext: needs a model with a context input, and context");
      if (o.labels)
        throw new RangeError("labels: guidance of a context model is by negativeContext");
    } else if (this.shape.classes === void 0) {
      if (o.labels) throw new RangeError("labels: the model is not class-conditional");
      return "none";
    } else if (!o.labels) return "none";
    const guide = o.guide ?? "batched";
    if (guide === "batched" && this.shape.batch % 2 !== 0)
      throw new RangeError(
        `guide batched needs an even batch, the bundle's is ${this.shape.batch}`
      );
    return guide;
  }
  /**
   * The label buffer's contents for a run of `count` images: the labels first, the null id
   * everywhere else (the uncond half, items count..2count-1, with 'batched'). The API has
   * checked the labels.
   */
  labelsFor(o, guide, count) {
    const { classes, batch } = this.shape;
    if (classes === void 0) return void 0;
    const ids = new Int32Array(batch).fill(classes);
    if (guide === "none") return ids;
    const labels = o.labels;
    if (labels.length !== count)
      throw new RangeError(`labels: expected ${count} (one per image), got ${labels.length}`);
    for (const id of labels)
      if (!(id >= 0 && id < classes))
        throw new RangeError(`labels: ${id} is outside 0..${classes - 1}`);
    ids.set(labels);
    return ids;
  }
  kit(guide) {
    const made = this.kits.get(guide);
    if (made) return made;
    const { device, shape } = this;
    const labels = guide === "twice" && shape.classes !== void 0;
    const context = guide === "twice" && shape.context !== void 0;
    const kinds = [
      [1, "storage"],
      // x
      [2, "read-only-storage"],
      // eps: the runner's out
      [3, "storage"],
      // t
      [4, "storage"],
      // x0_prev
      [5, "storage"]
      // x0_out: previews
    ];
    if (guide === "twice") kinds.push([7, "storage"]);
    if (labels) kinds.push([6, "storage"], [8, "read-only-storage"]);
    if (context) kinds.push([9, "storage"], [10, "read-only-storage"]);
    const layout = device.createBindGroupLayout({
      label: `sampler ${guide}`,
      entries: [
        {
          binding: 0,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type: "uniform", hasDynamicOffset: true, minBindingSize: STEP_BYTES }
        },
        ...kinds.map(([binding, type]) => ({
          binding,
          visibility: GPUShaderStage.COMPUTE,
          buffer: { type }
        }))
      ]
    });
    const module = device.createShaderModule({
      label: `sampler-${guide}.wgsl`,
      code: samplerWgsl(guide, {
        ...shape.classes !== void 0 ? { nullLabel: shape.classes } : {},
        context: shape.context !== void 0
      })
    });
    const pipelineLayout = device.createPipelineLayout({ bindGroupLayouts: [layout] });
    const pipeline = (entryPoint) => device.createComputePipeline({
      label: `sampler ${guide} ${entryPoint}`,
      layout: pipelineLayout,
      compute: { module, entryPoint }
    });
    if (guide === "twice") {
      this.epsCond = device.createBuffer({
        label: "sampler eps_cond",
        size: this.numel * 4,
        usage: GPUBufferUsage.STORAGE
      });
      if (labels)
        this.condLabels = device.createBuffer({
          label: "sampler labels",
          size: shape.batch * 4,
          usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST
        });
      if (context)
        this.contexts = device.createBuffer({
          label: "sampler contexts",
          size: 2 * this.contextValues(shape.batch) * 4,
          usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST
        });
    }
    const kit = {
      guide,
      layout,
      init: pipeline("init"),
      update: pipeline("update"),
      ...guide === "twice" ? { stash: pipeline("stash") } : {}
    };
    this.kits.set(guide, kit);
    return kit;
  }
  bindGroup(kit, coeffs) {
    const twice = [];
    if (kit.guide === "twice") {
      twice.push({ binding: 7, resource: { buffer: this.epsCond } });
      if (this.condLabels)
        twice.push(
          { binding: 6, resource: { buffer: this.runner.inputBuffer("label") } },
          { binding: 8, resource: { buffer: this.condLabels } }
        );
      if (this.contexts)
        twice.push(
          { binding: 9, resource: { buffer: this.runner.inputBuffer("context") } },
          { binding: 10, resource: { buffer: this.contexts } }
        );
    }
    return this.device.createBindGroup({
      layout: kit.layout,
      entries: [
        { binding: 0, resource: { buffer: coeffs, size: STEP_BYTES } },
        { binding: 1, resource: { buffer: this.runner.inputBuffer("x") } },
        { binding: 2, resource: { buffer: this.runner.outputBuffer("out") } },
        { binding: 3, resource: { buffer: this.runner.inputBuffer("t") } },
        { binding: 4, resource: { buffer: this.x0Prev } },
        { binding: 5, resource: { buffer: this.x0Out } },
        ...twice
      ]
    });
  }
  async read(numel2) {
    await this.readback.mapAsync(GPUMapMode.READ, 0, numel2 * 4);
    const data = new Float32Array(this.readback.getMappedRange(0, numel2 * 4).slice(0));
    this.readback.unmap();
    return data;
  }
  /**
   * Steps 0 .. n-1, then the init slot: 16 words each at a 256-byte stride. `numel`: values of
   * the images sampled (count x C x H x W); `items`: the items whose t the update sets;
   * `ctxN`: the context values 'twice' copies between its passes.
   */
  coefficientBuffer(plan, key, guidance, numel2, items, ctxN = 0) {
    const words = STEP_STRIDE / 4;
    const data = new ArrayBuffer((plan.length + 1) * STEP_STRIDE);
    const f = new Float32Array(data);
    const u = new Uint32Array(data);
    const slot = (o) => {
      f[o + 12] = guidance;
      u[o + 13] = numel2;
      u[o + 14] = items;
      u[o + 15] = ctxN;
    };
    plan.forEach((c, i) => {
      const o = i * words;
      f.set([c.sa, c.sb, c.cx0, c.cx, c.ceps, c.cprev, c.cnoise, plan[i + 1]?.t ?? c.t], o);
      const flags = (c.clip ? FLAG_CLIP : 0) | (c.keepX0 ? FLAG_KEEP_X0 : 0) | (c.cnoise !== 0 ? FLAG_NOISE : 0);
      u.set([key[0], key[1], i + 1, flags], o + 8);
      slot(o);
    });
    u.set([key[0], key[1], 0, 0], plan.length * words + 8);
    slot(plan.length * words);
    const buffer = this.device.createBuffer({
      label: "sampler coefficients",
      size: data.byteLength,
      usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST
    });
    this.device.queue.writeBuffer(buffer, 0, data);
    return buffer;
  }
};

// runtime/sampling/index.ts
var DEFAULT_STEPS = { ddim: 50, ddpm: 1e3, dpmpp2m: 20 };
function sampleShape(m, where) {
  const x = m.inputs.find((t2) => t2.name === "x");
  const t = m.inputs.find((t2) => t2.name === "t");
  const out = m.outputs.find((t2) => t2.name === "out");
  if (!x || x.shape.length !== 4 || !t || !out)
    throw new KilnError(
      "BUNDLE_INVALID",
      `${where}: not a U-Net bundle (inputs x [B,C,H,W] and t, output out)`
    );
  if (out.shape.join(",") !== x.shape.join(","))
    throw new KilnError(
      "BUNDLE_INVALID",
      `${where}: cannot sample: out is [${out.shape.join(",")}] but x is [${x.shape.join(",")}]; a noise predictor's output has its input's shape (outChannels = input.channels)`
    );
  return x.shape;
}
function createSampler(device, runner, manifest, where) {
  const [batch, channels, height, width] = sampleShape(manifest, where);
  for (const method of ["encodeForward", "inputBuffer", "outputBuffer"])
    if (typeof runner[method] !== "function")
      throw new KilnError(
        "BUNDLE_INVALID",
        `${where}: cannot sample: the runner has no ${method}() (compiled by an older kiln? compile it again)`
      );
  const classes = manifest.conditioning?.classes;
  if (classes === void 0 && manifest.inputs.some((t) => t.name === "label"))
    throw new KilnError(
      "OPTION_INVALID",
      `${where}: this bundle's label input (a diffusers class table, with no null label for guidance) is not sampled yet; forward() takes label`
    );
  return new Sampler(device, runner, {
    batch,
    channels,
    height,
    width,
    ...classes !== void 0 ? { classes } : {},
    ...contextShape(manifest)
  });
}
var bad = (line) => new KilnError("OPTION_INVALID", `sample: ${line}`);
function contextShape(m) {
  const c = m.inputs.find((t) => t.name === "context");
  return c && c.shape.length === 3 ? { context: [c.shape[1], c.shape[2]] } : {};
}
function checkContext(context, shape, count) {
  if (!shape.context) {
    if (context !== void 0) throw bad("context: this bundle has no context input");
    return void 0;
  }
  const [s, d] = shape.context;
  const want = `a Float32Array of ${count * s * d} values (${count} image(s) of [${s},${d}])`;
  if (context === void 0) throw bad(`context is required by this bundle: ${want}`);
  if (!(context instanceof Float32Array) || context.length !== count * s * d)
    throw bad(
      `context must be ${want}, got ${context instanceof Float32Array ? `${context.length} values` : typeof context}`
    );
  return context;
}
function checkNegativeContext(negative, [s, d], count) {
  const one = s * d;
  if (!(negative instanceof Float32Array) || negative.length !== one && negative.length !== count * one)
    throw bad(
      `negativeContext must be a Float32Array of ${count * one} values (${count} image(s) of [${s},${d}]) or ${one} (one for all), got ${negative instanceof Float32Array ? `${negative.length} values` : typeof negative}`
    );
  if (negative.length === count * one) return negative;
  const all = new Float32Array(count * one);
  for (let i = 0; i < count; i++) all.set(negative, i * one);
  return all;
}
var CONTEXT_GUIDANCE = 7.5;
var SAMPLE_KEYS = [
  "sampler",
  "steps",
  "seed",
  "eta",
  "noise",
  "context",
  "negativeContext",
  "onStep",
  "previewEvery",
  "preview",
  "count",
  "signal",
  "label",
  "guidance",
  "guide"
];
function checkLabels(label, images, classes, bad2) {
  const ok = (v) => typeof v === "number" && Number.isInteger(v) && v >= 0 && v < classes;
  const range = `an integer from 0 to ${classes - 1}`;
  if (typeof label === "number") {
    if (!ok(label)) throw bad2(`label must be ${range}, got ${String(label)}`);
    return new Int32Array(images).fill(label);
  }
  const list = Array.isArray(label) || label instanceof Int32Array ? Array.from(label) : void 0;
  if (!list)
    throw bad2(
      `label must be a class id or a list of them (a number array or an Int32Array), got ${typeof label}`
    );
  if (list.length !== 1 && list.length !== images)
    throw bad2(`label has ${list.length} values; give one, or one per image (${images})`);
  const at = list.findIndex((v) => !ok(v));
  if (at >= 0) throw bad2(`label[${at}] must be ${range}, got ${String(list[at])}`);
  return list.length === 1 ? new Int32Array(images).fill(list[0]) : Int32Array.from(list);
}
var isInt = (v, min, max) => typeof v === "number" && Number.isInteger(v) && v >= min && v <= max;
function checkSampleOptions(options, target) {
  const o = optionRecord("sample", options, SAMPLE_KEYS);
  const sampler = o.sampler ?? "ddim";
  if (typeof sampler !== "string" || !SAMPLERS.includes(sampler))
    throw bad(`sampler must be ${SAMPLERS.join(", ")}, got ${JSON.stringify(sampler)}`);
  const name = sampler;
  const steps = o.steps ?? DEFAULT_STEPS[name];
  if (!isInt(steps, 1, 1e3))
    throw bad(`steps must be an integer from 1 to 1000, got ${String(steps)}`);
  const seed = o.seed ?? 0;
  if (!isInt(seed, 0, Number.MAX_SAFE_INTEGER))
    throw bad(`seed must be an integer from 0 to 2^53-1, got ${String(seed)}`);
  if (o.eta !== void 0 && !(typeof o.eta === "number" && o.eta >= 0 && o.eta <= 1))
    throw bad(`eta must be a number from 0 to 1, got ${String(o.eta)}`);
  if (o.eta !== void 0 && o.eta !== 0 && name !== "ddim")
    throw bad(`eta applies to the ddim sampler only, not ${name}`);
  if (o.previewEvery !== void 0 && !isInt(o.previewEvery, 1, 1e3))
    throw bad(`previewEvery must be an integer from 1 to 1000, got ${String(o.previewEvery)}`);
  if (o.onStep !== void 0 && typeof o.onStep !== "function")
    throw bad("onStep must be a function");
  if (o.preview !== void 0 && o.preview !== "x" && o.preview !== "x0")
    throw bad(`preview must be 'x' or 'x0', got ${JSON.stringify(o.preview)}`);
  const cond = target.conditioning;
  let labels;
  let guidance;
  let guide;
  if (o.label !== void 0 && !cond)
    throw bad("label needs a class-conditional model (a spec with classes); this one has none");
  if (o.label !== void 0 && target.context)
    throw bad(
      "label: a model with a context input is guided by negativeContext (its unconditional pass), not by labels"
    );
  const guideBy = target.context ? "negativeContext" : "label";
  const guided = target.context ? o.negativeContext !== void 0 : o.label !== void 0;
  if (o.guidance !== void 0) {
    if (!(typeof o.guidance === "number" && Number.isFinite(o.guidance) && o.guidance >= 0))
      throw bad(`guidance must be a finite number >= 0, got ${String(o.guidance)}`);
    if (!guided)
      throw bad(
        target.context ? "guidance needs negativeContext (the unconditional pass of a context model)" : "guidance needs label (the classes to guide towards)"
      );
  }
  if (o.guide !== void 0) {
    if (o.guide !== "batched" && o.guide !== "twice")
      throw bad(`guide must be batched or twice, got ${JSON.stringify(o.guide)}`);
    if (!guided) throw bad(`guide needs ${guideBy}`);
  }
  if (o.negativeContext !== void 0 && !target.context)
    throw bad("negativeContext: this bundle has no context input");
  if (guided) {
    guide = o.guide ?? (target.batch % 2 === 0 ? "batched" : "twice");
    if (guide === "batched" && target.batch % 2 !== 0)
      throw bad(
        `guide batched needs an even batch (cond and uncond halves); this bundle's is ${target.batch}`
      );
  }
  const most = guide === "batched" ? target.batch / 2 : target.batch;
  const count = o.count ?? most;
  if (!isInt(count, 1, most))
    throw bad(
      guide === "batched" ? `count must be an integer from 1 to ${most} (half the bundle's batch of ${target.batch}: guide batched runs cond and uncond halves), got ${String(count)}` : `count must be an integer from 1 to ${most} (the bundle's batch), got ${String(count)}`
    );
  if (cond && o.label !== void 0) {
    labels = checkLabels(o.label, count, cond.classes, bad);
    guidance = o.guidance ?? cond.guidance;
  }
  const numel2 = count * target.channels * target.height * target.width;
  let noise;
  if (o.noise !== void 0) {
    if (!(o.noise instanceof Float32Array) || o.noise.length !== numel2)
      throw bad(
        `noise must be a Float32Array of ${numel2} values (${count} image(s) of x's shape), got ${o.noise instanceof Float32Array ? `${o.noise.length} values` : typeof o.noise}`
      );
    noise = o.noise;
  }
  const context = checkContext(o.context, target, count);
  const negativeContext = o.negativeContext === void 0 ? void 0 : checkNegativeContext(o.negativeContext, target.context, count);
  if (negativeContext) guidance = o.guidance ?? CONTEXT_GUIDANCE;
  return {
    ...context ? { context } : {},
    ...negativeContext ? { negativeContext, guidance, guide } : {},
    sampler: name,
    steps,
    seed,
    eta: o.eta,
    noise,
    onStep: o.onStep,
    previewEvery: o.previewEvery,
    preview: o.preview,
    count,
    signal: checkSignal("sample", o.signal),
    ...labels ? { labels, guidance, guide } : {}
  };
}

// runtime/model.ts
var FORWARD_KEYS = ["signal"];
var isFloat32Array = (v) => ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === "[object Float32Array]";
var isInt32Array = (v) => ArrayBuffer.isView(v) && Object.prototype.toString.call(v) === "[object Int32Array]";
var size = (shape) => shape.reduce((a, b) => a * b, 1);
var shapeText = (shape) => `[${shape.join(",")}]`;
function lostMessage(info) {
  const detail = info.message ? `: ${info.message.split("\n")[0]}` : "";
  return `${info.reason ?? "unknown"}${detail}`;
}
var LoadedModel = class {
  info;
  device;
  #runner;
  #ownsDevice;
  #state = { kind: "ready" };
  #queue = Promise.resolve();
  #stopWatch;
  #sampler;
  constructor(runner, info, ownsDevice) {
    this.#runner = runner;
    this.device = runner.device;
    this.info = info;
    this.#ownsDevice = ownsDevice;
    const ref = new WeakRef(this);
    this.#stopWatch = onDeviceLost(runner.device, (l) => {
      const self = ref.deref();
      if (self && self.#state.kind === "ready") self.#state = { kind: "lost", why: lostMessage(l) };
    });
  }
  /** `work`, or the model's lost error as soon as the device is lost (runtime/device-lost.ts). */
  #whileAlive(work, what) {
    return untilLost(this.device, work, (l) => {
      if (this.#state.kind === "ready") this.#state = { kind: "lost", why: lostMessage(l) };
      return this.#unusable(what);
    });
  }
  #unusable(what) {
    return this.#state.kind === "lost" ? new KilnError(
      "DEVICE_LOST",
      `${what}: the GPU device was lost (${this.#state.why}); call load() again`
    ) : new KilnError("MODEL_DESTROYED", `${what}: the model was destroyed; call load() again`);
  }
  /**
   * The inputs as Float32Arrays (Int32Arrays for i32 inputs: `label`) of `count` images each
   * (1 .. the batch, the same for every input), or a KilnError with one line per problem.
   */
  #checkInputs(inputs) {
    if (typeof inputs !== "object" || inputs === null)
      throw new KilnError(
        "INPUT_INVALID",
        `forward: inputs must be an object of Float32Arrays (${this.info.inputs.map((t) => t.name).join(", ")})`
      );
    const given = inputs;
    const problems = [];
    const batch = this.info.batch;
    let count;
    let countFrom = "";
    for (const { name, shape, dtype } of this.info.inputs) {
      const v = given[name];
      const per = size(shape) / batch;
      const want = batch > 1 ? `${per} values per image, 1 to ${batch} images, shape ${shapeText(shape)}` : `${size(shape)} values, shape ${shapeText(shape)}`;
      const type = dtype === "i32" ? "an Int32Array" : "a Float32Array";
      if (v === void 0) problems.push(`forward: input ${name}: missing (expected ${want})`);
      else if (!(dtype === "i32" ? isInt32Array(v) : isFloat32Array(v)))
        problems.push(
          `forward: input ${name}: expected ${type} (${want}), got ${v?.constructor?.name ?? typeof v}`
        );
      else if (v.length === 0 || v.length % per !== 0 || v.length / per > batch)
        problems.push(
          `forward: input ${name}: expected ${want}, got ${v.length} values`
        );
      else {
        if (count === void 0) {
          count = v.length / per;
          countFrom = name;
        } else if (v.length / per !== count)
          problems.push(
            `forward: input ${name}: holds ${v.length / per} image(s) but ${countFrom} holds ${count}`
          );
        if (dtype === "i32" && this.info.conditioning) {
          const top = this.info.conditioning.classes;
          const bad2 = v.findIndex((id) => id < 0 || id > top);
          if (bad2 >= 0)
            problems.push(
              `forward: input ${name}[${bad2}]: class id ${v[bad2]} is outside 0..${top} (${top} is the null label)`
            );
        }
      }
    }
    const known = new Set(this.info.inputs.map((t) => t.name));
    for (const name of Object.keys(given))
      if (!known.has(name))
        problems.push(
          `forward: input ${name}: unexpected (the inputs are ${[...known].join(", ")})`
        );
    if (problems.length > 0) throw new KilnError("INPUT_INVALID", problems);
    return { checked: given, count: count ?? batch };
  }
  forward(inputs, options) {
    let checked;
    let count;
    let signal;
    try {
      if (this.#state.kind !== "ready") throw this.#unusable("forward");
      signal = checkSignal("forward", optionRecord("forward", options, FORWARD_KEYS).signal);
      ({ checked, count } = this.#checkInputs(inputs));
    } catch (e) {
      return Promise.reject(e);
    }
    const run = async () => {
      if (this.#state.kind !== "ready") throw this.#unusable("forward");
      if (signal?.aborted) throw aborted("forward");
      const device = this.device;
      device.pushErrorScope("validation");
      let out;
      try {
        out = await this.#whileAlive(this.#runner.forward(checked, count), "forward");
      } catch (e) {
        await device.popErrorScope().catch(() => null);
        if (this.#state.kind !== "ready") throw this.#unusable("forward");
        throw e;
      }
      const err = await device.popErrorScope();
      if (err)
        throw new KilnError(
          "GPU_ERROR",
          `forward: the GPU rejected the pass: ${err.message.split("\n")[0]}`
        );
      if (signal?.aborted) throw aborted("forward");
      return out;
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => void 0);
    return result;
  }
  sample(options) {
    let checked;
    let sampler;
    try {
      if (this.#state.kind !== "ready") throw this.#unusable("sample");
      sampler = this.#sampler ??= createSampler(this.device, this.#runner, this.info, "sample");
      checked = checkSampleOptions(options, {
        ...sampler.shape,
        ...this.info.conditioning ? { conditioning: this.info.conditioning } : {}
      });
    } catch (e) {
      return Promise.reject(e);
    }
    const run = async () => {
      if (this.#state.kind !== "ready") throw this.#unusable("sample");
      if (checked.signal?.aborted) throw aborted("sample");
      const device = this.device;
      device.pushErrorScope("validation");
      let out;
      try {
        out = await this.#whileAlive(sampler.sample(checked), "sample");
      } catch (e) {
        await device.popErrorScope().catch(() => null);
        if (this.#state.kind !== "ready") throw this.#unusable("sample");
        throw e;
      }
      const err = await device.popErrorScope();
      if (err)
        throw new KilnError(
          "GPU_ERROR",
          `sample: the GPU rejected a step: ${err.message.split("\n")[0]}`
        );
      return out;
    };
    const result = this.#queue.then(run, run);
    this.#queue = result.catch(() => void 0);
    return result;
  }
  encodeForward(pass, count) {
    if (this.#state.kind !== "ready") throw this.#unusable("encodeForward");
    if (count !== void 0 && !(Number.isInteger(count) && count >= 1 && count <= this.info.batch))
      throw new KilnError(
        "OPTION_INVALID",
        `encodeForward: count must be an integer from 1 to ${this.info.batch}, got ${String(count)}`
      );
    this.#runner.encodeForward(pass, count);
  }
  inputBuffer(name) {
    return this.#runner.inputBuffer(name);
  }
  outputBuffer(name) {
    return this.#runner.outputBuffer(name);
  }
  destroy() {
    if (this.#state.kind === "destroyed") return;
    this.#state = { kind: "destroyed" };
    this.#stopWatch();
    this.#sampler?.destroy();
    this.#runner.destroy();
    if (this.#ownsDevice) this.device.destroy();
  }
};

// runtime/weights/cache.ts
var WEIGHTS_CACHE = "kiln-weights";
var SOURCE_HEADER = "x-kiln-weights-source";
var cacheKey = (sha256) => `https://kiln-weights.invalid/${sha256}.safetensors`;
async function manifestSha256(weights) {
  try {
    const r = await fetch(new URL("manifest.json", weights), { cache: "no-cache" });
    if (!r.ok) return void 0;
    const sha = (await r.json())?.weightsSha256;
    return typeof sha === "string" && /^[0-9a-f]{64}$/.test(sha) ? sha : void 0;
  } catch {
    return void 0;
  }
}
async function openCache() {
  const storage = globalThis.caches;
  if (!storage) return void 0;
  try {
    return await storage.open(WEIGHTS_CACHE);
  } catch {
    return void 0;
  }
}
async function retireOthers(cache, source, keep) {
  for (const request of await cache.keys()) {
    if (request.url === keep) continue;
    const hit = await cache.match(request);
    if (hit?.headers.get(SOURCE_HEADER) === source) await cache.delete(request);
  }
}
async function cachedWeightsReader(url) {
  if (url.protocol !== "http:" && url.protocol !== "https:") return void 0;
  const cache = await openCache();
  if (!cache) return void 0;
  const sha = await manifestSha256(url);
  if (!sha) return void 0;
  const key = cacheKey(sha);
  const hit = await cache.match(key).catch(() => void 0);
  if (hit?.body) return responseReader(hit, `${url.href} (cached)`);
  let response;
  try {
    response = await fetch(url);
  } catch (e) {
    throw new KilnError(
      "WEIGHTS_UNREACHABLE",
      `weights ${url.href}: cannot fetch (${e.message})`
    );
  }
  if (!response.ok || !response.body) return responseReader(response, url.href);
  const encoded = (response.headers.get("content-encoding") ?? "identity") !== "identity";
  const header = response.headers.get("content-length");
  const length = header !== null && !encoded && /^\d+$/.test(header) ? Number(header) : void 0;
  let toCache;
  const copy = new ReadableStream({
    start: (c) => {
      toCache = c;
    }
  });
  const headers = {
    "content-type": "application/octet-stream",
    [SOURCE_HEADER]: url.href
  };
  if (length !== void 0) headers["content-length"] = String(length);
  const stored = cache.put(key, new Response(copy, { headers })).then(
    () => retireOthers(cache, url.href, key).catch(() => void 0),
    () => void 0
    // a download cut short stores nothing
  );
  let seen = 0;
  let ended = false;
  const body = response.body.pipeThrough(
    new TransformStream({
      transform(chunk2, out) {
        seen += chunk2.length;
        toCache.enqueue(chunk2);
        out.enqueue(chunk2);
      },
      flush() {
        ended = true;
      }
    })
  );
  const inner = streamReader(body, url.href, length);
  return {
    ...inner,
    // Once every byte was read, load() returns only after the cache entry is written.
    async close() {
      const whole = ended || length !== void 0 && seen === length;
      try {
        if (whole) toCache.close();
        else toCache.error(new Error("the download was not finished"));
      } catch {
      }
      await inner.close();
      await stored;
    }
  };
}

// runtime/format/safetensors.ts
var DTYPE_SIZE = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U8: 1,
  BOOL: 1
};
var FLOAT_DTYPES = /* @__PURE__ */ new Set(["F32", "F16", "BF16", "F64"]);
var MAX_HEADER_BYTES = 1e8;
var LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
function fail(source, what) {
  throw new KilnError("SAFETENSORS_INVALID", `${source}: ${what}`);
}
var formatShape = (shape) => `[${shape.join(",")}]`;
var isPlainObject = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
var isCount = (v) => Number.isSafeInteger(v) && v >= 0;
function readHeaderLength(prefix, source, fileLength) {
  if (prefix.length < 8)
    fail(source, `file is ${prefix.length} bytes, too short for the 8-byte header length`);
  const rawLength = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (rawLength === 0n) fail(source, "header length is 0");
  if (rawLength > BigInt(MAX_HEADER_BYTES))
    fail(source, `header length ${rawLength} exceeds the limit of ${MAX_HEADER_BYTES} bytes`);
  const headerLength = Number(rawLength);
  if (fileLength !== void 0 && headerLength > fileLength - 8) {
    fail(
      source,
      `header length ${headerLength} is larger than the ${fileLength - 8} bytes after the length prefix`
    );
  }
  return headerLength;
}
var ENTRY_KEYS = ["data_offsets", "dtype", "shape"];
function hasExactlyEntryKeys(entry) {
  const keys = Object.keys(entry);
  return keys.length === 3 && ENTRY_KEYS.every((k) => Object.hasOwn(entry, k));
}
function byteSize(shape, itemBytes) {
  let n = itemBytes;
  for (const d of shape) {
    n *= d;
    if (!Number.isSafeInteger(n))
      return shape.reduce((b, dim) => b * BigInt(dim), BigInt(itemBytes));
  }
  return BigInt(n);
}
function parseHeader(json, source, dataLength) {
  let header;
  try {
    const text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(json);
    header = JSON.parse(text);
  } catch {
    fail(source, "header is not valid UTF-8 JSON");
  }
  if (!isPlainObject(header)) return fail(source, "header is not a JSON object");
  const names = Object.keys(header);
  const twice = duplicateTopLevelKey(json, names.length);
  if (twice !== void 0)
    fail(
      source,
      twice === "__metadata__" ? "__metadata__ appears twice in the header" : `tensor '${twice}' appears twice in the header`
    );
  const metadata = {};
  const spans = [];
  for (const name of names) {
    const entry = header[name];
    if (name === "__metadata__") {
      if (!isPlainObject(entry)) fail(source, "__metadata__ is not an object of string values");
      for (const [key, value] of Object.entries(entry)) {
        if (typeof value !== "string")
          fail(source, `__metadata__ value for '${key}' is not a string`);
        metadata[key] = value;
      }
      continue;
    }
    const where = `tensor '${name}'`;
    if (!isPlainObject(entry) || !hasExactlyEntryKeys(entry)) {
      return fail(
        source,
        `${where}: entry is not an object with exactly the keys dtype, shape, data_offsets`
      );
    }
    const { dtype, shape, data_offsets: offsets } = entry;
    if (typeof dtype !== "string" || !Object.hasOwn(DTYPE_SIZE, dtype)) {
      fail(source, `${where}: unknown dtype ${JSON.stringify(dtype)}`);
    }
    if (!Array.isArray(shape) || !shape.every(isCount)) {
      fail(
        source,
        `${where}: shape ${JSON.stringify(shape)} is not an array of non-negative integers`
      );
    }
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount) || offsets[0] > offsets[1]) {
      fail(
        source,
        `${where}: data_offsets ${JSON.stringify(offsets)} are not two non-negative integers [begin, end] with begin <= end`
      );
    }
    const [begin, end] = offsets;
    const dt = dtype;
    const needed = byteSize(shape, DTYPE_SIZE[dt]);
    if (needed !== BigInt(end - begin)) {
      fail(
        source,
        `${where}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes but ${dt} ${formatShape(shape)} needs ${needed}`
      );
    }
    if (dataLength !== void 0 && end > dataLength) {
      fail(
        source,
        `${where}: data_offsets [${begin}, ${end}] run past the end of the data section (${dataLength} bytes)`
      );
    }
    spans.push({ name, dtype: dt, shape: [...shape], begin, end });
  }
  spans.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let cursor = 0;
  let previous;
  for (const s of spans) {
    if (previous && s.begin < cursor) {
      fail(
        source,
        `tensors '${previous.name}' and '${s.name}' overlap: data_offsets [${previous.begin}, ${previous.end}] and [${s.begin}, ${s.end}]`
      );
    }
    if (s.begin > cursor) {
      fail(
        source,
        `data section bytes [${cursor}, ${s.begin}) before tensor '${s.name}' belong to no tensor (tensors must be contiguous)`
      );
    }
    cursor = s.end;
    previous = s;
  }
  if (dataLength !== void 0 && cursor < dataLength)
    fail(source, trailingBytes(cursor, dataLength));
  return { spans, metadata, dataStart: 8 + json.length, dataLength: cursor };
}
var trailingBytes = (from, to) => `data section bytes [${from}, ${to}) at the end belong to no tensor (tensors must be contiguous)`;
function duplicateTopLevelKey(text, distinct) {
  let keys = 0;
  topLevelKeys(text, () => {
    keys++;
    return false;
  });
  if (keys === distinct) return void 0;
  const seen = /* @__PURE__ */ new Set();
  const decoder = new TextDecoder();
  let twice;
  topLevelKeys(text, (start, end) => {
    const key = JSON.parse(decoder.decode(text.subarray(start, end)));
    if (seen.has(key)) twice = key;
    seen.add(key);
    return twice !== void 0;
  });
  return twice;
}
function topLevelKeys(text, key) {
  let depth = 0;
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === 34) {
      let j = i + 1;
      while (text[j] !== 34) j += text[j] === 92 ? 2 : 1;
      if (depth === 1 && expectKey) {
        if (key(i, j + 1)) return;
        expectKey = false;
      }
      i = j;
    } else if (c === 123 || c === 91) {
      depth++;
      if (depth === 1) expectKey = true;
    } else if (c === 125 || c === 93) depth--;
    else if (c === 44 && depth === 1) expectKey = true;
  }
}
function toFloat32(t, source) {
  if (!FLOAT_DTYPES.has(t.dtype)) {
    throw new KilnError(
      "SAFETENSORS_INVALID",
      `${source}: tensor '${t.name}': ${unsupportedDtype(t.dtype)}`
    );
  }
  const b = t.bytes;
  const count = b.length / DTYPE_SIZE[t.dtype];
  if (t.dtype === "F32" && LITTLE_ENDIAN) {
    return b.byteOffset % 4 === 0 ? new Float32Array(b.buffer, b.byteOffset, count) : new Float32Array(b.slice().buffer);
  }
  const out = new Float32Array(count);
  if (t.dtype === "F64") {
    const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
    for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true);
    return out;
  }
  const bits = new Uint32Array(out.buffer);
  for (let i = 0; i < count; i++) {
    if (t.dtype === "F32")
      bits[i] = b[4 * i] | b[4 * i + 1] << 8 | b[4 * i + 2] << 16 | b[4 * i + 3] << 24;
    else if (t.dtype === "BF16") bits[i] = (b[2 * i] | b[2 * i + 1] << 8) << 16;
    else bits[i] = f16ToF32Bits(b[2 * i] | b[2 * i + 1] << 8);
  }
  return out;
}
function f16ToF32Bits(h) {
  const sign = (h & 32768) << 16;
  const exponent = h >> 10 & 31;
  let mantissa = h & 1023;
  if (exponent === 31) return sign | 2139095040 | mantissa << 13;
  if (exponent !== 0) return sign | exponent + 112 << 23 | mantissa << 13;
  if (mantissa === 0) return sign;
  let e = 113;
  while ((mantissa & 1024) === 0) {
    mantissa <<= 1;
    e--;
  }
  return sign | e << 23 | (mantissa & 1023) << 13;
}
var unsupportedDtype = (dtype) => `dtype ${dtype} is not supported (expected a float type: F32, F16, BF16 or F64)`;
function tensorProblems(found, expected) {
  const problems = [];
  const byName = new Map([...found].map((t) => [t.name, t]));
  const wanted = new Set(expected.map((e) => e.name));
  for (const { name, shape } of expected) {
    const t = byName.get(name);
    if (!t) {
      problems.push(`${name}: missing (expected ${formatShape(shape)})`);
      continue;
    }
    if (formatShape(t.shape) !== formatShape(shape))
      problems.push(`${name}: expected ${formatShape(shape)}, got ${formatShape(t.shape)}`);
    if (!FLOAT_DTYPES.has(t.dtype)) problems.push(`${name}: ${unsupportedDtype(t.dtype)}`);
  }
  for (const t of byName.values()) {
    if (!wanted.has(t.name))
      problems.push(`${t.name}: unexpected tensor (shape ${formatShape(t.shape)})`);
  }
  return problems;
}

// runtime/weights/stream.ts
function f16Words(bytes) {
  const out = new Uint16Array(bytes.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = bytes[2 * i] | bytes[2 * i + 1] << 8;
  return out;
}
async function checkWeights(reader, expected) {
  const label = reader.label;
  const bad2 = (what) => new KilnError("WEIGHTS_INVALID", `weights ${label}: ${what}`);
  let header;
  try {
    const prefix = await reader.read(8);
    const headerLength = readHeaderLength(prefix, `weights ${label}`, reader.length);
    const json = await reader.read(headerLength);
    if (json.length < headerLength)
      throw bad2(`the file ends inside its header (${json.length} of ${headerLength} bytes)`);
    const dataLength = reader.length === void 0 ? void 0 : reader.length - 8 - headerLength;
    header = parseHeader(json, `weights ${label}`, dataLength);
  } catch (e) {
    await reader.close();
    throw e;
  }
  const problems = tensorProblems(header.spans, expected);
  if (problems.length > 0) {
    await reader.close();
    throw new KilnError("WEIGHTS_INVALID", [
      `weights ${label}: ${problems.length} problem(s) with tensors`,
      ...problems
    ]);
  }
  return {
    header,
    close: () => reader.close(),
    async stream(write, progress, keepF16 = false) {
      try {
        let done = 0;
        for (const span of header.spans) {
          const size2 = span.end - span.begin;
          const bytes = await reader.read(size2);
          if (bytes.length < size2)
            throw bad2(
              `the data ends inside tensor '${span.name}' ${formatShape(span.shape)} (${bytes.length} of ${size2} bytes)`
            );
          write(
            span.name,
            keepF16 && span.dtype === "F16" ? f16Words(bytes) : toFloat32({ ...span, bytes }, `weights ${label}`)
          );
          done += size2;
          progress?.(done, header.dataLength);
        }
        if (reader.length === void 0) {
          const extra = await reader.read(1);
          if (extra.length > 0)
            throw bad2(
              `data section bytes from ${header.dataLength} on belong to no tensor (tensors must be contiguous)`
            );
        }
      } finally {
        await reader.close();
      }
    }
  };
}

// runtime/load.ts
var LOAD_KEYS = ["weights", "device", "gpu", "variant", "gpuWeights", "onProgress", "cache"];
function chooseGpuWeights(hasF16Kernels, asked, features) {
  if (!hasF16Kernels || asked === "f32") return "f32";
  return asked === "f16" || features?.has("shader-f16") ? "f16" : "f32";
}
function checkOptions(options, variants, stored) {
  const problems = [];
  const o = optionRecord("load", options, LOAD_KEYS, problems);
  if (o.gpuWeights !== void 0 && o.gpuWeights !== "f32" && o.gpuWeights !== "f16")
    problems.push(`load: gpuWeights must be 'f32' or 'f16', got ${describe(o.gpuWeights)}`);
  else if (o.gpuWeights === "f16" && stored !== "f16")
    problems.push(
      "load: gpuWeights 'f16': this bundle's weights are f32 (kiln compile --precision f16 makes an f16 bundle)"
    );
  if (o.variant !== void 0 && !variants.includes(o.variant))
    problems.push(
      `load: variant ${describe(o.variant)} is not in this bundle (it has: ${variants.join(", ")})`
    );
  if (o.device !== void 0 && typeof o.device?.createBuffer !== "function")
    problems.push(`load: device must be a GPUDevice, got ${describe(o.device)}`);
  if (o.gpu !== void 0 && typeof o.gpu?.requestAdapter !== "function")
    problems.push(`load: gpu must be a GPU (navigator.gpu), got ${describe(o.gpu)}`);
  if (o.cache !== void 0 && typeof o.cache !== "boolean")
    problems.push(`load: cache must be true or false, got ${describe(o.cache)}`);
  if (o.onProgress !== void 0 && typeof o.onProgress !== "function")
    problems.push(`load: onProgress must be a function, got ${describe(o.onProgress)}`);
  if (problems.length > 0) throw new KilnError("OPTION_INVALID", problems);
  return o;
}
function subgroupProblems(need, info) {
  const min = info?.subgroupMinSize;
  if (need === void 0 || min === void 0 || min >= need) return [];
  return [`subgroups of at least ${need} invocations (the adapter's can have ${min})`];
}
async function acquireDevice(def, options, variants) {
  const need = (v) => def.variants[v].limits;
  let weights = "f32";
  const features = (v) => (weights === "f16" ? def.variants[v].f16?.features : def.variants[v].features) ?? [];
  const kernels = (v) => weights === "f16" ? `${v} f16` : v;
  const decide = (v, have) => {
    weights = chooseGpuWeights(def.variants[v].f16 !== void 0, options.gpuWeights, have);
  };
  const missing = (v, have, info, lacking = "not offered") => [
    ...features(v).filter((f) => !have?.has(f)).map((f) => `feature ${f}: ${lacking}`),
    ...subgroupProblems(def.variants[v].subgroupMinSize, info)
  ];
  const choose = (info, have, limits2) => {
    const fits = (v) => missing(v, have, info).length === 0 && limitProblems(need(v), limits2).length === 0;
    const picked = pickVariant(info, variants);
    return fits(picked) ? picked : variants.find(fits) ?? picked;
  };
  if (options.device) {
    const device2 = options.device;
    const info = device2.adapterInfo;
    const variant2 = options.variant ?? choose(info, device2.features, device2.limits);
    decide(variant2, device2.features);
    const problems2 = [
      ...limitProblems(need(variant2), device2.limits),
      ...missing(variant2, device2.features, info, "not enabled")
    ];
    if (problems2.length > 0)
      throw new KilnError(
        "ADAPTER_LIMITS",
        problems2.map(
          (p) => `load: the given device lacks a limit the ${kernels(variant2)} kernels need: ${p}`
        )
      );
    return { device: device2, adapter: adapterName(info), variant: variant2, gpuWeights: weights, owned: false };
  }
  const gpu = options.gpu ?? await defaultGpu();
  const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
  if (!adapter)
    throw new KilnError(
      "NO_ADAPTER",
      "load: no WebGPU adapter is available (requestAdapter() returned null)"
    );
  const name = adapterName(adapter.info);
  const variant = options.variant ?? choose(adapter.info, adapter.features, adapter.limits);
  decide(variant, adapter.features);
  const problems = [
    ...limitProblems(need(variant), adapter.limits),
    ...missing(variant, adapter.features, adapter.info)
  ];
  if (problems.length > 0)
    throw new KilnError(
      "ADAPTER_LIMITS",
      problems.map((p) => `load: adapter ${name} cannot run the ${kernels(variant)} kernels: ${p}`)
    );
  const limits = requiredLimits(need(variant));
  const whole = Math.min(
    def.variants[variant].runner.largestBuffer ?? 0,
    adapter.limits.maxBufferSize
  );
  if (whole > (limits.maxBufferSize ?? DEFAULT_LIMITS.maxBufferSize)) limits.maxBufferSize = whole;
  let device;
  try {
    device = await adapter.requestDevice({
      requiredFeatures: [...features(variant)],
      requiredLimits: limits
    });
  } catch (e) {
    throw new KilnError(
      "ADAPTER_LIMITS",
      `load: adapter ${name} refused a device with the limits the ${kernels(variant)} kernels need: ${e.message.split("\n")[0]}`
    );
  }
  return { device, adapter: name, variant, gpuWeights: weights, owned: true };
}
async function loadModel(def, rawOptions) {
  const t0 = performance.now();
  const variants = ["cpu", "gpu"].filter((v) => def.variants[v]);
  const options = checkOptions(rawOptions, variants, def.precision ?? "f32");
  const progress = options.onProgress;
  const own = options.weights === void 0 ? def.defaultWeights() : void 0;
  const reader = (own && options.cache !== false ? await cachedWeightsReader(own) : void 0) ?? await openWeights(options.weights ?? def.defaultWeights());
  const weights = await checkWeights(reader, def.params);
  let acquired;
  try {
    acquired = await acquireDevice(def, options, variants);
  } catch (e) {
    await weights.close();
    throw e;
  }
  const { device, variant, gpuWeights } = acquired;
  const kernelsDef = gpuWeights === "f16" ? def.variants[variant].f16 : def.variants[variant];
  ensureWebgpuConstants();
  let lostWhy;
  const stopWatch = onDeviceLost(device, (l) => {
    lostWhy = lostMessage(l);
  });
  const lostError = (l) => new KilnError(
    "DEVICE_LOST",
    `load: the GPU device was lost (${lostMessage(l)}); call load() again`
  );
  let runner;
  let pipelinesMs = 0;
  let scopes = 0;
  try {
    device.pushErrorScope("out-of-memory");
    device.pushErrorScope("validation");
    scopes = 2;
    runner = new kernelsDef.runner(device);
    const tp = performance.now();
    const pipelines = runner.createPipelines((done, total) => progress?.({ phase: "pipelines", done, total })).then(
      () => {
        pipelinesMs = performance.now() - tp;
      },
      (e) => {
        throw new KilnError(
          "PIPELINE_FAILED",
          `load: the GPU could not compile ${e.message.split("\n")[0]}`
        );
      }
    );
    pipelines.catch(() => void 0);
    const r = runner;
    await untilLost(
      device,
      weights.stream(
        (name, data) => r.writeWeight(name, data),
        (done, total) => progress?.({ phase: "weights", done, total }),
        r.f16Weights
      ),
      lostError
    );
    await untilLost(device, pipelines, lostError);
    scopes--;
    const validation = await device.popErrorScope();
    scopes--;
    const memory = await device.popErrorScope();
    if (memory)
      throw new KilnError(
        "GPU_ERROR",
        `load: out of GPU memory for the ${variant} buffers: ${memory.message.split("\n")[0]}`
      );
    if (validation)
      throw new KilnError(
        "GPU_ERROR",
        `load: the GPU rejected the ${variant} runner: ${validation.message.split("\n")[0]}`
      );
    if (lostWhy)
      throw new KilnError(
        "DEVICE_LOST",
        `load: the GPU device was lost (${lostWhy}); call load() again`
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
  const count = (shape) => shape.reduce((a, b) => a * b, 1);
  const tensors = (r) => Object.entries(r).map(([name, shape]) => ({ name, shape: [...shape] }));
  return new LoadedModel(
    runner,
    {
      name: def.name,
      batch: kernelsDef.runner.batch,
      kiln: def.kiln,
      inputs: tensors(def.inputs).map(
        (t) => def.int32Inputs?.includes(t.name) ? { ...t, dtype: "i32" } : t
      ),
      ...def.conditioning ? { conditioning: { ...def.conditioning } } : {},
      outputs: tensors(def.outputs),
      params: def.params.reduce((n, p) => n + count(p.shape), 0),
      dispatches: kernelsDef.runner.staticDispatches,
      adapter: acquired.adapter,
      variant,
      variants,
      precision: { stored: def.precision ?? "f32", gpu: gpuWeights },
      loadMs: performance.now() - t0,
      pipelinesMs
    },
    acquired.owned
  );
}
function createLoad(def) {
  return (options) => loadModel(def, options);
}

// kiln:source/cpu/kernels/00_time_sincos.wgsl
var time_sincos_default = "@group(0)@binding(0)var<storage,read>t:array<f32>;@group(0)@binding(1)var<storage,read_write>y:array<f32>;const FREQS=array<f32,16>(1.00000000,0.562341332,0.316227764,0.177827939,0.0999999940,0.0562341250,0.0316227749,0.0177827943,0.00999999978,0.00562341232,0.00316227670,0.00177827943,0.000999999931,0.000562341185,0.000316227815,0.000177827940,);fn reduce_angle(v:f32)->f32{let k=round(v*0.159154937);var r=v-k*6.28125000;r=r-k*0.00193530717;r=r-k*1.02531317e-11;return r;}@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=32u){return;}let j=i%32u;let b=i/32u;let f=FREQS[select(j,j-16u,j>=16u)];let angle=reduce_angle(t[b]*f);y[i]=select(cos(angle),sin(angle),j>=16u);}";

// kiln:source/cpu/kernels/01_linear.wgsl
var linear_default = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=128u){return;}let opaque=nwg.z>>31u;let o=i%128u;let b=i/128u;var acc=params[o+4096u];for(var k=0u;k<32u+opaque;k++){acc=fma(x[b*32u+k],params[o*32u+k],acc);}y[i]=silu(acc);}";

// kiln:source/cpu/kernels/02_linear.wgsl
var linear_default2 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=128u){return;}let opaque=nwg.z>>31u;let o=i%128u;let b=i/128u;var acc=params[o+16384u];for(var k=0u;k<128u+opaque;k++){acc=fma(x[b*128u+k],params[o*128u+k],acc);}y[i]=acc;}";

// kiln:source/cpu/kernels/03_time_proj.wgsl
var time_proj_default = "@group(0)@binding(0)var<storage,read>temb:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}const START=array<u32,9>(0u,32u,96u,160u,224u,288u,352u,384u,416u);const WOFF=array<u32,8>(0u,4096u,12288u,20480u,28672u,36864u,45056u,49152u);const BOFF=array<u32,8>(53248u,53280u,53344u,53408u,53472u,53536u,53600u,53632u);@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=416u){return;}let opaque=nwg.z>>31u;let j=i%416u;let b=i/416u;var p=0u;for(var k=1u;k<8u;k++){if(j>=START[k]){p=k;}}let o=j-START[p];var acc=params[BOFF[p]+o];for(var k=0u;k<128u+opaque;k++){acc=fma(silu(temb[b*128u+k]),params[WOFF[p]+o*128u+k],acc);}y[i]=acc;}";

// kiln:source/cpu/kernels/04_pad_activate.wgsl
var pad_activate_default = "struct Dims{c:u32,c0:u32,c1:u32,h:u32,w4:u32,pad:u32,ph:u32,pw4:u32,rows:u32,act:u32}@group(0)@binding(0)var<storage,read>x0:array<vec4<f32>>;@group(0)@binding(1)var<storage,read>x1:array<vec4<f32>>;@group(0)@binding(2)var<storage,read>stats:array<f32>;@group(0)@binding(3)var<uniform>dims:Dims;@group(0)@binding(4)var<storage,read_write>y:array<vec4<f32>>;fn silu4(v:vec4<f32>)->vec4<f32>{return v/(vec4<f32>(1.0)+exp(-v));}@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=dims.rows){return;}let row=i%dims.ph;let c=(i/dims.ph)%dims.c;let b=i/(dims.ph*dims.c);let out=i*dims.pw4;let zero=vec4<f32>(0.0);y[out]=zero;y[out+dims.pw4-1u]=zero;let iy=i32(row)-i32(dims.pad);if(iy<0||iy>=i32(dims.h)){for(var q=0u;q<dims.w4;q++){y[out+1u+q]=zero;}return;}var scale=1.0;var shift=0.0;if(dims.act!=0u){scale=stats[(b*dims.c+c)*2u];shift=stats[(b*dims.c+c)*2u+1u];}let second=c>=dims.c0;let base=(select((b*dims.c0+c),(b*dims.c1+c-dims.c0),second)*dims.h+u32(iy))*dims.w4;let silu_on=dims.act==2u;for(var q=0u;q<dims.w4;q++){var r=vec4<f32>(0.0);if(second){r=x1[base+q];}else{r=x0[base+q];}let a=fma(r,vec4<f32>(scale),vec4<f32>(shift));y[out+1u+q]=select(a,silu4(a),silu_on);}}";

// kiln:source/cpu/kernels/05_fused_conv2d.wgsl
var fused_conv2d_default = "enable subgroups;struct Dims{cin:u32,plane4:u32,pw4:u32,cout:u32,oh:u32,ow:u32,ow4:u32,xTiles:u32,wOff4:u32,bOff:u32,tCols:u32,tOff:u32,resMode:u32,rc0:u32,rc1:u32,rcin:u32,rwOff:u32,rbOff:u32}@group(0)@binding(0)var<storage,read>xp:array<vec4<f32>>;@group(0)@binding(1)var<storage,read>temb:array<f32>;@group(0)@binding(2)var<storage,read>r0:array<vec4<f32>>;@group(0)@binding(3)var<storage,read>r1:array<vec4<f32>>;@group(0)@binding(4)var<storage,read>params:array<vec4<f32>>;@group(0)@binding(5)var<uniform>dims:Dims;@group(0)@binding(6)var<storage,read_write>y:array<vec4<f32>>;fn pf(i:u32)->f32{return params[i/4u][i%4u];}fn shortcut_src(n:u32,c:u32,p:u32)->vec4<f32>{if(c<dims.rc0){return r0[(n*dims.rc0+c)*dims.oh*dims.ow4+p];}return r1[(n*dims.rc1+c-dims.rc0)*dims.oh*dims.ow4+p];}@compute@workgroup_size(8)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)li:u32,@builtin(num_workgroups)nwg:vec3<u32>,@builtin(subgroup_invocation_id)sl:u32){let ox0=(wid.x%dims.xTiles)*8u;let oy0=(wid.x/dims.xTiles)*4u;let co=wid.y*8u+li;let cw=min(co,dims.cout-1u);let b=wid.z;let first=ox0/4u;let opaque=nwg.z>>31u;let m0=min(sl,23u);let at0=(oy0+m0/4u)*dims.pw4+first+m0%4u;let m1=min(sl+8u,23u);let at1=(oy0+m1/4u)*dims.pw4+first+m1%4u;let m2=min(sl+16u,23u);let at2=(oy0+m2/4u)*dims.pw4+first+m2%4u;let wc=dims.wOff4+cw*dims.cin*3u;var a0_0=0.0;var a0_1=0.0;var a0_2=0.0;var a0_3=0.0;var a0_4=0.0;var a0_5=0.0;var a0_6=0.0;var a0_7=0.0;var a1_0=0.0;var a1_1=0.0;var a1_2=0.0;var a1_3=0.0;var a1_4=0.0;var a1_5=0.0;var a1_6=0.0;var a1_7=0.0;var a2_0=0.0;var a2_1=0.0;var a2_2=0.0;var a2_3=0.0;var a2_4=0.0;var a2_5=0.0;var a2_6=0.0;var a2_7=0.0;var a3_0=0.0;var a3_1=0.0;var a3_2=0.0;var a3_3=0.0;var a3_4=0.0;var a3_5=0.0;var a3_6=0.0;var a3_7=0.0;for(var ci=0u;ci<dims.cin;ci++){let plane=(b*dims.cin+ci)*dims.plane4;let g0=xp[plane+at0];let g1=xp[plane+at1];let g2=xp[plane+at2];let w0=params[wc+ci*3u];let w1=params[wc+ci*3u+1u];let w2=params[wc+ci*3u+2u];{let x0=subgroupBroadcast(g0,0u);let x1=subgroupBroadcast(g0,1u);let x2=subgroupBroadcast(g0,2u);let x3=subgroupBroadcast(g0,3u);a0_0=fma(x0.w,w0.x,a0_0);a0_1=fma(x1.x,w0.x,a0_1);a0_2=fma(x1.y,w0.x,a0_2);a0_3=fma(x1.z,w0.x,a0_3);a0_4=fma(x1.w,w0.x,a0_4);a0_5=fma(x2.x,w0.x,a0_5);a0_6=fma(x2.y,w0.x,a0_6);a0_7=fma(x2.z,w0.x,a0_7);a0_0=fma(x1.x,w0.y,a0_0);a0_1=fma(x1.y,w0.y,a0_1);a0_2=fma(x1.z,w0.y,a0_2);a0_3=fma(x1.w,w0.y,a0_3);a0_4=fma(x2.x,w0.y,a0_4);a0_5=fma(x2.y,w0.y,a0_5);a0_6=fma(x2.z,w0.y,a0_6);a0_7=fma(x2.w,w0.y,a0_7);a0_0=fma(x1.y,w0.z,a0_0);a0_1=fma(x1.z,w0.z,a0_1);a0_2=fma(x1.w,w0.z,a0_2);a0_3=fma(x2.x,w0.z,a0_3);a0_4=fma(x2.y,w0.z,a0_4);a0_5=fma(x2.z,w0.z,a0_5);a0_6=fma(x2.w,w0.z,a0_6);a0_7=fma(x3.x,w0.z,a0_7);}{let x0=subgroupBroadcast(g0,4u);let x1=subgroupBroadcast(g0,5u);let x2=subgroupBroadcast(g0,6u);let x3=subgroupBroadcast(g0,7u);a0_0=fma(x0.w,w1.x,a0_0);a0_1=fma(x1.x,w1.x,a0_1);a0_2=fma(x1.y,w1.x,a0_2);a0_3=fma(x1.z,w1.x,a0_3);a0_4=fma(x1.w,w1.x,a0_4);a0_5=fma(x2.x,w1.x,a0_5);a0_6=fma(x2.y,w1.x,a0_6);a0_7=fma(x2.z,w1.x,a0_7);a0_0=fma(x1.x,w1.y,a0_0);a0_1=fma(x1.y,w1.y,a0_1);a0_2=fma(x1.z,w1.y,a0_2);a0_3=fma(x1.w,w1.y,a0_3);a0_4=fma(x2.x,w1.y,a0_4);a0_5=fma(x2.y,w1.y,a0_5);a0_6=fma(x2.z,w1.y,a0_6);a0_7=fma(x2.w,w1.y,a0_7);a0_0=fma(x1.y,w1.z,a0_0);a0_1=fma(x1.z,w1.z,a0_1);a0_2=fma(x1.w,w1.z,a0_2);a0_3=fma(x2.x,w1.z,a0_3);a0_4=fma(x2.y,w1.z,a0_4);a0_5=fma(x2.z,w1.z,a0_5);a0_6=fma(x2.w,w1.z,a0_6);a0_7=fma(x3.x,w1.z,a0_7);a1_0=fma(x0.w,w0.x,a1_0);a1_1=fma(x1.x,w0.x,a1_1);a1_2=fma(x1.y,w0.x,a1_2);a1_3=fma(x1.z,w0.x,a1_3);a1_4=fma(x1.w,w0.x,a1_4);a1_5=fma(x2.x,w0.x,a1_5);a1_6=fma(x2.y,w0.x,a1_6);a1_7=fma(x2.z,w0.x,a1_7);a1_0=fma(x1.x,w0.y,a1_0);a1_1=fma(x1.y,w0.y,a1_1);a1_2=fma(x1.z,w0.y,a1_2);a1_3=fma(x1.w,w0.y,a1_3);a1_4=fma(x2.x,w0.y,a1_4);a1_5=fma(x2.y,w0.y,a1_5);a1_6=fma(x2.z,w0.y,a1_6);a1_7=fma(x2.w,w0.y,a1_7);a1_0=fma(x1.y,w0.z,a1_0);a1_1=fma(x1.z,w0.z,a1_1);a1_2=fma(x1.w,w0.z,a1_2);a1_3=fma(x2.x,w0.z,a1_3);a1_4=fma(x2.y,w0.z,a1_4);a1_5=fma(x2.z,w0.z,a1_5);a1_6=fma(x2.w,w0.z,a1_6);a1_7=fma(x3.x,w0.z,a1_7);}{let x0=subgroupBroadcast(g1,0u);let x1=subgroupBroadcast(g1,1u);let x2=subgroupBroadcast(g1,2u);let x3=subgroupBroadcast(g1,3u);a0_0=fma(x0.w,w2.x,a0_0);a0_1=fma(x1.x,w2.x,a0_1);a0_2=fma(x1.y,w2.x,a0_2);a0_3=fma(x1.z,w2.x,a0_3);a0_4=fma(x1.w,w2.x,a0_4);a0_5=fma(x2.x,w2.x,a0_5);a0_6=fma(x2.y,w2.x,a0_6);a0_7=fma(x2.z,w2.x,a0_7);a0_0=fma(x1.x,w2.y,a0_0);a0_1=fma(x1.y,w2.y,a0_1);a0_2=fma(x1.z,w2.y,a0_2);a0_3=fma(x1.w,w2.y,a0_3);a0_4=fma(x2.x,w2.y,a0_4);a0_5=fma(x2.y,w2.y,a0_5);a0_6=fma(x2.z,w2.y,a0_6);a0_7=fma(x2.w,w2.y,a0_7);a0_0=fma(x1.y,w2.z,a0_0);a0_1=fma(x1.z,w2.z,a0_1);a0_2=fma(x1.w,w2.z,a0_2);a0_3=fma(x2.x,w2.z,a0_3);a0_4=fma(x2.y,w2.z,a0_4);a0_5=fma(x2.z,w2.z,a0_5);a0_6=fma(x2.w,w2.z,a0_6);a0_7=fma(x3.x,w2.z,a0_7);a1_0=fma(x0.w,w1.x,a1_0);a1_1=fma(x1.x,w1.x,a1_1);a1_2=fma(x1.y,w1.x,a1_2);a1_3=fma(x1.z,w1.x,a1_3);a1_4=fma(x1.w,w1.x,a1_4);a1_5=fma(x2.x,w1.x,a1_5);a1_6=fma(x2.y,w1.x,a1_6);a1_7=fma(x2.z,w1.x,a1_7);a1_0=fma(x1.x,w1.y,a1_0);a1_1=fma(x1.y,w1.y,a1_1);a1_2=fma(x1.z,w1.y,a1_2);a1_3=fma(x1.w,w1.y,a1_3);a1_4=fma(x2.x,w1.y,a1_4);a1_5=fma(x2.y,w1.y,a1_5);a1_6=fma(x2.z,w1.y,a1_6);a1_7=fma(x2.w,w1.y,a1_7);a1_0=fma(x1.y,w1.z,a1_0);a1_1=fma(x1.z,w1.z,a1_1);a1_2=fma(x1.w,w1.z,a1_2);a1_3=fma(x2.x,w1.z,a1_3);a1_4=fma(x2.y,w1.z,a1_4);a1_5=fma(x2.z,w1.z,a1_5);a1_6=fma(x2.w,w1.z,a1_6);a1_7=fma(x3.x,w1.z,a1_7);a2_0=fma(x0.w,w0.x,a2_0);a2_1=fma(x1.x,w0.x,a2_1);a2_2=fma(x1.y,w0.x,a2_2);a2_3=fma(x1.z,w0.x,a2_3);a2_4=fma(x1.w,w0.x,a2_4);a2_5=fma(x2.x,w0.x,a2_5);a2_6=fma(x2.y,w0.x,a2_6);a2_7=fma(x2.z,w0.x,a2_7);a2_0=fma(x1.x,w0.y,a2_0);a2_1=fma(x1.y,w0.y,a2_1);a2_2=fma(x1.z,w0.y,a2_2);a2_3=fma(x1.w,w0.y,a2_3);a2_4=fma(x2.x,w0.y,a2_4);a2_5=fma(x2.y,w0.y,a2_5);a2_6=fma(x2.z,w0.y,a2_6);a2_7=fma(x2.w,w0.y,a2_7);a2_0=fma(x1.y,w0.z,a2_0);a2_1=fma(x1.z,w0.z,a2_1);a2_2=fma(x1.w,w0.z,a2_2);a2_3=fma(x2.x,w0.z,a2_3);a2_4=fma(x2.y,w0.z,a2_4);a2_5=fma(x2.z,w0.z,a2_5);a2_6=fma(x2.w,w0.z,a2_6);a2_7=fma(x3.x,w0.z,a2_7);}{let x0=subgroupBroadcast(g1,4u);let x1=subgroupBroadcast(g1,5u);let x2=subgroupBroadcast(g1,6u);let x3=subgroupBroadcast(g1,7u);a1_0=fma(x0.w,w2.x,a1_0);a1_1=fma(x1.x,w2.x,a1_1);a1_2=fma(x1.y,w2.x,a1_2);a1_3=fma(x1.z,w2.x,a1_3);a1_4=fma(x1.w,w2.x,a1_4);a1_5=fma(x2.x,w2.x,a1_5);a1_6=fma(x2.y,w2.x,a1_6);a1_7=fma(x2.z,w2.x,a1_7);a1_0=fma(x1.x,w2.y,a1_0);a1_1=fma(x1.y,w2.y,a1_1);a1_2=fma(x1.z,w2.y,a1_2);a1_3=fma(x1.w,w2.y,a1_3);a1_4=fma(x2.x,w2.y,a1_4);a1_5=fma(x2.y,w2.y,a1_5);a1_6=fma(x2.z,w2.y,a1_6);a1_7=fma(x2.w,w2.y,a1_7);a1_0=fma(x1.y,w2.z,a1_0);a1_1=fma(x1.z,w2.z,a1_1);a1_2=fma(x1.w,w2.z,a1_2);a1_3=fma(x2.x,w2.z,a1_3);a1_4=fma(x2.y,w2.z,a1_4);a1_5=fma(x2.z,w2.z,a1_5);a1_6=fma(x2.w,w2.z,a1_6);a1_7=fma(x3.x,w2.z,a1_7);a2_0=fma(x0.w,w1.x,a2_0);a2_1=fma(x1.x,w1.x,a2_1);a2_2=fma(x1.y,w1.x,a2_2);a2_3=fma(x1.z,w1.x,a2_3);a2_4=fma(x1.w,w1.x,a2_4);a2_5=fma(x2.x,w1.x,a2_5);a2_6=fma(x2.y,w1.x,a2_6);a2_7=fma(x2.z,w1.x,a2_7);a2_0=fma(x1.x,w1.y,a2_0);a2_1=fma(x1.y,w1.y,a2_1);a2_2=fma(x1.z,w1.y,a2_2);a2_3=fma(x1.w,w1.y,a2_3);a2_4=fma(x2.x,w1.y,a2_4);a2_5=fma(x2.y,w1.y,a2_5);a2_6=fma(x2.z,w1.y,a2_6);a2_7=fma(x2.w,w1.y,a2_7);a2_0=fma(x1.y,w1.z,a2_0);a2_1=fma(x1.z,w1.z,a2_1);a2_2=fma(x1.w,w1.z,a2_2);a2_3=fma(x2.x,w1.z,a2_3);a2_4=fma(x2.y,w1.z,a2_4);a2_5=fma(x2.z,w1.z,a2_5);a2_6=fma(x2.w,w1.z,a2_6);a2_7=fma(x3.x,w1.z,a2_7);a3_0=fma(x0.w,w0.x,a3_0);a3_1=fma(x1.x,w0.x,a3_1);a3_2=fma(x1.y,w0.x,a3_2);a3_3=fma(x1.z,w0.x,a3_3);a3_4=fma(x1.w,w0.x,a3_4);a3_5=fma(x2.x,w0.x,a3_5);a3_6=fma(x2.y,w0.x,a3_6);a3_7=fma(x2.z,w0.x,a3_7);a3_0=fma(x1.x,w0.y,a3_0);a3_1=fma(x1.y,w0.y,a3_1);a3_2=fma(x1.z,w0.y,a3_2);a3_3=fma(x1.w,w0.y,a3_3);a3_4=fma(x2.x,w0.y,a3_4);a3_5=fma(x2.y,w0.y,a3_5);a3_6=fma(x2.z,w0.y,a3_6);a3_7=fma(x2.w,w0.y,a3_7);a3_0=fma(x1.y,w0.z,a3_0);a3_1=fma(x1.z,w0.z,a3_1);a3_2=fma(x1.w,w0.z,a3_2);a3_3=fma(x2.x,w0.z,a3_3);a3_4=fma(x2.y,w0.z,a3_4);a3_5=fma(x2.z,w0.z,a3_5);a3_6=fma(x2.w,w0.z,a3_6);a3_7=fma(x3.x,w0.z,a3_7);}{let x0=subgroupBroadcast(g2,0u);let x1=subgroupBroadcast(g2,1u);let x2=subgroupBroadcast(g2,2u);let x3=subgroupBroadcast(g2,3u);a2_0=fma(x0.w,w2.x,a2_0);a2_1=fma(x1.x,w2.x,a2_1);a2_2=fma(x1.y,w2.x,a2_2);a2_3=fma(x1.z,w2.x,a2_3);a2_4=fma(x1.w,w2.x,a2_4);a2_5=fma(x2.x,w2.x,a2_5);a2_6=fma(x2.y,w2.x,a2_6);a2_7=fma(x2.z,w2.x,a2_7);a2_0=fma(x1.x,w2.y,a2_0);a2_1=fma(x1.y,w2.y,a2_1);a2_2=fma(x1.z,w2.y,a2_2);a2_3=fma(x1.w,w2.y,a2_3);a2_4=fma(x2.x,w2.y,a2_4);a2_5=fma(x2.y,w2.y,a2_5);a2_6=fma(x2.z,w2.y,a2_6);a2_7=fma(x2.w,w2.y,a2_7);a2_0=fma(x1.y,w2.z,a2_0);a2_1=fma(x1.z,w2.z,a2_1);a2_2=fma(x1.w,w2.z,a2_2);a2_3=fma(x2.x,w2.z,a2_3);a2_4=fma(x2.y,w2.z,a2_4);a2_5=fma(x2.z,w2.z,a2_5);a2_6=fma(x2.w,w2.z,a2_6);a2_7=fma(x3.x,w2.z,a2_7);a3_0=fma(x0.w,w1.x,a3_0);a3_1=fma(x1.x,w1.x,a3_1);a3_2=fma(x1.y,w1.x,a3_2);a3_3=fma(x1.z,w1.x,a3_3);a3_4=fma(x1.w,w1.x,a3_4);a3_5=fma(x2.x,w1.x,a3_5);a3_6=fma(x2.y,w1.x,a3_6);a3_7=fma(x2.z,w1.x,a3_7);a3_0=fma(x1.x,w1.y,a3_0);a3_1=fma(x1.y,w1.y,a3_1);a3_2=fma(x1.z,w1.y,a3_2);a3_3=fma(x1.w,w1.y,a3_3);a3_4=fma(x2.x,w1.y,a3_4);a3_5=fma(x2.y,w1.y,a3_5);a3_6=fma(x2.z,w1.y,a3_6);a3_7=fma(x2.w,w1.y,a3_7);a3_0=fma(x1.y,w1.z,a3_0);a3_1=fma(x1.z,w1.z,a3_1);a3_2=fma(x1.w,w1.z,a3_2);a3_3=fma(x2.x,w1.z,a3_3);a3_4=fma(x2.y,w1.z,a3_4);a3_5=fma(x2.z,w1.z,a3_5);a3_6=fma(x2.w,w1.z,a3_6);a3_7=fma(x3.x,w1.z,a3_7);}{let x0=subgroupBroadcast(g2,4u);let x1=subgroupBroadcast(g2,5u);let x2=subgroupBroadcast(g2,6u);let x3=subgroupBroadcast(g2,7u);a3_0=fma(x0.w,w2.x,a3_0);a3_1=fma(x1.x,w2.x,a3_1);a3_2=fma(x1.y,w2.x,a3_2);a3_3=fma(x1.z,w2.x,a3_3);a3_4=fma(x1.w,w2.x,a3_4);a3_5=fma(x2.x,w2.x,a3_5);a3_6=fma(x2.y,w2.x,a3_6);a3_7=fma(x2.z,w2.x,a3_7);a3_0=fma(x1.x,w2.y,a3_0);a3_1=fma(x1.y,w2.y,a3_1);a3_2=fma(x1.z,w2.y,a3_2);a3_3=fma(x1.w,w2.y,a3_3);a3_4=fma(x2.x,w2.y,a3_4);a3_5=fma(x2.y,w2.y,a3_5);a3_6=fma(x2.z,w2.y,a3_6);a3_7=fma(x2.w,w2.y,a3_7);a3_0=fma(x1.y,w2.z,a3_0);a3_1=fma(x1.z,w2.z,a3_1);a3_2=fma(x1.w,w2.z,a3_2);a3_3=fma(x2.x,w2.z,a3_3);a3_4=fma(x2.y,w2.z,a3_4);a3_5=fma(x2.z,w2.z,a3_5);a3_6=fma(x2.w,w2.z,a3_6);a3_7=fma(x3.x,w2.z,a3_7);}}let sp0=(oy0+min(sl,7u)/2u)*dims.ow4+ox0/4u+min(sl,7u)%2u;for(var rc=0u;rc<dims.rcin;rc++){let wv=pf(dims.rwOff+cw*dims.rcin+rc);let s0=shortcut_src(b,rc,sp0);{let v=subgroupBroadcast(s0,0u);a0_0=fma(v.x,wv,a0_0);a0_1=fma(v.y,wv,a0_1);a0_2=fma(v.z,wv,a0_2);a0_3=fma(v.w,wv,a0_3);}{let v=subgroupBroadcast(s0,1u);a0_4=fma(v.x,wv,a0_4);a0_5=fma(v.y,wv,a0_5);a0_6=fma(v.z,wv,a0_6);a0_7=fma(v.w,wv,a0_7);}{let v=subgroupBroadcast(s0,2u);a1_0=fma(v.x,wv,a1_0);a1_1=fma(v.y,wv,a1_1);a1_2=fma(v.z,wv,a1_2);a1_3=fma(v.w,wv,a1_3);}{let v=subgroupBroadcast(s0,3u);a1_4=fma(v.x,wv,a1_4);a1_5=fma(v.y,wv,a1_5);a1_6=fma(v.z,wv,a1_6);a1_7=fma(v.w,wv,a1_7);}{let v=subgroupBroadcast(s0,4u);a2_0=fma(v.x,wv,a2_0);a2_1=fma(v.y,wv,a2_1);a2_2=fma(v.z,wv,a2_2);a2_3=fma(v.w,wv,a2_3);}{let v=subgroupBroadcast(s0,5u);a2_4=fma(v.x,wv,a2_4);a2_5=fma(v.y,wv,a2_5);a2_6=fma(v.z,wv,a2_6);a2_7=fma(v.w,wv,a2_7);}{let v=subgroupBroadcast(s0,6u);a3_0=fma(v.x,wv,a3_0);a3_1=fma(v.y,wv,a3_1);a3_2=fma(v.z,wv,a3_2);a3_3=fma(v.w,wv,a3_3);}{let v=subgroupBroadcast(s0,7u);a3_4=fma(v.x,wv,a3_4);a3_5=fma(v.y,wv,a3_5);a3_6=fma(v.z,wv,a3_6);a3_7=fma(v.w,wv,a3_7);}}var add=pf(dims.bOff+cw);if(dims.resMode==2u){add+=pf(dims.rbOff+cw);}if(dims.tCols!=0u){add+=temb[b*dims.tCols+dims.tOff+cw];}for(var k=0u;k<8u+opaque;k++){let i=k/2u;let j4=k%2u;let oy=oy0+i;if(co>=dims.cout||oy>=dims.oh||ox0+j4*4u>=dims.ow){continue;}var v=vec4<f32>(a0_0,a0_1,a0_2,a0_3);v=select(v,vec4<f32>(a0_4,a0_5,a0_6,a0_7),k==1u);v=select(v,vec4<f32>(a1_0,a1_1,a1_2,a1_3),k==2u);v=select(v,vec4<f32>(a1_4,a1_5,a1_6,a1_7),k==3u);v=select(v,vec4<f32>(a2_0,a2_1,a2_2,a2_3),k==4u);v=select(v,vec4<f32>(a2_4,a2_5,a2_6,a2_7),k==5u);v=select(v,vec4<f32>(a3_0,a3_1,a3_2,a3_3),k==6u);v=select(v,vec4<f32>(a3_4,a3_5,a3_6,a3_7),k==7u);let at=((b*dims.cout+co)*dims.oh+oy)*dims.ow4+ox0/4u+j4;v+=vec4<f32>(add);if(dims.resMode==1u){v+=r0[at];}y[at]=v;}}";

// kiln:source/cpu/kernels/06_group_norm_stats.wgsl
var group_norm_stats_default = "enable subgroups;struct Dims{groups:u32,c:u32,hwv:u32,cpg:u32,count:u32,gOff:u32,bOff:u32,c0:u32,c1:u32}@group(0)@binding(0)var<storage,read>x0:array<vec4<f32>>;@group(0)@binding(1)var<storage,read>x1:array<vec4<f32>>;@group(0)@binding(2)var<storage,read>params:array<f32>;@group(0)@binding(3)var<uniform>dims:Dims;@group(0)@binding(4)var<storage,read_write>stats:array<f32>;fn reduce(lid:u32,v:f32,opaque:u32)->f32{return subgroupAdd(v);}@compute@workgroup_size(8)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let opaque=nwg.z>>31u;let b=wid.x/dims.groups;let g0=(wid.x%dims.groups)*dims.cpg;let count=f32(dims.count);var s=0.0;for(var ch=0u;ch<dims.cpg;ch++){let cc=g0+ch;if(cc<dims.c0){let base=(b*dims.c0+cc)*dims.hwv;for(var p=lid;p<dims.hwv;p+=8u){let v=x0[base+p];s+=dot(v,vec4<f32>(1.0));}}else{let base=(b*dims.c1+cc-dims.c0)*dims.hwv;for(var p=lid;p<dims.hwv;p+=8u){let v=x1[base+p];s+=dot(v,vec4<f32>(1.0));}}}let mean=reduce(lid,s,opaque)/count;var q=0.0;for(var ch=0u;ch<dims.cpg;ch++){let cc=g0+ch;if(cc<dims.c0){let base=(b*dims.c0+cc)*dims.hwv;for(var p=lid;p<dims.hwv;p+=8u){let v=x0[base+p];let dv=v-vec4<f32>(mean);q+=dot(dv,dv);}}else{let base=(b*dims.c1+cc-dims.c0)*dims.hwv;for(var p=lid;p<dims.hwv;p+=8u){let v=x1[base+p];let dv=v-vec4<f32>(mean);q+=dot(dv,dv);}}}let rstd=inverseSqrt(reduce(lid,q,opaque)/count+0.00000999999975);for(var j=lid;j<dims.cpg;j+=8u){let ch=g0+j;let scale=params[dims.gOff+ch]*rstd;stats[(b*dims.c+ch)*2u]=scale;stats[(b*dims.c+ch)*2u+1u]=params[dims.bOff+ch]-mean*scale;}}";

// kiln:source/cpu/kernels/07_group_norm_stats.wgsl
var group_norm_stats_default2 = "enable subgroups;struct Dims{groups:u32,c:u32,hwv:u32,cpg:u32,count:u32,gOff:u32,bOff:u32,c0:u32,c1:u32}@group(0)@binding(0)var<storage,read>x0:array<vec4<f32>>;@group(0)@binding(1)var<storage,read>x1:array<vec4<f32>>;@group(0)@binding(2)var<storage,read>params:array<f32>;@group(0)@binding(3)var<uniform>dims:Dims;@group(0)@binding(4)var<storage,read_write>stats:array<f32>;fn reduce(lid:u32,v:f32,opaque:u32)->f32{return subgroupAdd(v);}@compute@workgroup_size(8)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let opaque=nwg.z>>31u;let b=wid.x/dims.groups;let g0=(wid.x%dims.groups)*dims.cpg;let count=f32(dims.count);var s=0.0;for(var ch=0u;ch<dims.cpg;ch++){let cc=g0+ch;if(cc<dims.c0){let base=(b*dims.c0+cc)*dims.hwv;for(var p=lid;p<dims.hwv;p+=8u){let v=x0[base+p];s+=dot(v,vec4<f32>(1.0));}}else{let base=(b*dims.c1+cc-dims.c0)*dims.hwv;for(var p=lid;p<dims.hwv;p+=8u){let v=x1[base+p];s+=dot(v,vec4<f32>(1.0));}}}let mean=reduce(lid,s,opaque)/count;var q=0.0;for(var ch=0u;ch<dims.cpg;ch++){let cc=g0+ch;if(cc<dims.c0){let base=(b*dims.c0+cc)*dims.hwv;for(var p=lid;p<dims.hwv;p+=8u){let v=x0[base+p];let dv=v-vec4<f32>(mean);q+=dot(dv,dv);}}else{let base=(b*dims.c1+cc-dims.c0)*dims.hwv;for(var p=lid;p<dims.hwv;p+=8u){let v=x1[base+p];let dv=v-vec4<f32>(mean);q+=dot(dv,dv);}}}let rstd=inverseSqrt(reduce(lid,q,opaque)/count+9.99999997e-7);for(var j=lid;j<dims.cpg;j+=8u){let ch=g0+j;let scale=params[dims.gOff+ch]*rstd;stats[(b*dims.c+ch)*2u]=scale;stats[(b*dims.c+ch)*2u+1u]=params[dims.bOff+ch]-mean*scale;}}";

// kiln:source/cpu/kernels/08_fused_conv2d.wgsl
var fused_conv2d_default2 = "enable subgroups;struct Dims{cin:u32,plane4:u32,pw4:u32,cout:u32,oh:u32,ow:u32,ow4:u32,xTiles:u32,wOff4:u32,bOff:u32,tCols:u32,tOff:u32,resMode:u32,rc0:u32,rc1:u32,rcin:u32,rwOff:u32,rbOff:u32}@group(0)@binding(0)var<storage,read>xp:array<vec4<f32>>;@group(0)@binding(1)var<storage,read>r0:array<vec4<f32>>;@group(0)@binding(2)var<storage,read>params:array<vec4<f32>>;@group(0)@binding(3)var<uniform>dims:Dims;@group(0)@binding(4)var<storage,read_write>y:array<vec4<f32>>;fn pf(i:u32)->f32{return params[i/4u][i%4u];}@compute@workgroup_size(8)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)li:u32,@builtin(num_workgroups)nwg:vec3<u32>,@builtin(subgroup_invocation_id)sl:u32){let ox0=(wid.x%dims.xTiles)*4u;let oy0=(wid.x/dims.xTiles)*4u;let co0=wid.y*16u+li;let cw0=min(co0,dims.cout-1u);let cw1=min(co0+8u,dims.cout-1u);let b=wid.z;let first=ox0/4u+1u;let opaque=nwg.z>>31u;let m0=min(sl,3u);let at0=(oy0+m0/1u)*dims.pw4+first+m0%1u;let wc0=dims.wOff4+cw0*dims.cin;let wc1=dims.wOff4+cw1*dims.cin;var a0_0=0.0;var a0_1=0.0;var a0_2=0.0;var a0_3=0.0;var a1_0=0.0;var a1_1=0.0;var a1_2=0.0;var a1_3=0.0;var a2_0=0.0;var a2_1=0.0;var a2_2=0.0;var a2_3=0.0;var a3_0=0.0;var a3_1=0.0;var a3_2=0.0;var a3_3=0.0;var a4_0=0.0;var a4_1=0.0;var a4_2=0.0;var a4_3=0.0;var a5_0=0.0;var a5_1=0.0;var a5_2=0.0;var a5_3=0.0;var a6_0=0.0;var a6_1=0.0;var a6_2=0.0;var a6_3=0.0;var a7_0=0.0;var a7_1=0.0;var a7_2=0.0;var a7_3=0.0;for(var ci=0u;ci<dims.cin;ci++){let plane=(b*dims.cin+ci)*dims.plane4;let g0=xp[plane+at0];let w00=params[wc0+ci];let w10=params[wc1+ci];{let x0=subgroupBroadcast(g0,0u);a0_0=fma(x0.x,w00.x,a0_0);a0_1=fma(x0.y,w00.x,a0_1);a0_2=fma(x0.z,w00.x,a0_2);a0_3=fma(x0.w,w00.x,a0_3);a4_0=fma(x0.x,w10.x,a4_0);a4_1=fma(x0.y,w10.x,a4_1);a4_2=fma(x0.z,w10.x,a4_2);a4_3=fma(x0.w,w10.x,a4_3);}{let x0=subgroupBroadcast(g0,1u);a1_0=fma(x0.x,w00.x,a1_0);a1_1=fma(x0.y,w00.x,a1_1);a1_2=fma(x0.z,w00.x,a1_2);a1_3=fma(x0.w,w00.x,a1_3);a5_0=fma(x0.x,w10.x,a5_0);a5_1=fma(x0.y,w10.x,a5_1);a5_2=fma(x0.z,w10.x,a5_2);a5_3=fma(x0.w,w10.x,a5_3);}{let x0=subgroupBroadcast(g0,2u);a2_0=fma(x0.x,w00.x,a2_0);a2_1=fma(x0.y,w00.x,a2_1);a2_2=fma(x0.z,w00.x,a2_2);a2_3=fma(x0.w,w00.x,a2_3);a6_0=fma(x0.x,w10.x,a6_0);a6_1=fma(x0.y,w10.x,a6_1);a6_2=fma(x0.z,w10.x,a6_2);a6_3=fma(x0.w,w10.x,a6_3);}{let x0=subgroupBroadcast(g0,3u);a3_0=fma(x0.x,w00.x,a3_0);a3_1=fma(x0.y,w00.x,a3_1);a3_2=fma(x0.z,w00.x,a3_2);a3_3=fma(x0.w,w00.x,a3_3);a7_0=fma(x0.x,w10.x,a7_0);a7_1=fma(x0.y,w10.x,a7_1);a7_2=fma(x0.z,w10.x,a7_2);a7_3=fma(x0.w,w10.x,a7_3);}}for(var k=0u;k<8u+opaque;k++){let i=k/1u;let j4=k%1u;let oy=oy0+i%4u;let co=co0+(i/4u)*8u;if(co>=dims.cout||oy>=dims.oh||ox0+j4*4u>=dims.ow){continue;}var v=vec4<f32>(a0_0,a0_1,a0_2,a0_3);v=select(v,vec4<f32>(a1_0,a1_1,a1_2,a1_3),k==1u);v=select(v,vec4<f32>(a2_0,a2_1,a2_2,a2_3),k==2u);v=select(v,vec4<f32>(a3_0,a3_1,a3_2,a3_3),k==3u);v=select(v,vec4<f32>(a4_0,a4_1,a4_2,a4_3),k==4u);v=select(v,vec4<f32>(a5_0,a5_1,a5_2,a5_3),k==5u);v=select(v,vec4<f32>(a6_0,a6_1,a6_2,a6_3),k==6u);v=select(v,vec4<f32>(a7_0,a7_1,a7_2,a7_3),k==7u);var add=pf(dims.bOff+co);let at=((b*dims.cout+co)*dims.oh+oy)*dims.ow4+ox0/4u+j4;v+=vec4<f32>(add);if(dims.resMode==1u){v+=r0[at];}y[at]=v;}}";

// kiln:source/cpu/kernels/09_to_tokens.wgsl
var to_tokens_default = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=8192u){return;}let c=i%32u;let p=(i/32u)%256u;let n=i/8192u;y[i]=x[(n*32u+c)*256u+p];}";

// kiln:source/cpu/kernels/10_layer_norm.wgsl
var layer_norm_default = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=256u){return;}let opaque=nwg.z>>31u;var mean=0.0;for(var k=0u;k<32u+opaque;k++){mean+=x[i*32u+k];}mean=mean/32.0000000;var v=0.0;for(var k=0u;k<32u+opaque;k++){let d=x[i*32u+k]-mean;v=fma(d,d,v);}let rstd=inverseSqrt(v/32.0000000+0.00000999999975);for(var k=0u;k<32u+opaque;k++){y[i*32u+k]=fma((x[i*32u+k]-mean)*rstd,params[k],params[k+32u]);}}";

// kiln:source/cpu/kernels/11_token_linear.wgsl
var token_linear_default = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=8192u){return;}let opaque=nwg.z>>31u;let o=i%32u;let r=i/32u;var acc=0.0;for(var k=0u;k<32u+opaque;k++){acc=fma(x[r*32u+k],params[o*32u+k],acc);}y[i]=acc;}";

// kiln:source/cpu/kernels/12_cross_attention.wgsl
var cross_attention_default = "@group(0)@binding(0)var<storage,read>qs:array<f32>;@group(0)@binding(1)var<storage,read>ks:array<f32>;@group(0)@binding(2)var<storage,read>vs:array<f32>;@group(0)@binding(3)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=2048u){return;}let opaque=nwg.z>>31u;let qi=i%256u;let head=(i/256u)%8u;let bi=i/2048u;var qv:array<f32,4>;var acc:array<f32,4>;for(var e=0u;e<4u;e++){qv[e]=qs[(bi*256u+qi)*32u+head*4u+e]*0.500000000;acc[e]=0.0;}var m= -3.4e38;var l=0.0;for(var kj=0u;kj<256u+opaque;kj++){var sc=0.0;for(var e=0u;e<4u;e++){sc=fma(qv[e],ks[(bi*256u+kj)*32u+head*4u+e],sc);}let mNew=max(m,sc);let scale=exp(m-mNew);let p=exp(sc-mNew);l=fma(l,scale,p);for(var e=0u;e<4u;e++){acc[e]=fma(acc[e],scale,p*vs[(bi*256u+kj)*32u+head*4u+e]);}m=mNew;}for(var e=0u;e<4u;e++){y[(bi*256u+qi)*32u+head*4u+e]=acc[e]/l;}}";

// kiln:source/cpu/kernels/13_token_linear.wgsl
var token_linear_default2 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=8192u){return;}let opaque=nwg.z>>31u;let o=i%32u;let r=i/32u;var acc=params[o+1024u];for(var k=0u;k<32u+opaque;k++){acc=fma(x[r*32u+k],params[o*32u+k],acc);}y[i]=acc;}";

// kiln:source/cpu/kernels/14_add.wgsl
var add_default = "@group(0)@binding(0)var<storage,read>a:array<f32>;@group(0)@binding(1)var<storage,read>b:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=8192u){return;}y[i]=a[i]+b[i];}";

// kiln:source/cpu/kernels/15_token_linear.wgsl
var token_linear_default3 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=256u){return;}let opaque=nwg.z>>31u;let o=i%32u;let r=i/32u;var acc=0.0;for(var k=0u;k<32u+opaque;k++){acc=fma(x[r*32u+k],params[o*32u+k],acc);}y[i]=acc;}";

// kiln:source/cpu/kernels/16_cross_attention.wgsl
var cross_attention_default2 = "@group(0)@binding(0)var<storage,read>qs:array<f32>;@group(0)@binding(1)var<storage,read>ks:array<f32>;@group(0)@binding(2)var<storage,read>vs:array<f32>;@group(0)@binding(3)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=2048u){return;}let opaque=nwg.z>>31u;let qi=i%256u;let head=(i/256u)%8u;let bi=i/2048u;var qv:array<f32,4>;var acc:array<f32,4>;for(var e=0u;e<4u+opaque;e++){qv[e]=qs[(bi*256u+qi)*32u+head*4u+e]*0.500000000;acc[e]=0.0;}var m= -3.4e38;var l=0.0;for(var kj=0u;kj<8u+opaque;kj++){var sc=0.0;for(var e=0u;e<4u+opaque;e++){sc=fma(qv[e],ks[(bi*8u+kj)*32u+head*4u+e],sc);}let mNew=max(m,sc);let scale=exp(m-mNew);let p=exp(sc-mNew);l=fma(l,scale,p);for(var e=0u;e<4u+opaque;e++){acc[e]=fma(acc[e],scale,p*vs[(bi*8u+kj)*32u+head*4u+e]);}m=mNew;}for(var e=0u;e<4u+opaque;e++){y[(bi*256u+qi)*32u+head*4u+e]=acc[e]/l;}}";

// kiln:source/cpu/kernels/17_token_linear.wgsl
var token_linear_default4 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;fn erf_approx(v:f32)->f32{let a=abs(v);let t=1.0/fma(0.327591091,a,1.0);let poly=t*(0.254829586+t*(-0.284496725+t*(1.42141378+t*(-1.45315206+t*1.06140542))));return sign(v)*(1.0-poly*exp(-a*a));}fn gelu(v:f32)->f32{return 0.5*v*(1.0+erf_approx(v*0.707106769));}@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=32768u){return;}let opaque=nwg.z>>31u;let o=i%128u;let r=i/128u;var a=params[o+8192u];var g=params[o+128u+8192u];for(var k=0u;k<32u+opaque;k++){let xv=x[r*32u+k];a=fma(xv,params[o*32u+k],a);g=fma(xv,params[(o+128u)*32u+k],g);}y[i]=a*gelu(g);}";

// kiln:source/cpu/kernels/18_token_linear.wgsl
var token_linear_default5 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=8192u){return;}let opaque=nwg.z>>31u;let o=i%32u;let r=i/32u;var acc=params[o+4096u];for(var k=0u;k<128u+opaque;k++){acc=fma(x[r*128u+k],params[o*128u+k],acc);}y[i]=acc;}";

// kiln:source/cpu/kernels/19_to_map.wgsl
var to_map_default = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=8192u){return;}let p=i%256u;let c=(i/256u)%32u;let n=i/8192u;y[i]=x[(n*256u+p)*32u+c];}";

// kiln:source/cpu/kernels/20_fused_conv2d.wgsl
var fused_conv2d_default3 = "enable subgroups;struct Dims{cin:u32,plane4:u32,pw4:u32,cout:u32,oh:u32,ow:u32,ow4:u32,xTiles:u32,wOff4:u32,bOff:u32,tCols:u32,tOff:u32,resMode:u32,rc0:u32,rc1:u32,rcin:u32,rwOff:u32,rbOff:u32}@group(0)@binding(0)var<storage,read>xp:array<vec4<f32>>;@group(0)@binding(1)var<storage,read>params:array<vec4<f32>>;@group(0)@binding(2)var<uniform>dims:Dims;@group(0)@binding(3)var<storage,read_write>y:array<vec4<f32>>;fn pf(i:u32)->f32{return params[i/4u][i%4u];}@compute@workgroup_size(8)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)li:u32,@builtin(num_workgroups)nwg:vec3<u32>,@builtin(subgroup_invocation_id)sl:u32){let ox0=(wid.x%dims.xTiles)*4u;let oy0=(wid.x/dims.xTiles)*4u;let co0=wid.y*16u+li;let cw0=min(co0,dims.cout-1u);let cw1=min(co0+8u,dims.cout-1u);let b=wid.z;let first=ox0*2u/4u;let opaque=nwg.z>>31u;let m0=min(sl,26u);let at0=(oy0*2u+m0/3u)*dims.pw4+first+m0%3u;let m1=min(sl+8u,26u);let at1=(oy0*2u+m1/3u)*dims.pw4+first+m1%3u;let m2=min(sl+16u,26u);let at2=(oy0*2u+m2/3u)*dims.pw4+first+m2%3u;let m3=min(sl+24u,26u);let at3=(oy0*2u+m3/3u)*dims.pw4+first+m3%3u;let wc0=dims.wOff4+cw0*dims.cin*3u;let wc1=dims.wOff4+cw1*dims.cin*3u;var a0_0=0.0;var a0_1=0.0;var a0_2=0.0;var a0_3=0.0;var a1_0=0.0;var a1_1=0.0;var a1_2=0.0;var a1_3=0.0;var a2_0=0.0;var a2_1=0.0;var a2_2=0.0;var a2_3=0.0;var a3_0=0.0;var a3_1=0.0;var a3_2=0.0;var a3_3=0.0;var a4_0=0.0;var a4_1=0.0;var a4_2=0.0;var a4_3=0.0;var a5_0=0.0;var a5_1=0.0;var a5_2=0.0;var a5_3=0.0;var a6_0=0.0;var a6_1=0.0;var a6_2=0.0;var a6_3=0.0;var a7_0=0.0;var a7_1=0.0;var a7_2=0.0;var a7_3=0.0;for(var ci=0u;ci<dims.cin;ci++){let plane=(b*dims.cin+ci)*dims.plane4;let g0=xp[plane+at0];let g1=xp[plane+at1];let g2=xp[plane+at2];let g3=xp[plane+at3];let w00=params[wc0+ci*3u];let w01=params[wc0+ci*3u+1u];let w02=params[wc0+ci*3u+2u];let w10=params[wc1+ci*3u];let w11=params[wc1+ci*3u+1u];let w12=params[wc1+ci*3u+2u];{let x0=subgroupBroadcast(g0,0u);let x1=subgroupBroadcast(g0,1u);let x2=subgroupBroadcast(g0,2u);a0_0=fma(x0.w,w00.x,a0_0);a0_1=fma(x1.y,w00.x,a0_1);a0_2=fma(x1.w,w00.x,a0_2);a0_3=fma(x2.y,w00.x,a0_3);a0_0=fma(x1.x,w00.y,a0_0);a0_1=fma(x1.z,w00.y,a0_1);a0_2=fma(x2.x,w00.y,a0_2);a0_3=fma(x2.z,w00.y,a0_3);a0_0=fma(x1.y,w00.z,a0_0);a0_1=fma(x1.w,w00.z,a0_1);a0_2=fma(x2.y,w00.z,a0_2);a0_3=fma(x2.w,w00.z,a0_3);a4_0=fma(x0.w,w10.x,a4_0);a4_1=fma(x1.y,w10.x,a4_1);a4_2=fma(x1.w,w10.x,a4_2);a4_3=fma(x2.y,w10.x,a4_3);a4_0=fma(x1.x,w10.y,a4_0);a4_1=fma(x1.z,w10.y,a4_1);a4_2=fma(x2.x,w10.y,a4_2);a4_3=fma(x2.z,w10.y,a4_3);a4_0=fma(x1.y,w10.z,a4_0);a4_1=fma(x1.w,w10.z,a4_1);a4_2=fma(x2.y,w10.z,a4_2);a4_3=fma(x2.w,w10.z,a4_3);}{let x0=subgroupBroadcast(g0,3u);let x1=subgroupBroadcast(g0,4u);let x2=subgroupBroadcast(g0,5u);a0_0=fma(x0.w,w01.x,a0_0);a0_1=fma(x1.y,w01.x,a0_1);a0_2=fma(x1.w,w01.x,a0_2);a0_3=fma(x2.y,w01.x,a0_3);a0_0=fma(x1.x,w01.y,a0_0);a0_1=fma(x1.z,w01.y,a0_1);a0_2=fma(x2.x,w01.y,a0_2);a0_3=fma(x2.z,w01.y,a0_3);a0_0=fma(x1.y,w01.z,a0_0);a0_1=fma(x1.w,w01.z,a0_1);a0_2=fma(x2.y,w01.z,a0_2);a0_3=fma(x2.w,w01.z,a0_3);a4_0=fma(x0.w,w11.x,a4_0);a4_1=fma(x1.y,w11.x,a4_1);a4_2=fma(x1.w,w11.x,a4_2);a4_3=fma(x2.y,w11.x,a4_3);a4_0=fma(x1.x,w11.y,a4_0);a4_1=fma(x1.z,w11.y,a4_1);a4_2=fma(x2.x,w11.y,a4_2);a4_3=fma(x2.z,w11.y,a4_3);a4_0=fma(x1.y,w11.z,a4_0);a4_1=fma(x1.w,w11.z,a4_1);a4_2=fma(x2.y,w11.z,a4_2);a4_3=fma(x2.w,w11.z,a4_3);}{let x0=subgroupBroadcast(g0,6u);let x1=subgroupBroadcast(g0,7u);let x2=subgroupBroadcast(g1,0u);a0_0=fma(x0.w,w02.x,a0_0);a0_1=fma(x1.y,w02.x,a0_1);a0_2=fma(x1.w,w02.x,a0_2);a0_3=fma(x2.y,w02.x,a0_3);a0_0=fma(x1.x,w02.y,a0_0);a0_1=fma(x1.z,w02.y,a0_1);a0_2=fma(x2.x,w02.y,a0_2);a0_3=fma(x2.z,w02.y,a0_3);a0_0=fma(x1.y,w02.z,a0_0);a0_1=fma(x1.w,w02.z,a0_1);a0_2=fma(x2.y,w02.z,a0_2);a0_3=fma(x2.w,w02.z,a0_3);a4_0=fma(x0.w,w12.x,a4_0);a4_1=fma(x1.y,w12.x,a4_1);a4_2=fma(x1.w,w12.x,a4_2);a4_3=fma(x2.y,w12.x,a4_3);a4_0=fma(x1.x,w12.y,a4_0);a4_1=fma(x1.z,w12.y,a4_1);a4_2=fma(x2.x,w12.y,a4_2);a4_3=fma(x2.z,w12.y,a4_3);a4_0=fma(x1.y,w12.z,a4_0);a4_1=fma(x1.w,w12.z,a4_1);a4_2=fma(x2.y,w12.z,a4_2);a4_3=fma(x2.w,w12.z,a4_3);a1_0=fma(x0.w,w00.x,a1_0);a1_1=fma(x1.y,w00.x,a1_1);a1_2=fma(x1.w,w00.x,a1_2);a1_3=fma(x2.y,w00.x,a1_3);a1_0=fma(x1.x,w00.y,a1_0);a1_1=fma(x1.z,w00.y,a1_1);a1_2=fma(x2.x,w00.y,a1_2);a1_3=fma(x2.z,w00.y,a1_3);a1_0=fma(x1.y,w00.z,a1_0);a1_1=fma(x1.w,w00.z,a1_1);a1_2=fma(x2.y,w00.z,a1_2);a1_3=fma(x2.w,w00.z,a1_3);a5_0=fma(x0.w,w10.x,a5_0);a5_1=fma(x1.y,w10.x,a5_1);a5_2=fma(x1.w,w10.x,a5_2);a5_3=fma(x2.y,w10.x,a5_3);a5_0=fma(x1.x,w10.y,a5_0);a5_1=fma(x1.z,w10.y,a5_1);a5_2=fma(x2.x,w10.y,a5_2);a5_3=fma(x2.z,w10.y,a5_3);a5_0=fma(x1.y,w10.z,a5_0);a5_1=fma(x1.w,w10.z,a5_1);a5_2=fma(x2.y,w10.z,a5_2);a5_3=fma(x2.w,w10.z,a5_3);}{let x0=subgroupBroadcast(g1,1u);let x1=subgroupBroadcast(g1,2u);let x2=subgroupBroadcast(g1,3u);a1_0=fma(x0.w,w01.x,a1_0);a1_1=fma(x1.y,w01.x,a1_1);a1_2=fma(x1.w,w01.x,a1_2);a1_3=fma(x2.y,w01.x,a1_3);a1_0=fma(x1.x,w01.y,a1_0);a1_1=fma(x1.z,w01.y,a1_1);a1_2=fma(x2.x,w01.y,a1_2);a1_3=fma(x2.z,w01.y,a1_3);a1_0=fma(x1.y,w01.z,a1_0);a1_1=fma(x1.w,w01.z,a1_1);a1_2=fma(x2.y,w01.z,a1_2);a1_3=fma(x2.w,w01.z,a1_3);a5_0=fma(x0.w,w11.x,a5_0);a5_1=fma(x1.y,w11.x,a5_1);a5_2=fma(x1.w,w11.x,a5_2);a5_3=fma(x2.y,w11.x,a5_3);a5_0=fma(x1.x,w11.y,a5_0);a5_1=fma(x1.z,w11.y,a5_1);a5_2=fma(x2.x,w11.y,a5_2);a5_3=fma(x2.z,w11.y,a5_3);a5_0=fma(x1.y,w11.z,a5_0);a5_1=fma(x1.w,w11.z,a5_1);a5_2=fma(x2.y,w11.z,a5_2);a5_3=fma(x2.w,w11.z,a5_3);}{let x0=subgroupBroadcast(g1,4u);let x1=subgroupBroadcast(g1,5u);let x2=subgroupBroadcast(g1,6u);a1_0=fma(x0.w,w02.x,a1_0);a1_1=fma(x1.y,w02.x,a1_1);a1_2=fma(x1.w,w02.x,a1_2);a1_3=fma(x2.y,w02.x,a1_3);a1_0=fma(x1.x,w02.y,a1_0);a1_1=fma(x1.z,w02.y,a1_1);a1_2=fma(x2.x,w02.y,a1_2);a1_3=fma(x2.z,w02.y,a1_3);a1_0=fma(x1.y,w02.z,a1_0);a1_1=fma(x1.w,w02.z,a1_1);a1_2=fma(x2.y,w02.z,a1_2);a1_3=fma(x2.w,w02.z,a1_3);a5_0=fma(x0.w,w12.x,a5_0);a5_1=fma(x1.y,w12.x,a5_1);a5_2=fma(x1.w,w12.x,a5_2);a5_3=fma(x2.y,w12.x,a5_3);a5_0=fma(x1.x,w12.y,a5_0);a5_1=fma(x1.z,w12.y,a5_1);a5_2=fma(x2.x,w12.y,a5_2);a5_3=fma(x2.z,w12.y,a5_3);a5_0=fma(x1.y,w12.z,a5_0);a5_1=fma(x1.w,w12.z,a5_1);a5_2=fma(x2.y,w12.z,a5_2);a5_3=fma(x2.w,w12.z,a5_3);a2_0=fma(x0.w,w00.x,a2_0);a2_1=fma(x1.y,w00.x,a2_1);a2_2=fma(x1.w,w00.x,a2_2);a2_3=fma(x2.y,w00.x,a2_3);a2_0=fma(x1.x,w00.y,a2_0);a2_1=fma(x1.z,w00.y,a2_1);a2_2=fma(x2.x,w00.y,a2_2);a2_3=fma(x2.z,w00.y,a2_3);a2_0=fma(x1.y,w00.z,a2_0);a2_1=fma(x1.w,w00.z,a2_1);a2_2=fma(x2.y,w00.z,a2_2);a2_3=fma(x2.w,w00.z,a2_3);a6_0=fma(x0.w,w10.x,a6_0);a6_1=fma(x1.y,w10.x,a6_1);a6_2=fma(x1.w,w10.x,a6_2);a6_3=fma(x2.y,w10.x,a6_3);a6_0=fma(x1.x,w10.y,a6_0);a6_1=fma(x1.z,w10.y,a6_1);a6_2=fma(x2.x,w10.y,a6_2);a6_3=fma(x2.z,w10.y,a6_3);a6_0=fma(x1.y,w10.z,a6_0);a6_1=fma(x1.w,w10.z,a6_1);a6_2=fma(x2.y,w10.z,a6_2);a6_3=fma(x2.w,w10.z,a6_3);}{let x0=subgroupBroadcast(g1,7u);let x1=subgroupBroadcast(g2,0u);let x2=subgroupBroadcast(g2,1u);a2_0=fma(x0.w,w01.x,a2_0);a2_1=fma(x1.y,w01.x,a2_1);a2_2=fma(x1.w,w01.x,a2_2);a2_3=fma(x2.y,w01.x,a2_3);a2_0=fma(x1.x,w01.y,a2_0);a2_1=fma(x1.z,w01.y,a2_1);a2_2=fma(x2.x,w01.y,a2_2);a2_3=fma(x2.z,w01.y,a2_3);a2_0=fma(x1.y,w01.z,a2_0);a2_1=fma(x1.w,w01.z,a2_1);a2_2=fma(x2.y,w01.z,a2_2);a2_3=fma(x2.w,w01.z,a2_3);a6_0=fma(x0.w,w11.x,a6_0);a6_1=fma(x1.y,w11.x,a6_1);a6_2=fma(x1.w,w11.x,a6_2);a6_3=fma(x2.y,w11.x,a6_3);a6_0=fma(x1.x,w11.y,a6_0);a6_1=fma(x1.z,w11.y,a6_1);a6_2=fma(x2.x,w11.y,a6_2);a6_3=fma(x2.z,w11.y,a6_3);a6_0=fma(x1.y,w11.z,a6_0);a6_1=fma(x1.w,w11.z,a6_1);a6_2=fma(x2.y,w11.z,a6_2);a6_3=fma(x2.w,w11.z,a6_3);}{let x0=subgroupBroadcast(g2,2u);let x1=subgroupBroadcast(g2,3u);let x2=subgroupBroadcast(g2,4u);a2_0=fma(x0.w,w02.x,a2_0);a2_1=fma(x1.y,w02.x,a2_1);a2_2=fma(x1.w,w02.x,a2_2);a2_3=fma(x2.y,w02.x,a2_3);a2_0=fma(x1.x,w02.y,a2_0);a2_1=fma(x1.z,w02.y,a2_1);a2_2=fma(x2.x,w02.y,a2_2);a2_3=fma(x2.z,w02.y,a2_3);a2_0=fma(x1.y,w02.z,a2_0);a2_1=fma(x1.w,w02.z,a2_1);a2_2=fma(x2.y,w02.z,a2_2);a2_3=fma(x2.w,w02.z,a2_3);a6_0=fma(x0.w,w12.x,a6_0);a6_1=fma(x1.y,w12.x,a6_1);a6_2=fma(x1.w,w12.x,a6_2);a6_3=fma(x2.y,w12.x,a6_3);a6_0=fma(x1.x,w12.y,a6_0);a6_1=fma(x1.z,w12.y,a6_1);a6_2=fma(x2.x,w12.y,a6_2);a6_3=fma(x2.z,w12.y,a6_3);a6_0=fma(x1.y,w12.z,a6_0);a6_1=fma(x1.w,w12.z,a6_1);a6_2=fma(x2.y,w12.z,a6_2);a6_3=fma(x2.w,w12.z,a6_3);a3_0=fma(x0.w,w00.x,a3_0);a3_1=fma(x1.y,w00.x,a3_1);a3_2=fma(x1.w,w00.x,a3_2);a3_3=fma(x2.y,w00.x,a3_3);a3_0=fma(x1.x,w00.y,a3_0);a3_1=fma(x1.z,w00.y,a3_1);a3_2=fma(x2.x,w00.y,a3_2);a3_3=fma(x2.z,w00.y,a3_3);a3_0=fma(x1.y,w00.z,a3_0);a3_1=fma(x1.w,w00.z,a3_1);a3_2=fma(x2.y,w00.z,a3_2);a3_3=fma(x2.w,w00.z,a3_3);a7_0=fma(x0.w,w10.x,a7_0);a7_1=fma(x1.y,w10.x,a7_1);a7_2=fma(x1.w,w10.x,a7_2);a7_3=fma(x2.y,w10.x,a7_3);a7_0=fma(x1.x,w10.y,a7_0);a7_1=fma(x1.z,w10.y,a7_1);a7_2=fma(x2.x,w10.y,a7_2);a7_3=fma(x2.z,w10.y,a7_3);a7_0=fma(x1.y,w10.z,a7_0);a7_1=fma(x1.w,w10.z,a7_1);a7_2=fma(x2.y,w10.z,a7_2);a7_3=fma(x2.w,w10.z,a7_3);}{let x0=subgroupBroadcast(g2,5u);let x1=subgroupBroadcast(g2,6u);let x2=subgroupBroadcast(g2,7u);a3_0=fma(x0.w,w01.x,a3_0);a3_1=fma(x1.y,w01.x,a3_1);a3_2=fma(x1.w,w01.x,a3_2);a3_3=fma(x2.y,w01.x,a3_3);a3_0=fma(x1.x,w01.y,a3_0);a3_1=fma(x1.z,w01.y,a3_1);a3_2=fma(x2.x,w01.y,a3_2);a3_3=fma(x2.z,w01.y,a3_3);a3_0=fma(x1.y,w01.z,a3_0);a3_1=fma(x1.w,w01.z,a3_1);a3_2=fma(x2.y,w01.z,a3_2);a3_3=fma(x2.w,w01.z,a3_3);a7_0=fma(x0.w,w11.x,a7_0);a7_1=fma(x1.y,w11.x,a7_1);a7_2=fma(x1.w,w11.x,a7_2);a7_3=fma(x2.y,w11.x,a7_3);a7_0=fma(x1.x,w11.y,a7_0);a7_1=fma(x1.z,w11.y,a7_1);a7_2=fma(x2.x,w11.y,a7_2);a7_3=fma(x2.z,w11.y,a7_3);a7_0=fma(x1.y,w11.z,a7_0);a7_1=fma(x1.w,w11.z,a7_1);a7_2=fma(x2.y,w11.z,a7_2);a7_3=fma(x2.w,w11.z,a7_3);}{let x0=subgroupBroadcast(g3,0u);let x1=subgroupBroadcast(g3,1u);let x2=subgroupBroadcast(g3,2u);a3_0=fma(x0.w,w02.x,a3_0);a3_1=fma(x1.y,w02.x,a3_1);a3_2=fma(x1.w,w02.x,a3_2);a3_3=fma(x2.y,w02.x,a3_3);a3_0=fma(x1.x,w02.y,a3_0);a3_1=fma(x1.z,w02.y,a3_1);a3_2=fma(x2.x,w02.y,a3_2);a3_3=fma(x2.z,w02.y,a3_3);a3_0=fma(x1.y,w02.z,a3_0);a3_1=fma(x1.w,w02.z,a3_1);a3_2=fma(x2.y,w02.z,a3_2);a3_3=fma(x2.w,w02.z,a3_3);a7_0=fma(x0.w,w12.x,a7_0);a7_1=fma(x1.y,w12.x,a7_1);a7_2=fma(x1.w,w12.x,a7_2);a7_3=fma(x2.y,w12.x,a7_3);a7_0=fma(x1.x,w12.y,a7_0);a7_1=fma(x1.z,w12.y,a7_1);a7_2=fma(x2.x,w12.y,a7_2);a7_3=fma(x2.z,w12.y,a7_3);a7_0=fma(x1.y,w12.z,a7_0);a7_1=fma(x1.w,w12.z,a7_1);a7_2=fma(x2.y,w12.z,a7_2);a7_3=fma(x2.w,w12.z,a7_3);}}for(var k=0u;k<8u+opaque;k++){let i=k/1u;let j4=k%1u;let oy=oy0+i%4u;let co=co0+(i/4u)*8u;if(co>=dims.cout||oy>=dims.oh||ox0+j4*4u>=dims.ow){continue;}var v=vec4<f32>(a0_0,a0_1,a0_2,a0_3);v=select(v,vec4<f32>(a1_0,a1_1,a1_2,a1_3),k==1u);v=select(v,vec4<f32>(a2_0,a2_1,a2_2,a2_3),k==2u);v=select(v,vec4<f32>(a3_0,a3_1,a3_2,a3_3),k==3u);v=select(v,vec4<f32>(a4_0,a4_1,a4_2,a4_3),k==4u);v=select(v,vec4<f32>(a5_0,a5_1,a5_2,a5_3),k==5u);v=select(v,vec4<f32>(a6_0,a6_1,a6_2,a6_3),k==6u);v=select(v,vec4<f32>(a7_0,a7_1,a7_2,a7_3),k==7u);var add=pf(dims.bOff+co);let at=((b*dims.cout+co)*dims.oh+oy)*dims.ow4+ox0/4u+j4;v+=vec4<f32>(add);y[at]=v;}}";

// kiln:source/cpu/kernels/21_to_tokens.wgsl
var to_tokens_default2 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=4096u){return;}let c=i%64u;let p=(i/64u)%64u;let n=i/4096u;y[i]=x[(n*64u+c)*64u+p];}";

// kiln:source/cpu/kernels/22_layer_norm.wgsl
var layer_norm_default2 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=64u){return;}let opaque=nwg.z>>31u;var mean=0.0;for(var k=0u;k<64u+opaque;k++){mean+=x[i*64u+k];}mean=mean/64.0000000;var v=0.0;for(var k=0u;k<64u+opaque;k++){let d=x[i*64u+k]-mean;v=fma(d,d,v);}let rstd=inverseSqrt(v/64.0000000+0.00000999999975);for(var k=0u;k<64u+opaque;k++){y[i*64u+k]=fma((x[i*64u+k]-mean)*rstd,params[k],params[k+64u]);}}";

// kiln:source/cpu/kernels/23_token_linear.wgsl
var token_linear_default6 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=4096u){return;}let opaque=nwg.z>>31u;let o=i%64u;let r=i/64u;var acc=0.0;for(var k=0u;k<64u+opaque;k++){acc=fma(x[r*64u+k],params[o*64u+k],acc);}y[i]=acc;}";

// kiln:source/cpu/kernels/24_cross_attention.wgsl
var cross_attention_default3 = "@group(0)@binding(0)var<storage,read>qs:array<f32>;@group(0)@binding(1)var<storage,read>ks:array<f32>;@group(0)@binding(2)var<storage,read>vs:array<f32>;@group(0)@binding(3)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=512u){return;}let opaque=nwg.z>>31u;let qi=i%64u;let head=(i/64u)%8u;let bi=i/512u;var qv:array<f32,8>;var acc:array<f32,8>;for(var e=0u;e<8u;e++){qv[e]=qs[(bi*64u+qi)*64u+head*8u+e]*0.353553385;acc[e]=0.0;}var m= -3.4e38;var l=0.0;for(var kj=0u;kj<64u+opaque;kj++){var sc=0.0;for(var e=0u;e<8u;e++){sc=fma(qv[e],ks[(bi*64u+kj)*64u+head*8u+e],sc);}let mNew=max(m,sc);let scale=exp(m-mNew);let p=exp(sc-mNew);l=fma(l,scale,p);for(var e=0u;e<8u;e++){acc[e]=fma(acc[e],scale,p*vs[(bi*64u+kj)*64u+head*8u+e]);}m=mNew;}for(var e=0u;e<8u;e++){y[(bi*64u+qi)*64u+head*8u+e]=acc[e]/l;}}";

// kiln:source/cpu/kernels/25_token_linear.wgsl
var token_linear_default7 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=4096u){return;}let opaque=nwg.z>>31u;let o=i%64u;let r=i/64u;var acc=params[o+4096u];for(var k=0u;k<64u+opaque;k++){acc=fma(x[r*64u+k],params[o*64u+k],acc);}y[i]=acc;}";

// kiln:source/cpu/kernels/26_add.wgsl
var add_default2 = "@group(0)@binding(0)var<storage,read>a:array<f32>;@group(0)@binding(1)var<storage,read>b:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=4096u){return;}y[i]=a[i]+b[i];}";

// kiln:source/cpu/kernels/27_token_linear.wgsl
var token_linear_default8 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=512u){return;}let opaque=nwg.z>>31u;let o=i%64u;let r=i/64u;var acc=0.0;for(var k=0u;k<32u+opaque;k++){acc=fma(x[r*32u+k],params[o*32u+k],acc);}y[i]=acc;}";

// kiln:source/cpu/kernels/28_cross_attention.wgsl
var cross_attention_default4 = "@group(0)@binding(0)var<storage,read>qs:array<f32>;@group(0)@binding(1)var<storage,read>ks:array<f32>;@group(0)@binding(2)var<storage,read>vs:array<f32>;@group(0)@binding(3)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=512u){return;}let opaque=nwg.z>>31u;let qi=i%64u;let head=(i/64u)%8u;let bi=i/512u;var qv:array<f32,8>;var acc:array<f32,8>;for(var e=0u;e<8u+opaque;e++){qv[e]=qs[(bi*64u+qi)*64u+head*8u+e]*0.353553385;acc[e]=0.0;}var m= -3.4e38;var l=0.0;for(var kj=0u;kj<8u+opaque;kj++){var sc=0.0;for(var e=0u;e<8u+opaque;e++){sc=fma(qv[e],ks[(bi*8u+kj)*64u+head*8u+e],sc);}let mNew=max(m,sc);let scale=exp(m-mNew);let p=exp(sc-mNew);l=fma(l,scale,p);for(var e=0u;e<8u+opaque;e++){acc[e]=fma(acc[e],scale,p*vs[(bi*8u+kj)*64u+head*8u+e]);}m=mNew;}for(var e=0u;e<8u+opaque;e++){y[(bi*64u+qi)*64u+head*8u+e]=acc[e]/l;}}";

// kiln:source/cpu/kernels/29_token_linear.wgsl
var token_linear_default9 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;fn erf_approx(v:f32)->f32{let a=abs(v);let t=1.0/fma(0.327591091,a,1.0);let poly=t*(0.254829586+t*(-0.284496725+t*(1.42141378+t*(-1.45315206+t*1.06140542))));return sign(v)*(1.0-poly*exp(-a*a));}fn gelu(v:f32)->f32{return 0.5*v*(1.0+erf_approx(v*0.707106769));}@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=16384u){return;}let opaque=nwg.z>>31u;let o=i%256u;let r=i/256u;var a=params[o+32768u];var g=params[o+256u+32768u];for(var k=0u;k<64u+opaque;k++){let xv=x[r*64u+k];a=fma(xv,params[o*64u+k],a);g=fma(xv,params[(o+256u)*64u+k],g);}y[i]=a*gelu(g);}";

// kiln:source/cpu/kernels/30_token_linear.wgsl
var token_linear_default10 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=4096u){return;}let opaque=nwg.z>>31u;let o=i%64u;let r=i/64u;var acc=params[o+16384u];for(var k=0u;k<256u+opaque;k++){acc=fma(x[r*256u+k],params[o*256u+k],acc);}y[i]=acc;}";

// kiln:source/cpu/kernels/31_to_map.wgsl
var to_map_default2 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=4096u){return;}let p=i%64u;let c=(i/64u)%64u;let n=i/4096u;y[i]=x[(n*64u+p)*64u+c];}";

// kiln:source/cpu/kernels/32_upsample_nearest2x.wgsl
var upsample_nearest2x_default = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=16384u){return;}let j=i%16u;let r=(i/16u)%16u;let plane=i/256u;y[i]=x[plane*64u+(r/2u)*8u+j/2u];}";

// kiln:source/cpu/runner.ts
var INPUTS = { "x": [1, 4, 16, 16], "t": [1], "context": [1, 8, 32] };
var OUTPUTS = { "out": [1, 4, 16, 16] };
var runner_default = {
  inputs: INPUTS,
  outputs: OUTPUTS,
  // [file, WGSL]: a dispatch names its kernel by number
  kernels: [
    ["00_time_sincos.wgsl", time_sincos_default],
    ["01_linear.wgsl", linear_default],
    ["02_linear.wgsl", linear_default2],
    ["03_time_proj.wgsl", time_proj_default],
    ["04_pad_activate.wgsl", pad_activate_default],
    ["05_fused_conv2d.wgsl", fused_conv2d_default],
    ["06_group_norm_stats.wgsl", group_norm_stats_default],
    ["07_group_norm_stats.wgsl", group_norm_stats_default2],
    ["08_fused_conv2d.wgsl", fused_conv2d_default2],
    ["09_to_tokens.wgsl", to_tokens_default],
    ["10_layer_norm.wgsl", layer_norm_default],
    ["11_token_linear.wgsl", token_linear_default],
    ["12_cross_attention.wgsl", cross_attention_default],
    ["13_token_linear.wgsl", token_linear_default2],
    ["14_add.wgsl", add_default],
    ["15_token_linear.wgsl", token_linear_default3],
    ["16_cross_attention.wgsl", cross_attention_default2],
    ["17_token_linear.wgsl", token_linear_default4],
    ["18_token_linear.wgsl", token_linear_default5],
    ["19_to_map.wgsl", to_map_default],
    ["20_fused_conv2d.wgsl", fused_conv2d_default3],
    ["21_to_tokens.wgsl", to_tokens_default2],
    ["22_layer_norm.wgsl", layer_norm_default2],
    ["23_token_linear.wgsl", token_linear_default6],
    ["24_cross_attention.wgsl", cross_attention_default3],
    ["25_token_linear.wgsl", token_linear_default7],
    ["26_add.wgsl", add_default2],
    ["27_token_linear.wgsl", token_linear_default8],
    ["28_cross_attention.wgsl", cross_attention_default4],
    ["29_token_linear.wgsl", token_linear_default9],
    ["30_token_linear.wgsl", token_linear_default10],
    ["31_to_map.wgsl", to_map_default2],
    ["32_upsample_nearest2x.wgsl", upsample_nearest2x_default]
  ],
  // per spec node: [weight (.x: the node's .x), shape, offset in f32, the axis packed as vec4]
  params: {
    "time_embedding.linear_1": [[".weight", [128, 32], 0], [".bias", [128], 4096]],
    "time_embedding.linear_2": [[".weight", [128, 128], 0], [".bias", [128], 16384]],
    "time_proj (all ResBlocks)": [["down_blocks.0.resnets.0.time_emb_proj.weight", [32, 128], 0], ["down_blocks.1.resnets.0.time_emb_proj.weight", [64, 128], 4096], ["mid_block.resnets.0.time_emb_proj.weight", [64, 128], 12288], ["mid_block.resnets.1.time_emb_proj.weight", [64, 128], 20480], ["up_blocks.0.resnets.0.time_emb_proj.weight", [64, 128], 28672], ["up_blocks.0.resnets.1.time_emb_proj.weight", [64, 128], 36864], ["up_blocks.1.resnets.0.time_emb_proj.weight", [32, 128], 45056], ["up_blocks.1.resnets.1.time_emb_proj.weight", [32, 128], 49152], ["down_blocks.0.resnets.0.time_emb_proj.bias", [32], 53248], ["down_blocks.1.resnets.0.time_emb_proj.bias", [64], 53280], ["mid_block.resnets.0.time_emb_proj.bias", [64], 53344], ["mid_block.resnets.1.time_emb_proj.bias", [64], 53408], ["up_blocks.0.resnets.0.time_emb_proj.bias", [64], 53472], ["up_blocks.0.resnets.1.time_emb_proj.bias", [64], 53536], ["up_blocks.1.resnets.0.time_emb_proj.bias", [32], 53600], ["up_blocks.1.resnets.1.time_emb_proj.bias", [32], 53632]],
    "conv_in": [[".weight", [32, 4, 3, 3], 0, 3], [".bias", [32], 1536]],
    "down_blocks.0.resnets.0.norm1": [[".weight", [32], 0], [".bias", [32], 32]],
    "down_blocks.0.resnets.0.conv1": [[".weight", [32, 32, 3, 3], 0, 3], [".bias", [32], 12288]],
    "down_blocks.0.resnets.0.norm2": [[".weight", [32], 0], [".bias", [32], 32]],
    "down_blocks.0.resnets.0.conv2": [[".weight", [32, 32, 3, 3], 0, 3], [".bias", [32], 12288]],
    "down_blocks.0.attentions.0.norm": [[".weight", [32], 0], [".bias", [32], 32]],
    "down_blocks.0.attentions.0.proj_in": [[".weight", [32, 32, 1, 1], 0, 3], [".bias", [32], 4096]],
    "down_blocks.0.attentions.0.transformer_blocks.0.norm1": [[".weight", [32], 0], [".bias", [32], 32]],
    "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q": [[".weight", [32, 32], 0]],
    "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_k": [[".weight", [32, 32], 0]],
    "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_v": [[".weight", [32, 32], 0]],
    "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_out.0": [[".weight", [32, 32], 0], [".bias", [32], 1024]],
    "down_blocks.0.attentions.0.transformer_blocks.0.norm2": [[".weight", [32], 0], [".bias", [32], 32]],
    "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_q": [[".weight", [32, 32], 0]],
    "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k": [[".weight", [32, 32], 0]],
    "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_v": [[".weight", [32, 32], 0]],
    "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_out.0": [[".weight", [32, 32], 0], [".bias", [32], 1024]],
    "down_blocks.0.attentions.0.transformer_blocks.0.norm3": [[".weight", [32], 0], [".bias", [32], 32]],
    "down_blocks.0.attentions.0.transformer_blocks.0.ff.net.0.proj": [[".weight", [256, 32], 0], [".bias", [256], 8192]],
    "down_blocks.0.attentions.0.transformer_blocks.0.ff.net.2": [[".weight", [32, 128], 0], [".bias", [32], 4096]],
    "down_blocks.0.attentions.0.proj_out": [[".weight", [32, 32, 1, 1], 0, 3], [".bias", [32], 4096]],
    "down_blocks.0.downsamplers.0.conv": [[".weight", [32, 32, 3, 3], 0, 3], [".bias", [32], 12288]],
    "down_blocks.1.resnets.0.norm1": [[".weight", [32], 0], [".bias", [32], 32]],
    "down_blocks.1.resnets.0.conv1": [[".weight", [64, 32, 3, 3], 0, 3], [".bias", [64], 24576]],
    "down_blocks.1.resnets.0.norm2": [[".weight", [64], 0], [".bias", [64], 64]],
    "down_blocks.1.resnets.0.conv2": [[".weight", [64, 64, 3, 3], 0, 3], [".bias", [64], 49152], ["down_blocks.1.resnets.0.conv_shortcut.weight", [64, 32, 1, 1], 49216], ["down_blocks.1.resnets.0.conv_shortcut.bias", [64], 51264]],
    "mid_block.resnets.0.norm1": [[".weight", [64], 0], [".bias", [64], 64]],
    "mid_block.resnets.0.conv1": [[".weight", [64, 64, 3, 3], 0, 3], [".bias", [64], 49152]],
    "mid_block.resnets.0.norm2": [[".weight", [64], 0], [".bias", [64], 64]],
    "mid_block.resnets.0.conv2": [[".weight", [64, 64, 3, 3], 0, 3], [".bias", [64], 49152]],
    "mid_block.attentions.0.norm": [[".weight", [64], 0], [".bias", [64], 64]],
    "mid_block.attentions.0.proj_in": [[".weight", [64, 64, 1, 1], 0, 3], [".bias", [64], 16384]],
    "mid_block.attentions.0.transformer_blocks.0.norm1": [[".weight", [64], 0], [".bias", [64], 64]],
    "mid_block.attentions.0.transformer_blocks.0.attn1.to_q": [[".weight", [64, 64], 0]],
    "mid_block.attentions.0.transformer_blocks.0.attn1.to_k": [[".weight", [64, 64], 0]],
    "mid_block.attentions.0.transformer_blocks.0.attn1.to_v": [[".weight", [64, 64], 0]],
    "mid_block.attentions.0.transformer_blocks.0.attn1.to_out.0": [[".weight", [64, 64], 0], [".bias", [64], 4096]],
    "mid_block.attentions.0.transformer_blocks.0.norm2": [[".weight", [64], 0], [".bias", [64], 64]],
    "mid_block.attentions.0.transformer_blocks.0.attn2.to_q": [[".weight", [64, 64], 0]],
    "mid_block.attentions.0.transformer_blocks.0.attn2.to_k": [[".weight", [64, 32], 0]],
    "mid_block.attentions.0.transformer_blocks.0.attn2.to_v": [[".weight", [64, 32], 0]],
    "mid_block.attentions.0.transformer_blocks.0.attn2.to_out.0": [[".weight", [64, 64], 0], [".bias", [64], 4096]],
    "mid_block.attentions.0.transformer_blocks.0.norm3": [[".weight", [64], 0], [".bias", [64], 64]],
    "mid_block.attentions.0.transformer_blocks.0.ff.net.0.proj": [[".weight", [512, 64], 0], [".bias", [512], 32768]],
    "mid_block.attentions.0.transformer_blocks.0.ff.net.2": [[".weight", [64, 256], 0], [".bias", [64], 16384]],
    "mid_block.attentions.0.proj_out": [[".weight", [64, 64, 1, 1], 0, 3], [".bias", [64], 16384]],
    "mid_block.resnets.1.norm1": [[".weight", [64], 0], [".bias", [64], 64]],
    "mid_block.resnets.1.conv1": [[".weight", [64, 64, 3, 3], 0, 3], [".bias", [64], 49152]],
    "mid_block.resnets.1.norm2": [[".weight", [64], 0], [".bias", [64], 64]],
    "mid_block.resnets.1.conv2": [[".weight", [64, 64, 3, 3], 0, 3], [".bias", [64], 49152]],
    "up_blocks.0.resnets.0.norm1": [[".weight", [128], 0], [".bias", [128], 128]],
    "up_blocks.0.resnets.0.conv1": [[".weight", [64, 128, 3, 3], 0, 3], [".bias", [64], 98304]],
    "up_blocks.0.resnets.0.norm2": [[".weight", [64], 0], [".bias", [64], 64]],
    "up_blocks.0.resnets.0.conv2": [[".weight", [64, 64, 3, 3], 0, 3], [".bias", [64], 49152], ["up_blocks.0.resnets.0.conv_shortcut.weight", [64, 128, 1, 1], 49216], ["up_blocks.0.resnets.0.conv_shortcut.bias", [64], 57408]],
    "up_blocks.0.resnets.1.norm1": [[".weight", [96], 0], [".bias", [96], 96]],
    "up_blocks.0.resnets.1.conv1": [[".weight", [64, 96, 3, 3], 0, 3], [".bias", [64], 73728]],
    "up_blocks.0.resnets.1.norm2": [[".weight", [64], 0], [".bias", [64], 64]],
    "up_blocks.0.resnets.1.conv2": [[".weight", [64, 64, 3, 3], 0, 3], [".bias", [64], 49152], ["up_blocks.0.resnets.1.conv_shortcut.weight", [64, 96, 1, 1], 49216], ["up_blocks.0.resnets.1.conv_shortcut.bias", [64], 55360]],
    "up_blocks.0.upsamplers.0.conv": [[".weight", [64, 64, 3, 3], 0, 3], [".bias", [64], 49152]],
    "up_blocks.1.resnets.0.norm1": [[".weight", [96], 0], [".bias", [96], 96]],
    "up_blocks.1.resnets.0.conv1": [[".weight", [32, 96, 3, 3], 0, 3], [".bias", [32], 36864]],
    "up_blocks.1.resnets.0.norm2": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.resnets.0.conv2": [[".weight", [32, 32, 3, 3], 0, 3], [".bias", [32], 12288], ["up_blocks.1.resnets.0.conv_shortcut.weight", [32, 96, 1, 1], 12320], ["up_blocks.1.resnets.0.conv_shortcut.bias", [32], 15392]],
    "up_blocks.1.attentions.0.norm": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.attentions.0.proj_in": [[".weight", [32, 32, 1, 1], 0, 3], [".bias", [32], 4096]],
    "up_blocks.1.attentions.0.transformer_blocks.0.norm1": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_k": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_v": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_out.0": [[".weight", [32, 32], 0], [".bias", [32], 1024]],
    "up_blocks.1.attentions.0.transformer_blocks.0.norm2": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_q": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_v": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_out.0": [[".weight", [32, 32], 0], [".bias", [32], 1024]],
    "up_blocks.1.attentions.0.transformer_blocks.0.norm3": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.attentions.0.transformer_blocks.0.ff.net.0.proj": [[".weight", [256, 32], 0], [".bias", [256], 8192]],
    "up_blocks.1.attentions.0.transformer_blocks.0.ff.net.2": [[".weight", [32, 128], 0], [".bias", [32], 4096]],
    "up_blocks.1.attentions.0.proj_out": [[".weight", [32, 32, 1, 1], 0, 3], [".bias", [32], 4096]],
    "up_blocks.1.resnets.1.norm1": [[".weight", [64], 0], [".bias", [64], 64]],
    "up_blocks.1.resnets.1.conv1": [[".weight", [32, 64, 3, 3], 0, 3], [".bias", [32], 24576]],
    "up_blocks.1.resnets.1.norm2": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.resnets.1.conv2": [[".weight", [32, 32, 3, 3], 0, 3], [".bias", [32], 12288], ["up_blocks.1.resnets.1.conv_shortcut.weight", [32, 64, 1, 1], 12320], ["up_blocks.1.resnets.1.conv_shortcut.bias", [32], 14368]],
    "up_blocks.1.attentions.1.norm": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.attentions.1.proj_in": [[".weight", [32, 32, 1, 1], 0, 3], [".bias", [32], 4096]],
    "up_blocks.1.attentions.1.transformer_blocks.0.norm1": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_q": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_k": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_v": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_out.0": [[".weight", [32, 32], 0], [".bias", [32], 1024]],
    "up_blocks.1.attentions.1.transformer_blocks.0.norm2": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_q": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_k": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_v": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_out.0": [[".weight", [32, 32], 0], [".bias", [32], 1024]],
    "up_blocks.1.attentions.1.transformer_blocks.0.norm3": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.attentions.1.transformer_blocks.0.ff.net.0.proj": [[".weight", [256, 32], 0], [".bias", [256], 8192]],
    "up_blocks.1.attentions.1.transformer_blocks.0.ff.net.2": [[".weight", [32, 128], 0], [".bias", [32], 4096]],
    "up_blocks.1.attentions.1.proj_out": [[".weight", [32, 32, 1, 1], 0, 3], [".bias", [32], 4096]],
    "conv_norm_out": [[".weight", [32], 0], [".bias", [32], 32]],
    "conv_out": [[".weight", [4, 32, 3, 3], 0, 3], [".bias", [4], 1536]]
  },
  // the memory plan's slots, in bytes
  temps: {
    "slot0": 8192,
    "slot1": 1664,
    "slot2": 32768,
    "slot3": 65536,
    "slot4": 165888,
    "slot5": 32768,
    "slot6": 32768,
    "slot7": 32768,
    "slot8": 32768,
    "slot9": 16384,
    "slot10": 16384
  },
  // [what it computes, kernel, workgroups, bindings: the output last, a shape uniform as its u32 values]
  dispatches: [
    ["time_proj: time_sincos -> [1,32]", 0, [1], ["t", "slot0"]],
    ["time_embedding.linear_1: linear -> [1,128]", 1, [2], ["slot0", "time_embedding.linear_1", "slot1"]],
    ["time_embedding.linear_2: linear -> [1,128]", 2, [2], ["slot1", "time_embedding.linear_2", "slot0"]],
    ["time_proj (all ResBlocks): time_proj -> [1,416]", 3, [7], ["slot0", "time_proj (all ResBlocks)", "slot1"]],
    ["conv_in: pad_activate -> [1,4,18,24]", 4, [2], ["x", "x", "x", [4, 4, 0, 16, 4, 1, 18, 6, 72, 0], "slot0"]],
    ["conv_in: fused_conv2d -> [1,32,16,16]", 5, [8, 4], ["slot0", "slot0", "slot0", "slot0", "conv_in", [4, 108, 6, 32, 16, 16, 4, 2, 0, 1536, 0, 0, 0, 0, 0, 0, 0, 0], "slot2"]],
    ["down_blocks.0.resnets.0.norm1: group_norm_stats -> [1,32,2]", 6, [32], ["slot2", "slot2", "down_blocks.0.resnets.0.norm1", [32, 32, 64, 1, 256, 0, 32, 32, 0], "slot0"]],
    ["down_blocks.0.resnets.0.conv1: pad_activate -> [1,32,18,24]", 4, [9], ["slot2", "slot2", "slot0", [32, 32, 0, 16, 4, 1, 18, 6, 576, 2], "slot3"]],
    ["down_blocks.0.resnets.0.conv1: fused_conv2d -> [1,32,16,16]", 5, [8, 4], ["slot3", "slot1", "slot3", "slot3", "down_blocks.0.resnets.0.conv1", [32, 108, 6, 32, 16, 16, 4, 2, 0, 12288, 416, 0, 0, 0, 0, 0, 0, 0], "slot4"]],
    ["down_blocks.0.resnets.0.norm2: group_norm_stats -> [1,32,2]", 6, [32], ["slot4", "slot4", "down_blocks.0.resnets.0.norm2", [32, 32, 64, 1, 256, 0, 32, 32, 0], "slot0"]],
    ["down_blocks.0.resnets.0.conv2: pad_activate -> [1,32,18,24]", 4, [9], ["slot4", "slot4", "slot0", [32, 32, 0, 16, 4, 1, 18, 6, 576, 2], "slot3"]],
    ["down_blocks.0.resnets.0.conv2: fused_conv2d -> [1,32,16,16]", 5, [8, 4], ["slot3", "slot3", "slot2", "slot2", "down_blocks.0.resnets.0.conv2", [32, 108, 6, 32, 16, 16, 4, 2, 0, 12288, 0, 0, 1, 0, 0, 0, 0, 0], "slot5"]],
    ["down_blocks.0.attentions.0.norm: group_norm_stats -> [1,32,2]", 7, [32], ["slot5", "slot5", "down_blocks.0.attentions.0.norm", [32, 32, 64, 1, 256, 0, 32, 32, 0], "slot0"]],
    ["down_blocks.0.attentions.0.proj_in: pad_activate -> [1,32,16,24]", 4, [8], ["slot5", "slot5", "slot0", [32, 32, 0, 16, 4, 0, 16, 6, 512, 1], "slot3"]],
    ["down_blocks.0.attentions.0.proj_in: fused_conv2d -> [1,32,16,16]", 8, [16, 2], ["slot3", "slot3", "down_blocks.0.attentions.0.proj_in", [32, 96, 6, 32, 16, 16, 4, 4, 0, 4096, 0, 0, 0, 0, 0, 0, 0, 0], "slot4"]],
    ["down_blocks.0.attentions.0: to_tokens -> [1,256,32]", 9, [128], ["slot4", "slot3"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.norm1: layer_norm -> [1,256,32]", 10, [4], ["slot3", "down_blocks.0.attentions.0.transformer_blocks.0.norm1", "slot4"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q: token_linear -> [1,256,32]", 11, [128], ["slot4", "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q", "slot6"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_k: token_linear -> [1,256,32]", 11, [128], ["slot4", "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_k", "slot7"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_v: token_linear -> [1,256,32]", 11, [128], ["slot4", "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_v", "slot8"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn1: cross_attention -> [1,256,32]", 12, [32], ["slot6", "slot7", "slot8", "slot4"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_out.0: token_linear -> [1,256,32]", 13, [128], ["slot4", "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_out.0", "slot6"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn1: add -> [1,256,32]", 14, [128], ["slot6", "slot3", "slot7"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.norm2: layer_norm -> [1,256,32]", 10, [4], ["slot7", "down_blocks.0.attentions.0.transformer_blocks.0.norm2", "slot6"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_q: token_linear -> [1,256,32]", 11, [128], ["slot6", "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_q", "slot8"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k: token_linear -> [1,8,32]", 15, [4], ["context", "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k", "slot0"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_v: token_linear -> [1,8,32]", 15, [4], ["context", "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_v", "slot9"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn2: cross_attention -> [1,256,32]", 16, [32], ["slot8", "slot0", "slot9", "slot6"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_out.0: token_linear -> [1,256,32]", 13, [128], ["slot6", "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_out.0", "slot8"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn2: add -> [1,256,32]", 14, [128], ["slot8", "slot7", "slot6"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.norm3: layer_norm -> [1,256,32]", 10, [4], ["slot6", "down_blocks.0.attentions.0.transformer_blocks.0.norm3", "slot7"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.ff.net.0.proj: token_linear -> [1,256,128]", 17, [512], ["slot7", "down_blocks.0.attentions.0.transformer_blocks.0.ff.net.0.proj", "slot4"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.ff.net.2: token_linear -> [1,256,32]", 18, [128], ["slot4", "down_blocks.0.attentions.0.transformer_blocks.0.ff.net.2", "slot7"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.ff: add -> [1,256,32]", 14, [128], ["slot7", "slot6", "slot8"]],
    ["down_blocks.0.attentions.0: to_map -> [1,32,16,16]", 19, [128], ["slot8", "slot6"]],
    ["down_blocks.0.attentions.0.proj_out: pad_activate -> [1,32,16,24]", 4, [8], ["slot6", "slot6", "slot6", [32, 32, 0, 16, 4, 0, 16, 6, 512, 0], "slot3"]],
    ["down_blocks.0.attentions.0.proj_out: fused_conv2d -> [1,32,16,16]", 8, [16, 2], ["slot3", "slot5", "down_blocks.0.attentions.0.proj_out", [32, 96, 6, 32, 16, 16, 4, 4, 0, 4096, 0, 0, 1, 0, 0, 0, 0, 0], "slot6"]],
    ["down_blocks.0.downsamplers.0.conv: pad_activate -> [1,32,18,24]", 4, [9], ["slot6", "slot6", "slot6", [32, 32, 0, 16, 4, 1, 18, 6, 576, 0], "slot3"]],
    ["down_blocks.0.downsamplers.0.conv: fused_conv2d -> [1,32,8,8]", 20, [4, 2], ["slot3", "down_blocks.0.downsamplers.0.conv", [32, 108, 6, 32, 8, 8, 2, 2, 0, 12288, 0, 0, 0, 0, 0, 0, 0, 0], "slot0"]],
    ["down_blocks.1.resnets.0.norm1: group_norm_stats -> [1,32,2]", 6, [32], ["slot0", "slot0", "down_blocks.1.resnets.0.norm1", [32, 32, 16, 1, 64, 0, 32, 32, 0], "slot9"]],
    ["down_blocks.1.resnets.0.conv1: pad_activate -> [1,32,10,16]", 4, [5], ["slot0", "slot0", "slot9", [32, 32, 0, 8, 2, 1, 10, 4, 320, 2], "slot5"]],
    ["down_blocks.1.resnets.0.conv1: fused_conv2d -> [1,64,8,8]", 5, [2, 8], ["slot5", "slot1", "slot5", "slot5", "down_blocks.1.resnets.0.conv1", [32, 40, 4, 64, 8, 8, 2, 1, 0, 24576, 416, 32, 0, 0, 0, 0, 0, 0], "slot7"]],
    ["down_blocks.1.resnets.0.norm2: group_norm_stats -> [1,64,2]", 6, [32], ["slot7", "slot7", "down_blocks.1.resnets.0.norm2", [32, 64, 16, 2, 128, 0, 64, 64, 0], "slot9"]],
    ["down_blocks.1.resnets.0.conv2: pad_activate -> [1,64,10,16]", 4, [10], ["slot7", "slot7", "slot9", [64, 64, 0, 8, 2, 1, 10, 4, 640, 2], "slot3"]],
    ["down_blocks.1.resnets.0.conv2: fused_conv2d -> [1,64,8,8]", 5, [2, 8], ["slot3", "slot3", "slot0", "slot0", "down_blocks.1.resnets.0.conv2", [64, 40, 4, 64, 8, 8, 2, 1, 0, 49152, 0, 0, 2, 32, 0, 32, 49216, 51264], "slot7"]],
    ["mid_block.resnets.0.norm1: group_norm_stats -> [1,64,2]", 6, [32], ["slot7", "slot7", "mid_block.resnets.0.norm1", [32, 64, 16, 2, 128, 0, 64, 64, 0], "slot9"]],
    ["mid_block.resnets.0.conv1: pad_activate -> [1,64,10,16]", 4, [10], ["slot7", "slot7", "slot9", [64, 64, 0, 8, 2, 1, 10, 4, 640, 2], "slot3"]],
    ["mid_block.resnets.0.conv1: fused_conv2d -> [1,64,8,8]", 5, [2, 8], ["slot3", "slot1", "slot3", "slot3", "mid_block.resnets.0.conv1", [64, 40, 4, 64, 8, 8, 2, 1, 0, 49152, 416, 96, 0, 0, 0, 0, 0, 0], "slot5"]],
    ["mid_block.resnets.0.norm2: group_norm_stats -> [1,64,2]", 6, [32], ["slot5", "slot5", "mid_block.resnets.0.norm2", [32, 64, 16, 2, 128, 0, 64, 64, 0], "slot9"]],
    ["mid_block.resnets.0.conv2: pad_activate -> [1,64,10,16]", 4, [10], ["slot5", "slot5", "slot9", [64, 64, 0, 8, 2, 1, 10, 4, 640, 2], "slot3"]],
    ["mid_block.resnets.0.conv2: fused_conv2d -> [1,64,8,8]", 5, [2, 8], ["slot3", "slot3", "slot7", "slot7", "mid_block.resnets.0.conv2", [64, 40, 4, 64, 8, 8, 2, 1, 0, 49152, 0, 0, 1, 0, 0, 0, 0, 0], "slot8"]],
    ["mid_block.attentions.0.norm: group_norm_stats -> [1,64,2]", 7, [32], ["slot8", "slot8", "mid_block.attentions.0.norm", [32, 64, 16, 2, 128, 0, 64, 64, 0], "slot9"]],
    ["mid_block.attentions.0.proj_in: pad_activate -> [1,64,8,16]", 4, [8], ["slot8", "slot8", "slot9", [64, 64, 0, 8, 2, 0, 8, 4, 512, 1], "slot5"]],
    ["mid_block.attentions.0.proj_in: fused_conv2d -> [1,64,8,8]", 8, [4, 4], ["slot5", "slot5", "mid_block.attentions.0.proj_in", [64, 32, 4, 64, 8, 8, 2, 2, 0, 16384, 0, 0, 0, 0, 0, 0, 0, 0], "slot3"]],
    ["mid_block.attentions.0: to_tokens -> [1,64,64]", 21, [64], ["slot3", "slot5"]],
    ["mid_block.attentions.0.transformer_blocks.0.norm1: layer_norm -> [1,64,64]", 22, [1], ["slot5", "mid_block.attentions.0.transformer_blocks.0.norm1", "slot3"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn1.to_q: token_linear -> [1,64,64]", 23, [64], ["slot3", "mid_block.attentions.0.transformer_blocks.0.attn1.to_q", "slot4"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn1.to_k: token_linear -> [1,64,64]", 23, [64], ["slot3", "mid_block.attentions.0.transformer_blocks.0.attn1.to_k", "slot9"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn1.to_v: token_linear -> [1,64,64]", 23, [64], ["slot3", "mid_block.attentions.0.transformer_blocks.0.attn1.to_v", "slot10"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn1: cross_attention -> [1,64,64]", 24, [8], ["slot4", "slot9", "slot10", "slot3"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn1.to_out.0: token_linear -> [1,64,64]", 25, [64], ["slot3", "mid_block.attentions.0.transformer_blocks.0.attn1.to_out.0", "slot9"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn1: add -> [1,64,64]", 26, [64], ["slot9", "slot5", "slot10"]],
    ["mid_block.attentions.0.transformer_blocks.0.norm2: layer_norm -> [1,64,64]", 22, [1], ["slot10", "mid_block.attentions.0.transformer_blocks.0.norm2", "slot9"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn2.to_q: token_linear -> [1,64,64]", 23, [64], ["slot9", "mid_block.attentions.0.transformer_blocks.0.attn2.to_q", "slot5"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn2.to_k: token_linear -> [1,8,64]", 27, [8], ["context", "mid_block.attentions.0.transformer_blocks.0.attn2.to_k", "slot3"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn2.to_v: token_linear -> [1,8,64]", 27, [8], ["context", "mid_block.attentions.0.transformer_blocks.0.attn2.to_v", "slot4"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn2: cross_attention -> [1,64,64]", 28, [8], ["slot5", "slot3", "slot4", "slot9"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn2.to_out.0: token_linear -> [1,64,64]", 25, [64], ["slot9", "mid_block.attentions.0.transformer_blocks.0.attn2.to_out.0", "slot5"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn2: add -> [1,64,64]", 26, [64], ["slot5", "slot10", "slot9"]],
    ["mid_block.attentions.0.transformer_blocks.0.norm3: layer_norm -> [1,64,64]", 22, [1], ["slot9", "mid_block.attentions.0.transformer_blocks.0.norm3", "slot10"]],
    ["mid_block.attentions.0.transformer_blocks.0.ff.net.0.proj: token_linear -> [1,64,256]", 29, [256], ["slot10", "mid_block.attentions.0.transformer_blocks.0.ff.net.0.proj", "slot4"]],
    ["mid_block.attentions.0.transformer_blocks.0.ff.net.2: token_linear -> [1,64,64]", 30, [64], ["slot4", "mid_block.attentions.0.transformer_blocks.0.ff.net.2", "slot10"]],
    ["mid_block.attentions.0.transformer_blocks.0.ff: add -> [1,64,64]", 26, [64], ["slot10", "slot9", "slot5"]],
    ["mid_block.attentions.0: to_map -> [1,64,8,8]", 31, [64], ["slot5", "slot9"]],
    ["mid_block.attentions.0.proj_out: pad_activate -> [1,64,8,16]", 4, [8], ["slot9", "slot9", "slot9", [64, 64, 0, 8, 2, 0, 8, 4, 512, 0], "slot5"]],
    ["mid_block.attentions.0.proj_out: fused_conv2d -> [1,64,8,8]", 8, [4, 4], ["slot5", "slot8", "mid_block.attentions.0.proj_out", [64, 32, 4, 64, 8, 8, 2, 2, 0, 16384, 0, 0, 1, 0, 0, 0, 0, 0], "slot9"]],
    ["mid_block.resnets.1.norm1: group_norm_stats -> [1,64,2]", 6, [32], ["slot9", "slot9", "mid_block.resnets.1.norm1", [32, 64, 16, 2, 128, 0, 64, 64, 0], "slot10"]],
    ["mid_block.resnets.1.conv1: pad_activate -> [1,64,10,16]", 4, [10], ["slot9", "slot9", "slot10", [64, 64, 0, 8, 2, 1, 10, 4, 640, 2], "slot3"]],
    ["mid_block.resnets.1.conv1: fused_conv2d -> [1,64,8,8]", 5, [2, 8], ["slot3", "slot1", "slot3", "slot3", "mid_block.resnets.1.conv1", [64, 40, 4, 64, 8, 8, 2, 1, 0, 49152, 416, 160, 0, 0, 0, 0, 0, 0], "slot10"]],
    ["mid_block.resnets.1.norm2: group_norm_stats -> [1,64,2]", 6, [32], ["slot10", "slot10", "mid_block.resnets.1.norm2", [32, 64, 16, 2, 128, 0, 64, 64, 0], "slot5"]],
    ["mid_block.resnets.1.conv2: pad_activate -> [1,64,10,16]", 4, [10], ["slot10", "slot10", "slot5", [64, 64, 0, 8, 2, 1, 10, 4, 640, 2], "slot3"]],
    ["mid_block.resnets.1.conv2: fused_conv2d -> [1,64,8,8]", 5, [2, 8], ["slot3", "slot3", "slot9", "slot9", "mid_block.resnets.1.conv2", [64, 40, 4, 64, 8, 8, 2, 1, 0, 49152, 0, 0, 1, 0, 0, 0, 0, 0], "slot10"]],
    ["up_blocks.0.resnets.0.norm1: group_norm_stats -> [1,128,2]", 6, [32], ["slot10", "slot7", "up_blocks.0.resnets.0.norm1", [32, 128, 16, 4, 256, 0, 128, 64, 64], "slot9"]],
    ["up_blocks.0.resnets.0.conv1: pad_activate -> [1,128,10,16]", 4, [20], ["slot10", "slot7", "slot9", [128, 64, 64, 8, 2, 1, 10, 4, 1280, 2], "slot4"]],
    ["up_blocks.0.resnets.0.conv1: fused_conv2d -> [1,64,8,8]", 5, [2, 8], ["slot4", "slot1", "slot4", "slot4", "up_blocks.0.resnets.0.conv1", [128, 40, 4, 64, 8, 8, 2, 1, 0, 98304, 416, 224, 0, 0, 0, 0, 0, 0], "slot9"]],
    ["up_blocks.0.resnets.0.norm2: group_norm_stats -> [1,64,2]", 6, [32], ["slot9", "slot9", "up_blocks.0.resnets.0.norm2", [32, 64, 16, 2, 128, 0, 64, 64, 0], "slot5"]],
    ["up_blocks.0.resnets.0.conv2: pad_activate -> [1,64,10,16]", 4, [10], ["slot9", "slot9", "slot5", [64, 64, 0, 8, 2, 1, 10, 4, 640, 2], "slot3"]],
    ["up_blocks.0.resnets.0.conv2: fused_conv2d -> [1,64,8,8]", 5, [2, 8], ["slot3", "slot3", "slot10", "slot7", "up_blocks.0.resnets.0.conv2", [64, 40, 4, 64, 8, 8, 2, 1, 0, 49152, 0, 0, 2, 64, 64, 128, 49216, 57408], "slot9"]],
    ["up_blocks.0.resnets.1.norm1: group_norm_stats -> [1,96,2]", 6, [32], ["slot9", "slot0", "up_blocks.0.resnets.1.norm1", [32, 96, 16, 3, 192, 0, 96, 64, 32], "slot10"]],
    ["up_blocks.0.resnets.1.conv1: pad_activate -> [1,96,10,16]", 4, [15], ["slot9", "slot0", "slot10", [96, 64, 32, 8, 2, 1, 10, 4, 960, 2], "slot3"]],
    ["up_blocks.0.resnets.1.conv1: fused_conv2d -> [1,64,8,8]", 5, [2, 8], ["slot3", "slot1", "slot3", "slot3", "up_blocks.0.resnets.1.conv1", [96, 40, 4, 64, 8, 8, 2, 1, 0, 73728, 416, 288, 0, 0, 0, 0, 0, 0], "slot10"]],
    ["up_blocks.0.resnets.1.norm2: group_norm_stats -> [1,64,2]", 6, [32], ["slot10", "slot10", "up_blocks.0.resnets.1.norm2", [32, 64, 16, 2, 128, 0, 64, 64, 0], "slot5"]],
    ["up_blocks.0.resnets.1.conv2: pad_activate -> [1,64,10,16]", 4, [10], ["slot10", "slot10", "slot5", [64, 64, 0, 8, 2, 1, 10, 4, 640, 2], "slot3"]],
    ["up_blocks.0.resnets.1.conv2: fused_conv2d -> [1,64,8,8]", 5, [2, 8], ["slot3", "slot3", "slot9", "slot0", "up_blocks.0.resnets.1.conv2", [64, 40, 4, 64, 8, 8, 2, 1, 0, 49152, 0, 0, 2, 64, 32, 96, 49216, 55360], "slot10"]],
    ["up_blocks.0.upsamplers.0.conv: upsample_nearest2x -> [1,64,16,16]", 32, [256], ["slot10", "slot3"]],
    ["up_blocks.0.upsamplers.0.conv: pad_activate -> [1,64,18,24]", 4, [18], ["slot3", "slot3", "slot3", [64, 64, 0, 16, 4, 1, 18, 6, 1152, 0], "slot4"]],
    ["up_blocks.0.upsamplers.0.conv: fused_conv2d -> [1,64,16,16]", 5, [8, 8], ["slot4", "slot4", "slot4", "slot4", "up_blocks.0.upsamplers.0.conv", [64, 108, 6, 64, 16, 16, 4, 2, 0, 49152, 0, 0, 0, 0, 0, 0, 0, 0], "slot3"]],
    ["up_blocks.1.resnets.0.norm1: group_norm_stats -> [1,96,2]", 6, [32], ["slot3", "slot6", "up_blocks.1.resnets.0.norm1", [32, 96, 64, 3, 768, 0, 96, 64, 32], "slot0"]],
    ["up_blocks.1.resnets.0.conv1: pad_activate -> [1,96,18,24]", 4, [27], ["slot3", "slot6", "slot0", [96, 64, 32, 16, 4, 1, 18, 6, 1728, 2], "slot4"]],
    ["up_blocks.1.resnets.0.conv1: fused_conv2d -> [1,32,16,16]", 5, [8, 4], ["slot4", "slot1", "slot4", "slot4", "up_blocks.1.resnets.0.conv1", [96, 108, 6, 32, 16, 16, 4, 2, 0, 36864, 416, 352, 0, 0, 0, 0, 0, 0], "slot5"]],
    ["up_blocks.1.resnets.0.norm2: group_norm_stats -> [1,32,2]", 6, [32], ["slot5", "slot5", "up_blocks.1.resnets.0.norm2", [32, 32, 64, 1, 256, 0, 32, 32, 0], "slot0"]],
    ["up_blocks.1.resnets.0.conv2: pad_activate -> [1,32,18,24]", 4, [9], ["slot5", "slot5", "slot0", [32, 32, 0, 16, 4, 1, 18, 6, 576, 2], "slot4"]],
    ["up_blocks.1.resnets.0.conv2: fused_conv2d -> [1,32,16,16]", 5, [8, 4], ["slot4", "slot4", "slot3", "slot6", "up_blocks.1.resnets.0.conv2", [32, 108, 6, 32, 16, 16, 4, 2, 0, 12288, 0, 0, 2, 64, 32, 96, 12320, 15392], "slot5"]],
    ["up_blocks.1.attentions.0.norm: group_norm_stats -> [1,32,2]", 7, [32], ["slot5", "slot5", "up_blocks.1.attentions.0.norm", [32, 32, 64, 1, 256, 0, 32, 32, 0], "slot0"]],
    ["up_blocks.1.attentions.0.proj_in: pad_activate -> [1,32,16,24]", 4, [8], ["slot5", "slot5", "slot0", [32, 32, 0, 16, 4, 0, 16, 6, 512, 1], "slot3"]],
    ["up_blocks.1.attentions.0.proj_in: fused_conv2d -> [1,32,16,16]", 8, [16, 2], ["slot3", "slot3", "up_blocks.1.attentions.0.proj_in", [32, 96, 6, 32, 16, 16, 4, 4, 0, 4096, 0, 0, 0, 0, 0, 0, 0, 0], "slot6"]],
    ["up_blocks.1.attentions.0: to_tokens -> [1,256,32]", 9, [128], ["slot6", "slot7"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.norm1: layer_norm -> [1,256,32]", 10, [4], ["slot7", "up_blocks.1.attentions.0.transformer_blocks.0.norm1", "slot6"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q: token_linear -> [1,256,32]", 11, [128], ["slot6", "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q", "slot8"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_k: token_linear -> [1,256,32]", 11, [128], ["slot6", "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_k", "slot3"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_v: token_linear -> [1,256,32]", 11, [128], ["slot6", "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_v", "slot4"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn1: cross_attention -> [1,256,32]", 12, [32], ["slot8", "slot3", "slot4", "slot6"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_out.0: token_linear -> [1,256,32]", 13, [128], ["slot6", "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_out.0", "slot8"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn1: add -> [1,256,32]", 14, [128], ["slot8", "slot7", "slot6"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.norm2: layer_norm -> [1,256,32]", 10, [4], ["slot6", "up_blocks.1.attentions.0.transformer_blocks.0.norm2", "slot7"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_q: token_linear -> [1,256,32]", 11, [128], ["slot7", "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_q", "slot8"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k: token_linear -> [1,8,32]", 15, [4], ["context", "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k", "slot0"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_v: token_linear -> [1,8,32]", 15, [4], ["context", "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_v", "slot9"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn2: cross_attention -> [1,256,32]", 16, [32], ["slot8", "slot0", "slot9", "slot7"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_out.0: token_linear -> [1,256,32]", 13, [128], ["slot7", "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_out.0", "slot8"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn2: add -> [1,256,32]", 14, [128], ["slot8", "slot6", "slot7"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.norm3: layer_norm -> [1,256,32]", 10, [4], ["slot7", "up_blocks.1.attentions.0.transformer_blocks.0.norm3", "slot6"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.ff.net.0.proj: token_linear -> [1,256,128]", 17, [512], ["slot6", "up_blocks.1.attentions.0.transformer_blocks.0.ff.net.0.proj", "slot4"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.ff.net.2: token_linear -> [1,256,32]", 18, [128], ["slot4", "up_blocks.1.attentions.0.transformer_blocks.0.ff.net.2", "slot6"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.ff: add -> [1,256,32]", 14, [128], ["slot6", "slot7", "slot8"]],
    ["up_blocks.1.attentions.0: to_map -> [1,32,16,16]", 19, [128], ["slot8", "slot6"]],
    ["up_blocks.1.attentions.0.proj_out: pad_activate -> [1,32,16,24]", 4, [8], ["slot6", "slot6", "slot6", [32, 32, 0, 16, 4, 0, 16, 6, 512, 0], "slot3"]],
    ["up_blocks.1.attentions.0.proj_out: fused_conv2d -> [1,32,16,16]", 8, [16, 2], ["slot3", "slot5", "up_blocks.1.attentions.0.proj_out", [32, 96, 6, 32, 16, 16, 4, 4, 0, 4096, 0, 0, 1, 0, 0, 0, 0, 0], "slot6"]],
    ["up_blocks.1.resnets.1.norm1: group_norm_stats -> [1,64,2]", 6, [32], ["slot6", "slot2", "up_blocks.1.resnets.1.norm1", [32, 64, 64, 2, 512, 0, 64, 32, 32], "slot0"]],
    ["up_blocks.1.resnets.1.conv1: pad_activate -> [1,64,18,24]", 4, [18], ["slot6", "slot2", "slot0", [64, 32, 32, 16, 4, 1, 18, 6, 1152, 2], "slot4"]],
    ["up_blocks.1.resnets.1.conv1: fused_conv2d -> [1,32,16,16]", 5, [8, 4], ["slot4", "slot1", "slot4", "slot4", "up_blocks.1.resnets.1.conv1", [64, 108, 6, 32, 16, 16, 4, 2, 0, 24576, 416, 384, 0, 0, 0, 0, 0, 0], "slot5"]],
    ["up_blocks.1.resnets.1.norm2: group_norm_stats -> [1,32,2]", 6, [32], ["slot5", "slot5", "up_blocks.1.resnets.1.norm2", [32, 32, 64, 1, 256, 0, 32, 32, 0], "slot1"]],
    ["up_blocks.1.resnets.1.conv2: pad_activate -> [1,32,18,24]", 4, [9], ["slot5", "slot5", "slot1", [32, 32, 0, 16, 4, 1, 18, 6, 576, 2], "slot3"]],
    ["up_blocks.1.resnets.1.conv2: fused_conv2d -> [1,32,16,16]", 5, [8, 4], ["slot3", "slot3", "slot6", "slot2", "up_blocks.1.resnets.1.conv2", [32, 108, 6, 32, 16, 16, 4, 2, 0, 12288, 0, 0, 2, 32, 32, 64, 12320, 14368], "slot5"]],
    ["up_blocks.1.attentions.1.norm: group_norm_stats -> [1,32,2]", 7, [32], ["slot5", "slot5", "up_blocks.1.attentions.1.norm", [32, 32, 64, 1, 256, 0, 32, 32, 0], "slot1"]],
    ["up_blocks.1.attentions.1.proj_in: pad_activate -> [1,32,16,24]", 4, [8], ["slot5", "slot5", "slot1", [32, 32, 0, 16, 4, 0, 16, 6, 512, 1], "slot3"]],
    ["up_blocks.1.attentions.1.proj_in: fused_conv2d -> [1,32,16,16]", 8, [16, 2], ["slot3", "slot3", "up_blocks.1.attentions.1.proj_in", [32, 96, 6, 32, 16, 16, 4, 4, 0, 4096, 0, 0, 0, 0, 0, 0, 0, 0], "slot2"]],
    ["up_blocks.1.attentions.1: to_tokens -> [1,256,32]", 9, [128], ["slot2", "slot6"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.norm1: layer_norm -> [1,256,32]", 10, [4], ["slot6", "up_blocks.1.attentions.1.transformer_blocks.0.norm1", "slot2"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_q: token_linear -> [1,256,32]", 11, [128], ["slot2", "up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_q", "slot7"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_k: token_linear -> [1,256,32]", 11, [128], ["slot2", "up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_k", "slot8"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_v: token_linear -> [1,256,32]", 11, [128], ["slot2", "up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_v", "slot3"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn1: cross_attention -> [1,256,32]", 12, [32], ["slot7", "slot8", "slot3", "slot2"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_out.0: token_linear -> [1,256,32]", 13, [128], ["slot2", "up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_out.0", "slot7"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn1: add -> [1,256,32]", 14, [128], ["slot7", "slot6", "slot2"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.norm2: layer_norm -> [1,256,32]", 10, [4], ["slot2", "up_blocks.1.attentions.1.transformer_blocks.0.norm2", "slot6"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_q: token_linear -> [1,256,32]", 11, [128], ["slot6", "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_q", "slot7"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_k: token_linear -> [1,8,32]", 15, [4], ["context", "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_k", "slot1"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_v: token_linear -> [1,8,32]", 15, [4], ["context", "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_v", "slot0"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn2: cross_attention -> [1,256,32]", 16, [32], ["slot7", "slot1", "slot0", "slot6"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_out.0: token_linear -> [1,256,32]", 13, [128], ["slot6", "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_out.0", "slot7"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn2: add -> [1,256,32]", 14, [128], ["slot7", "slot2", "slot6"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.norm3: layer_norm -> [1,256,32]", 10, [4], ["slot6", "up_blocks.1.attentions.1.transformer_blocks.0.norm3", "slot2"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.ff.net.0.proj: token_linear -> [1,256,128]", 17, [512], ["slot2", "up_blocks.1.attentions.1.transformer_blocks.0.ff.net.0.proj", "slot4"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.ff.net.2: token_linear -> [1,256,32]", 18, [128], ["slot4", "up_blocks.1.attentions.1.transformer_blocks.0.ff.net.2", "slot2"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.ff: add -> [1,256,32]", 14, [128], ["slot2", "slot6", "slot7"]],
    ["up_blocks.1.attentions.1: to_map -> [1,32,16,16]", 19, [128], ["slot7", "slot2"]],
    ["up_blocks.1.attentions.1.proj_out: pad_activate -> [1,32,16,24]", 4, [8], ["slot2", "slot2", "slot2", [32, 32, 0, 16, 4, 0, 16, 6, 512, 0], "slot3"]],
    ["up_blocks.1.attentions.1.proj_out: fused_conv2d -> [1,32,16,16]", 8, [16, 2], ["slot3", "slot5", "up_blocks.1.attentions.1.proj_out", [32, 96, 6, 32, 16, 16, 4, 4, 0, 4096, 0, 0, 1, 0, 0, 0, 0, 0], "slot2"]],
    ["conv_norm_out: group_norm_stats -> [1,32,2]", 6, [32], ["slot2", "slot2", "conv_norm_out", [32, 32, 64, 1, 256, 0, 32, 32, 0], "slot1"]],
    ["conv_out: pad_activate -> [1,32,18,24]", 4, [9], ["slot2", "slot2", "slot1", [32, 32, 0, 16, 4, 1, 18, 6, 576, 2], "slot3"]],
    ["conv_out: fused_conv2d -> [1,4,16,16]", 5, [8], ["slot3", "slot3", "slot3", "slot3", "conv_out", [32, 108, 6, 4, 16, 16, 4, 2, 0, 1536, 0, 0, 0, 0, 0, 0, 0, 0], "out"]]
  ]
};

// kiln:source/gpu/kernels/00_time_sincos.wgsl
var time_sincos_default2 = "@group(0)@binding(0)var<storage,read>t:array<f32>;@group(0)@binding(1)var<storage,read_write>y:array<f32>;const FREQS=array<f32,16>(1.00000000,0.562341332,0.316227764,0.177827939,0.0999999940,0.0562341250,0.0316227749,0.0177827943,0.00999999978,0.00562341232,0.00316227670,0.00177827943,0.000999999931,0.000562341185,0.000316227815,0.000177827940,);fn reduce_angle(v:f32)->f32{let k=round(v*0.159154937);var r=v-k*6.28125000;r=r-k*0.00193530717;r=r-k*1.02531317e-11;return r;}@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=32u){return;}let j=i%32u;let b=i/32u;let f=FREQS[select(j,j-16u,j>=16u)];let angle=reduce_angle(t[b]*f);y[i]=select(cos(angle),sin(angle),j>=16u);}";

// kiln:source/gpu/kernels/01_linear.wgsl
var linear_default3 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=128u){return;}let opaque=nwg.z>>31u;let o=i%128u;let b=i/128u;var acc=params[o+4096u];for(var k=0u;k<32u+opaque;k++){acc=fma(x[b*32u+k],params[o*32u+k],acc);}y[i]=silu(acc);}";

// kiln:source/gpu/kernels/02_linear.wgsl
var linear_default4 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=128u){return;}let opaque=nwg.z>>31u;let o=i%128u;let b=i/128u;var acc=params[o+16384u];for(var k=0u;k<128u+opaque;k++){acc=fma(x[b*128u+k],params[o*128u+k],acc);}y[i]=acc;}";

// kiln:source/gpu/kernels/03_time_proj.wgsl
var time_proj_default2 = "@group(0)@binding(0)var<storage,read>temb:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}const START=array<u32,9>(0u,32u,96u,160u,224u,288u,352u,384u,416u);const WOFF=array<u32,8>(0u,4096u,12288u,20480u,28672u,36864u,45056u,49152u);const BOFF=array<u32,8>(53248u,53280u,53344u,53408u,53472u,53536u,53600u,53632u);@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=416u){return;}let opaque=nwg.z>>31u;let j=i%416u;let b=i/416u;var p=0u;for(var k=1u;k<8u;k++){if(j>=START[k]){p=k;}}let o=j-START[p];var acc=params[BOFF[p]+o];for(var k=0u;k<128u+opaque;k++){acc=fma(silu(temb[b*128u+k]),params[WOFF[p]+o*128u+k],acc);}y[i]=acc;}";

// kiln:source/gpu/kernels/04_fused_conv2d.wgsl
var fused_conv2d_default4 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,240>;var<workgroup>ws:array<vec4<f32>,144>;@compute@workgroup_size(32)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/2u)*4u;let ox0=(wid.x%2u)*8u;let l=lid;let kslice=0u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<4u+opaque;c0+=4u){for(var e=lid;e<240u;e+=32u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=x0[(b*4u+ci)*256u+u32(iy)*16u+u32(ix)];}xs[e]=v;}for(var e=lid;e<144u;e+=32u){let q=e/36u;let rem=e%36u;let co=co0+q*4u;let wa=(min(co,31u)*4u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+36u],params[wa+72u],params[wa+108u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<4u+opaque;cl++){let c=cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,31u)+1152u];let add1=params[min(co0+co4*4u+1u,31u)+1152u];let add2=params[min(co0+co4*4u+2u,31u)+1152u];let add3=params[min(co0+co4*4u+3u,31u)+1152u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*32u+co0+co4*4u+0u)*16u+oy)*16u+ox;y[o]=a[0]+add0;}{let o=((b*32u+co0+co4*4u+1u)*16u+oy)*16u+ox;y[o]=a[1]+add1;}{let o=((b*32u+co0+co4*4u+2u)*16u+oy)*16u+ox;y[o]=a[2]+add2;}{let o=((b*32u+co0+co4*4u+3u)*16u+oy)*16u+ox;y[o]=a[3]+add3;}}}";

// kiln:source/gpu/kernels/05_group_norm_stats.wgsl
var group_norm_stats_default3 = "struct Dims{groups:u32,c:u32,hwv:u32,cpg:u32,count:u32,gOff:u32,bOff:u32,c0:u32,c1:u32}@group(0)@binding(0)var<storage,read>x0:array<vec4<f32>>;@group(0)@binding(1)var<storage,read>x1:array<vec4<f32>>;@group(0)@binding(2)var<storage,read>params:array<f32>;@group(0)@binding(3)var<uniform>dims:Dims;@group(0)@binding(4)var<storage,read_write>stats:array<f32>;var<workgroup>partial:array<f32,256>;fn reduce(lid:u32,v:f32,opaque:u32)->f32{partial[lid]=v;workgroupBarrier();for(var stride=128u;stride>opaque;stride>>=1u){if(lid<stride){partial[lid]+=partial[lid+stride];}workgroupBarrier();}let total=partial[0];workgroupBarrier();return total;}@compute@workgroup_size(256)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let opaque=nwg.z>>31u;let b=wid.x/dims.groups;let g0=(wid.x%dims.groups)*dims.cpg;let count=f32(dims.count);var s=0.0;for(var ch=0u;ch<dims.cpg;ch++){let cc=g0+ch;if(cc<dims.c0){let base=(b*dims.c0+cc)*dims.hwv;for(var p=lid;p<dims.hwv;p+=256u){let v=x0[base+p];s+=dot(v,vec4<f32>(1.0));}}else{let base=(b*dims.c1+cc-dims.c0)*dims.hwv;for(var p=lid;p<dims.hwv;p+=256u){let v=x1[base+p];s+=dot(v,vec4<f32>(1.0));}}}let mean=reduce(lid,s,opaque)/count;var q=0.0;for(var ch=0u;ch<dims.cpg;ch++){let cc=g0+ch;if(cc<dims.c0){let base=(b*dims.c0+cc)*dims.hwv;for(var p=lid;p<dims.hwv;p+=256u){let v=x0[base+p];let dv=v-vec4<f32>(mean);q+=dot(dv,dv);}}else{let base=(b*dims.c1+cc-dims.c0)*dims.hwv;for(var p=lid;p<dims.hwv;p+=256u){let v=x1[base+p];let dv=v-vec4<f32>(mean);q+=dot(dv,dv);}}}let rstd=inverseSqrt(reduce(lid,q,opaque)/count+0.00000999999975);for(var j=lid;j<dims.cpg;j+=256u){let ch=g0+j;let scale=params[dims.gOff+ch]*rstd;stats[(b*dims.c+ch)*2u]=scale;stats[(b*dims.c+ch)*2u+1u]=params[dims.bOff+ch]-mean*scale;}}";

// kiln:source/gpu/kernels/06_fused_conv2d.wgsl
var fused_conv2d_default5 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>stats:array<f32>;@group(0)@binding(2)var<storage,read>temb:array<f32>;@group(0)@binding(3)var<storage,read>params:array<f32>;@group(0)@binding(4)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,960>;var<workgroup>ws:array<vec4<f32>,576>;var<workgroup>red:array<vec4<f32>,128>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(64)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/2u)*4u;let ox0=(wid.x%2u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<32u+opaque;c0+=16u){for(var e=lid;e<960u;e+=64u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=x0[(b*32u+ci)*256u+u32(iy)*16u+u32(ix)];v=silu(fma(v,stats[(b*32u+ci)*2u],stats[(b*32u+ci)*2u+1u]));}xs[e]=v;}for(var e=lid;e<576u;e+=64u){let q=e/144u;let rem=e%144u;let co=co0+q*4u;let wa=(min(co,31u)*32u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+288u],params[wa+576u],params[wa+864u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<8u+opaque;cl++){let c=kslice*8u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,31u)+9216u]+temb[b*416u+min(co0+co4*4u+0u,31u)];let add1=params[min(co0+co4*4u+1u,31u)+9216u]+temb[b*416u+min(co0+co4*4u+1u,31u)];let add2=params[min(co0+co4*4u+2u,31u)+9216u]+temb[b*416u+min(co0+co4*4u+2u,31u)];let add3=params[min(co0+co4*4u+3u,31u)+9216u]+temb[b*416u+min(co0+co4*4u+3u,31u)];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*32u+co0+co4*4u+0u)*16u+oy)*16u+ox;y[o]=a[0]+add0;}{let o=((b*32u+co0+co4*4u+1u)*16u+oy)*16u+ox;y[o]=a[1]+add1;}{let o=((b*32u+co0+co4*4u+2u)*16u+oy)*16u+ox;y[o]=a[2]+add2;}{let o=((b*32u+co0+co4*4u+3u)*16u+oy)*16u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/kernels/07_fused_conv2d.wgsl
var fused_conv2d_default6 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>stats:array<f32>;@group(0)@binding(2)var<storage,read>res:array<f32>;@group(0)@binding(3)var<storage,read>params:array<f32>;@group(0)@binding(4)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,960>;var<workgroup>ws:array<vec4<f32>,576>;var<workgroup>red:array<vec4<f32>,128>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(64)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/2u)*4u;let ox0=(wid.x%2u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<32u+opaque;c0+=16u){for(var e=lid;e<960u;e+=64u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=x0[(b*32u+ci)*256u+u32(iy)*16u+u32(ix)];v=silu(fma(v,stats[(b*32u+ci)*2u],stats[(b*32u+ci)*2u+1u]));}xs[e]=v;}for(var e=lid;e<576u;e+=64u){let q=e/144u;let rem=e%144u;let co=co0+q*4u;let wa=(min(co,31u)*32u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+288u],params[wa+576u],params[wa+864u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<8u+opaque;cl++){let c=kslice*8u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,31u)+9216u];let add1=params[min(co0+co4*4u+1u,31u)+9216u];let add2=params[min(co0+co4*4u+2u,31u)+9216u];let add3=params[min(co0+co4*4u+3u,31u)+9216u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*32u+co0+co4*4u+0u)*16u+oy)*16u+ox;y[o]=a[0]+add0+res[o];}{let o=((b*32u+co0+co4*4u+1u)*16u+oy)*16u+ox;y[o]=a[1]+add1+res[o];}{let o=((b*32u+co0+co4*4u+2u)*16u+oy)*16u+ox;y[o]=a[2]+add2+res[o];}{let o=((b*32u+co0+co4*4u+3u)*16u+oy)*16u+ox;y[o]=a[3]+add3+res[o];}}}}";

// kiln:source/gpu/kernels/08_group_norm_stats.wgsl
var group_norm_stats_default4 = "struct Dims{groups:u32,c:u32,hwv:u32,cpg:u32,count:u32,gOff:u32,bOff:u32,c0:u32,c1:u32}@group(0)@binding(0)var<storage,read>x0:array<vec4<f32>>;@group(0)@binding(1)var<storage,read>x1:array<vec4<f32>>;@group(0)@binding(2)var<storage,read>params:array<f32>;@group(0)@binding(3)var<uniform>dims:Dims;@group(0)@binding(4)var<storage,read_write>stats:array<f32>;var<workgroup>partial:array<f32,256>;fn reduce(lid:u32,v:f32,opaque:u32)->f32{partial[lid]=v;workgroupBarrier();for(var stride=128u;stride>opaque;stride>>=1u){if(lid<stride){partial[lid]+=partial[lid+stride];}workgroupBarrier();}let total=partial[0];workgroupBarrier();return total;}@compute@workgroup_size(256)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let opaque=nwg.z>>31u;let b=wid.x/dims.groups;let g0=(wid.x%dims.groups)*dims.cpg;let count=f32(dims.count);var s=0.0;for(var ch=0u;ch<dims.cpg;ch++){let cc=g0+ch;if(cc<dims.c0){let base=(b*dims.c0+cc)*dims.hwv;for(var p=lid;p<dims.hwv;p+=256u){let v=x0[base+p];s+=dot(v,vec4<f32>(1.0));}}else{let base=(b*dims.c1+cc-dims.c0)*dims.hwv;for(var p=lid;p<dims.hwv;p+=256u){let v=x1[base+p];s+=dot(v,vec4<f32>(1.0));}}}let mean=reduce(lid,s,opaque)/count;var q=0.0;for(var ch=0u;ch<dims.cpg;ch++){let cc=g0+ch;if(cc<dims.c0){let base=(b*dims.c0+cc)*dims.hwv;for(var p=lid;p<dims.hwv;p+=256u){let v=x0[base+p];let dv=v-vec4<f32>(mean);q+=dot(dv,dv);}}else{let base=(b*dims.c1+cc-dims.c0)*dims.hwv;for(var p=lid;p<dims.hwv;p+=256u){let v=x1[base+p];let dv=v-vec4<f32>(mean);q+=dot(dv,dv);}}}let rstd=inverseSqrt(reduce(lid,q,opaque)/count+9.99999997e-7);for(var j=lid;j<dims.cpg;j+=256u){let ch=g0+j;let scale=params[dims.gOff+ch]*rstd;stats[(b*dims.c+ch)*2u]=scale;stats[(b*dims.c+ch)*2u+1u]=params[dims.bOff+ch]-mean*scale;}}";

// kiln:source/gpu/kernels/09_fused_conv2d.wgsl
var fused_conv2d_default7 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>stats:array<f32>;@group(0)@binding(2)var<storage,read>params:array<f32>;@group(0)@binding(3)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,512>;var<workgroup>ws:array<vec4<f32>,64>;var<workgroup>red:array<vec4<f32>,128>;@compute@workgroup_size(64)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/2u)*4u;let ox0=(wid.x%2u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<32u+opaque;c0+=16u){for(var e=lid;e<512u;e+=64u){let ci=c0+e/32u;let rem=e%32u;let iy=i32(oy0*1u)-0+i32(rem/8u);let ix=i32(ox0*1u)-0+i32(rem%8u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=x0[(b*32u+ci)*256u+u32(iy)*16u+u32(ix)];v=fma(v,stats[(b*32u+ci)*2u],stats[(b*32u+ci)*2u+1u]);}xs[e]=v;}for(var e=lid;e<64u;e+=64u){let q=e/16u;let rem=e%16u;let co=co0+q*4u;let wa=min(co,31u)*32u+c0+rem/1u+rem%1u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+32u],params[wa+64u],params[wa+96u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<8u+opaque;cl++){let c=kslice*8u+cl;for(var ky=0u;ky<1u+opaque;ky++){let xr=(c*4u+ly+ky)*8u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let wr=(c+ky)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,31u)+1024u];let add1=params[min(co0+co4*4u+1u,31u)+1024u];let add2=params[min(co0+co4*4u+2u,31u)+1024u];let add3=params[min(co0+co4*4u+3u,31u)+1024u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*32u+co0+co4*4u+0u)*16u+oy)*16u+ox;y[o]=a[0]+add0;}{let o=((b*32u+co0+co4*4u+1u)*16u+oy)*16u+ox;y[o]=a[1]+add1;}{let o=((b*32u+co0+co4*4u+2u)*16u+oy)*16u+ox;y[o]=a[2]+add2;}{let o=((b*32u+co0+co4*4u+3u)*16u+oy)*16u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/kernels/10_to_tokens.wgsl
var to_tokens_default3 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=8192u){return;}let c=i%32u;let p=(i/32u)%256u;let n=i/8192u;y[i]=x[(n*32u+c)*256u+p];}";

// kiln:source/gpu/kernels/11_layer_norm.wgsl
var layer_norm_default3 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=256u){return;}let opaque=nwg.z>>31u;var mean=0.0;for(var k=0u;k<32u+opaque;k++){mean+=x[i*32u+k];}mean=mean/32.0000000;var v=0.0;for(var k=0u;k<32u+opaque;k++){let d=x[i*32u+k]-mean;v=fma(d,d,v);}let rstd=inverseSqrt(v/32.0000000+0.00000999999975);for(var k=0u;k<32u+opaque;k++){y[i*32u+k]=fma((x[i*32u+k]-mean)*rstd,params[k],params[k+32u]);}}";

// kiln:source/gpu/kernels/12_token_linear.wgsl
var token_linear_default11 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=8192u){return;}let opaque=nwg.z>>31u;let o=i%32u;let r=i/32u;var acc=0.0;for(var k=0u;k<32u+opaque;k++){acc=fma(x[r*32u+k],params[o*32u+k],acc);}y[i]=acc;}";

// kiln:source/gpu/kernels/13_cross_attention.wgsl
var cross_attention_default5 = "@group(0)@binding(0)var<storage,read>qs:array<f32>;@group(0)@binding(1)var<storage,read>ks:array<f32>;@group(0)@binding(2)var<storage,read>vs:array<f32>;@group(0)@binding(3)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=2048u){return;}let opaque=nwg.z>>31u;let qi=i%256u;let head=(i/256u)%8u;let bi=i/2048u;var qv:array<f32,4>;var acc:array<f32,4>;for(var e=0u;e<4u;e++){qv[e]=qs[(bi*256u+qi)*32u+head*4u+e]*0.500000000;acc[e]=0.0;}var m= -3.4e38;var l=0.0;for(var kj=0u;kj<256u+opaque;kj++){var sc=0.0;for(var e=0u;e<4u;e++){sc=fma(qv[e],ks[(bi*256u+kj)*32u+head*4u+e],sc);}let mNew=max(m,sc);let scale=exp(m-mNew);let p=exp(sc-mNew);l=fma(l,scale,p);for(var e=0u;e<4u;e++){acc[e]=fma(acc[e],scale,p*vs[(bi*256u+kj)*32u+head*4u+e]);}m=mNew;}for(var e=0u;e<4u;e++){y[(bi*256u+qi)*32u+head*4u+e]=acc[e]/l;}}";

// kiln:source/gpu/kernels/14_token_linear.wgsl
var token_linear_default12 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=8192u){return;}let opaque=nwg.z>>31u;let o=i%32u;let r=i/32u;var acc=params[o+1024u];for(var k=0u;k<32u+opaque;k++){acc=fma(x[r*32u+k],params[o*32u+k],acc);}y[i]=acc;}";

// kiln:source/gpu/kernels/15_add.wgsl
var add_default3 = "@group(0)@binding(0)var<storage,read>a:array<f32>;@group(0)@binding(1)var<storage,read>b:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=8192u){return;}y[i]=a[i]+b[i];}";

// kiln:source/gpu/kernels/16_token_linear.wgsl
var token_linear_default13 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=256u){return;}let opaque=nwg.z>>31u;let o=i%32u;let r=i/32u;var acc=0.0;for(var k=0u;k<32u+opaque;k++){acc=fma(x[r*32u+k],params[o*32u+k],acc);}y[i]=acc;}";

// kiln:source/gpu/kernels/17_cross_attention.wgsl
var cross_attention_default6 = "@group(0)@binding(0)var<storage,read>qs:array<f32>;@group(0)@binding(1)var<storage,read>ks:array<f32>;@group(0)@binding(2)var<storage,read>vs:array<f32>;@group(0)@binding(3)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=2048u){return;}let opaque=nwg.z>>31u;let qi=i%256u;let head=(i/256u)%8u;let bi=i/2048u;var qv:array<f32,4>;var acc:array<f32,4>;for(var e=0u;e<4u;e++){qv[e]=qs[(bi*256u+qi)*32u+head*4u+e]*0.500000000;acc[e]=0.0;}var m= -3.4e38;var l=0.0;for(var kj=0u;kj<8u+opaque;kj++){var sc=0.0;for(var e=0u;e<4u;e++){sc=fma(qv[e],ks[(bi*8u+kj)*32u+head*4u+e],sc);}let mNew=max(m,sc);let scale=exp(m-mNew);let p=exp(sc-mNew);l=fma(l,scale,p);for(var e=0u;e<4u;e++){acc[e]=fma(acc[e],scale,p*vs[(bi*8u+kj)*32u+head*4u+e]);}m=mNew;}for(var e=0u;e<4u;e++){y[(bi*256u+qi)*32u+head*4u+e]=acc[e]/l;}}";

// kiln:source/gpu/kernels/18_token_linear.wgsl
var token_linear_default14 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;fn erf_approx(v:f32)->f32{let a=abs(v);let t=1.0/fma(0.327591091,a,1.0);let poly=t*(0.254829586+t*(-0.284496725+t*(1.42141378+t*(-1.45315206+t*1.06140542))));return sign(v)*(1.0-poly*exp(-a*a));}fn gelu(v:f32)->f32{return 0.5*v*(1.0+erf_approx(v*0.707106769));}@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=32768u){return;}let opaque=nwg.z>>31u;let o=i%128u;let r=i/128u;var a=params[o+8192u];var g=params[o+128u+8192u];for(var k=0u;k<32u+opaque;k++){let xv=x[r*32u+k];a=fma(xv,params[o*32u+k],a);g=fma(xv,params[(o+128u)*32u+k],g);}y[i]=a*gelu(g);}";

// kiln:source/gpu/kernels/19_token_linear.wgsl
var token_linear_default15 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=8192u){return;}let opaque=nwg.z>>31u;let o=i%32u;let r=i/32u;var acc=params[o+4096u];for(var k=0u;k<128u+opaque;k++){acc=fma(x[r*128u+k],params[o*128u+k],acc);}y[i]=acc;}";

// kiln:source/gpu/kernels/20_to_map.wgsl
var to_map_default3 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=8192u){return;}let p=i%256u;let c=(i/256u)%32u;let n=i/8192u;y[i]=x[(n*256u+p)*32u+c];}";

// kiln:source/gpu/kernels/21_fused_conv2d.wgsl
var fused_conv2d_default8 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>res:array<f32>;@group(0)@binding(2)var<storage,read>params:array<f32>;@group(0)@binding(3)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,512>;var<workgroup>ws:array<vec4<f32>,64>;var<workgroup>red:array<vec4<f32>,128>;@compute@workgroup_size(64)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/2u)*4u;let ox0=(wid.x%2u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<32u+opaque;c0+=16u){for(var e=lid;e<512u;e+=64u){let ci=c0+e/32u;let rem=e%32u;let iy=i32(oy0*1u)-0+i32(rem/8u);let ix=i32(ox0*1u)-0+i32(rem%8u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=x0[(b*32u+ci)*256u+u32(iy)*16u+u32(ix)];}xs[e]=v;}for(var e=lid;e<64u;e+=64u){let q=e/16u;let rem=e%16u;let co=co0+q*4u;let wa=min(co,31u)*32u+c0+rem/1u+rem%1u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+32u],params[wa+64u],params[wa+96u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<8u+opaque;cl++){let c=kslice*8u+cl;for(var ky=0u;ky<1u+opaque;ky++){let xr=(c*4u+ly+ky)*8u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let wr=(c+ky)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,31u)+1024u];let add1=params[min(co0+co4*4u+1u,31u)+1024u];let add2=params[min(co0+co4*4u+2u,31u)+1024u];let add3=params[min(co0+co4*4u+3u,31u)+1024u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*32u+co0+co4*4u+0u)*16u+oy)*16u+ox;y[o]=a[0]+add0+res[o];}{let o=((b*32u+co0+co4*4u+1u)*16u+oy)*16u+ox;y[o]=a[1]+add1+res[o];}{let o=((b*32u+co0+co4*4u+2u)*16u+oy)*16u+ox;y[o]=a[2]+add2+res[o];}{let o=((b*32u+co0+co4*4u+3u)*16u+oy)*16u+ox;y[o]=a[3]+add3+res[o];}}}}";

// kiln:source/gpu/kernels/22_fused_conv2d.wgsl
var fused_conv2d_default9 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,1224>;var<workgroup>ws:array<vec4<f32>,288>;var<workgroup>red:array<vec4<f32>,128>;@compute@workgroup_size(64)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/1u)*4u;let ox0=(wid.x%1u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<32u+opaque;c0+=8u){for(var e=lid;e<1224u;e+=64u){let ci=c0+e/153u;let rem=e%153u;let iy=i32(oy0*2u)-1+i32(rem/17u);let ix=i32(ox0*2u)-1+i32(rem%17u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=x0[(b*32u+ci)*256u+u32(iy)*16u+u32(ix)];}xs[e]=v;}for(var e=lid;e<288u;e+=64u){let q=e/72u;let rem=e%72u;let co=co0+q*4u;let wa=(min(co,31u)*32u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+288u],params[wa+576u],params[wa+864u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<4u+opaque;cl++){let c=kslice*4u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*9u+ly*2u+ky)*17u+lx*2u;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let v6=xs[xr+6u];let v7=xs[xr+7u];let v8=xs[xr+8u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v6),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v5),wv,acc2);acc3=fma(vec4<f32>(v7),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v4),wv,acc1);acc2=fma(vec4<f32>(v6),wv,acc2);acc3=fma(vec4<f32>(v8),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,31u)+9216u];let add1=params[min(co0+co4*4u+1u,31u)+9216u];let add2=params[min(co0+co4*4u+2u,31u)+9216u];let add3=params[min(co0+co4*4u+3u,31u)+9216u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*32u+co0+co4*4u+0u)*8u+oy)*8u+ox;y[o]=a[0]+add0;}{let o=((b*32u+co0+co4*4u+1u)*8u+oy)*8u+ox;y[o]=a[1]+add1;}{let o=((b*32u+co0+co4*4u+2u)*8u+oy)*8u+ox;y[o]=a[2]+add2;}{let o=((b*32u+co0+co4*4u+3u)*8u+oy)*8u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/kernels/23_fused_conv2d.wgsl
var fused_conv2d_default10 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>stats:array<f32>;@group(0)@binding(2)var<storage,read>temb:array<f32>;@group(0)@binding(3)var<storage,read>params:array<f32>;@group(0)@binding(4)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,960>;var<workgroup>ws:array<vec4<f32>,576>;var<workgroup>red:array<vec4<f32>,128>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(64)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/1u)*4u;let ox0=(wid.x%1u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<32u+opaque;c0+=16u){for(var e=lid;e<960u;e+=64u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=x0[(b*32u+ci)*64u+u32(iy)*8u+u32(ix)];v=silu(fma(v,stats[(b*32u+ci)*2u],stats[(b*32u+ci)*2u+1u]));}xs[e]=v;}for(var e=lid;e<576u;e+=64u){let q=e/144u;let rem=e%144u;let co=co0+q*4u;let wa=(min(co,63u)*32u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+288u],params[wa+576u],params[wa+864u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<8u+opaque;cl++){let c=kslice*8u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,63u)+18432u]+temb[b*416u+min(co0+co4*4u+0u,63u)+32u];let add1=params[min(co0+co4*4u+1u,63u)+18432u]+temb[b*416u+min(co0+co4*4u+1u,63u)+32u];let add2=params[min(co0+co4*4u+2u,63u)+18432u]+temb[b*416u+min(co0+co4*4u+2u,63u)+32u];let add3=params[min(co0+co4*4u+3u,63u)+18432u]+temb[b*416u+min(co0+co4*4u+3u,63u)+32u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*64u+co0+co4*4u+0u)*8u+oy)*8u+ox;y[o]=a[0]+add0;}{let o=((b*64u+co0+co4*4u+1u)*8u+oy)*8u+ox;y[o]=a[1]+add1;}{let o=((b*64u+co0+co4*4u+2u)*8u+oy)*8u+ox;y[o]=a[2]+add2;}{let o=((b*64u+co0+co4*4u+3u)*8u+oy)*8u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/kernels/24_fused_conv2d.wgsl
var fused_conv2d_default11 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>stats:array<f32>;@group(0)@binding(2)var<storage,read>r0:array<f32>;@group(0)@binding(3)var<storage,read>params:array<f32>;@group(0)@binding(4)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,480>;var<workgroup>ws:array<vec4<f32>,288>;var<workgroup>red:array<vec4<f32>,384>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(128)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/1u)*4u;let ox0=(wid.x%1u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<64u+opaque;c0+=8u){for(var e=lid;e<480u;e+=128u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=x0[(b*64u+ci)*64u+u32(iy)*8u+u32(ix)];v=silu(fma(v,stats[(b*64u+ci)*2u],stats[(b*64u+ci)*2u+1u]));}xs[e]=v;}for(var e=lid;e<288u;e+=128u){let q=e/72u;let rem=e%72u;let co=co0+q*4u;let wa=(min(co,63u)*64u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+576u],params[wa+1152u],params[wa+1728u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}for(var c0=0u;c0<32u+opaque;c0+=8u){for(var e=lid;e<256u;e+=128u){let ci=c0+e/32u;let rem=e%32u;let iy=i32(oy0*1u)-0+i32(rem/8u);let ix=i32(ox0*1u)-0+i32(rem%8u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=r0[(b*32u+ci)*64u+u32(iy)*8u+u32(ix)];}xs[e]=v;}for(var e=lid;e<32u;e+=128u){let q=e/8u;let rem=e%8u;let co=co0+q*4u;let wa=min(co,63u)*32u+c0+rem/1u+rem%1u+36928u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+32u],params[wa+64u],params[wa+96u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<1u+opaque;ky++){let xr=(c*4u+ly+ky)*8u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let wr=(c+ky)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=128u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=256u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,63u)+36864u]+params[min(co0+co4*4u+0u,63u)+38976u];let add1=params[min(co0+co4*4u+1u,63u)+36864u]+params[min(co0+co4*4u+1u,63u)+38976u];let add2=params[min(co0+co4*4u+2u,63u)+36864u]+params[min(co0+co4*4u+2u,63u)+38976u];let add3=params[min(co0+co4*4u+3u,63u)+36864u]+params[min(co0+co4*4u+3u,63u)+38976u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*64u+co0+co4*4u+0u)*8u+oy)*8u+ox;y[o]=a[0]+add0;}{let o=((b*64u+co0+co4*4u+1u)*8u+oy)*8u+ox;y[o]=a[1]+add1;}{let o=((b*64u+co0+co4*4u+2u)*8u+oy)*8u+ox;y[o]=a[2]+add2;}{let o=((b*64u+co0+co4*4u+3u)*8u+oy)*8u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/kernels/25_fused_conv2d.wgsl
var fused_conv2d_default12 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>stats:array<f32>;@group(0)@binding(2)var<storage,read>temb:array<f32>;@group(0)@binding(3)var<storage,read>params:array<f32>;@group(0)@binding(4)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,480>;var<workgroup>ws:array<vec4<f32>,288>;var<workgroup>red:array<vec4<f32>,384>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(128)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/1u)*4u;let ox0=(wid.x%1u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<64u+opaque;c0+=8u){for(var e=lid;e<480u;e+=128u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=x0[(b*64u+ci)*64u+u32(iy)*8u+u32(ix)];v=silu(fma(v,stats[(b*64u+ci)*2u],stats[(b*64u+ci)*2u+1u]));}xs[e]=v;}for(var e=lid;e<288u;e+=128u){let q=e/72u;let rem=e%72u;let co=co0+q*4u;let wa=(min(co,63u)*64u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+576u],params[wa+1152u],params[wa+1728u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=128u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=256u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,63u)+36864u]+temb[b*416u+min(co0+co4*4u+0u,63u)+96u];let add1=params[min(co0+co4*4u+1u,63u)+36864u]+temb[b*416u+min(co0+co4*4u+1u,63u)+96u];let add2=params[min(co0+co4*4u+2u,63u)+36864u]+temb[b*416u+min(co0+co4*4u+2u,63u)+96u];let add3=params[min(co0+co4*4u+3u,63u)+36864u]+temb[b*416u+min(co0+co4*4u+3u,63u)+96u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*64u+co0+co4*4u+0u)*8u+oy)*8u+ox;y[o]=a[0]+add0;}{let o=((b*64u+co0+co4*4u+1u)*8u+oy)*8u+ox;y[o]=a[1]+add1;}{let o=((b*64u+co0+co4*4u+2u)*8u+oy)*8u+ox;y[o]=a[2]+add2;}{let o=((b*64u+co0+co4*4u+3u)*8u+oy)*8u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/kernels/26_fused_conv2d.wgsl
var fused_conv2d_default13 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>stats:array<f32>;@group(0)@binding(2)var<storage,read>res:array<f32>;@group(0)@binding(3)var<storage,read>params:array<f32>;@group(0)@binding(4)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,480>;var<workgroup>ws:array<vec4<f32>,288>;var<workgroup>red:array<vec4<f32>,384>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(128)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/1u)*4u;let ox0=(wid.x%1u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<64u+opaque;c0+=8u){for(var e=lid;e<480u;e+=128u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=x0[(b*64u+ci)*64u+u32(iy)*8u+u32(ix)];v=silu(fma(v,stats[(b*64u+ci)*2u],stats[(b*64u+ci)*2u+1u]));}xs[e]=v;}for(var e=lid;e<288u;e+=128u){let q=e/72u;let rem=e%72u;let co=co0+q*4u;let wa=(min(co,63u)*64u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+576u],params[wa+1152u],params[wa+1728u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=128u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=256u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,63u)+36864u];let add1=params[min(co0+co4*4u+1u,63u)+36864u];let add2=params[min(co0+co4*4u+2u,63u)+36864u];let add3=params[min(co0+co4*4u+3u,63u)+36864u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*64u+co0+co4*4u+0u)*8u+oy)*8u+ox;y[o]=a[0]+add0+res[o];}{let o=((b*64u+co0+co4*4u+1u)*8u+oy)*8u+ox;y[o]=a[1]+add1+res[o];}{let o=((b*64u+co0+co4*4u+2u)*8u+oy)*8u+ox;y[o]=a[2]+add2+res[o];}{let o=((b*64u+co0+co4*4u+3u)*8u+oy)*8u+ox;y[o]=a[3]+add3+res[o];}}}}";

// kiln:source/gpu/kernels/27_fused_conv2d.wgsl
var fused_conv2d_default14 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>stats:array<f32>;@group(0)@binding(2)var<storage,read>params:array<f32>;@group(0)@binding(3)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,1024>;var<workgroup>ws:array<vec4<f32>,128>;var<workgroup>red:array<vec4<f32>,384>;@compute@workgroup_size(128)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/1u)*4u;let ox0=(wid.x%1u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<64u+opaque;c0+=32u){for(var e=lid;e<1024u;e+=128u){let ci=c0+e/32u;let rem=e%32u;let iy=i32(oy0*1u)-0+i32(rem/8u);let ix=i32(ox0*1u)-0+i32(rem%8u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=x0[(b*64u+ci)*64u+u32(iy)*8u+u32(ix)];v=fma(v,stats[(b*64u+ci)*2u],stats[(b*64u+ci)*2u+1u]);}xs[e]=v;}for(var e=lid;e<128u;e+=128u){let q=e/32u;let rem=e%32u;let co=co0+q*4u;let wa=min(co,63u)*64u+c0+rem/1u+rem%1u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+64u],params[wa+128u],params[wa+192u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<8u+opaque;cl++){let c=kslice*8u+cl;for(var ky=0u;ky<1u+opaque;ky++){let xr=(c*4u+ly+ky)*8u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let wr=(c+ky)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=128u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=256u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,63u)+4096u];let add1=params[min(co0+co4*4u+1u,63u)+4096u];let add2=params[min(co0+co4*4u+2u,63u)+4096u];let add3=params[min(co0+co4*4u+3u,63u)+4096u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*64u+co0+co4*4u+0u)*8u+oy)*8u+ox;y[o]=a[0]+add0;}{let o=((b*64u+co0+co4*4u+1u)*8u+oy)*8u+ox;y[o]=a[1]+add1;}{let o=((b*64u+co0+co4*4u+2u)*8u+oy)*8u+ox;y[o]=a[2]+add2;}{let o=((b*64u+co0+co4*4u+3u)*8u+oy)*8u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/kernels/28_to_tokens.wgsl
var to_tokens_default4 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=4096u){return;}let c=i%64u;let p=(i/64u)%64u;let n=i/4096u;y[i]=x[(n*64u+c)*64u+p];}";

// kiln:source/gpu/kernels/29_layer_norm.wgsl
var layer_norm_default4 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=64u){return;}let opaque=nwg.z>>31u;var mean=0.0;for(var k=0u;k<64u+opaque;k++){mean+=x[i*64u+k];}mean=mean/64.0000000;var v=0.0;for(var k=0u;k<64u+opaque;k++){let d=x[i*64u+k]-mean;v=fma(d,d,v);}let rstd=inverseSqrt(v/64.0000000+0.00000999999975);for(var k=0u;k<64u+opaque;k++){y[i*64u+k]=fma((x[i*64u+k]-mean)*rstd,params[k],params[k+64u]);}}";

// kiln:source/gpu/kernels/30_token_linear.wgsl
var token_linear_default16 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=4096u){return;}let opaque=nwg.z>>31u;let o=i%64u;let r=i/64u;var acc=0.0;for(var k=0u;k<64u+opaque;k++){acc=fma(x[r*64u+k],params[o*64u+k],acc);}y[i]=acc;}";

// kiln:source/gpu/kernels/31_cross_attention.wgsl
var cross_attention_default7 = "@group(0)@binding(0)var<storage,read>qs:array<f32>;@group(0)@binding(1)var<storage,read>ks:array<f32>;@group(0)@binding(2)var<storage,read>vs:array<f32>;@group(0)@binding(3)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=512u){return;}let opaque=nwg.z>>31u;let qi=i%64u;let head=(i/64u)%8u;let bi=i/512u;var qv:array<f32,8>;var acc:array<f32,8>;for(var e=0u;e<8u;e++){qv[e]=qs[(bi*64u+qi)*64u+head*8u+e]*0.353553385;acc[e]=0.0;}var m= -3.4e38;var l=0.0;for(var kj=0u;kj<64u+opaque;kj++){var sc=0.0;for(var e=0u;e<8u;e++){sc=fma(qv[e],ks[(bi*64u+kj)*64u+head*8u+e],sc);}let mNew=max(m,sc);let scale=exp(m-mNew);let p=exp(sc-mNew);l=fma(l,scale,p);for(var e=0u;e<8u;e++){acc[e]=fma(acc[e],scale,p*vs[(bi*64u+kj)*64u+head*8u+e]);}m=mNew;}for(var e=0u;e<8u;e++){y[(bi*64u+qi)*64u+head*8u+e]=acc[e]/l;}}";

// kiln:source/gpu/kernels/32_token_linear.wgsl
var token_linear_default17 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=4096u){return;}let opaque=nwg.z>>31u;let o=i%64u;let r=i/64u;var acc=params[o+4096u];for(var k=0u;k<64u+opaque;k++){acc=fma(x[r*64u+k],params[o*64u+k],acc);}y[i]=acc;}";

// kiln:source/gpu/kernels/33_add.wgsl
var add_default4 = "@group(0)@binding(0)var<storage,read>a:array<f32>;@group(0)@binding(1)var<storage,read>b:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=4096u){return;}y[i]=a[i]+b[i];}";

// kiln:source/gpu/kernels/34_token_linear.wgsl
var token_linear_default18 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=512u){return;}let opaque=nwg.z>>31u;let o=i%64u;let r=i/64u;var acc=0.0;for(var k=0u;k<32u+opaque;k++){acc=fma(x[r*32u+k],params[o*32u+k],acc);}y[i]=acc;}";

// kiln:source/gpu/kernels/35_cross_attention.wgsl
var cross_attention_default8 = "@group(0)@binding(0)var<storage,read>qs:array<f32>;@group(0)@binding(1)var<storage,read>ks:array<f32>;@group(0)@binding(2)var<storage,read>vs:array<f32>;@group(0)@binding(3)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=512u){return;}let opaque=nwg.z>>31u;let qi=i%64u;let head=(i/64u)%8u;let bi=i/512u;var qv:array<f32,8>;var acc:array<f32,8>;for(var e=0u;e<8u;e++){qv[e]=qs[(bi*64u+qi)*64u+head*8u+e]*0.353553385;acc[e]=0.0;}var m= -3.4e38;var l=0.0;for(var kj=0u;kj<8u+opaque;kj++){var sc=0.0;for(var e=0u;e<8u;e++){sc=fma(qv[e],ks[(bi*8u+kj)*64u+head*8u+e],sc);}let mNew=max(m,sc);let scale=exp(m-mNew);let p=exp(sc-mNew);l=fma(l,scale,p);for(var e=0u;e<8u;e++){acc[e]=fma(acc[e],scale,p*vs[(bi*8u+kj)*64u+head*8u+e]);}m=mNew;}for(var e=0u;e<8u;e++){y[(bi*64u+qi)*64u+head*8u+e]=acc[e]/l;}}";

// kiln:source/gpu/kernels/36_token_linear.wgsl
var token_linear_default19 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;fn erf_approx(v:f32)->f32{let a=abs(v);let t=1.0/fma(0.327591091,a,1.0);let poly=t*(0.254829586+t*(-0.284496725+t*(1.42141378+t*(-1.45315206+t*1.06140542))));return sign(v)*(1.0-poly*exp(-a*a));}fn gelu(v:f32)->f32{return 0.5*v*(1.0+erf_approx(v*0.707106769));}@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=16384u){return;}let opaque=nwg.z>>31u;let o=i%256u;let r=i/256u;var a=params[o+32768u];var g=params[o+256u+32768u];for(var k=0u;k<64u+opaque;k++){let xv=x[r*64u+k];a=fma(xv,params[o*64u+k],a);g=fma(xv,params[(o+256u)*64u+k],g);}y[i]=a*gelu(g);}";

// kiln:source/gpu/kernels/37_token_linear.wgsl
var token_linear_default20 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=4096u){return;}let opaque=nwg.z>>31u;let o=i%64u;let r=i/64u;var acc=params[o+16384u];for(var k=0u;k<256u+opaque;k++){acc=fma(x[r*256u+k],params[o*256u+k],acc);}y[i]=acc;}";

// kiln:source/gpu/kernels/38_to_map.wgsl
var to_map_default4 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=4096u){return;}let p=i%64u;let c=(i/64u)%64u;let n=i/4096u;y[i]=x[(n*64u+p)*64u+c];}";

// kiln:source/gpu/kernels/39_fused_conv2d.wgsl
var fused_conv2d_default15 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>res:array<f32>;@group(0)@binding(2)var<storage,read>params:array<f32>;@group(0)@binding(3)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,1024>;var<workgroup>ws:array<vec4<f32>,128>;var<workgroup>red:array<vec4<f32>,384>;@compute@workgroup_size(128)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/1u)*4u;let ox0=(wid.x%1u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<64u+opaque;c0+=32u){for(var e=lid;e<1024u;e+=128u){let ci=c0+e/32u;let rem=e%32u;let iy=i32(oy0*1u)-0+i32(rem/8u);let ix=i32(ox0*1u)-0+i32(rem%8u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=x0[(b*64u+ci)*64u+u32(iy)*8u+u32(ix)];}xs[e]=v;}for(var e=lid;e<128u;e+=128u){let q=e/32u;let rem=e%32u;let co=co0+q*4u;let wa=min(co,63u)*64u+c0+rem/1u+rem%1u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+64u],params[wa+128u],params[wa+192u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<8u+opaque;cl++){let c=kslice*8u+cl;for(var ky=0u;ky<1u+opaque;ky++){let xr=(c*4u+ly+ky)*8u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let wr=(c+ky)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=128u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=256u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,63u)+4096u];let add1=params[min(co0+co4*4u+1u,63u)+4096u];let add2=params[min(co0+co4*4u+2u,63u)+4096u];let add3=params[min(co0+co4*4u+3u,63u)+4096u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*64u+co0+co4*4u+0u)*8u+oy)*8u+ox;y[o]=a[0]+add0+res[o];}{let o=((b*64u+co0+co4*4u+1u)*8u+oy)*8u+ox;y[o]=a[1]+add1+res[o];}{let o=((b*64u+co0+co4*4u+2u)*8u+oy)*8u+ox;y[o]=a[2]+add2+res[o];}{let o=((b*64u+co0+co4*4u+3u)*8u+oy)*8u+ox;y[o]=a[3]+add3+res[o];}}}}";

// kiln:source/gpu/kernels/40_fused_conv2d.wgsl
var fused_conv2d_default16 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>stats:array<f32>;@group(0)@binding(2)var<storage,read>temb:array<f32>;@group(0)@binding(3)var<storage,read>params:array<f32>;@group(0)@binding(4)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,480>;var<workgroup>ws:array<vec4<f32>,288>;var<workgroup>red:array<vec4<f32>,384>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(128)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/1u)*4u;let ox0=(wid.x%1u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<64u+opaque;c0+=8u){for(var e=lid;e<480u;e+=128u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=x0[(b*64u+ci)*64u+u32(iy)*8u+u32(ix)];v=silu(fma(v,stats[(b*64u+ci)*2u],stats[(b*64u+ci)*2u+1u]));}xs[e]=v;}for(var e=lid;e<288u;e+=128u){let q=e/72u;let rem=e%72u;let co=co0+q*4u;let wa=(min(co,63u)*64u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+576u],params[wa+1152u],params[wa+1728u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=128u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=256u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,63u)+36864u]+temb[b*416u+min(co0+co4*4u+0u,63u)+160u];let add1=params[min(co0+co4*4u+1u,63u)+36864u]+temb[b*416u+min(co0+co4*4u+1u,63u)+160u];let add2=params[min(co0+co4*4u+2u,63u)+36864u]+temb[b*416u+min(co0+co4*4u+2u,63u)+160u];let add3=params[min(co0+co4*4u+3u,63u)+36864u]+temb[b*416u+min(co0+co4*4u+3u,63u)+160u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*64u+co0+co4*4u+0u)*8u+oy)*8u+ox;y[o]=a[0]+add0;}{let o=((b*64u+co0+co4*4u+1u)*8u+oy)*8u+ox;y[o]=a[1]+add1;}{let o=((b*64u+co0+co4*4u+2u)*8u+oy)*8u+ox;y[o]=a[2]+add2;}{let o=((b*64u+co0+co4*4u+3u)*8u+oy)*8u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/kernels/41_fused_conv2d.wgsl
var fused_conv2d_default17 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>x1:array<f32>;@group(0)@binding(2)var<storage,read>stats:array<f32>;@group(0)@binding(3)var<storage,read>temb:array<f32>;@group(0)@binding(4)var<storage,read>params:array<f32>;@group(0)@binding(5)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,480>;var<workgroup>ws:array<vec4<f32>,288>;var<workgroup>red:array<vec4<f32>,384>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(128)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/1u)*4u;let ox0=(wid.x%1u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<64u+opaque;c0+=8u){for(var e=lid;e<480u;e+=128u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=x0[(b*64u+ci)*64u+u32(iy)*8u+u32(ix)];v=silu(fma(v,stats[(b*128u+ci)*2u],stats[(b*128u+ci)*2u+1u]));}xs[e]=v;}for(var e=lid;e<288u;e+=128u){let q=e/72u;let rem=e%72u;let co=co0+q*4u;let wa=(min(co,63u)*128u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+1152u],params[wa+2304u],params[wa+3456u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}for(var c0=0u;c0<64u+opaque;c0+=8u){for(var e=lid;e<480u;e+=128u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=x1[(b*64u+ci)*64u+u32(iy)*8u+u32(ix)];v=silu(fma(v,stats[(b*128u+ci+64u)*2u],stats[(b*128u+ci+64u)*2u+1u]));}xs[e]=v;}for(var e=lid;e<288u;e+=128u){let q=e/72u;let rem=e%72u;let co=co0+q*4u;let wa=(min(co,63u)*128u+c0+rem/9u+64u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+1152u],params[wa+2304u],params[wa+3456u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=128u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=256u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,63u)+73728u]+temb[b*416u+min(co0+co4*4u+0u,63u)+224u];let add1=params[min(co0+co4*4u+1u,63u)+73728u]+temb[b*416u+min(co0+co4*4u+1u,63u)+224u];let add2=params[min(co0+co4*4u+2u,63u)+73728u]+temb[b*416u+min(co0+co4*4u+2u,63u)+224u];let add3=params[min(co0+co4*4u+3u,63u)+73728u]+temb[b*416u+min(co0+co4*4u+3u,63u)+224u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*64u+co0+co4*4u+0u)*8u+oy)*8u+ox;y[o]=a[0]+add0;}{let o=((b*64u+co0+co4*4u+1u)*8u+oy)*8u+ox;y[o]=a[1]+add1;}{let o=((b*64u+co0+co4*4u+2u)*8u+oy)*8u+ox;y[o]=a[2]+add2;}{let o=((b*64u+co0+co4*4u+3u)*8u+oy)*8u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/kernels/42_fused_conv2d.wgsl
var fused_conv2d_default18 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>stats:array<f32>;@group(0)@binding(2)var<storage,read>r0:array<f32>;@group(0)@binding(3)var<storage,read>r1:array<f32>;@group(0)@binding(4)var<storage,read>params:array<f32>;@group(0)@binding(5)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,480>;var<workgroup>ws:array<vec4<f32>,288>;var<workgroup>red:array<vec4<f32>,384>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(128)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/1u)*4u;let ox0=(wid.x%1u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<64u+opaque;c0+=8u){for(var e=lid;e<480u;e+=128u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=x0[(b*64u+ci)*64u+u32(iy)*8u+u32(ix)];v=silu(fma(v,stats[(b*64u+ci)*2u],stats[(b*64u+ci)*2u+1u]));}xs[e]=v;}for(var e=lid;e<288u;e+=128u){let q=e/72u;let rem=e%72u;let co=co0+q*4u;let wa=(min(co,63u)*64u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+576u],params[wa+1152u],params[wa+1728u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}for(var c0=0u;c0<64u+opaque;c0+=8u){for(var e=lid;e<256u;e+=128u){let ci=c0+e/32u;let rem=e%32u;let iy=i32(oy0*1u)-0+i32(rem/8u);let ix=i32(ox0*1u)-0+i32(rem%8u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=r0[(b*64u+ci)*64u+u32(iy)*8u+u32(ix)];}xs[e]=v;}for(var e=lid;e<32u;e+=128u){let q=e/8u;let rem=e%8u;let co=co0+q*4u;let wa=min(co,63u)*128u+c0+rem/1u+rem%1u+36928u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+128u],params[wa+256u],params[wa+384u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<1u+opaque;ky++){let xr=(c*4u+ly+ky)*8u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let wr=(c+ky)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}}}workgroupBarrier();}for(var c0=0u;c0<64u+opaque;c0+=8u){for(var e=lid;e<256u;e+=128u){let ci=c0+e/32u;let rem=e%32u;let iy=i32(oy0*1u)-0+i32(rem/8u);let ix=i32(ox0*1u)-0+i32(rem%8u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=r1[(b*64u+ci)*64u+u32(iy)*8u+u32(ix)];}xs[e]=v;}for(var e=lid;e<32u;e+=128u){let q=e/8u;let rem=e%8u;let co=co0+q*4u;let wa=min(co,63u)*128u+c0+rem/1u+64u+rem%1u+36928u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+128u],params[wa+256u],params[wa+384u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<1u+opaque;ky++){let xr=(c*4u+ly+ky)*8u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let wr=(c+ky)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=128u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=256u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,63u)+36864u]+params[min(co0+co4*4u+0u,63u)+45120u];let add1=params[min(co0+co4*4u+1u,63u)+36864u]+params[min(co0+co4*4u+1u,63u)+45120u];let add2=params[min(co0+co4*4u+2u,63u)+36864u]+params[min(co0+co4*4u+2u,63u)+45120u];let add3=params[min(co0+co4*4u+3u,63u)+36864u]+params[min(co0+co4*4u+3u,63u)+45120u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*64u+co0+co4*4u+0u)*8u+oy)*8u+ox;y[o]=a[0]+add0;}{let o=((b*64u+co0+co4*4u+1u)*8u+oy)*8u+ox;y[o]=a[1]+add1;}{let o=((b*64u+co0+co4*4u+2u)*8u+oy)*8u+ox;y[o]=a[2]+add2;}{let o=((b*64u+co0+co4*4u+3u)*8u+oy)*8u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/kernels/43_fused_conv2d.wgsl
var fused_conv2d_default19 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>x1:array<f32>;@group(0)@binding(2)var<storage,read>stats:array<f32>;@group(0)@binding(3)var<storage,read>temb:array<f32>;@group(0)@binding(4)var<storage,read>params:array<f32>;@group(0)@binding(5)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,480>;var<workgroup>ws:array<vec4<f32>,288>;var<workgroup>red:array<vec4<f32>,384>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(128)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/1u)*4u;let ox0=(wid.x%1u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<64u+opaque;c0+=8u){for(var e=lid;e<480u;e+=128u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=x0[(b*64u+ci)*64u+u32(iy)*8u+u32(ix)];v=silu(fma(v,stats[(b*96u+ci)*2u],stats[(b*96u+ci)*2u+1u]));}xs[e]=v;}for(var e=lid;e<288u;e+=128u){let q=e/72u;let rem=e%72u;let co=co0+q*4u;let wa=(min(co,63u)*96u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+864u],params[wa+1728u],params[wa+2592u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}for(var c0=0u;c0<32u+opaque;c0+=8u){for(var e=lid;e<480u;e+=128u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=x1[(b*32u+ci)*64u+u32(iy)*8u+u32(ix)];v=silu(fma(v,stats[(b*96u+ci+64u)*2u],stats[(b*96u+ci+64u)*2u+1u]));}xs[e]=v;}for(var e=lid;e<288u;e+=128u){let q=e/72u;let rem=e%72u;let co=co0+q*4u;let wa=(min(co,63u)*96u+c0+rem/9u+64u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+864u],params[wa+1728u],params[wa+2592u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=128u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=256u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,63u)+55296u]+temb[b*416u+min(co0+co4*4u+0u,63u)+288u];let add1=params[min(co0+co4*4u+1u,63u)+55296u]+temb[b*416u+min(co0+co4*4u+1u,63u)+288u];let add2=params[min(co0+co4*4u+2u,63u)+55296u]+temb[b*416u+min(co0+co4*4u+2u,63u)+288u];let add3=params[min(co0+co4*4u+3u,63u)+55296u]+temb[b*416u+min(co0+co4*4u+3u,63u)+288u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*64u+co0+co4*4u+0u)*8u+oy)*8u+ox;y[o]=a[0]+add0;}{let o=((b*64u+co0+co4*4u+1u)*8u+oy)*8u+ox;y[o]=a[1]+add1;}{let o=((b*64u+co0+co4*4u+2u)*8u+oy)*8u+ox;y[o]=a[2]+add2;}{let o=((b*64u+co0+co4*4u+3u)*8u+oy)*8u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/kernels/44_fused_conv2d.wgsl
var fused_conv2d_default20 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>stats:array<f32>;@group(0)@binding(2)var<storage,read>r0:array<f32>;@group(0)@binding(3)var<storage,read>r1:array<f32>;@group(0)@binding(4)var<storage,read>params:array<f32>;@group(0)@binding(5)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,480>;var<workgroup>ws:array<vec4<f32>,288>;var<workgroup>red:array<vec4<f32>,384>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(128)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/1u)*4u;let ox0=(wid.x%1u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<64u+opaque;c0+=8u){for(var e=lid;e<480u;e+=128u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=x0[(b*64u+ci)*64u+u32(iy)*8u+u32(ix)];v=silu(fma(v,stats[(b*64u+ci)*2u],stats[(b*64u+ci)*2u+1u]));}xs[e]=v;}for(var e=lid;e<288u;e+=128u){let q=e/72u;let rem=e%72u;let co=co0+q*4u;let wa=(min(co,63u)*64u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+576u],params[wa+1152u],params[wa+1728u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}for(var c0=0u;c0<64u+opaque;c0+=8u){for(var e=lid;e<256u;e+=128u){let ci=c0+e/32u;let rem=e%32u;let iy=i32(oy0*1u)-0+i32(rem/8u);let ix=i32(ox0*1u)-0+i32(rem%8u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=r0[(b*64u+ci)*64u+u32(iy)*8u+u32(ix)];}xs[e]=v;}for(var e=lid;e<32u;e+=128u){let q=e/8u;let rem=e%8u;let co=co0+q*4u;let wa=min(co,63u)*96u+c0+rem/1u+rem%1u+36928u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+96u],params[wa+192u],params[wa+288u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<1u+opaque;ky++){let xr=(c*4u+ly+ky)*8u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let wr=(c+ky)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}}}workgroupBarrier();}for(var c0=0u;c0<32u+opaque;c0+=8u){for(var e=lid;e<256u;e+=128u){let ci=c0+e/32u;let rem=e%32u;let iy=i32(oy0*1u)-0+i32(rem/8u);let ix=i32(ox0*1u)-0+i32(rem%8u);var v=0.0;if(iy>=0&&iy<8&&ix>=0&&ix<8){v=r1[(b*32u+ci)*64u+u32(iy)*8u+u32(ix)];}xs[e]=v;}for(var e=lid;e<32u;e+=128u){let q=e/8u;let rem=e%8u;let co=co0+q*4u;let wa=min(co,63u)*96u+c0+rem/1u+64u+rem%1u+36928u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+96u],params[wa+192u],params[wa+288u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<1u+opaque;ky++){let xr=(c*4u+ly+ky)*8u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let wr=(c+ky)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=128u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=256u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,63u)+36864u]+params[min(co0+co4*4u+0u,63u)+43072u];let add1=params[min(co0+co4*4u+1u,63u)+36864u]+params[min(co0+co4*4u+1u,63u)+43072u];let add2=params[min(co0+co4*4u+2u,63u)+36864u]+params[min(co0+co4*4u+2u,63u)+43072u];let add3=params[min(co0+co4*4u+3u,63u)+36864u]+params[min(co0+co4*4u+3u,63u)+43072u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*64u+co0+co4*4u+0u)*8u+oy)*8u+ox;y[o]=a[0]+add0;}{let o=((b*64u+co0+co4*4u+1u)*8u+oy)*8u+ox;y[o]=a[1]+add1;}{let o=((b*64u+co0+co4*4u+2u)*8u+oy)*8u+ox;y[o]=a[2]+add2;}{let o=((b*64u+co0+co4*4u+3u)*8u+oy)*8u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/kernels/45_upsample_nearest2x.wgsl
var upsample_nearest2x_default2 = "@group(0)@binding(0)var<storage,read>x:array<f32>;@group(0)@binding(1)var<storage,read_write>y:array<f32>;@compute@workgroup_size(64)fn main(@builtin(global_invocation_id)gid:vec3<u32>,@builtin(num_workgroups)nwg:vec3<u32>){let i=gid.x+gid.y*nwg.x*64u;if(i>=16384u){return;}let j=i%16u;let r=(i/16u)%16u;let plane=i/256u;y[i]=x[plane*64u+(r/2u)*8u+j/2u];}";

// kiln:source/gpu/kernels/46_fused_conv2d.wgsl
var fused_conv2d_default21 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>params:array<f32>;@group(0)@binding(2)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,480>;var<workgroup>ws:array<vec4<f32>,288>;var<workgroup>red:array<vec4<f32>,384>;@compute@workgroup_size(128)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/2u)*4u;let ox0=(wid.x%2u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<64u+opaque;c0+=8u){for(var e=lid;e<480u;e+=128u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=x0[(b*64u+ci)*256u+u32(iy)*16u+u32(ix)];}xs[e]=v;}for(var e=lid;e<288u;e+=128u){let q=e/72u;let rem=e%72u;let co=co0+q*4u;let wa=(min(co,63u)*64u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+576u],params[wa+1152u],params[wa+1728u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=128u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=256u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,63u)+36864u];let add1=params[min(co0+co4*4u+1u,63u)+36864u];let add2=params[min(co0+co4*4u+2u,63u)+36864u];let add3=params[min(co0+co4*4u+3u,63u)+36864u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*64u+co0+co4*4u+0u)*16u+oy)*16u+ox;y[o]=a[0]+add0;}{let o=((b*64u+co0+co4*4u+1u)*16u+oy)*16u+ox;y[o]=a[1]+add1;}{let o=((b*64u+co0+co4*4u+2u)*16u+oy)*16u+ox;y[o]=a[2]+add2;}{let o=((b*64u+co0+co4*4u+3u)*16u+oy)*16u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/kernels/47_fused_conv2d.wgsl
var fused_conv2d_default22 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>x1:array<f32>;@group(0)@binding(2)var<storage,read>stats:array<f32>;@group(0)@binding(3)var<storage,read>temb:array<f32>;@group(0)@binding(4)var<storage,read>params:array<f32>;@group(0)@binding(5)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,480>;var<workgroup>ws:array<vec4<f32>,288>;var<workgroup>red:array<vec4<f32>,384>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(128)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/2u)*4u;let ox0=(wid.x%2u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<64u+opaque;c0+=8u){for(var e=lid;e<480u;e+=128u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=x0[(b*64u+ci)*256u+u32(iy)*16u+u32(ix)];v=silu(fma(v,stats[(b*96u+ci)*2u],stats[(b*96u+ci)*2u+1u]));}xs[e]=v;}for(var e=lid;e<288u;e+=128u){let q=e/72u;let rem=e%72u;let co=co0+q*4u;let wa=(min(co,31u)*96u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+864u],params[wa+1728u],params[wa+2592u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}for(var c0=0u;c0<32u+opaque;c0+=8u){for(var e=lid;e<480u;e+=128u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=x1[(b*32u+ci)*256u+u32(iy)*16u+u32(ix)];v=silu(fma(v,stats[(b*96u+ci+64u)*2u],stats[(b*96u+ci+64u)*2u+1u]));}xs[e]=v;}for(var e=lid;e<288u;e+=128u){let q=e/72u;let rem=e%72u;let co=co0+q*4u;let wa=(min(co,31u)*96u+c0+rem/9u+64u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+864u],params[wa+1728u],params[wa+2592u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=128u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=256u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,31u)+27648u]+temb[b*416u+min(co0+co4*4u+0u,31u)+352u];let add1=params[min(co0+co4*4u+1u,31u)+27648u]+temb[b*416u+min(co0+co4*4u+1u,31u)+352u];let add2=params[min(co0+co4*4u+2u,31u)+27648u]+temb[b*416u+min(co0+co4*4u+2u,31u)+352u];let add3=params[min(co0+co4*4u+3u,31u)+27648u]+temb[b*416u+min(co0+co4*4u+3u,31u)+352u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*32u+co0+co4*4u+0u)*16u+oy)*16u+ox;y[o]=a[0]+add0;}{let o=((b*32u+co0+co4*4u+1u)*16u+oy)*16u+ox;y[o]=a[1]+add1;}{let o=((b*32u+co0+co4*4u+2u)*16u+oy)*16u+ox;y[o]=a[2]+add2;}{let o=((b*32u+co0+co4*4u+3u)*16u+oy)*16u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/kernels/48_fused_conv2d.wgsl
var fused_conv2d_default23 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>stats:array<f32>;@group(0)@binding(2)var<storage,read>r0:array<f32>;@group(0)@binding(3)var<storage,read>r1:array<f32>;@group(0)@binding(4)var<storage,read>params:array<f32>;@group(0)@binding(5)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,960>;var<workgroup>ws:array<vec4<f32>,576>;var<workgroup>red:array<vec4<f32>,128>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(64)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/2u)*4u;let ox0=(wid.x%2u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<32u+opaque;c0+=16u){for(var e=lid;e<960u;e+=64u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=x0[(b*32u+ci)*256u+u32(iy)*16u+u32(ix)];v=silu(fma(v,stats[(b*32u+ci)*2u],stats[(b*32u+ci)*2u+1u]));}xs[e]=v;}for(var e=lid;e<576u;e+=64u){let q=e/144u;let rem=e%144u;let co=co0+q*4u;let wa=(min(co,31u)*32u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+288u],params[wa+576u],params[wa+864u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<8u+opaque;cl++){let c=kslice*8u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}for(var c0=0u;c0<64u+opaque;c0+=16u){for(var e=lid;e<512u;e+=64u){let ci=c0+e/32u;let rem=e%32u;let iy=i32(oy0*1u)-0+i32(rem/8u);let ix=i32(ox0*1u)-0+i32(rem%8u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=r0[(b*64u+ci)*256u+u32(iy)*16u+u32(ix)];}xs[e]=v;}for(var e=lid;e<64u;e+=64u){let q=e/16u;let rem=e%16u;let co=co0+q*4u;let wa=min(co,31u)*96u+c0+rem/1u+rem%1u+9248u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+96u],params[wa+192u],params[wa+288u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<8u+opaque;cl++){let c=kslice*8u+cl;for(var ky=0u;ky<1u+opaque;ky++){let xr=(c*4u+ly+ky)*8u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let wr=(c+ky)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}}}workgroupBarrier();}for(var c0=0u;c0<32u+opaque;c0+=16u){for(var e=lid;e<512u;e+=64u){let ci=c0+e/32u;let rem=e%32u;let iy=i32(oy0*1u)-0+i32(rem/8u);let ix=i32(ox0*1u)-0+i32(rem%8u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=r1[(b*32u+ci)*256u+u32(iy)*16u+u32(ix)];}xs[e]=v;}for(var e=lid;e<64u;e+=64u){let q=e/16u;let rem=e%16u;let co=co0+q*4u;let wa=min(co,31u)*96u+c0+rem/1u+64u+rem%1u+9248u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+96u],params[wa+192u],params[wa+288u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<8u+opaque;cl++){let c=kslice*8u+cl;for(var ky=0u;ky<1u+opaque;ky++){let xr=(c*4u+ly+ky)*8u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let wr=(c+ky)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,31u)+9216u]+params[min(co0+co4*4u+0u,31u)+12320u];let add1=params[min(co0+co4*4u+1u,31u)+9216u]+params[min(co0+co4*4u+1u,31u)+12320u];let add2=params[min(co0+co4*4u+2u,31u)+9216u]+params[min(co0+co4*4u+2u,31u)+12320u];let add3=params[min(co0+co4*4u+3u,31u)+9216u]+params[min(co0+co4*4u+3u,31u)+12320u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*32u+co0+co4*4u+0u)*16u+oy)*16u+ox;y[o]=a[0]+add0;}{let o=((b*32u+co0+co4*4u+1u)*16u+oy)*16u+ox;y[o]=a[1]+add1;}{let o=((b*32u+co0+co4*4u+2u)*16u+oy)*16u+ox;y[o]=a[2]+add2;}{let o=((b*32u+co0+co4*4u+3u)*16u+oy)*16u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/kernels/49_fused_conv2d.wgsl
var fused_conv2d_default24 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>x1:array<f32>;@group(0)@binding(2)var<storage,read>stats:array<f32>;@group(0)@binding(3)var<storage,read>temb:array<f32>;@group(0)@binding(4)var<storage,read>params:array<f32>;@group(0)@binding(5)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,480>;var<workgroup>ws:array<vec4<f32>,288>;var<workgroup>red:array<vec4<f32>,384>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(128)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/2u)*4u;let ox0=(wid.x%2u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<32u+opaque;c0+=8u){for(var e=lid;e<480u;e+=128u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=x0[(b*32u+ci)*256u+u32(iy)*16u+u32(ix)];v=silu(fma(v,stats[(b*64u+ci)*2u],stats[(b*64u+ci)*2u+1u]));}xs[e]=v;}for(var e=lid;e<288u;e+=128u){let q=e/72u;let rem=e%72u;let co=co0+q*4u;let wa=(min(co,31u)*64u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+576u],params[wa+1152u],params[wa+1728u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}for(var c0=0u;c0<32u+opaque;c0+=8u){for(var e=lid;e<480u;e+=128u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=x1[(b*32u+ci)*256u+u32(iy)*16u+u32(ix)];v=silu(fma(v,stats[(b*64u+ci+32u)*2u],stats[(b*64u+ci+32u)*2u+1u]));}xs[e]=v;}for(var e=lid;e<288u;e+=128u){let q=e/72u;let rem=e%72u;let co=co0+q*4u;let wa=(min(co,31u)*64u+c0+rem/9u+32u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+576u],params[wa+1152u],params[wa+1728u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<2u+opaque;cl++){let c=kslice*2u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=128u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}{let r=256u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,31u)+18432u]+temb[b*416u+min(co0+co4*4u+0u,31u)+384u];let add1=params[min(co0+co4*4u+1u,31u)+18432u]+temb[b*416u+min(co0+co4*4u+1u,31u)+384u];let add2=params[min(co0+co4*4u+2u,31u)+18432u]+temb[b*416u+min(co0+co4*4u+2u,31u)+384u];let add3=params[min(co0+co4*4u+3u,31u)+18432u]+temb[b*416u+min(co0+co4*4u+3u,31u)+384u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*32u+co0+co4*4u+0u)*16u+oy)*16u+ox;y[o]=a[0]+add0;}{let o=((b*32u+co0+co4*4u+1u)*16u+oy)*16u+ox;y[o]=a[1]+add1;}{let o=((b*32u+co0+co4*4u+2u)*16u+oy)*16u+ox;y[o]=a[2]+add2;}{let o=((b*32u+co0+co4*4u+3u)*16u+oy)*16u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/kernels/50_fused_conv2d.wgsl
var fused_conv2d_default25 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>stats:array<f32>;@group(0)@binding(2)var<storage,read>r0:array<f32>;@group(0)@binding(3)var<storage,read>r1:array<f32>;@group(0)@binding(4)var<storage,read>params:array<f32>;@group(0)@binding(5)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,960>;var<workgroup>ws:array<vec4<f32>,576>;var<workgroup>red:array<vec4<f32>,128>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(64)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*16u;let oy0=(wid.x/2u)*4u;let ox0=(wid.x%2u)*8u;let l=lid%32u;let kslice=lid/32u;let co4=l%4u;let ly=(l/4u)/2u;let lx=((l/4u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<32u+opaque;c0+=16u){for(var e=lid;e<960u;e+=64u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=x0[(b*32u+ci)*256u+u32(iy)*16u+u32(ix)];v=silu(fma(v,stats[(b*32u+ci)*2u],stats[(b*32u+ci)*2u+1u]));}xs[e]=v;}for(var e=lid;e<576u;e+=64u){let q=e/144u;let rem=e%144u;let co=co0+q*4u;let wa=(min(co,31u)*32u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+288u],params[wa+576u],params[wa+864u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<8u+opaque;cl++){let c=kslice*8u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=(c*9u+ky*3u)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+4u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+8u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}for(var c0=0u;c0<32u+opaque;c0+=16u){for(var e=lid;e<512u;e+=64u){let ci=c0+e/32u;let rem=e%32u;let iy=i32(oy0*1u)-0+i32(rem/8u);let ix=i32(ox0*1u)-0+i32(rem%8u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=r0[(b*32u+ci)*256u+u32(iy)*16u+u32(ix)];}xs[e]=v;}for(var e=lid;e<64u;e+=64u){let q=e/16u;let rem=e%16u;let co=co0+q*4u;let wa=min(co,31u)*64u+c0+rem/1u+rem%1u+9248u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+64u],params[wa+128u],params[wa+192u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<8u+opaque;cl++){let c=kslice*8u+cl;for(var ky=0u;ky<1u+opaque;ky++){let xr=(c*4u+ly+ky)*8u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let wr=(c+ky)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}}}workgroupBarrier();}for(var c0=0u;c0<32u+opaque;c0+=16u){for(var e=lid;e<512u;e+=64u){let ci=c0+e/32u;let rem=e%32u;let iy=i32(oy0*1u)-0+i32(rem/8u);let ix=i32(ox0*1u)-0+i32(rem%8u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=r1[(b*32u+ci)*256u+u32(iy)*16u+u32(ix)];}xs[e]=v;}for(var e=lid;e<64u;e+=64u){let q=e/16u;let rem=e%16u;let co=co0+q*4u;let wa=min(co,31u)*64u+c0+rem/1u+32u+rem%1u+9248u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+64u],params[wa+128u],params[wa+192u]);}ws[rem*4u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<8u+opaque;cl++){let c=kslice*8u+cl;for(var ky=0u;ky<1u+opaque;ky++){let xr=(c*4u+ly+ky)*8u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let wr=(c+ky)*4u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*32u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,31u)+9216u]+params[min(co0+co4*4u+0u,31u)+11296u];let add1=params[min(co0+co4*4u+1u,31u)+9216u]+params[min(co0+co4*4u+1u,31u)+11296u];let add2=params[min(co0+co4*4u+2u,31u)+9216u]+params[min(co0+co4*4u+2u,31u)+11296u];let add3=params[min(co0+co4*4u+3u,31u)+9216u]+params[min(co0+co4*4u+3u,31u)+11296u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*32u+co0+co4*4u+0u)*16u+oy)*16u+ox;y[o]=a[0]+add0;}{let o=((b*32u+co0+co4*4u+1u)*16u+oy)*16u+ox;y[o]=a[1]+add1;}{let o=((b*32u+co0+co4*4u+2u)*16u+oy)*16u+ox;y[o]=a[2]+add2;}{let o=((b*32u+co0+co4*4u+3u)*16u+oy)*16u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/kernels/51_fused_conv2d.wgsl
var fused_conv2d_default26 = "@group(0)@binding(0)var<storage,read>x0:array<f32>;@group(0)@binding(1)var<storage,read>stats:array<f32>;@group(0)@binding(2)var<storage,read>params:array<f32>;@group(0)@binding(3)var<storage,read_write>y:array<f32>;var<workgroup>xs:array<f32,960>;var<workgroup>ws:array<vec4<f32>,144>;var<workgroup>red:array<vec4<f32>,32>;fn silu(v:f32)->f32{return v/(1.0+exp(-v));}@compute@workgroup_size(16)fn main(@builtin(workgroup_id)wid:vec3<u32>,@builtin(local_invocation_index)lid:u32,@builtin(num_workgroups)nwg:vec3<u32>){let b=wid.z;let co0=wid.y*4u;let oy0=(wid.x/2u)*4u;let ox0=(wid.x%2u)*8u;let l=lid%8u;let kslice=lid/8u;let co4=l%1u;let ly=(l/1u)/2u;let lx=((l/1u)%2u)*4u;let opaque=nwg.z>>31u;var acc0=vec4<f32>(0.0);var acc1=vec4<f32>(0.0);var acc2=vec4<f32>(0.0);var acc3=vec4<f32>(0.0);for(var c0=0u;c0<32u+opaque;c0+=16u){for(var e=lid;e<960u;e+=16u){let ci=c0+e/60u;let rem=e%60u;let iy=i32(oy0*1u)-1+i32(rem/10u);let ix=i32(ox0*1u)-1+i32(rem%10u);var v=0.0;if(iy>=0&&iy<16&&ix>=0&&ix<16){v=x0[(b*32u+ci)*256u+u32(iy)*16u+u32(ix)];v=silu(fma(v,stats[(b*32u+ci)*2u],stats[(b*32u+ci)*2u+1u]));}xs[e]=v;}for(var e=lid;e<144u;e+=16u){let q=e/144u;let rem=e%144u;let co=co0+q*4u;let wa=(min(co,3u)*32u+c0+rem/9u)*9u+rem%9u;var wv=vec4<f32>(0.0);{wv=vec4<f32>(params[wa+0u],params[wa+288u],params[wa+576u],params[wa+864u]);}ws[rem*1u+q]=wv;}workgroupBarrier();for(var cl=0u;cl<8u+opaque;cl++){let c=kslice*8u+cl;for(var ky=0u;ky<3u+opaque;ky++){let xr=(c*6u+ly+ky)*10u+lx;let v0=xs[xr+0u];let v1=xs[xr+1u];let v2=xs[xr+2u];let v3=xs[xr+3u];let v4=xs[xr+4u];let v5=xs[xr+5u];let wr=c*9u+ky*3u+co4;{let wv=ws[wr+0u];acc0=fma(vec4<f32>(v0),wv,acc0);acc1=fma(vec4<f32>(v1),wv,acc1);acc2=fma(vec4<f32>(v2),wv,acc2);acc3=fma(vec4<f32>(v3),wv,acc3);}{let wv=ws[wr+1u];acc0=fma(vec4<f32>(v1),wv,acc0);acc1=fma(vec4<f32>(v2),wv,acc1);acc2=fma(vec4<f32>(v3),wv,acc2);acc3=fma(vec4<f32>(v4),wv,acc3);}{let wv=ws[wr+2u];acc0=fma(vec4<f32>(v2),wv,acc0);acc1=fma(vec4<f32>(v3),wv,acc1);acc2=fma(vec4<f32>(v4),wv,acc2);acc3=fma(vec4<f32>(v5),wv,acc3);}}}workgroupBarrier();}if(kslice>0u){let r=((kslice-1u)*8u+l)*4u;red[r]=acc0;red[r+1u]=acc1;red[r+2u]=acc2;red[r+3u]=acc3;}workgroupBarrier();if(kslice==0u){{let r=0u+l*4u;acc0+=red[r+0u];acc1+=red[r+1u];acc2+=red[r+2u];acc3+=red[r+3u];}}if(kslice==0u){let oy=oy0+ly;let add0=params[min(co0+co4*4u+0u,3u)+1152u];let add1=params[min(co0+co4*4u+1u,3u)+1152u];let add2=params[min(co0+co4*4u+2u,3u)+1152u];let add3=params[min(co0+co4*4u+3u,3u)+1152u];for(var j=0u;j<4u+opaque;j++){let ox=ox0+lx+j;let a=select(select(select(acc0,acc1,j==1u),acc2,j==2u),acc3,j==3u);{let o=((b*4u+co0+co4*4u+0u)*16u+oy)*16u+ox;y[o]=a[0]+add0;}{let o=((b*4u+co0+co4*4u+1u)*16u+oy)*16u+ox;y[o]=a[1]+add1;}{let o=((b*4u+co0+co4*4u+2u)*16u+oy)*16u+ox;y[o]=a[2]+add2;}{let o=((b*4u+co0+co4*4u+3u)*16u+oy)*16u+ox;y[o]=a[3]+add3;}}}}";

// kiln:source/gpu/runner.ts
var INPUTS2 = { "x": [1, 4, 16, 16], "t": [1], "context": [1, 8, 32] };
var OUTPUTS2 = { "out": [1, 4, 16, 16] };
var runner_default2 = {
  inputs: INPUTS2,
  outputs: OUTPUTS2,
  // [file, WGSL]: a dispatch names its kernel by number
  kernels: [
    ["00_time_sincos.wgsl", time_sincos_default2],
    ["01_linear.wgsl", linear_default3],
    ["02_linear.wgsl", linear_default4],
    ["03_time_proj.wgsl", time_proj_default2],
    ["04_fused_conv2d.wgsl", fused_conv2d_default4],
    ["05_group_norm_stats.wgsl", group_norm_stats_default3],
    ["06_fused_conv2d.wgsl", fused_conv2d_default5],
    ["07_fused_conv2d.wgsl", fused_conv2d_default6],
    ["08_group_norm_stats.wgsl", group_norm_stats_default4],
    ["09_fused_conv2d.wgsl", fused_conv2d_default7],
    ["10_to_tokens.wgsl", to_tokens_default3],
    ["11_layer_norm.wgsl", layer_norm_default3],
    ["12_token_linear.wgsl", token_linear_default11],
    ["13_cross_attention.wgsl", cross_attention_default5],
    ["14_token_linear.wgsl", token_linear_default12],
    ["15_add.wgsl", add_default3],
    ["16_token_linear.wgsl", token_linear_default13],
    ["17_cross_attention.wgsl", cross_attention_default6],
    ["18_token_linear.wgsl", token_linear_default14],
    ["19_token_linear.wgsl", token_linear_default15],
    ["20_to_map.wgsl", to_map_default3],
    ["21_fused_conv2d.wgsl", fused_conv2d_default8],
    ["22_fused_conv2d.wgsl", fused_conv2d_default9],
    ["23_fused_conv2d.wgsl", fused_conv2d_default10],
    ["24_fused_conv2d.wgsl", fused_conv2d_default11],
    ["25_fused_conv2d.wgsl", fused_conv2d_default12],
    ["26_fused_conv2d.wgsl", fused_conv2d_default13],
    ["27_fused_conv2d.wgsl", fused_conv2d_default14],
    ["28_to_tokens.wgsl", to_tokens_default4],
    ["29_layer_norm.wgsl", layer_norm_default4],
    ["30_token_linear.wgsl", token_linear_default16],
    ["31_cross_attention.wgsl", cross_attention_default7],
    ["32_token_linear.wgsl", token_linear_default17],
    ["33_add.wgsl", add_default4],
    ["34_token_linear.wgsl", token_linear_default18],
    ["35_cross_attention.wgsl", cross_attention_default8],
    ["36_token_linear.wgsl", token_linear_default19],
    ["37_token_linear.wgsl", token_linear_default20],
    ["38_to_map.wgsl", to_map_default4],
    ["39_fused_conv2d.wgsl", fused_conv2d_default15],
    ["40_fused_conv2d.wgsl", fused_conv2d_default16],
    ["41_fused_conv2d.wgsl", fused_conv2d_default17],
    ["42_fused_conv2d.wgsl", fused_conv2d_default18],
    ["43_fused_conv2d.wgsl", fused_conv2d_default19],
    ["44_fused_conv2d.wgsl", fused_conv2d_default20],
    ["45_upsample_nearest2x.wgsl", upsample_nearest2x_default2],
    ["46_fused_conv2d.wgsl", fused_conv2d_default21],
    ["47_fused_conv2d.wgsl", fused_conv2d_default22],
    ["48_fused_conv2d.wgsl", fused_conv2d_default23],
    ["49_fused_conv2d.wgsl", fused_conv2d_default24],
    ["50_fused_conv2d.wgsl", fused_conv2d_default25],
    ["51_fused_conv2d.wgsl", fused_conv2d_default26]
  ],
  // per spec node: [weight (.x: the node's .x), shape, offset in f32]
  params: {
    "time_embedding.linear_1": [[".weight", [128, 32], 0], [".bias", [128], 4096]],
    "time_embedding.linear_2": [[".weight", [128, 128], 0], [".bias", [128], 16384]],
    "time_proj (all ResBlocks)": [["down_blocks.0.resnets.0.time_emb_proj.weight", [32, 128], 0], ["down_blocks.1.resnets.0.time_emb_proj.weight", [64, 128], 4096], ["mid_block.resnets.0.time_emb_proj.weight", [64, 128], 12288], ["mid_block.resnets.1.time_emb_proj.weight", [64, 128], 20480], ["up_blocks.0.resnets.0.time_emb_proj.weight", [64, 128], 28672], ["up_blocks.0.resnets.1.time_emb_proj.weight", [64, 128], 36864], ["up_blocks.1.resnets.0.time_emb_proj.weight", [32, 128], 45056], ["up_blocks.1.resnets.1.time_emb_proj.weight", [32, 128], 49152], ["down_blocks.0.resnets.0.time_emb_proj.bias", [32], 53248], ["down_blocks.1.resnets.0.time_emb_proj.bias", [64], 53280], ["mid_block.resnets.0.time_emb_proj.bias", [64], 53344], ["mid_block.resnets.1.time_emb_proj.bias", [64], 53408], ["up_blocks.0.resnets.0.time_emb_proj.bias", [64], 53472], ["up_blocks.0.resnets.1.time_emb_proj.bias", [64], 53536], ["up_blocks.1.resnets.0.time_emb_proj.bias", [32], 53600], ["up_blocks.1.resnets.1.time_emb_proj.bias", [32], 53632]],
    "conv_in": [[".weight", [32, 4, 3, 3], 0], [".bias", [32], 1152]],
    "down_blocks.0.resnets.0.norm1": [[".weight", [32], 0], [".bias", [32], 32]],
    "down_blocks.0.resnets.0.conv1": [[".weight", [32, 32, 3, 3], 0], [".bias", [32], 9216]],
    "down_blocks.0.resnets.0.norm2": [[".weight", [32], 0], [".bias", [32], 32]],
    "down_blocks.0.resnets.0.conv2": [[".weight", [32, 32, 3, 3], 0], [".bias", [32], 9216]],
    "down_blocks.0.attentions.0.norm": [[".weight", [32], 0], [".bias", [32], 32]],
    "down_blocks.0.attentions.0.proj_in": [[".weight", [32, 32, 1, 1], 0], [".bias", [32], 1024]],
    "down_blocks.0.attentions.0.transformer_blocks.0.norm1": [[".weight", [32], 0], [".bias", [32], 32]],
    "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q": [[".weight", [32, 32], 0]],
    "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_k": [[".weight", [32, 32], 0]],
    "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_v": [[".weight", [32, 32], 0]],
    "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_out.0": [[".weight", [32, 32], 0], [".bias", [32], 1024]],
    "down_blocks.0.attentions.0.transformer_blocks.0.norm2": [[".weight", [32], 0], [".bias", [32], 32]],
    "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_q": [[".weight", [32, 32], 0]],
    "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k": [[".weight", [32, 32], 0]],
    "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_v": [[".weight", [32, 32], 0]],
    "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_out.0": [[".weight", [32, 32], 0], [".bias", [32], 1024]],
    "down_blocks.0.attentions.0.transformer_blocks.0.norm3": [[".weight", [32], 0], [".bias", [32], 32]],
    "down_blocks.0.attentions.0.transformer_blocks.0.ff.net.0.proj": [[".weight", [256, 32], 0], [".bias", [256], 8192]],
    "down_blocks.0.attentions.0.transformer_blocks.0.ff.net.2": [[".weight", [32, 128], 0], [".bias", [32], 4096]],
    "down_blocks.0.attentions.0.proj_out": [[".weight", [32, 32, 1, 1], 0], [".bias", [32], 1024]],
    "down_blocks.0.downsamplers.0.conv": [[".weight", [32, 32, 3, 3], 0], [".bias", [32], 9216]],
    "down_blocks.1.resnets.0.norm1": [[".weight", [32], 0], [".bias", [32], 32]],
    "down_blocks.1.resnets.0.conv1": [[".weight", [64, 32, 3, 3], 0], [".bias", [64], 18432]],
    "down_blocks.1.resnets.0.norm2": [[".weight", [64], 0], [".bias", [64], 64]],
    "down_blocks.1.resnets.0.conv2": [[".weight", [64, 64, 3, 3], 0], [".bias", [64], 36864], ["down_blocks.1.resnets.0.conv_shortcut.weight", [64, 32, 1, 1], 36928], ["down_blocks.1.resnets.0.conv_shortcut.bias", [64], 38976]],
    "mid_block.resnets.0.norm1": [[".weight", [64], 0], [".bias", [64], 64]],
    "mid_block.resnets.0.conv1": [[".weight", [64, 64, 3, 3], 0], [".bias", [64], 36864]],
    "mid_block.resnets.0.norm2": [[".weight", [64], 0], [".bias", [64], 64]],
    "mid_block.resnets.0.conv2": [[".weight", [64, 64, 3, 3], 0], [".bias", [64], 36864]],
    "mid_block.attentions.0.norm": [[".weight", [64], 0], [".bias", [64], 64]],
    "mid_block.attentions.0.proj_in": [[".weight", [64, 64, 1, 1], 0], [".bias", [64], 4096]],
    "mid_block.attentions.0.transformer_blocks.0.norm1": [[".weight", [64], 0], [".bias", [64], 64]],
    "mid_block.attentions.0.transformer_blocks.0.attn1.to_q": [[".weight", [64, 64], 0]],
    "mid_block.attentions.0.transformer_blocks.0.attn1.to_k": [[".weight", [64, 64], 0]],
    "mid_block.attentions.0.transformer_blocks.0.attn1.to_v": [[".weight", [64, 64], 0]],
    "mid_block.attentions.0.transformer_blocks.0.attn1.to_out.0": [[".weight", [64, 64], 0], [".bias", [64], 4096]],
    "mid_block.attentions.0.transformer_blocks.0.norm2": [[".weight", [64], 0], [".bias", [64], 64]],
    "mid_block.attentions.0.transformer_blocks.0.attn2.to_q": [[".weight", [64, 64], 0]],
    "mid_block.attentions.0.transformer_blocks.0.attn2.to_k": [[".weight", [64, 32], 0]],
    "mid_block.attentions.0.transformer_blocks.0.attn2.to_v": [[".weight", [64, 32], 0]],
    "mid_block.attentions.0.transformer_blocks.0.attn2.to_out.0": [[".weight", [64, 64], 0], [".bias", [64], 4096]],
    "mid_block.attentions.0.transformer_blocks.0.norm3": [[".weight", [64], 0], [".bias", [64], 64]],
    "mid_block.attentions.0.transformer_blocks.0.ff.net.0.proj": [[".weight", [512, 64], 0], [".bias", [512], 32768]],
    "mid_block.attentions.0.transformer_blocks.0.ff.net.2": [[".weight", [64, 256], 0], [".bias", [64], 16384]],
    "mid_block.attentions.0.proj_out": [[".weight", [64, 64, 1, 1], 0], [".bias", [64], 4096]],
    "mid_block.resnets.1.norm1": [[".weight", [64], 0], [".bias", [64], 64]],
    "mid_block.resnets.1.conv1": [[".weight", [64, 64, 3, 3], 0], [".bias", [64], 36864]],
    "mid_block.resnets.1.norm2": [[".weight", [64], 0], [".bias", [64], 64]],
    "mid_block.resnets.1.conv2": [[".weight", [64, 64, 3, 3], 0], [".bias", [64], 36864]],
    "up_blocks.0.resnets.0.norm1": [[".weight", [128], 0], [".bias", [128], 128]],
    "up_blocks.0.resnets.0.conv1": [[".weight", [64, 128, 3, 3], 0], [".bias", [64], 73728]],
    "up_blocks.0.resnets.0.norm2": [[".weight", [64], 0], [".bias", [64], 64]],
    "up_blocks.0.resnets.0.conv2": [[".weight", [64, 64, 3, 3], 0], [".bias", [64], 36864], ["up_blocks.0.resnets.0.conv_shortcut.weight", [64, 128, 1, 1], 36928], ["up_blocks.0.resnets.0.conv_shortcut.bias", [64], 45120]],
    "up_blocks.0.resnets.1.norm1": [[".weight", [96], 0], [".bias", [96], 96]],
    "up_blocks.0.resnets.1.conv1": [[".weight", [64, 96, 3, 3], 0], [".bias", [64], 55296]],
    "up_blocks.0.resnets.1.norm2": [[".weight", [64], 0], [".bias", [64], 64]],
    "up_blocks.0.resnets.1.conv2": [[".weight", [64, 64, 3, 3], 0], [".bias", [64], 36864], ["up_blocks.0.resnets.1.conv_shortcut.weight", [64, 96, 1, 1], 36928], ["up_blocks.0.resnets.1.conv_shortcut.bias", [64], 43072]],
    "up_blocks.0.upsamplers.0.conv": [[".weight", [64, 64, 3, 3], 0], [".bias", [64], 36864]],
    "up_blocks.1.resnets.0.norm1": [[".weight", [96], 0], [".bias", [96], 96]],
    "up_blocks.1.resnets.0.conv1": [[".weight", [32, 96, 3, 3], 0], [".bias", [32], 27648]],
    "up_blocks.1.resnets.0.norm2": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.resnets.0.conv2": [[".weight", [32, 32, 3, 3], 0], [".bias", [32], 9216], ["up_blocks.1.resnets.0.conv_shortcut.weight", [32, 96, 1, 1], 9248], ["up_blocks.1.resnets.0.conv_shortcut.bias", [32], 12320]],
    "up_blocks.1.attentions.0.norm": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.attentions.0.proj_in": [[".weight", [32, 32, 1, 1], 0], [".bias", [32], 1024]],
    "up_blocks.1.attentions.0.transformer_blocks.0.norm1": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_k": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_v": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_out.0": [[".weight", [32, 32], 0], [".bias", [32], 1024]],
    "up_blocks.1.attentions.0.transformer_blocks.0.norm2": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_q": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_v": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_out.0": [[".weight", [32, 32], 0], [".bias", [32], 1024]],
    "up_blocks.1.attentions.0.transformer_blocks.0.norm3": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.attentions.0.transformer_blocks.0.ff.net.0.proj": [[".weight", [256, 32], 0], [".bias", [256], 8192]],
    "up_blocks.1.attentions.0.transformer_blocks.0.ff.net.2": [[".weight", [32, 128], 0], [".bias", [32], 4096]],
    "up_blocks.1.attentions.0.proj_out": [[".weight", [32, 32, 1, 1], 0], [".bias", [32], 1024]],
    "up_blocks.1.resnets.1.norm1": [[".weight", [64], 0], [".bias", [64], 64]],
    "up_blocks.1.resnets.1.conv1": [[".weight", [32, 64, 3, 3], 0], [".bias", [32], 18432]],
    "up_blocks.1.resnets.1.norm2": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.resnets.1.conv2": [[".weight", [32, 32, 3, 3], 0], [".bias", [32], 9216], ["up_blocks.1.resnets.1.conv_shortcut.weight", [32, 64, 1, 1], 9248], ["up_blocks.1.resnets.1.conv_shortcut.bias", [32], 11296]],
    "up_blocks.1.attentions.1.norm": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.attentions.1.proj_in": [[".weight", [32, 32, 1, 1], 0], [".bias", [32], 1024]],
    "up_blocks.1.attentions.1.transformer_blocks.0.norm1": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_q": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_k": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_v": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_out.0": [[".weight", [32, 32], 0], [".bias", [32], 1024]],
    "up_blocks.1.attentions.1.transformer_blocks.0.norm2": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_q": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_k": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_v": [[".weight", [32, 32], 0]],
    "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_out.0": [[".weight", [32, 32], 0], [".bias", [32], 1024]],
    "up_blocks.1.attentions.1.transformer_blocks.0.norm3": [[".weight", [32], 0], [".bias", [32], 32]],
    "up_blocks.1.attentions.1.transformer_blocks.0.ff.net.0.proj": [[".weight", [256, 32], 0], [".bias", [256], 8192]],
    "up_blocks.1.attentions.1.transformer_blocks.0.ff.net.2": [[".weight", [32, 128], 0], [".bias", [32], 4096]],
    "up_blocks.1.attentions.1.proj_out": [[".weight", [32, 32, 1, 1], 0], [".bias", [32], 1024]],
    "conv_norm_out": [[".weight", [32], 0], [".bias", [32], 32]],
    "conv_out": [[".weight", [4, 32, 3, 3], 0], [".bias", [4], 1152]]
  },
  // the memory plan's slots, in bytes
  temps: {
    "slot0": 8192,
    "slot1": 1664,
    "slot2": 32768,
    "slot3": 65536,
    "slot4": 32768,
    "slot5": 131072,
    "slot6": 32768,
    "slot7": 32768,
    "slot8": 32768,
    "slot9": 16384,
    "slot10": 16384
  },
  // [what it computes, kernel, workgroups, bindings: the output last, a shape uniform as its u32 values]
  dispatches: [
    ["time_proj: time_sincos -> [1,32]", 0, [1], ["t", "slot0"]],
    ["time_embedding.linear_1: linear -> [1,128]", 1, [2], ["slot0", "time_embedding.linear_1", "slot1"]],
    ["time_embedding.linear_2: linear -> [1,128]", 2, [2], ["slot1", "time_embedding.linear_2", "slot0"]],
    ["time_proj (all ResBlocks): time_proj -> [1,416]", 3, [7], ["slot0", "time_proj (all ResBlocks)", "slot1"]],
    ["conv_in: fused_conv2d -> [1,32,16,16]", 4, [8, 2], ["x", "conv_in", "slot2"]],
    ["down_blocks.0.resnets.0.norm1: group_norm_stats -> [1,32,2]", 5, [32], ["slot2", "slot2", "down_blocks.0.resnets.0.norm1", [32, 32, 64, 1, 256, 0, 32, 32, 0], "slot0"]],
    ["down_blocks.0.resnets.0.conv1: fused_conv2d -> [1,32,16,16]", 6, [8, 2], ["slot2", "slot0", "slot1", "down_blocks.0.resnets.0.conv1", "slot3"]],
    ["down_blocks.0.resnets.0.norm2: group_norm_stats -> [1,32,2]", 5, [32], ["slot3", "slot3", "down_blocks.0.resnets.0.norm2", [32, 32, 64, 1, 256, 0, 32, 32, 0], "slot0"]],
    ["down_blocks.0.resnets.0.conv2: fused_conv2d -> [1,32,16,16]", 7, [8, 2], ["slot3", "slot0", "slot2", "down_blocks.0.resnets.0.conv2", "slot4"]],
    ["down_blocks.0.attentions.0.norm: group_norm_stats -> [1,32,2]", 8, [32], ["slot4", "slot4", "down_blocks.0.attentions.0.norm", [32, 32, 64, 1, 256, 0, 32, 32, 0], "slot0"]],
    ["down_blocks.0.attentions.0.proj_in: fused_conv2d -> [1,32,16,16]", 9, [8, 2], ["slot4", "slot0", "down_blocks.0.attentions.0.proj_in", "slot3"]],
    ["down_blocks.0.attentions.0: to_tokens -> [1,256,32]", 10, [128], ["slot3", "slot5"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.norm1: layer_norm -> [1,256,32]", 11, [4], ["slot5", "down_blocks.0.attentions.0.transformer_blocks.0.norm1", "slot3"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q: token_linear -> [1,256,32]", 12, [128], ["slot3", "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q", "slot6"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_k: token_linear -> [1,256,32]", 12, [128], ["slot3", "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_k", "slot7"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_v: token_linear -> [1,256,32]", 12, [128], ["slot3", "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_v", "slot8"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn1: cross_attention -> [1,256,32]", 13, [32], ["slot6", "slot7", "slot8", "slot3"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_out.0: token_linear -> [1,256,32]", 14, [128], ["slot3", "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_out.0", "slot6"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn1: add -> [1,256,32]", 15, [128], ["slot6", "slot5", "slot7"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.norm2: layer_norm -> [1,256,32]", 11, [4], ["slot7", "down_blocks.0.attentions.0.transformer_blocks.0.norm2", "slot6"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_q: token_linear -> [1,256,32]", 12, [128], ["slot6", "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_q", "slot8"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k: token_linear -> [1,8,32]", 16, [4], ["context", "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k", "slot0"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_v: token_linear -> [1,8,32]", 16, [4], ["context", "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_v", "slot9"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn2: cross_attention -> [1,256,32]", 17, [32], ["slot8", "slot0", "slot9", "slot6"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_out.0: token_linear -> [1,256,32]", 14, [128], ["slot6", "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_out.0", "slot8"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.attn2: add -> [1,256,32]", 15, [128], ["slot8", "slot7", "slot6"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.norm3: layer_norm -> [1,256,32]", 11, [4], ["slot6", "down_blocks.0.attentions.0.transformer_blocks.0.norm3", "slot7"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.ff.net.0.proj: token_linear -> [1,256,128]", 18, [512], ["slot7", "down_blocks.0.attentions.0.transformer_blocks.0.ff.net.0.proj", "slot5"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.ff.net.2: token_linear -> [1,256,32]", 19, [128], ["slot5", "down_blocks.0.attentions.0.transformer_blocks.0.ff.net.2", "slot7"]],
    ["down_blocks.0.attentions.0.transformer_blocks.0.ff: add -> [1,256,32]", 15, [128], ["slot7", "slot6", "slot8"]],
    ["down_blocks.0.attentions.0: to_map -> [1,32,16,16]", 20, [128], ["slot8", "slot6"]],
    ["down_blocks.0.attentions.0.proj_out: fused_conv2d -> [1,32,16,16]", 21, [8, 2], ["slot6", "slot4", "down_blocks.0.attentions.0.proj_out", "slot7"]],
    ["down_blocks.0.downsamplers.0.conv: fused_conv2d -> [1,32,8,8]", 22, [2, 2], ["slot7", "down_blocks.0.downsamplers.0.conv", "slot0"]],
    ["down_blocks.1.resnets.0.norm1: group_norm_stats -> [1,32,2]", 5, [32], ["slot0", "slot0", "down_blocks.1.resnets.0.norm1", [32, 32, 16, 1, 64, 0, 32, 32, 0], "slot9"]],
    ["down_blocks.1.resnets.0.conv1: fused_conv2d -> [1,64,8,8]", 23, [2, 4], ["slot0", "slot9", "slot1", "down_blocks.1.resnets.0.conv1", "slot4"]],
    ["down_blocks.1.resnets.0.norm2: group_norm_stats -> [1,64,2]", 5, [32], ["slot4", "slot4", "down_blocks.1.resnets.0.norm2", [32, 64, 16, 2, 128, 0, 64, 64, 0], "slot9"]],
    ["down_blocks.1.resnets.0.conv2: fused_conv2d -> [1,64,8,8]", 24, [2, 4], ["slot4", "slot9", "slot0", "down_blocks.1.resnets.0.conv2", "slot6"]],
    ["mid_block.resnets.0.norm1: group_norm_stats -> [1,64,2]", 5, [32], ["slot6", "slot6", "mid_block.resnets.0.norm1", [32, 64, 16, 2, 128, 0, 64, 64, 0], "slot9"]],
    ["mid_block.resnets.0.conv1: fused_conv2d -> [1,64,8,8]", 25, [2, 4], ["slot6", "slot9", "slot1", "mid_block.resnets.0.conv1", "slot4"]],
    ["mid_block.resnets.0.norm2: group_norm_stats -> [1,64,2]", 5, [32], ["slot4", "slot4", "mid_block.resnets.0.norm2", [32, 64, 16, 2, 128, 0, 64, 64, 0], "slot9"]],
    ["mid_block.resnets.0.conv2: fused_conv2d -> [1,64,8,8]", 26, [2, 4], ["slot4", "slot9", "slot6", "mid_block.resnets.0.conv2", "slot8"]],
    ["mid_block.attentions.0.norm: group_norm_stats -> [1,64,2]", 8, [32], ["slot8", "slot8", "mid_block.attentions.0.norm", [32, 64, 16, 2, 128, 0, 64, 64, 0], "slot9"]],
    ["mid_block.attentions.0.proj_in: fused_conv2d -> [1,64,8,8]", 27, [2, 4], ["slot8", "slot9", "mid_block.attentions.0.proj_in", "slot4"]],
    ["mid_block.attentions.0: to_tokens -> [1,64,64]", 28, [64], ["slot4", "slot3"]],
    ["mid_block.attentions.0.transformer_blocks.0.norm1: layer_norm -> [1,64,64]", 29, [1], ["slot3", "mid_block.attentions.0.transformer_blocks.0.norm1", "slot4"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn1.to_q: token_linear -> [1,64,64]", 30, [64], ["slot4", "mid_block.attentions.0.transformer_blocks.0.attn1.to_q", "slot5"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn1.to_k: token_linear -> [1,64,64]", 30, [64], ["slot4", "mid_block.attentions.0.transformer_blocks.0.attn1.to_k", "slot9"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn1.to_v: token_linear -> [1,64,64]", 30, [64], ["slot4", "mid_block.attentions.0.transformer_blocks.0.attn1.to_v", "slot10"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn1: cross_attention -> [1,64,64]", 31, [8], ["slot5", "slot9", "slot10", "slot4"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn1.to_out.0: token_linear -> [1,64,64]", 32, [64], ["slot4", "mid_block.attentions.0.transformer_blocks.0.attn1.to_out.0", "slot9"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn1: add -> [1,64,64]", 33, [64], ["slot9", "slot3", "slot10"]],
    ["mid_block.attentions.0.transformer_blocks.0.norm2: layer_norm -> [1,64,64]", 29, [1], ["slot10", "mid_block.attentions.0.transformer_blocks.0.norm2", "slot9"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn2.to_q: token_linear -> [1,64,64]", 30, [64], ["slot9", "mid_block.attentions.0.transformer_blocks.0.attn2.to_q", "slot4"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn2.to_k: token_linear -> [1,8,64]", 34, [8], ["context", "mid_block.attentions.0.transformer_blocks.0.attn2.to_k", "slot3"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn2.to_v: token_linear -> [1,8,64]", 34, [8], ["context", "mid_block.attentions.0.transformer_blocks.0.attn2.to_v", "slot5"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn2: cross_attention -> [1,64,64]", 35, [8], ["slot4", "slot3", "slot5", "slot9"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn2.to_out.0: token_linear -> [1,64,64]", 32, [64], ["slot9", "mid_block.attentions.0.transformer_blocks.0.attn2.to_out.0", "slot4"]],
    ["mid_block.attentions.0.transformer_blocks.0.attn2: add -> [1,64,64]", 33, [64], ["slot4", "slot10", "slot9"]],
    ["mid_block.attentions.0.transformer_blocks.0.norm3: layer_norm -> [1,64,64]", 29, [1], ["slot9", "mid_block.attentions.0.transformer_blocks.0.norm3", "slot10"]],
    ["mid_block.attentions.0.transformer_blocks.0.ff.net.0.proj: token_linear -> [1,64,256]", 36, [256], ["slot10", "mid_block.attentions.0.transformer_blocks.0.ff.net.0.proj", "slot5"]],
    ["mid_block.attentions.0.transformer_blocks.0.ff.net.2: token_linear -> [1,64,64]", 37, [64], ["slot5", "mid_block.attentions.0.transformer_blocks.0.ff.net.2", "slot10"]],
    ["mid_block.attentions.0.transformer_blocks.0.ff: add -> [1,64,64]", 33, [64], ["slot10", "slot9", "slot4"]],
    ["mid_block.attentions.0: to_map -> [1,64,8,8]", 38, [64], ["slot4", "slot9"]],
    ["mid_block.attentions.0.proj_out: fused_conv2d -> [1,64,8,8]", 39, [2, 4], ["slot9", "slot8", "mid_block.attentions.0.proj_out", "slot10"]],
    ["mid_block.resnets.1.norm1: group_norm_stats -> [1,64,2]", 5, [32], ["slot10", "slot10", "mid_block.resnets.1.norm1", [32, 64, 16, 2, 128, 0, 64, 64, 0], "slot4"]],
    ["mid_block.resnets.1.conv1: fused_conv2d -> [1,64,8,8]", 40, [2, 4], ["slot10", "slot4", "slot1", "mid_block.resnets.1.conv1", "slot9"]],
    ["mid_block.resnets.1.norm2: group_norm_stats -> [1,64,2]", 5, [32], ["slot9", "slot9", "mid_block.resnets.1.norm2", [32, 64, 16, 2, 128, 0, 64, 64, 0], "slot8"]],
    ["mid_block.resnets.1.conv2: fused_conv2d -> [1,64,8,8]", 26, [2, 4], ["slot9", "slot8", "slot10", "mid_block.resnets.1.conv2", "slot4"]],
    ["up_blocks.0.resnets.0.norm1: group_norm_stats -> [1,128,2]", 5, [32], ["slot4", "slot6", "up_blocks.0.resnets.0.norm1", [32, 128, 16, 4, 256, 0, 128, 64, 64], "slot10"]],
    ["up_blocks.0.resnets.0.conv1: fused_conv2d -> [1,64,8,8]", 41, [2, 4], ["slot4", "slot6", "slot10", "slot1", "up_blocks.0.resnets.0.conv1", "slot9"]],
    ["up_blocks.0.resnets.0.norm2: group_norm_stats -> [1,64,2]", 5, [32], ["slot9", "slot9", "up_blocks.0.resnets.0.norm2", [32, 64, 16, 2, 128, 0, 64, 64, 0], "slot8"]],
    ["up_blocks.0.resnets.0.conv2: fused_conv2d -> [1,64,8,8]", 42, [2, 4], ["slot9", "slot8", "slot4", "slot6", "up_blocks.0.resnets.0.conv2", "slot10"]],
    ["up_blocks.0.resnets.1.norm1: group_norm_stats -> [1,96,2]", 5, [32], ["slot10", "slot0", "up_blocks.0.resnets.1.norm1", [32, 96, 16, 3, 192, 0, 96, 64, 32], "slot4"]],
    ["up_blocks.0.resnets.1.conv1: fused_conv2d -> [1,64,8,8]", 43, [2, 4], ["slot10", "slot0", "slot4", "slot1", "up_blocks.0.resnets.1.conv1", "slot9"]],
    ["up_blocks.0.resnets.1.norm2: group_norm_stats -> [1,64,2]", 5, [32], ["slot9", "slot9", "up_blocks.0.resnets.1.norm2", [32, 64, 16, 2, 128, 0, 64, 64, 0], "slot6"]],
    ["up_blocks.0.resnets.1.conv2: fused_conv2d -> [1,64,8,8]", 44, [2, 4], ["slot9", "slot6", "slot10", "slot0", "up_blocks.0.resnets.1.conv2", "slot4"]],
    ["up_blocks.0.upsamplers.0.conv: upsample_nearest2x -> [1,64,16,16]", 45, [256], ["slot4", "slot5"]],
    ["up_blocks.0.upsamplers.0.conv: fused_conv2d -> [1,64,16,16]", 46, [8, 4], ["slot5", "up_blocks.0.upsamplers.0.conv", "slot3"]],
    ["up_blocks.1.resnets.0.norm1: group_norm_stats -> [1,96,2]", 5, [32], ["slot3", "slot7", "up_blocks.1.resnets.0.norm1", [32, 96, 64, 3, 768, 0, 96, 64, 32], "slot0"]],
    ["up_blocks.1.resnets.0.conv1: fused_conv2d -> [1,32,16,16]", 47, [8, 2], ["slot3", "slot7", "slot0", "slot1", "up_blocks.1.resnets.0.conv1", "slot4"]],
    ["up_blocks.1.resnets.0.norm2: group_norm_stats -> [1,32,2]", 5, [32], ["slot4", "slot4", "up_blocks.1.resnets.0.norm2", [32, 32, 64, 1, 256, 0, 32, 32, 0], "slot0"]],
    ["up_blocks.1.resnets.0.conv2: fused_conv2d -> [1,32,16,16]", 48, [8, 2], ["slot4", "slot0", "slot3", "slot7", "up_blocks.1.resnets.0.conv2", "slot6"]],
    ["up_blocks.1.attentions.0.norm: group_norm_stats -> [1,32,2]", 8, [32], ["slot6", "slot6", "up_blocks.1.attentions.0.norm", [32, 32, 64, 1, 256, 0, 32, 32, 0], "slot0"]],
    ["up_blocks.1.attentions.0.proj_in: fused_conv2d -> [1,32,16,16]", 9, [8, 2], ["slot6", "slot0", "up_blocks.1.attentions.0.proj_in", "slot4"]],
    ["up_blocks.1.attentions.0: to_tokens -> [1,256,32]", 10, [128], ["slot4", "slot7"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.norm1: layer_norm -> [1,256,32]", 11, [4], ["slot7", "up_blocks.1.attentions.0.transformer_blocks.0.norm1", "slot4"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q: token_linear -> [1,256,32]", 12, [128], ["slot4", "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_q", "slot8"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_k: token_linear -> [1,256,32]", 12, [128], ["slot4", "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_k", "slot3"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_v: token_linear -> [1,256,32]", 12, [128], ["slot4", "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_v", "slot5"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn1: cross_attention -> [1,256,32]", 13, [32], ["slot8", "slot3", "slot5", "slot4"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_out.0: token_linear -> [1,256,32]", 14, [128], ["slot4", "up_blocks.1.attentions.0.transformer_blocks.0.attn1.to_out.0", "slot8"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn1: add -> [1,256,32]", 15, [128], ["slot8", "slot7", "slot4"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.norm2: layer_norm -> [1,256,32]", 11, [4], ["slot4", "up_blocks.1.attentions.0.transformer_blocks.0.norm2", "slot7"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_q: token_linear -> [1,256,32]", 12, [128], ["slot7", "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_q", "slot8"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k: token_linear -> [1,8,32]", 16, [4], ["context", "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_k", "slot0"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_v: token_linear -> [1,8,32]", 16, [4], ["context", "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_v", "slot9"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn2: cross_attention -> [1,256,32]", 17, [32], ["slot8", "slot0", "slot9", "slot7"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_out.0: token_linear -> [1,256,32]", 14, [128], ["slot7", "up_blocks.1.attentions.0.transformer_blocks.0.attn2.to_out.0", "slot8"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.attn2: add -> [1,256,32]", 15, [128], ["slot8", "slot4", "slot7"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.norm3: layer_norm -> [1,256,32]", 11, [4], ["slot7", "up_blocks.1.attentions.0.transformer_blocks.0.norm3", "slot4"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.ff.net.0.proj: token_linear -> [1,256,128]", 18, [512], ["slot4", "up_blocks.1.attentions.0.transformer_blocks.0.ff.net.0.proj", "slot5"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.ff.net.2: token_linear -> [1,256,32]", 19, [128], ["slot5", "up_blocks.1.attentions.0.transformer_blocks.0.ff.net.2", "slot4"]],
    ["up_blocks.1.attentions.0.transformer_blocks.0.ff: add -> [1,256,32]", 15, [128], ["slot4", "slot7", "slot8"]],
    ["up_blocks.1.attentions.0: to_map -> [1,32,16,16]", 20, [128], ["slot8", "slot4"]],
    ["up_blocks.1.attentions.0.proj_out: fused_conv2d -> [1,32,16,16]", 21, [8, 2], ["slot4", "slot6", "up_blocks.1.attentions.0.proj_out", "slot7"]],
    ["up_blocks.1.resnets.1.norm1: group_norm_stats -> [1,64,2]", 5, [32], ["slot7", "slot2", "up_blocks.1.resnets.1.norm1", [32, 64, 64, 2, 512, 0, 64, 32, 32], "slot0"]],
    ["up_blocks.1.resnets.1.conv1: fused_conv2d -> [1,32,16,16]", 49, [8, 2], ["slot7", "slot2", "slot0", "slot1", "up_blocks.1.resnets.1.conv1", "slot4"]],
    ["up_blocks.1.resnets.1.norm2: group_norm_stats -> [1,32,2]", 5, [32], ["slot4", "slot4", "up_blocks.1.resnets.1.norm2", [32, 32, 64, 1, 256, 0, 32, 32, 0], "slot1"]],
    ["up_blocks.1.resnets.1.conv2: fused_conv2d -> [1,32,16,16]", 50, [8, 2], ["slot4", "slot1", "slot7", "slot2", "up_blocks.1.resnets.1.conv2", "slot6"]],
    ["up_blocks.1.attentions.1.norm: group_norm_stats -> [1,32,2]", 8, [32], ["slot6", "slot6", "up_blocks.1.attentions.1.norm", [32, 32, 64, 1, 256, 0, 32, 32, 0], "slot1"]],
    ["up_blocks.1.attentions.1.proj_in: fused_conv2d -> [1,32,16,16]", 9, [8, 2], ["slot6", "slot1", "up_blocks.1.attentions.1.proj_in", "slot2"]],
    ["up_blocks.1.attentions.1: to_tokens -> [1,256,32]", 10, [128], ["slot2", "slot4"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.norm1: layer_norm -> [1,256,32]", 11, [4], ["slot4", "up_blocks.1.attentions.1.transformer_blocks.0.norm1", "slot2"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_q: token_linear -> [1,256,32]", 12, [128], ["slot2", "up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_q", "slot7"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_k: token_linear -> [1,256,32]", 12, [128], ["slot2", "up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_k", "slot8"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_v: token_linear -> [1,256,32]", 12, [128], ["slot2", "up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_v", "slot3"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn1: cross_attention -> [1,256,32]", 13, [32], ["slot7", "slot8", "slot3", "slot2"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_out.0: token_linear -> [1,256,32]", 14, [128], ["slot2", "up_blocks.1.attentions.1.transformer_blocks.0.attn1.to_out.0", "slot7"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn1: add -> [1,256,32]", 15, [128], ["slot7", "slot4", "slot2"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.norm2: layer_norm -> [1,256,32]", 11, [4], ["slot2", "up_blocks.1.attentions.1.transformer_blocks.0.norm2", "slot4"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_q: token_linear -> [1,256,32]", 12, [128], ["slot4", "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_q", "slot7"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_k: token_linear -> [1,8,32]", 16, [4], ["context", "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_k", "slot1"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_v: token_linear -> [1,8,32]", 16, [4], ["context", "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_v", "slot0"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn2: cross_attention -> [1,256,32]", 17, [32], ["slot7", "slot1", "slot0", "slot4"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_out.0: token_linear -> [1,256,32]", 14, [128], ["slot4", "up_blocks.1.attentions.1.transformer_blocks.0.attn2.to_out.0", "slot7"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.attn2: add -> [1,256,32]", 15, [128], ["slot7", "slot2", "slot4"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.norm3: layer_norm -> [1,256,32]", 11, [4], ["slot4", "up_blocks.1.attentions.1.transformer_blocks.0.norm3", "slot2"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.ff.net.0.proj: token_linear -> [1,256,128]", 18, [512], ["slot2", "up_blocks.1.attentions.1.transformer_blocks.0.ff.net.0.proj", "slot5"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.ff.net.2: token_linear -> [1,256,32]", 19, [128], ["slot5", "up_blocks.1.attentions.1.transformer_blocks.0.ff.net.2", "slot2"]],
    ["up_blocks.1.attentions.1.transformer_blocks.0.ff: add -> [1,256,32]", 15, [128], ["slot2", "slot4", "slot7"]],
    ["up_blocks.1.attentions.1: to_map -> [1,32,16,16]", 20, [128], ["slot7", "slot2"]],
    ["up_blocks.1.attentions.1.proj_out: fused_conv2d -> [1,32,16,16]", 21, [8, 2], ["slot2", "slot6", "up_blocks.1.attentions.1.proj_out", "slot4"]],
    ["conv_norm_out: group_norm_stats -> [1,32,2]", 5, [32], ["slot4", "slot4", "conv_norm_out", [32, 32, 64, 1, 256, 0, 32, 32, 0], "slot1"]],
    ["conv_out: fused_conv2d -> [1,4,16,16]", 51, [8], ["slot4", "slot1", "conv_out", "out"]]
  ]
};

// runtime/image.ts
var byte = (v) => Math.round((Math.min(1, Math.max(-1, v)) + 1) / 2 * 255);
function toRGBA(samples, shape, options = {}) {
  const [c, h, w] = shape.slice(-3);
  const plane = h * w;
  if (shape.length < 3 || !(c > 0 && plane > 0) || samples.length % (c * plane) !== 0)
    throw new RangeError(
      `toRGBA: ${samples.length} values are not whole images of shape [${shape.join(",")}]`
    );
  const count = samples.length / (c * plane);
  const { index, scale = 1 } = options;
  if (index !== void 0 && !(Number.isInteger(index) && index >= 0 && index < count))
    throw new RangeError(`toRGBA: index ${index} is not one of the ${count} image(s)`);
  const list = index === void 0 ? [...Array(count).keys()] : [index];
  const gap = index === void 0 ? options.gap ?? 2 : 0;
  const cols = Math.min(list.length, options.columns ?? Math.ceil(Math.sqrt(list.length)));
  const rows = Math.ceil(list.length / cols);
  const cw = w * scale;
  const ch = h * scale;
  const width = cols * cw + (cols + 1) * gap;
  const height = rows * ch + (rows + 1) * gap;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 3; i < data.length; i += 4) data[i] = 255;
  const rgb = c === 3;
  list.forEach((n, k) => {
    const x0 = gap + k % cols * (cw + gap);
    const y0 = gap + Math.floor(k / cols) * (ch + gap);
    const base = n * c * plane;
    for (let y = 0; y < ch; y++)
      for (let x = 0; x < cw; x++) {
        const p = Math.floor(y / scale) * w + Math.floor(x / scale);
        const o = ((y0 + y) * width + x0 + x) * 4;
        const r = byte(samples[base + p]);
        data[o] = r;
        data[o + 1] = rgb ? byte(samples[base + plane + p]) : r;
        data[o + 2] = rgb ? byte(samples[base + 2 * plane + p]) : r;
      }
  });
  return { data, width, height };
}
var crcTable;
function crc32(bytes) {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c2 = n;
      for (let k = 0; k < 8; k++) c2 = c2 & 1 ? 3988292384 ^ c2 >>> 1 : c2 >>> 1;
      crcTable[n] = c2 >>> 0;
    }
  }
  let c = 4294967295;
  for (const b of bytes) c = crcTable[(c ^ b) & 255] ^ c >>> 8;
  return (c ^ 4294967295) >>> 0;
}
function chunk(type, data) {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}
async function deflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
async function encodePNG(image) {
  const { width, height, data } = image;
  if (data.length !== width * height * 4)
    throw new RangeError(`encodePNG: ${data.length} bytes are not ${width}x${height} RGBA pixels`);
  const raw = new Uint8Array(height * (width * 4 + 1));
  for (let y = 0; y < height; y++)
    raw.set(data.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([8, 6, 0, 0, 0], 8);
  const parts = [
    new Uint8Array([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk("IHDR", header),
    chunk("IDAT", await deflate(raw)),
    chunk("IEND", new Uint8Array(0))
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// kiln:source/model.ts
var load = createLoad({
  name: "sd-tiny",
  kiln: "0.1.0",
  inputs: runner_default.inputs,
  outputs: runner_default.outputs,
  params: tableParams(runner_default),
  defaultWeights: () => new URL("./weights.safetensors", import.meta.url),
  variants: {
    cpu: { runner: runnerClass(runner_default), limits: { maxStorageBufferBindingSize: 393472, maxBufferSize: 393472, maxStorageBuffersPerShaderStage: 7, maxComputeWorkgroupStorageSize: 0, maxComputeInvocationsPerWorkgroup: 64, maxComputeWorkgroupSizeX: 64, maxComputeWorkgroupSizeY: 1, maxComputeWorkgroupSizeZ: 1, maxComputeWorkgroupsPerDimension: 512 }, features: ["subgroups"], subgroupMinSize: 8 },
    gpu: { runner: runnerClass(runner_default2), limits: { maxStorageBufferBindingSize: 295168, maxBufferSize: 295168, maxStorageBuffersPerShaderStage: 6, maxComputeWorkgroupStorageSize: 15104, maxComputeInvocationsPerWorkgroup: 256, maxComputeWorkgroupSizeX: 256, maxComputeWorkgroupSizeY: 1, maxComputeWorkgroupSizeZ: 1, maxComputeWorkgroupsPerDimension: 512 } }
  }
});
export {
  INPUTS,
  KilnError,
  OUTPUTS,
  encodePNG,
  isKilnError,
  load,
  toRGBA
};
