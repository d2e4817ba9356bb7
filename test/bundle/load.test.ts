/**
 * model.mjs's load() and forward() in Node, on lavapipe, through a real bundle of the tiny net:
 * every weights source gives the same numbers (and PyTorch's), both kernel variants agree, and
 * every bad input is a KilnError with its code and exact lines, never a hang.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LoadProgress, Model } from '../../runtime/api.js';
import { kilnGpu } from '../../src/host/device.js';
import { isKilnError, type KilnError } from '../../runtime/errors.js';
import { serializeSafetensors } from '../../runtime/format/safetensors.js';
import { serveBundle, type BundleServer } from '../../src/serve.js';
import { type TinyBundle, tinyBundle } from '../helpers/bundle.js';
import { expectClose, sharedGpu } from '../helpers/gpu.js';

let tiny: TinyBundle;
let server: BundleServer;
let device: GPUDevice;
let reference: Float32Array; // forward on the shared device, cpu kernels, bundle's own weights

async function rejection(p: Promise<unknown>): Promise<KilnError> {
  const e = await p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
  if (!isKilnError(e)) throw e;
  return e;
}

async function forwardOnce(options: object): Promise<Float32Array> {
  const model = await tiny.load({ device, ...options });
  try {
    return (await model.forward({ x: tiny.x, t: tiny.t })).out!;
  } finally {
    model.destroy();
  }
}

beforeAll(async () => {
  tiny = await tinyBundle();
  server = await serveBundle(tiny.dir, 0);
  device = (await sharedGpu()).device;
  reference = await forwardOnce({});
});
afterAll(async () => {
  await server?.close();
  await tiny?.cleanup();
});

const weightsPath = () => join(tiny.dir, 'weights.safetensors');
const weightsBytes = () => new Uint8Array(readFileSync(weightsPath()));

describe('load(): weights from every kind of source', () => {
  it('matches PyTorch with the bundle weights, cpu kernels on lavapipe', async () => {
    const model = await tiny.load({ device });
    try {
      expect(model.info).toMatchObject({
        name: 'tiny',
        kiln: tiny.compiled.manifest.kiln,
        inputs: [
          { name: 'x', shape: [1, 3, 16, 16] },
          { name: 't', shape: [1] },
        ],
        outputs: [{ name: 'out', shape: [1, 3, 16, 16] }],
        params: 47667,
        dispatches: tiny.compiled.manifest.variants[0]!.dispatches,
        variant: 'cpu',
        variants: ['cpu', 'gpu'],
      });
      expect(model.info.adapter).toMatch(/llvmpipe/);
      expectClose((await model.forward({ x: tiny.x, t: tiny.t })).out, tiny.out);
    } finally {
      model.destroy();
    }
  });

  const sources: [string, () => unknown][] = [
    ['a path', () => weightsPath()],
    ['a file: URL', () => pathToFileURL(weightsPath())],
    ['a Uint8Array (Buffer)', () => readFileSync(weightsPath())],
    ['an ArrayBuffer', () => weightsBytes().slice().buffer],
    ['an http URL string', () => `${server.url}weights.safetensors`],
    ['an http URL object', () => new URL('weights.safetensors', server.url)],
    ['a fetch Response', () => fetch(`${server.url}weights.safetensors`)],
    [
      'a Response streamed in odd 997-byte chunks',
      () => {
        const bytes = weightsBytes();
        let at = 0;
        return new Response(
          new ReadableStream<Uint8Array>({
            pull(c) {
              if (at >= bytes.length) return c.close();
              c.enqueue(bytes.slice(at, at + 997));
              at += 997;
            },
          }),
        );
      },
    ],
  ];
  for (const [what, source] of sources)
    it(`${what}: the same numbers`, async () => {
      const out = await forwardOnce({ weights: await source() });
      expect(Array.from(out)).toEqual(Array.from(reference));
    });

  it('reports progress: every weight byte, then every pipeline', async () => {
    const seen: LoadProgress[] = [];
    const model = await tiny.load({ device, onProgress: (p: LoadProgress) => seen.push(p) });
    model.destroy();
    const weights = seen.filter((p) => p.phase === 'weights');
    const pipelines = seen.filter((p) => p.phase === 'pipelines');
    expect(weights.at(-1)).toEqual({ phase: 'weights', done: 47667 * 4, total: 47667 * 4 });
    const kernels = tiny.compiled.manifest.variants[0]!.kernels.length;
    expect(pipelines.map((p) => p.done)).toEqual(Array.from({ length: kernels }, (_, i) => i + 1));
    expect(pipelines.every((p) => p.total === kernels)).toBe(true);
  });
});

describe('one bundle, two kernel variants', () => {
  it('load({ variant: "gpu" }) runs the gpu kernels, within 1e-4 of PyTorch and of the cpu ones', async () => {
    const model = await tiny.load({ device, variant: 'gpu' });
    try {
      expect(model.info.variant).toBe('gpu');
      expect(model.info.dispatches).toBe(tiny.compiled.manifest.variants[1]!.dispatches);
      const out = (await model.forward({ x: tiny.x, t: tiny.t })).out;
      expectClose(out, tiny.out);
      expectClose(out, reference);
    } finally {
      model.destroy();
    }
  });

  it('without a device, load() makes its own with exactly the limits the variant needs', async () => {
    const model = await tiny.load({ gpu: await kilnGpu() });
    try {
      const need = tiny.compiled.manifest.variants[0]!.limits;
      expect(model.info.variant).toBe('cpu');
      // Above WebGPU's defaults only what the kernels need is asked for; the rest stays default.
      expect(model.device.limits.maxStorageBuffersPerShaderStage).toBe(
        Math.max(8, need.maxStorageBuffersPerShaderStage),
      );
      expect(model.device.limits.maxBufferSize).toBe(268435456);
      const out = (await model.forward({ x: tiny.x, t: tiny.t })).out;
      expect(Array.from(out)).toEqual(Array.from(reference));
    } finally {
      model.destroy();
    }
  });
});

describe('forward()', () => {
  let model: Model;
  beforeAll(async () => {
    model = await tiny.load({ device });
  });
  afterAll(() => model?.destroy());

  it('queues concurrent calls: each gets its own result', async () => {
    const ts = [0, 250, 999].map((v) => new Float32Array([v]));
    const sequential: number[][] = [];
    for (const t of ts) sequential.push(Array.from((await model.forward({ x: tiny.x, t })).out));
    const together = await Promise.all(ts.map((t) => model.forward({ x: tiny.x, t })));
    expect(together.map((r) => Array.from(r.out))).toEqual(sequential);
  });

  it('bad inputs: INPUT_INVALID, every problem at once, by name', async () => {
    const cases: [unknown, string[]][] = [
      [
        { x: new Float32Array(10), t: tiny.t },
        ['forward: input x: expected 768 values, shape [1,3,16,16], got 10 values'],
      ],
      [
        {},
        [
          'forward: input x: missing (expected 768 values, shape [1,3,16,16])',
          'forward: input t: missing (expected 1 values, shape [1])',
        ],
      ],
      [
        { x: Array.from(tiny.x), t: new Float64Array(1), y: tiny.t },
        [
          'forward: input x: expected a Float32Array (768 values, shape [1,3,16,16]), got Array',
          'forward: input t: expected a Float32Array (1 values, shape [1]), got Float64Array',
          'forward: input y: unexpected (the inputs are x, t)',
        ],
      ],
      [null, ['forward: inputs must be an object of Float32Arrays (x, t)']],
    ];
    for (const [inputs, lines] of cases) {
      const e = await rejection(model.forward(inputs as never));
      expect(e.code).toBe('INPUT_INVALID');
      expect(e.lines).toEqual(lines);
    }
    // The model still works after rejecting bad inputs.
    expect(Array.from((await model.forward({ x: tiny.x, t: tiny.t })).out)).toEqual(
      Array.from(reference),
    );
  });
});

describe('load(): bad weights and options', () => {
  const expectLoadError = async (options: unknown, code: string, lines: string[]) => {
    const e = await rejection(tiny.load(options as object));
    expect(e.code).toBe(code);
    expect(e.lines).toEqual(lines);
  };

  it('weights that do not fit the model: every tensor problem at once, by name', async () => {
    const params = tiny.compiled.manifest.params;
    const tensors = params
      .filter((p) => p.name !== 'init_conv.bias')
      .map((p) =>
        p.name === 'out_conv.weight'
          ? { name: p.name, shape: [3, 8, 9], data: new Float32Array(216) }
          : {
              name: p.name,
              shape: p.shape,
              data: new Float32Array(p.shape.reduce((a, b) => a * b, 1)),
            },
      );
    tensors.push({ name: 'extra.weight', shape: [2], data: new Float32Array(2) });
    await expectLoadError({ device, weights: serializeSafetensors(tensors) }, 'WEIGHTS_INVALID', [
      'weights (Uint8Array): 3 problem(s) with tensors',
      'init_conv.bias: missing (expected [8])',
      'out_conv.weight: expected [3,8,3,3], got [3,8,9]',
      'extra.weight: unexpected tensor (shape [2])',
    ]);
  });

  it('a truncated download: names the tensor it ends in', async () => {
    const bytes = weightsBytes();
    await expectLoadError(
      { device, weights: new Response(bytes.slice(0, bytes.length - 6)) },
      'WEIGHTS_INVALID',
      ["weights (Response): the data ends inside tensor 'out_conv.bias' [3] (6 of 12 bytes)"],
    );
  });

  it('a file that is not safetensors', async () => {
    const path = join(tiny.tmp, 'garbage.safetensors');
    writeFileSync(path, 'not a checkpoint at all');
    await expectLoadError({ device, weights: path }, 'SAFETENSORS_INVALID', [
      `weights ${path}: header length 7521891404167278446 exceeds the limit of 100000000 bytes`,
    ]);
  });

  it('unreachable weights: WEIGHTS_UNREACHABLE, one line', async () => {
    await expectLoadError(
      { device, weights: join(tiny.tmp, 'none.safetensors') },
      'WEIGHTS_UNREACHABLE',
      [`weights ${join(tiny.tmp, 'none.safetensors')}: no such file`],
    );
    await expectLoadError(
      { device, weights: `${server.url}none.safetensors` },
      'WEIGHTS_UNREACHABLE',
      [`weights ${server.url}none.safetensors: HTTP 404 Not Found`],
    );
    await expectLoadError(
      { device, weights: 'http://127.0.0.1:9/w.safetensors' },
      'WEIGHTS_UNREACHABLE',
      ['weights http://127.0.0.1:9/w.safetensors: cannot fetch (fetch failed)'],
    );
  });

  it('bad options: OPTION_INVALID, every problem at once', async () => {
    await expectLoadError({ device, variant: 'tpu', wieghts: 'w' }, 'OPTION_INVALID', [
      'load: unknown option wieghts (options: weights, device, gpu, variant, gpuWeights, onProgress, cache)',
      'load: variant "tpu" is not in this bundle (it has: cpu, gpu)',
    ]);
    await expectLoadError({ device, gpuWeights: 'f8' }, 'OPTION_INVALID', [
      "load: gpuWeights must be 'f32' or 'f16', got \"f8\"",
    ]);
    await expectLoadError({ device, gpuWeights: 'f16' }, 'OPTION_INVALID', [
      "load: gpuWeights 'f16': this bundle's weights are f32 (kiln compile --precision f16 makes an f16 bundle)",
    ]);
    await expectLoadError({ device: {}, onProgress: 1, cache: 'no' }, 'OPTION_INVALID', [
      'load: device must be a GPUDevice, got a Object',
      'load: cache must be true or false, got "no"',
      'load: onProgress must be a function, got number 1',
    ]);
    await expectLoadError('w.safetensors', 'OPTION_INVALID', [
      'load: options must be an object, got "w.safetensors"',
    ]);
    await expectLoadError({ device, weights: 42 }, 'OPTION_INVALID', [
      'load: weights must be a path, URL, Response, ArrayBuffer or Uint8Array, got number 42',
    ]);
  });
});

describe('load(): limits', () => {
  /** A GPU whose adapter offers less than the tiny net's cpu kernels need. */
  const smallGpu = (real: GPU) => ({
    async requestAdapter() {
      const adapter = (await real.requestAdapter())!;
      return {
        info: adapter.info,
        features: adapter.features,
        limits: {
          ...limitsOf(adapter.limits),
          maxStorageBuffersPerShaderStage: 4,
          maxComputeInvocationsPerWorkgroup: 32,
        },
        requestDevice: () => {
          throw new Error('must not be reached');
        },
      };
    },
  });
  const limitsOf = (l: GPUSupportedLimits) => {
    const o: Record<string, number> = {};
    for (const k in l) o[k] = (l as unknown as Record<string, number>)[k]!;
    return o;
  };

  it('an adapter without a needed limit: ADAPTER_LIMITS, naming the limit, needed vs available', async () => {
    const need = tiny.compiled.manifest.variants[0]!.limits;
    const e = await rejection(tiny.load({ gpu: smallGpu(await kilnGpu()) }));
    expect(e.code).toBe('ADAPTER_LIMITS');
    expect(e.lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^load: adapter .*llvmpipe.* cannot run the cpu kernels: maxStorageBuffersPerShaderStage: needs ${need.maxStorageBuffersPerShaderStage}, available 4$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `cannot run the cpu kernels: maxComputeInvocationsPerWorkgroup: needs ${need.maxComputeInvocationsPerWorkgroup}, available 32$`,
        ),
      ),
    ]);
  });

  it('the cpu kernels need subgroups: a device without them gets the gpu kernels, and forcing cpu names the feature', async () => {
    const adapter = (await (await kilnGpu()).requestAdapter())!;
    const plain = await adapter.requestDevice();
    const model = await tiny.load({ device: plain });
    expect(model.info.variant).toBe('gpu');
    expectClose((await model.forward({ x: tiny.x, t: tiny.t })).out, tiny.out);
    model.destroy();
    const e = await rejection(tiny.load({ device: plain, variant: 'cpu' }));
    expect(e.code).toBe('ADAPTER_LIMITS');
    expect(e.lines).toEqual([
      'load: the given device lacks a limit the cpu kernels need: feature subgroups: not enabled',
    ]);
    plain.destroy();
  });

  it('the cpu kernels need subgroups of 8: an adapter with subgroups of 4 gets the gpu kernels, and forcing cpu says why', async () => {
    const real = await kilnGpu();
    const narrow = {
      async requestAdapter() {
        const adapter = (await real.requestAdapter())!;
        const info = {
          vendor: adapter.info.vendor,
          architecture: adapter.info.architecture,
          device: adapter.info.device,
          description: adapter.info.description,
          subgroupMinSize: 4,
          subgroupMaxSize: 8,
        };
        return new Proxy(adapter, {
          get: (target, key) => {
            if (key === 'info') return info;
            const v = Reflect.get(target, key, target);
            return typeof v === 'function' ? v.bind(target) : v;
          },
        });
      },
    } as unknown as GPU;
    const model = await tiny.load({ gpu: narrow });
    expect(model.info.variant).toBe('gpu');
    model.destroy();
    model.device.destroy();
    const e = await rejection(tiny.load({ gpu: narrow, variant: 'cpu' }));
    expect(e.code).toBe('ADAPTER_LIMITS');
    expect(e.lines).toEqual([
      expect.stringMatching(
        /^load: adapter .*llvmpipe.* cannot run the cpu kernels: subgroups of at least 8 invocations \(the adapter's can have 4\)$/,
      ),
    ]);
  });

  it("a variant over the adapter's limits gives way to one within them, and forcing it names the limit", async () => {
    // An SD-sized bundle's cpu kernels bind 150 MiB of padded conv weights, over lavapipe's
    // 128 MiB, where its gpu kernels bind 112.5 MiB: load() must pick the gpu kernels there.
    const need = Object.fromEntries(
      tiny.compiled.manifest.variants.map((v) => [v.target, v.limits] as const),
    );
    const cpu = need.cpu!;
    const gpu = need.gpu!;
    const name = (Object.keys(cpu) as (keyof typeof cpu)[]).find((k) => cpu[k] > gpu[k])!;
    expect(name).toBeDefined();
    const real = await kilnGpu();
    const tight = {
      async requestAdapter() {
        const adapter = (await real.requestAdapter())!;
        const limits = { ...limitsOf(adapter.limits), [name]: gpu[name] };
        return new Proxy(adapter, {
          get: (target, key) => {
            if (key === 'limits') return limits;
            const v = Reflect.get(target, key, target);
            return typeof v === 'function' ? v.bind(target) : v;
          },
        });
      },
    } as unknown as GPU;
    const model = await tiny.load({ gpu: tight });
    expect(model.info.variant).toBe('gpu');
    expectClose((await model.forward({ x: tiny.x, t: tiny.t })).out, tiny.out);
    model.destroy();
    model.device.destroy();
    const e = await rejection(tiny.load({ gpu: tight, variant: 'cpu' }));
    expect(e.code).toBe('ADAPTER_LIMITS');
    expect(e.lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^load: adapter .*llvmpipe.* cannot run the cpu kernels: ${name}: needs ${cpu[name]}, available ${gpu[name]}$`,
        ),
      ),
    ]);
  });

  it("a caller's device without a needed limit: the same check", async () => {
    const small = {
      createBuffer() {},
      limits: { ...limitsOf(device.limits), maxStorageBufferBindingSize: 1024 },
    };
    // A device that is not lavapipe gets the gpu kernels, so their needs are the ones checked.
    const need = tiny.compiled.manifest.variants.find((v) => v.target === 'gpu')!.limits;
    const e = await rejection(tiny.load({ device: small }));
    expect(e.code).toBe('ADAPTER_LIMITS');
    expect(e.lines).toEqual([
      `load: the given device lacks a limit the gpu kernels need: maxStorageBufferBindingSize: needs ${need.maxStorageBufferBindingSize}, available 1024`,
    ]);
  });
});

describe('device loss and destroy()', () => {
  const freshDevice = async () => {
    const adapter = (await (await kilnGpu()).requestAdapter())!;
    // As createGpu does: the cpu kernels share weights through subgroups.
    const requiredFeatures: GPUFeatureName[] = adapter.features.has('subgroups')
      ? ['subgroups']
      : [];
    return adapter.requestDevice({ requiredFeatures });
  };

  it('a lost device rejects the pending and later calls with DEVICE_LOST; load() works again', async () => {
    const own = await freshDevice();
    const model = await tiny.load({ device: own });
    const pending = model.forward({ x: tiny.x, t: tiny.t });
    own.destroy();
    const e = await rejection(pending);
    expect(e.code).toBe('DEVICE_LOST');
    expect(e.lines).toEqual([
      'forward: the GPU device was lost (destroyed: device was destroyed); call load() again',
    ]);
    const later = await rejection(model.forward({ x: tiny.x, t: tiny.t }));
    expect(later.code).toBe('DEVICE_LOST');
    model.destroy();
    const again = await tiny.load({ device: await freshDevice() });
    expect(Array.from((await again.forward({ x: tiny.x, t: tiny.t })).out)).toEqual(
      Array.from(reference),
    );
    again.device.destroy();
  });

  it('destroy() frees the buffers; later calls reject with MODEL_DESTROYED', async () => {
    const model = await tiny.load({ device });
    model.destroy();
    model.destroy(); // twice is fine
    const e = await rejection(model.forward({ x: tiny.x, t: tiny.t }));
    expect(e.code).toBe('MODEL_DESTROYED');
    expect(e.lines).toEqual(['forward: the model was destroyed; call load() again']);
    expect(() => model.encodeForward({} as GPUComputePassEncoder)).toThrow(
      'encodeForward: the model was destroyed; call load() again',
    );
  });

  it('a kernel the GPU cannot compile: PIPELINE_FAILED at load, naming the kernel', async () => {
    const broken = join(tiny.tmp, 'broken');
    const { cp } = await import('node:fs/promises');
    await cp(tiny.dir, broken, { recursive: true });
    const path = join(broken, 'model.mjs');
    // The first kernel's entry point, renamed: a real compilation failure, not a mock.
    writeFileSync(path, readFileSync(path, 'utf8').replace('fn main(', 'fn mian('));
    const mod = (await import(pathToFileURL(path).href)) as { load(o: object): Promise<Model> };
    const e = await rejection(mod.load({ device }));
    expect(e.code).toBe('PIPELINE_FAILED');
    expect(e.lines).toEqual([
      expect.stringMatching(/^load: the GPU could not compile kernel 00_time_sincos\.wgsl: /),
    ]);
  });
});

describe('destroy() frees every buffer', () => {
  it("every buffer load() created is destroyed, on a caller's device", async () => {
    const created: GPUBuffer[] = [];
    const destroyed = new Set<GPUBuffer>();
    // The device as the runner sees it, with createBuffer counting (methods bound to the real one).
    const counting = new Proxy(device, {
      get(target, prop) {
        if (prop === 'createBuffer')
          return (d: GPUBufferDescriptor) => {
            const b = target.createBuffer(d);
            const destroy = b.destroy.bind(b);
            b.destroy = () => {
              destroyed.add(b);
              destroy();
            };
            created.push(b);
            return b;
          };
        const v = Reflect.get(target, prop, target);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const model = await tiny.load({ device: counting });
    await model.forward({ x: tiny.x, t: tiny.t });
    expect(created.length).toBeGreaterThan(10);
    expect(destroyed.size).toBe(0);
    model.destroy();
    expect(created.filter((b) => !destroyed.has(b)).map((b) => b.label)).toEqual([]);
  });
});
