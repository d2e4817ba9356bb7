/**
 * The WebGPU side of `npm run bench -- --sd` (scripts/bench/sd.ts), in a process of its own so
 * that its memory is measured alone and freed before PyTorch runs:
 *
 *   tsx scripts/bench/sd-run.ts <bundle-dir> <inputs.safetensors> <out.safetensors> <warmups>
 *
 * Loads the bundle through its own model.mjs (the variant load() picks for the adapter), runs
 * `warmups` untimed forwards and one timed one on the seed-0 random inputs, writes the inputs and
 * the output for the reference, and prints one JSON line (SdRunResult) on stdout; progress goes
 * to stderr. GPU memory is what the bundle asked the device for: every createBuffer's size while
 * it lived, the peak of the sum (weights, activations, inputs, outputs, readback, uniforms).
 */
import { writeSafetensorsFile } from '../../src/host/safetensors-file.js';
import { loadBundle, runBundle } from '../../src/host/bundle.js';
import { createGpu } from '../../src/host/device.js';
import { randomInputs } from '../../src/random-inputs.js';
import { limitProblems } from '../../runtime/format/limits.js';
import { isKilnError } from '../../runtime/errors.js';

export interface SdRunResult {
  readonly adapter: string;
  readonly variant: string;
  /** Why load() passed over a variant: its limits against the device's, one line each. */
  readonly passedOver: Readonly<Record<string, string[]>>;
  readonly dispatches: number;
  /** Reading the bundle (manifest, model.mjs, weights file) and load(): seconds. */
  readonly openS: number;
  readonly loadS: number;
  readonly pipelinesS: number;
  readonly warmupS: number[];
  readonly forwardS: number;
  readonly gpuPeakBytes: number;
  readonly gpuBuffers: number;
}

async function main(argv: readonly string[]): Promise<void> {
  const [dir, inputsPath, outPath, warmupArg] = argv;
  if (!dir || !inputsPath || !outPath || !/^\d$/.test(warmupArg ?? ''))
    throw new Error(
      'usage: sd-run.ts <bundle-dir> <inputs.safetensors> <out.safetensors> <warmups>',
    );
  const t00 = performance.now();
  const say = (s: string) =>
    process.stderr.write(
      `  run: [${((performance.now() - t00) / 1000).toFixed(0).padStart(4)} s] ${s}\n`,
    );
  const gpu = await createGpu();
  const device = gpu.device;

  // Every buffer the bundle makes, counted while it lives.
  let live = 0;
  let peak = 0;
  let buffers = 0;
  const create = device.createBuffer.bind(device);
  device.createBuffer = (d: GPUBufferDescriptor) => {
    const b = create(d);
    const size = Number(d.size);
    live += size;
    buffers++;
    peak = Math.max(peak, live);
    const destroy = b.destroy.bind(b);
    let gone = false;
    b.destroy = () => {
      if (!gone) live -= size;
      gone = true;
      destroy();
    };
    return b;
  };

  say(`adapter ${gpu.adapter}; loading ${dir}`);
  const t0 = performance.now();
  let lastWeights = 0;
  let lastPipes = 0;
  const b = await loadBundle(dir, {
    device,
    onProgress: (p) => {
      const now = performance.now();
      if (p.phase === 'weights' && (now - lastWeights > 10_000 || p.done === p.total)) {
        lastWeights = now;
        say(
          `load: weights ${(p.done / 2 ** 30).toFixed(2)} / ${(p.total / 2 ** 30).toFixed(2)} GiB streamed to the GPU`,
        );
      }
      if (p.phase === 'pipelines' && (now - lastPipes > 10_000 || p.done === p.total)) {
        lastPipes = now;
        say(`load: pipelines ${p.done} / ${p.total} compiled`);
      }
    },
  });
  const loadTotal = (performance.now() - t0) / 1000;
  const info = b.model.info;
  const passedOver: Record<string, string[]> = {};
  for (const v of b.manifest.variants)
    if (v.target !== info.variant) {
      const p = limitProblems(v.limits, device.limits as unknown as Record<string, number>);
      if (p.length > 0) passedOver[v.target] = p;
    }
  say(
    `loaded in ${loadTotal.toFixed(1)} s (${info.variant} kernels, ${info.dispatches} dispatches; GPU buffers ${(live / 2 ** 30).toFixed(2)} GiB)`,
  );

  const inputs = randomInputs(b.manifest.inputs, 0);
  await writeSafetensorsFile(
    inputsPath,
    b.manifest.inputs.map((t) => ({ name: t.name, shape: t.shape, data: inputs.get(t.name)! })),
    { producer: 'kiln bench --sd', seed: '0' },
  );
  const warmupS: number[] = [];
  const forward = async (what: string) => {
    say(`${what}: forward started`);
    const t = performance.now();
    const out = await runBundle(b, inputs, { warn: (l) => say(`warning: ${l}`) });
    const s = (performance.now() - t) / 1000;
    say(`${what}: forward took ${s.toFixed(1)} s`);
    return { out, s };
  };
  for (let i = 0; i < Number(warmupArg); i++) warmupS.push((await forward(`warm-up ${i + 1}`)).s);
  const { out, s: forwardS } = await forward('timed');
  const o = b.manifest.outputs[0]!;
  await writeSafetensorsFile(outPath, [{ name: o.name, shape: o.shape, data: out[o.name]! }], {
    producer: 'kiln bench --sd',
  });
  b.model.destroy();
  device.destroy();
  const r: SdRunResult = {
    adapter: gpu.adapter,
    variant: info.variant,
    passedOver,
    dispatches: info.dispatches,
    openS: loadTotal - info.loadMs / 1000,
    loadS: info.loadMs / 1000,
    pipelinesS: info.pipelinesMs / 1000,
    warmupS,
    forwardS,
    gpuPeakBytes: peak,
    gpuBuffers: buffers,
  };
  process.stdout.write(`${JSON.stringify(r)}\n`);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e: unknown) => {
    if (isKilnError(e)) for (const l of e.lines) process.stderr.write(`sd-run: error: ${l}\n`);
    else process.stderr.write(`sd-run: error: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(isKilnError(e) ? 2 : 1);
  },
);
