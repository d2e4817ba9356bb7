/**
 * The real-GPU benchmark, run on a rented GPU machine by scripts/gpu/device-bench.sh from the
 * `.gpu/` folder that scripts/gpu/pack.sh fills (esbuild bundles this file to .gpu/bench.mjs,
 * so the machine needs nothing but the node binary and the few node_modules packed beside it).
 *
 *   node .gpu/bench.mjs <.gpu dir> <out dir> [--iters N] [--budget-s S]
 *
 * For each case of .gpu/cases.json (a config, a batch): generates the bundle weights from the
 * spec and seed (compiler/weights/init.ts, as `kiln compile --seed` did at pack time, so no
 * weights travel), then times Kiln `--target gpu`, Kiln `--target cpu` and ONNX Runtime Web's
 * WebGPU EP (the pack-time ONNX export, its weights pointed at the same generated tensors as
 * external data) on the one Dawn adapter. Each runner's output is checked against the lavapipe
 * output of the same bundle computed at pack time (max|diff| / max|ref|). Every case and runner
 * is fail-soft: an error is recorded and the next one runs. result.json is rewritten after every
 * runner, so a run cut short still leaves what it measured.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildGraph } from '../../compiler/ir/build.js';
import { readSpecFile } from '../../compiler/spec/read.js';
import { initWeights } from '../../compiler/weights/init.js';
import { createGpu, type Gpu } from '../../src/host/device.js';
import type { Model } from '../../runtime/api.js';
import { serializeSafetensors, toFloat32 } from '../../runtime/format/safetensors.js';
import { readSafetensorsFile } from '../../src/host/safetensors-file.js';
import { recordDispatches } from '../../src/host/bench/profile.js';
import { median } from '../../src/host/bench/timing.js';
import { relErr } from '../../src/host/parity.js';
import { randomInputs } from '../../src/random-inputs.js';
import { installWebGpuGlobals } from '../bench/ort.js';
import { measurePeak } from '../bench/peak.js';

interface Case {
  readonly key: string;
  readonly config: string;
  readonly batch: number;
  readonly flops: number;
  readonly seed: number;
  readonly inputSeed: number;
  readonly xShape: readonly number[];
  /** Paths relative to the .gpu dir. */
  readonly spec: string;
  readonly ref: string;
  readonly onnx: string | null;
  readonly bundles: Readonly<Record<string, string>>;
}

interface Pack {
  readonly commit: string;
  readonly packedAt: string;
  readonly lavapipe: string;
  readonly cases: readonly Case[];
}

interface RunnerResult {
  runner: string;
  ok: boolean;
  error?: string;
  firstMs?: number;
  forwardMs?: number;
  forwardAllMs?: number[];
  dispatchOnlyMs?: number;
  dispatches?: number;
  gflops?: number;
  pctPeak?: number;
  relDiffVsLavapipe?: number;
  relDiffVsKilnGpu?: number;
  profile?: { kernel: string; grid: readonly number[]; ms: number }[];
}

/**
 * Per dispatch: REPEAT copies of it in one pass, wall time / REPEAT, so the submit latency
 * (tens of microseconds on a GPU, as much as a small kernel) is spread thin. A dispatch only
 * reads its inputs and writes its output, so repeating it changes nothing.
 */
async function profile(device: GPUDevice, runner: Parameters<typeof recordDispatches>[0]) {
  const REPEAT = 20;
  const rows: { kernel: string; grid: readonly number[]; ms: number }[] = [];
  for (const d of recordDispatches(runner)) {
    const times: number[] = [];
    for (let k = 0; k < 3; k++) {
      const enc = device.createCommandEncoder();
      const pass = enc.beginComputePass();
      pass.setPipeline(d.pipeline);
      for (const g of d.bindGroups) pass.setBindGroup(g.index, g.group, g.offsets ?? []);
      for (let i = 0; i < REPEAT; i++) pass.dispatchWorkgroups(d.grid[0], d.grid[1], d.grid[2]);
      pass.end();
      const cb = enc.finish();
      const t0 = performance.now();
      device.queue.submit([cb]);
      await device.queue.onSubmittedWorkDone();
      times.push((performance.now() - t0) / REPEAT);
    }
    rows.push({
      kernel: d.pipeline.label,
      grid: d.grid,
      ms: Math.round(median(times) * 1e4) / 1e4,
    });
  }
  return rows;
}

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

async function main() {
  const [dir, out, ...rest] = process.argv.slice(2);
  if (!dir || !out) {
    console.error('usage: node bench.mjs <.gpu dir> <out dir> [--iters N] [--budget-s S]');
    process.exit(2);
  }
  const flag = (name: string, fallback: number) => {
    const i = rest.indexOf(`--${name}`);
    return i >= 0 ? Number(rest[i + 1]) : fallback;
  };
  const iters = flag('iters', 15);
  const deadline = Date.now() + flag('budget-s', 300) * 1000;
  const only = (process.env.KILN_GPU_CASES ?? '').split(',').filter(Boolean);
  const runners = (process.env.KILN_GPU_RUNNERS ?? 'kiln-gpu,kiln-cpu,ort-web').split(',');
  await mkdir(out, { recursive: true });
  const pack = JSON.parse(await readFile(join(dir, 'cases.json'), 'utf8')) as Pack;

  const result: Record<string, unknown> & { cases: unknown[] } = {
    commit: pack.commit,
    packedAt: pack.packedAt,
    lavapipeReference: pack.lavapipe,
    date: new Date().toISOString(),
    node: process.version,
    iters,
    cases: [],
  };
  const save = () => writeFile(join(out, 'result.json'), `${JSON.stringify(result, null, 2)}\n`);
  const log = (s: string) => console.log(s);

  await installWebGpuGlobals(); // before createGpu: Kiln and ORT share one Dawn instance
  const gpu: Gpu = await createGpu();
  result.adapter = gpu.adapter;
  const lim = gpu.device.limits;
  result.limits = {
    maxComputeWorkgroupStorageSize: lim.maxComputeWorkgroupStorageSize,
    maxComputeInvocationsPerWorkgroup: lim.maxComputeInvocationsPerWorkgroup,
  };
  log(`adapter: ${gpu.adapter}`);
  let peak = Number.NaN;
  try {
    const samples: number[] = [];
    for (let i = 0; i < 3; i++)
      samples.push((await measurePeak(gpu.device, { minMs: 100 })).gflops);
    peak = Math.max(...samples);
    result.peakGflops = peak;
    result.peakSamples = samples;
    log(
      `peak: ${peak.toFixed(0)} GFLOP/s (vec4 FMA microbenchmark; samples ${samples.map((s) => s.toFixed(0)).join(', ')})`,
    );
  } catch (e) {
    result.peakError = errText(e);
    log(`peak: failed: ${errText(e)}`);
  }
  await save();

  const weightsCache = new Map<string, Map<string, Float32Array>>();
  for (const c of pack.cases) {
    if (only.length > 0 && !only.includes(c.key)) continue;
    const entry: Record<string, unknown> & { runners: RunnerResult[] } = {
      key: c.key,
      config: c.config,
      batch: c.batch,
      gflopPerForward: c.flops / 1e9,
      runners: [],
    };
    result.cases.push(entry);
    if (Date.now() > deadline) {
      entry.error = 'skipped: time budget spent';
      log(`${c.key}: skipped (time budget spent)`);
      await save();
      continue;
    }
    let ref: Map<string, Float32Array>;
    let weights: Map<string, Float32Array>;
    try {
      const file = await readSafetensorsFile(join(dir, c.ref));
      ref = new Map([...file.tensors].map(([k, t]) => [k, toFloat32(t, c.ref)]));
      const wkey = `${c.config}:${c.seed}`;
      if (!weightsCache.has(wkey)) {
        const spec = await readSpecFile(join(dir, c.spec));
        weightsCache.set(wkey, initWeights(buildGraph(spec), c.seed));
      }
      weights = weightsCache.get(wkey)!;
    } catch (e) {
      entry.error = errText(e);
      log(`${c.key}: setup failed: ${errText(e)}`);
      await save();
      continue;
    }
    const gen = randomInputs(
      [
        { name: 'x', shape: [...c.xShape], dtype: 'F32' },
        { name: 't', shape: [c.batch], dtype: 'F32' },
      ],
      c.inputSeed,
    );
    const inputs = { x: gen.get('x')!, t: gen.get('t')! };
    let kilnGpuOut: Float32Array | undefined;

    for (const [target, rel] of Object.entries(c.bundles)) {
      if (!runners.includes(`kiln-${target}`)) continue;
      const r: RunnerResult = { runner: `kiln-${target}`, ok: false };
      entry.runners.push(r);
      try {
        // The bundle's own model.mjs, loaded as a user's program would, with the regenerated
        // weights (no sha256 check: openBundle is bypassed, the outputs are checked instead).
        const manifest = JSON.parse(await readFile(join(dir, rel, 'manifest.json'), 'utf8')) as {
          params: { name: string; shape: number[] }[];
        };
        const bytes = serializeSafetensors(
          manifest.params.map((p) => ({
            name: p.name,
            shape: p.shape,
            data: weights.get(p.name)!,
          })),
        );
        const mod = (await import(pathToFileURL(join(dir, rel, 'model.mjs')).href)) as {
          load(o: { device: GPUDevice; variant: string; weights: Uint8Array }): Promise<Model>;
        };
        const t0 = performance.now();
        const model = await mod.load({ device: gpu.device, variant: target, weights: bytes });
        const first = await model.forward(inputs);
        r.firstMs = performance.now() - t0;
        for (let i = 0; i < 2; i++) await model.forward(inputs);
        const times: number[] = [];
        let last = first;
        for (let i = 0; i < iters; i++) {
          const s = performance.now();
          last = await model.forward(inputs);
          times.push(performance.now() - s);
        }
        r.forwardAllMs = times.map((t) => Math.round(t * 1000) / 1000);
        r.forwardMs = median(times);
        // Dispatches only: R forwards encoded into one pass, wall time / R (no upload/readback).
        let dispatches = 0;
        const countingPass = {
          setPipeline() {},
          setBindGroup() {},
          dispatchWorkgroups() {
            dispatches++;
          },
        } as unknown as GPUComputePassEncoder;
        model.encodeForward(countingPass);
        r.dispatches = dispatches;
        const R = 10;
        const only: number[] = [];
        for (let k = 0; k < 5; k++) {
          const enc = gpu.device.createCommandEncoder();
          const pass = enc.beginComputePass();
          for (let i = 0; i < R; i++) model.encodeForward(pass);
          pass.end();
          await gpu.device.queue.onSubmittedWorkDone();
          const s = performance.now();
          gpu.device.queue.submit([enc.finish()]);
          await gpu.device.queue.onSubmittedWorkDone();
          only.push((performance.now() - s) / R);
        }
        r.dispatchOnlyMs = median(only);
        if (target === 'gpu' && process.env.KILN_GPU_PROFILE !== '0')
          r.profile = await profile(gpu.device, model);
        r.gflops = c.flops / 1e9 / (r.dispatchOnlyMs / 1000);
        r.pctPeak = (100 * r.gflops) / peak;
        const want = ref.get(`out_${target}`) ?? ref.get('out_cpu');
        if (want) r.relDiffVsLavapipe = relErr(last.out!, want);
        if (target === 'gpu') kilnGpuOut = last.out!;
        else if (kilnGpuOut) r.relDiffVsKilnGpu = relErr(last.out!, kilnGpuOut);
        const errs = gpu.errors();
        if (errs.length > 0) throw new Error(`GPU errors: ${errs.join(' | ')}`);
        r.ok = true;
        model.destroy();
      } catch (e) {
        r.error = errText(e);
      }
      log(format(c, r));
      await save();
    }

    if (c.onnx && runners.includes('ort-web')) {
      const r: RunnerResult = { runner: 'ort-web', ok: false };
      entry.runners.push(r);
      try {
        if (Date.now() > deadline) throw new Error('skipped: time budget spent');
        const ort = await import('onnxruntime-web/webgpu');
        ort.env.wasm.numThreads = 1;
        ort.env.wasm.wasmPaths = pathToFileURL(
          join(dir, 'node_modules', 'onnxruntime-web', 'dist', '/'),
        ).href;
        ort.env.logLevel = 'error';
        result.ortVersion = ort.env.versions.web;
        // The exported model's weights are external data: the state_dict tensors in manifest order.
        const manifest = JSON.parse(
          await readFile(
            join(dir, c.bundles.gpu ?? Object.values(c.bundles)[0]!, 'manifest.json'),
            'utf8',
          ),
        ) as { params: { name: string }[] };
        const parts = manifest.params.map((p) => weights.get(p.name)!);
        const bin = new Uint8Array(parts.reduce((s, p) => s + p.byteLength, 0));
        let off = 0;
        for (const p of parts) {
          bin.set(new Uint8Array(p.buffer, p.byteOffset, p.byteLength), off);
          off += p.byteLength;
        }
        const t0 = performance.now();
        const session = await ort.InferenceSession.create(await readFile(join(dir, c.onnx)), {
          executionProviders: ['webgpu'],
          logSeverityLevel: 3,
          externalData: [{ path: 'weights.bin', data: bin }],
        });
        const feeds = {
          x: new ort.Tensor('float32', inputs.x, [...c.xShape]),
          t: new ort.Tensor('float32', inputs.t, [c.batch]),
        };
        const run = async () => {
          const res = await session.run(feeds);
          return (await res[session.outputNames[0]!]!.getData()) as Float32Array;
        };
        await run();
        r.firstMs = performance.now() - t0;
        for (let i = 0; i < 2; i++) await run();
        const times: number[] = [];
        let last: Float32Array | undefined;
        for (let i = 0; i < iters; i++) {
          const s = performance.now();
          last = await run();
          times.push(performance.now() - s);
        }
        r.forwardAllMs = times.map((t) => Math.round(t * 1000) / 1000);
        r.forwardMs = median(times);
        r.gflops = c.flops / 1e9 / (r.forwardMs / 1000);
        r.pctPeak = (100 * r.gflops) / peak;
        const want = ref.get('out_cpu') ?? ref.get('out_gpu');
        if (want) r.relDiffVsLavapipe = relErr(last!, want);
        if (kilnGpuOut) r.relDiffVsKilnGpu = relErr(last!, kilnGpuOut);
        await session.release();
        r.ok = true;
      } catch (e) {
        r.error = errText(e);
      }
      log(format(c, r));
      await save();
    }
  }
  await save();
  log(
    '\nsummary (median ms per forward: upload + dispatches + readback; dispatch-only in brackets)',
  );
  log('case    kiln-gpu            kiln-cpu            ort-web    ort/kiln-gpu  kiln-gpu % peak');
  for (const c of result.cases as { key: string; runners: RunnerResult[] }[]) {
    const by = new Map(c.runners.map((r) => [r.runner, r]));
    const cell = (name: string) => {
      const r = by.get(name);
      if (!r?.ok) return (r ? 'failed' : '-').padEnd(20);
      const only = r.dispatchOnlyMs !== undefined ? ` (${r.dispatchOnlyMs.toFixed(3)})` : '';
      return `${r.forwardMs!.toFixed(3)}${only}`.padEnd(20);
    };
    const g = by.get('kiln-gpu');
    const o = by.get('ort-web');
    const ratio = g?.ok && o?.ok ? `${(o.forwardMs! / g.forwardMs!).toFixed(2)}x` : '-';
    const pct = g?.ok ? `${g.pctPeak!.toFixed(1)}%` : '-';
    log(
      `${c.key.padEnd(8)}${cell('kiln-gpu')}${cell('kiln-cpu')}${cell('ort-web').slice(0, 11)}${ratio.padEnd(14)}${pct}`,
    );
  }
  gpu.device.destroy();
}

function format(c: Case, r: RunnerResult): string {
  const head = `${c.key.padEnd(6)} ${r.runner.padEnd(10)}`;
  if (!r.ok) return `${head} FAILED: ${r.error}`;
  const f = (v: number | undefined, d = 2) => (v === undefined ? '-' : v.toFixed(d));
  const parts = [
    `forward ${f(r.forwardMs, 3)} ms`,
    r.dispatchOnlyMs !== undefined ? `dispatch-only ${f(r.dispatchOnlyMs, 3)} ms` : '',
    `${f(r.gflops, 1)} GFLOP/s`,
    `${f(r.pctPeak, 1)}% peak`,
    r.dispatches !== undefined ? `${r.dispatches} dispatches` : '',
    `first ${f(r.firstMs, 0)} ms`,
    r.relDiffVsLavapipe !== undefined ? `vs lavapipe ${r.relDiffVsLavapipe.toExponential(1)}` : '',
    r.relDiffVsKilnGpu !== undefined ? `vs kiln-gpu ${r.relDiffVsKilnGpu.toExponential(1)}` : '',
  ];
  return `${head} ${parts.filter(Boolean).join(', ')}`;
}

main().catch((e) => {
  console.error(`device-bench: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exit(1);
});
