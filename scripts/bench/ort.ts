/**
 * ONNX Runtime Web (its WebGPU execution provider) in Node, on the same Dawn adapter Kiln uses.
 *
 * How it is made to work here:
 * - `installWebGpuGlobals()` runs BEFORE onnxruntime-web is imported: it puts npm `webgpu`'s
 *   globals (GPUBufferUsage, ...) on globalThis and a `navigator.gpu` made by `create([])`, the
 *   object src/host/device.ts then also picks up, so Kiln and ORT talk to one Dawn instance.
 * - Dawn's `queue.writeBuffer` rejects views of a SharedArrayBuffer (`Error: Invalid argument`),
 *   and ORT keeps its tensors in the wasm heap, which is one: writeBuffer is wrapped to copy such
 *   data into an ordinary ArrayBuffer first (a copy of the input tensors, a few tens of KiB).
 * - `GPUComputePassEncoder.prototype.dispatchWorkgroups(Indirect)` is wrapped to count dispatches
 *   while a counter is armed (it costs one increment; Kiln's own timings never arm it).
 * - ORT gets the model's bytes (not a path), `numThreads = 1` (no worker threads in Node) and
 *   its wasm files from its own dist folder.
 * - Creating the first session takes a minute or two on a loaded 2-core machine: V8 compiles ORT's
 *   ~20 MB wasm with TurboFan in the background and ORT's first createComputePipelineAsync does not
 *   resolve until that is done (with `node --liftoff-only` it takes a second). It happens once per
 *   process, before any timing, and later forwards run on the optimised code, as in a browser.
 * - A forward is timed as Kiln's is: `session.run` with CPU tensors uploads `x` and `t`, runs the
 *   graph and reads `out` back.
 *
 * The model comes from scripts/export_onnx.py (Debian's /usr/bin/python3 with torch), exported
 * from the reference PyTorch U-Net with the Kiln bundle's own weights.safetensors, so the two
 * outputs can be compared number for number.
 */
import { spawnSync } from 'node:child_process';
import { adapterName } from '../../runtime/gpu.js';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const EXPORT_SCRIPT = join(ROOT, 'scripts', 'export_onnx.py');
export const SYSTEM_PYTHON = '/usr/bin/python3';
export const NEEDS_TORCH = `n/a (needs ${SYSTEM_PYTHON} with python3-torch to export ONNX)`;

// ------------------------------------------------------------------------------ export

/** Whether Debian's python can import torch (the exporter's only requirement). */
export function systemPythonHasTorch(python = SYSTEM_PYTHON): boolean {
  if (!existsSync(python)) return false;
  const r = spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore', timeout: 120_000 });
  return r.status === 0;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/**
 * Makes sure `onnxPath` holds the reference U-Net of `specPath` (a `unet`-preset spec) with the
 * bundle's weights: exports it when it is missing or was made from other weights, spec or
 * exporter (a sidecar `<onnx>.json` records their hashes). Returns null when ready, else why
 * ORT cannot run.
 */
export async function ensureOnnx(
  bundleDir: string,
  specPath: string,
  onnxPath: string,
  progress: (s: string) => void = () => {},
): Promise<string | null> {
  const key = {
    weights: sha256(await readFile(join(bundleDir, 'weights.safetensors'))),
    spec: sha256(await readFile(specPath)),
    exporter: sha256(await readFile(EXPORT_SCRIPT)),
    reference: sha256(await readFile(join(ROOT, 'test', 'golden', 'reference', 'seed_unet.py'))),
  };
  const sidecar = `${onnxPath}.json`;
  if (existsSync(onnxPath) && existsSync(sidecar)) {
    try {
      const old = JSON.parse(readFileSync(sidecar, 'utf8')) as Record<string, string>;
      if (Object.entries(key).every(([k, v]) => old[k] === v)) return null;
    } catch {
      // fall through: export again
    }
  }
  if (!systemPythonHasTorch()) return NEEDS_TORCH;
  progress(`exporting ONNX (opset 17, weights of ${bundleDir}) -> ${onnxPath}`);
  const r = spawnSync(SYSTEM_PYTHON, [EXPORT_SCRIPT, bundleDir, onnxPath, specPath], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status !== 0) {
    const why = (r.stderr || r.stdout || `exit ${r.status}`).trim().split('\n').at(-1);
    return `n/a (ONNX export failed: ${why})`;
  }
  await writeFile(sidecar, `${JSON.stringify(key, null, 2)}\n`);
  return null;
}

// ------------------------------------------------------------------------------ globals

let installed: { gpu: GPU } | undefined;
let dispatchCounter: number | null = null;
/** Adapters handed out by navigator.gpu.requestAdapter, the last one kept (ORT asks once per process). */
let adapterRequests = 0;
let lastAdapter: GPUAdapter | null = null;
let ortAdapter: string | undefined;

/** Dawn's globals and navigator.gpu, the writeBuffer copy and the dispatch counter. Idempotent. */
export async function installWebGpuGlobals(): Promise<GPU> {
  if (installed) return installed.gpu;
  if (!process.env.XDG_RUNTIME_DIR) process.env.XDG_RUNTIME_DIR = '/tmp';
  const webgpu = (await import('webgpu')) as unknown as {
    create(flags: string[]): GPU;
    globals: object;
  };
  Object.assign(globalThis, webgpu.globals);
  const g = globalThis as { navigator?: { gpu?: GPU } };
  let gpu = g.navigator?.gpu;
  if (!gpu) {
    gpu = webgpu.create([]);
    if (g.navigator) Object.defineProperty(g.navigator, 'gpu', { value: gpu, configurable: true });
    else
      Object.defineProperty(globalThis, 'navigator', {
        value: { gpu },
        configurable: true,
        writable: true,
      });
  }

  const requestAdapter = gpu.requestAdapter.bind(gpu);
  gpu.requestAdapter = async (options?: GPURequestAdapterOptions) => {
    const a = await requestAdapter(options);
    adapterRequests++;
    lastAdapter = a;
    return a;
  };

  const queueProto = GPUQueue.prototype as unknown as { writeBuffer: (...a: unknown[]) => unknown };
  const writeBuffer = queueProto.writeBuffer;
  queueProto.writeBuffer = function (
    this: GPUQueue,
    buffer: unknown,
    offset: unknown,
    data: unknown,
    ...rest: unknown[]
  ) {
    if (typeof SharedArrayBuffer !== 'undefined') {
      if (data instanceof SharedArrayBuffer) {
        data = new Uint8Array(data).slice().buffer;
      } else if (ArrayBuffer.isView(data) && data.buffer instanceof SharedArrayBuffer) {
        // Same type over a private copy: dataOffset and size keep their meaning (elements).
        const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
        const Ctor = data.constructor as new (b: ArrayBuffer) => ArrayBufferView;
        data = Ctor === DataView ? new DataView(bytes.buffer) : new Ctor(bytes.buffer);
      }
    }
    return writeBuffer.call(this, buffer, offset, data, ...rest);
  };

  const passProto = GPUComputePassEncoder.prototype as unknown as Record<
    'dispatchWorkgroups' | 'dispatchWorkgroupsIndirect',
    (...a: unknown[]) => unknown
  >;
  for (const name of ['dispatchWorkgroups', 'dispatchWorkgroupsIndirect'] as const) {
    const orig = passProto[name];
    passProto[name] = function (this: unknown, ...a: unknown[]) {
      if (dispatchCounter !== null) dispatchCounter++;
      return orig.apply(this, a);
    };
  }
  installed = { gpu };
  return gpu;
}

// ------------------------------------------------------------------------------ the session

export interface OrtRunner {
  /** e.g. "llvmpipe: Mesa ... [mesa, software, ...]", from the adapter ORT itself opened. */
  readonly adapter: string;
  readonly version: string;
  /** One forward: upload x and t, run, read out back. */
  forward(): Promise<Float32Array>;
  /** Dispatches of the last forward (counted by the wrapped dispatchWorkgroups). */
  lastDispatches(): number;
  release(): Promise<void>;
}

/** The onnxruntime-web package directory (its package.json is not in its exports). */
const ortPackageDir = () =>
  dirname(dirname(createRequire(import.meta.url).resolve('onnxruntime-web/webgpu')));

export function ortVersion(): string {
  return (
    JSON.parse(readFileSync(join(ortPackageDir(), 'package.json'), 'utf8')) as { version: string }
  ).version;
}

/** Opens an ORT-Web WebGPU session on the model; `inputs` (x, t) are reused for every forward. */
export async function openOrt(
  onnxPath: string,
  inputs: ReadonlyMap<string, { data: Float32Array; shape: readonly number[] }>,
): Promise<OrtRunner> {
  await installWebGpuGlobals();
  const ort = await import('onnxruntime-web/webgpu');
  const dist = join(ortPackageDir(), 'dist');
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.wasmPaths = pathToFileURL(`${dist}/`).href;
  ort.env.logLevel = 'error';
  const requests = adapterRequests;
  const session = await ort.InferenceSession.create(await readFile(onnxPath), {
    executionProviders: ['webgpu'],
    logSeverityLevel: 3,
  });
  if (adapterRequests > requests) ortAdapter = adapterName(lastAdapter?.info);
  const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
  for (const name of session.inputNames) {
    const t = inputs.get(name);
    if (!t)
      throw new Error(`${onnxPath}: the model wants input ${name}, which the bundle does not have`);
    feeds[name] = new ort.Tensor('float32', t.data, [...t.shape]);
  }
  const outName = session.outputNames[0]!;
  let last = 0;
  return {
    adapter: ortAdapter ?? 'unknown adapter',
    version: ort.env.versions.web ?? ortVersion(),
    async forward() {
      dispatchCounter = 0;
      try {
        const r = await session.run(feeds);
        const out = r[outName]!;
        const data = (await out.getData()) as Float32Array;
        return data;
      } finally {
        last = dispatchCounter ?? 0;
        dispatchCounter = null;
      }
    },
    lastDispatches: () => last,
    release: () => session.release(),
  };
}
