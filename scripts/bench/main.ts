/**
 * `npm run bench`: Kiln (fused and --no-fuse) against ONNX Runtime Web on the same WebGPU adapter.
 *
 *   npm run bench -- [--configs S,M] [--iters N] [--warmup N] [--no-ort] [--write]
 *   npm run bench -- --sd [...]     the SD-1.5-shaped real-size run instead (scripts/bench/sd.ts)
 *
 * For each config in scripts/bench/configs/<key>.json it compiles a fused and an unfused bundle
 * (seed 0) to out/bench/, exports the reference U-Net with the same weights to ONNX
 * (scripts/export_onnx.py, once), then times all three runners on the same random input: warm-up
 * first (the first pass compiles shaders), then N rounds with one forward of each runner per
 * round (interleaved, so load changes on the machine hit all of them alike); the median is
 * reported. Outputs are cross-checked against Kiln fused: max|diff| <= 1e-4 * max|kiln| (1e-2 for
 * the fused bundle compiled with --precision f16, which runs beside them).
 * The WGSL FMA microbenchmark gives the adapter's peak (measured before the first config and after
 * each one; the best is kept, since load on the machine only ever lowers it). One table goes to stdout, progress to
 * stderr; --write puts the table in a dated section of BENCHMARKS.md.
 *
 * Exit codes: 0 ok, 1 an output check failed, 2 bad flags.
 */
import { gitCommit } from './git-commit.js';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../compiler/index.js';
import { variantOf } from '../../runtime/format/manifest.js';
import { writeBundleDir } from '../../compiler/emit/bundle.js';
import { graphStats } from '../../compiler/ir/stats.js';
import { loadBundle, type LoadedBundle } from '../../src/host/bundle.js';
import { createGpu, type Gpu } from '../../src/host/device.js';
import { relErr } from '../../src/host/parity.js';
import { isKilnError } from '../../runtime/errors.js';
import { firstForwardInFreshProcess } from '../../src/host/bench/first-forward.js';
import {
  emptyDispatchesMs,
  profileDispatches,
  recordDispatches,
} from '../../src/host/bench/profile.js';
import { median, timeRounds, type Runner } from '../../src/host/bench/timing.js';
import { buildAnyGraph, readAnySpecFile } from '../../compiler/spec/any.js';
import { randomInputs } from '../../src/random-inputs.js';
import { ensureOnnx, installWebGpuGlobals, openOrt, ortVersion, type OrtRunner } from './ort.js';
import { measurePeak } from './peak.js';
import { benchGuided, formatGuided } from './guided.js';
import { benchSampling, formatSampling } from './sampling.js';
import { runSdBench } from './sd.js';
import { readFlags, UsageError } from './flags.js';
import {
  formatTable,
  upsertSection,
  type ConfigReport,
  type Report,
  type RunnerRow,
} from './report.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CONFIG_DIR = join(ROOT, 'scripts', 'bench', 'configs');
const OUT = join(ROOT, 'out', 'bench');
const TOL = 1e-4;
/** An f16 bundle's weights are rounded once: its rule against f32 (README, --precision). */
const TOL_F16 = 1e-2;
/**
 * M at batch 16 is there to run by name (--configs M16): about a minute per forward here.
 * C10 is ddpm-cifar10-32 (specs/ddpm-cifar10-32.json, 35.7M params): seconds per forward here.
 */
const DEFAULT_CONFIGS = 'S,M,S16,C10';

const HELP = `usage: npm run bench -- [--configs S,M,S16,C10] [--iters N] [--warmup N] [--no-ort] [--no-cold] [--no-sampling] [--write]

Kiln fused, Kiln --no-fuse, Kiln fused --precision f16 and ONNX Runtime Web (WebGPU) on the same adapter, one table.

flags:
  --configs <list>  configs from scripts/bench/configs/ (default: S,M,S16,C10)
  --iters <n>       timed forwards per runner, median reported (default: 7; >= 5 for numbers you quote)
  --warmup <n>      untimed forwards first; the first compiles shaders (default: 2)
  --no-ort          skip ONNX Runtime Web
  --no-cold         skip the cold first forward (a fresh process with an empty shader cache)
  --no-sampling     skip the sampling measurements (digits model, batch 16; guided digits-cond)
  --write           add (or replace) today's section for this adapter in BENCHMARKS.md
  --sd              the SD-1.5-shaped real-size run instead (npm run bench -- --sd --help)
  --help            show this help
`;

export interface BenchFlags {
  readonly configs: string[];
  readonly iters: number;
  readonly warmup: number;
  readonly ort: boolean;
  readonly cold: boolean;
  readonly write: boolean;
  readonly sampling: boolean;
  readonly help: boolean;
}

export function availableConfigs(): string[] {
  return readdirSync(CONFIG_DIR)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Strict flags: unknown ones, repeats, missing or bad values are usage errors. */
export function parseBenchFlags(argv: readonly string[]): BenchFlags {
  const values = readFlags(
    argv,
    new Set(['configs', 'iters', 'warmup']),
    new Set(['no-ort', 'no-cold', 'no-sampling', 'write', 'help']),
  );
  const int = (name: string, fallback: number, min: number) => {
    const v = values.get(name);
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || !/^\d+$/.test(v) || Number(v) < min || Number(v) > 100000)
      throw new UsageError(
        `--${name} must be an integer from ${min} to 100000, got ${JSON.stringify(v)}`,
      );
    return Number(v);
  };
  const all = availableConfigs();
  const configs = ((values.get('configs') as string | undefined) ?? DEFAULT_CONFIGS)
    .split(',')
    .map((s) => s.trim());
  for (const c of configs)
    if (!all.includes(c))
      throw new UsageError(`--configs: no config ${JSON.stringify(c)} (have: ${all.join(', ')})`);
  if (new Set(configs).size !== configs.length)
    throw new UsageError('--configs: a config is listed twice');
  return {
    configs,
    iters: int('iters', 7, 1),
    warmup: int('warmup', 2, 0),
    ort: !values.has('no-ort'),
    cold: !values.has('no-cold'),
    write: values.has('write'),
    sampling: !values.has('no-sampling'),
    help: values.has('help'),
  };
}

// ------------------------------------------------------------------------------ runners

interface Contender {
  readonly label: string;
  forward(): Promise<Float32Array>;
  dispatches(): number;
}

interface Timed {
  warmupMs: number[];
  timesMs: number[];
  out: Float32Array;
}

function kilnContender(
  label: string,
  b: LoadedBundle,
  inputs: Map<string, Float32Array>,
): Contender {
  const record: Record<string, Float32Array> = {};
  for (const t of b.manifest.inputs) record[t.name] = inputs.get(t.name)!;
  const outName = b.manifest.outputs[0]!.name;
  const n = recordDispatches(b.model).length;
  return {
    label,
    async forward() {
      return (await b.model.forward(record))[outName]!;
    },
    dispatches: () => n,
  };
}

/** A failure of one runner, so that an ORT failure does not take the Kiln numbers down with it. */
class ContenderError extends Error {
  constructor(
    readonly label: string,
    message: string,
  ) {
    super(`${label}: ${message}`);
  }
}

async function blame<T>(label: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    throw e instanceof ContenderError
      ? e
      : new ContenderError(label, (e as Error).message?.split('\n')[0] ?? String(e));
  }
}

/**
 * The shared timing loop (src/host/bench/timing.ts) over the contenders; a warm-up pass that the
 * GPU rejects, or any failure, is blamed on its contender.
 */
async function timeInterleaved(
  cs: readonly Contender[],
  iters: number,
  warmup: number,
  progress: (s: string) => void,
  gpu: Gpu,
): Promise<Timed[]> {
  const runners: Runner<Float32Array>[] = cs.map((c) => ({
    label: c.label,
    run: (isWarmup) =>
      blame(c.label, async () => {
        if (!isWarmup) return c.forward();
        gpu.device.pushErrorScope('validation');
        const out = await c.forward();
        const err = await gpu.device.popErrorScope();
        if (err)
          throw new ContenderError(
            c.label,
            `the GPU rejected a forward pass: ${err.message.split('\n')[0]}`,
          );
        return out;
      }),
  }));
  const timed = await timeRounds(runners, { iters, warmup, progress });
  return timed.map((t) => ({ warmupMs: t.warmupMs, timesMs: t.timesMs, out: t.last }));
}

// ------------------------------------------------------------------------------ main

function describeShape(raw: {
  input: { batch: number; channels: number; height: number; width: number };
  unet?: Record<string, unknown>;
  diffusers?: { levels: { channels: number }[]; groups: number; time: { embedDim: number } };
}): string {
  const { input: i, unet: u, diffusers: d } = raw;
  if (d)
    return `${i.batch}x${i.channels}x${i.height}x${i.width}, diffusers UNet2DModel, channels [${d.levels.map((l) => l.channels).join(',')}], T ${d.time.embedDim}, G ${d.groups}`;
  if (!u) throw new Error('bench config: neither the unet preset nor the diffusers form');
  const heads = u.attentionHeads as number;
  return `${i.batch}x${i.channels}x${i.height}x${i.width}, base ${u.baseChannels}, mults [${(u.channelMults as number[]).join(',')}], T ${u.timeDim}, G ${u.groups}, ${heads} head${heads === 1 ? '' : 's'}`;
}

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--sd')) return runSdBench(argv.filter((a) => a !== '--sd'));
  let flags: BenchFlags;
  try {
    flags = parseBenchFlags(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`bench: error: ${e.message} (see npm run bench -- --help)\n`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const t00 = performance.now();
  const progress = (s: string) =>
    process.stderr.write(
      `bench: [${((performance.now() - t00) / 1000).toFixed(0).padStart(4)} s] ${s}\n`,
    );
  if (flags.iters < 5)
    progress(`note: --iters ${flags.iters} < 5: fine for a smoke run, not for numbers you quote`);
  const load0 = loadavg()[0]!;

  // Dawn's globals and navigator.gpu first, so that Kiln and ORT share one Dawn instance.
  if (flags.ort) await installWebGpuGlobals();
  const gpu = await createGpu();
  progress(`adapter: ${gpu.adapter}`);
  const peaks: number[] = [];
  const samplePeak = async () => {
    progress('peak: WGSL vec4-FMA microbenchmark');
    peaks.push((await measurePeak(gpu.device)).gflops);
    progress(`peak: ${peaks.at(-1)!.toFixed(1)} GFLOP/s`);
  };
  await samplePeak();

  const notes: string[] = [];
  const configs: ConfigReport[] = [];
  let failed = false;
  let ortAdapter: string | undefined;
  for (const key of flags.configs) {
    const specPath = join(CONFIG_DIR, `${key}.json`);
    const raw = JSON.parse(readFileSync(specPath, 'utf8'));
    const spec = await readAnySpecFile(specPath);
    const flops = graphStats(buildAnyGraph(spec)).flops;
    const dirs = {
      fused: join(OUT, `${spec.name}-fused`),
      unfused: join(OUT, `${spec.name}-unfused`),
      f16: join(OUT, `${spec.name}-fused-f16`),
    };
    const runners: { label: string; fuse: boolean; dir: string; precision?: 'f16' }[] = [
      { label: 'Kiln fused', fuse: true, dir: dirs.fused },
      { label: 'Kiln unfused', fuse: false, dir: dirs.unfused },
      // Weights stored as f16 (kiln compile --precision f16): checked at the f16 rule, 1e-2.
      { label: 'Kiln fused f16', fuse: true, dir: dirs.f16, precision: 'f16' },
    ];
    let fusedStepFlops: number[] = [];
    for (const r of runners) {
      const t0 = performance.now();
      progress(
        `${key}: compiling ${r.fuse ? 'fused' : '--no-fuse'}${r.precision ? ` --precision ${r.precision}` : ''} bundle -> ${r.dir}`,
      );
      const c = await compile(spec, {
        seed: 0,
        passes: { fuse: r.fuse },
        precision: r.precision,
      });
      await writeBundleDir(r.dir, c.files);
      if (r.fuse && !r.precision)
        fusedStepFlops = variantOf(c.manifest).steps.map((st) => st.flops);
      progress(
        `${key}: compiled (${c.manifest.variants.map((v) => `${v.target}: ${v.dispatches} dispatches, ${v.kernels.length} kernels`).join('; ')}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
    }
    const fusionNoop =
      readFileSync(join(dirs.fused, 'model.mjs'), 'utf8') ===
      readFileSync(join(dirs.unfused, 'model.mjs'), 'utf8');

    const bundles: LoadedBundle[] = [];
    for (const r of runners) bundles.push(await loadBundle(r.dir, gpu));
    const inputs = randomInputs(bundles[0]!.manifest.inputs, 0);
    const contenders: Contender[] = bundles.map((b, i) =>
      kilnContender(runners[i]!.label, b, inputs),
    );

    let ort: OrtRunner | undefined;
    let ortNa: string | undefined;
    if (flags.ort) {
      const onnx = join(OUT, `${spec.name}.onnx`);
      try {
        ortNa =
          (await ensureOnnx(dirs.fused, specPath, onnx, (s) => progress(`${key}: ${s}`))) ??
          undefined;
        if (!ortNa) {
          progress(`${key}: ORT-Web: creating a WebGPU session on ${onnx}`);
          const shapes = new Map(
            bundles[0]!.manifest.inputs.map((t) => [
              t.name,
              { data: inputs.get(t.name)!, shape: t.shape },
            ]),
          );
          const t0 = performance.now();
          ort = await openOrt(onnx, shapes);
          progress(
            `${key}: ORT-Web: session ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
          );
          const o = ort;
          contenders.push({
            label: 'ORT-Web',
            forward: () => o.forward(),
            dispatches: () => o.lastDispatches(),
          });
        }
      } catch (e) {
        ortNa = `n/a (ORT-Web failed: ${(e as Error).message.split('\n')[0]})`;
      }
      if (ortNa) progress(`${key}: ORT-Web: ${ortNa}`);
    } else {
      ortNa = 'n/a (--no-ort)';
    }

    let timed: Timed[];
    try {
      timed = await timeInterleaved(
        contenders,
        flags.iters,
        flags.warmup,
        (s) => progress(`${key}: ${s}`),
        gpu,
      );
    } catch (e) {
      if (!ort || !(e instanceof ContenderError) || e.label !== 'ORT-Web') throw e;
      // ORT failing mid-run must not cost the Kiln numbers: rerun without it.
      ortNa = `n/a (ORT-Web failed: ${e.message.slice('ORT-Web: '.length)})`;
      progress(`${key}: ${ortNa}; timing Kiln alone`);
      await ort.release().catch(() => {});
      ort = undefined;
      contenders.pop();
      timed = await timeInterleaved(
        contenders,
        flags.iters,
        flags.warmup,
        (s) => progress(`${key}: ${s}`),
        gpu,
      );
    }
    if (ort) ortAdapter = ort.adapter;

    const ref = timed[0]!.out;
    // The floor under each Kiln forward: as many empty dispatches, in one pass.
    const floors = await Promise.all(
      bundles.map(async (b) => {
        const n = recordDispatches(b.model).length;
        return emptyDispatchesMs(gpu.device, n, flags.iters);
      }),
    );
    progress(`${key}: profile: every Kiln fused dispatch alone, 3 rounds`);
    const profile = await profileDispatches(
      gpu.device,
      recordDispatches(bundles[0]!.model),
      [],
      3,
      (s) => progress(`${key}: ${s}`),
      fusedStepFlops,
    );
    let firstForwardMs: number | undefined;
    if (flags.cold) {
      progress(`${key}: first forward of Kiln fused in a fresh process, empty shader cache`);
      firstForwardMs = (await firstForwardInFreshProcess(dirs.fused, { emptyShaderCache: true }))
        .firstForwardMs;
      progress(`${key}: first forward (cold): ${(firstForwardMs / 1000).toFixed(1)} s`);
    }
    const rows: RunnerRow[] = contenders.map((c, i) => {
      let check = 'reference';
      if (i > 0) {
        const rel = relErr(timed[i]!.out, ref);
        const tol = runners[i]?.precision === 'f16' ? TOL_F16 : TOL;
        const ok = rel <= tol;
        if (!ok) failed = true;
        check = `${rel === 0 ? '0' : rel.toExponential(1)} ${ok ? 'ok' : `MISMATCH (> ${tol})`}`;
      }
      return {
        runner: c.label,
        ms: median(timed[i]!.timesMs),
        dispatches: c.dispatches(),
        check,
        ...(i < floors.length ? { emptyMs: floors[i]! } : {}),
        ...(i === 0 && firstForwardMs !== undefined ? { firstForwardMs } : {}),
      };
    });
    if (!ort) rows.push({ runner: 'ORT-Web', ms: null, na: ortNa, dispatches: null, check: 'n/a' });
    for (const r of rows)
      if (r.ms !== null)
        progress(`${key}: ${r.runner}: ${r.ms.toFixed(1)} ms/forward, output ${r.check}`);
    configs.push({
      key,
      shape: describeShape(raw),
      flops,
      rows,
      fusionNoop,
      families: profile.families.map((f) => ({
        family: f.family,
        dispatches: f.dispatches,
        ms: f.ms,
        flops: f.flops ?? 0,
      })),
    });

    await ort?.release();
    for (const b of bundles) b.model.destroy();
    await samplePeak();
  }

  // ms per sampling step of the digits model next to its forward (scripts/bench/sampling.ts).
  const sampling = flags.sampling
    ? formatSampling(
        await benchSampling(gpu, ROOT, OUT, Math.max(3, Math.min(flags.iters, 7)), progress),
      ) +
      formatGuided(
        await benchGuided(gpu, ROOT, OUT, Math.max(3, Math.min(flags.iters, 7)), progress),
      )
    : undefined;

  if (configs.some((c) => c.fusionNoop))
    notes.push(
      `Fusion had not landed at this commit for ${configs
        .filter((c) => c.fusionNoop)
        .map((c) => c.key)
        .join(', ')}: ` +
        'the fused and --no-fuse bundles are the same kernels, so their difference is noise.',
    );
  if (ortAdapter && ortAdapter !== gpu.adapter)
    notes.push(`ORT-Web opened a different adapter: ${ortAdapter}`);
  if (flags.ort)
    notes.push(
      `ORT-Web ${ortVersion()} (onnxruntime-web/webgpu, execution provider webgpu, numThreads 1, default graph optimizations); ` +
        "model: the reference PyTorch U-Net exported at opset 17 by scripts/export_onnx.py with the Kiln bundle's weights. " +
        'ORT dispatches are counted by wrapping GPUComputePassEncoder.dispatchWorkgroups.',
    );
  notes.push(
    `GFLOP/s counts the convolutions, linears and attention matmuls (2 per multiply-add, as kiln inspect); % of peak is against the FMA microbenchmark (best of ${peaks.length} runs: ${peaks.map((p) => p.toFixed(1)).join(', ')} GFLOP/s).`,
  );
  const load1 = loadavg()[0]!;
  const now = new Date();
  const report: Report = {
    adapter: gpu.adapter,
    date: now.toISOString().slice(0, 10),
    time: now.toISOString().replace(/\.\d+Z$/, 'Z'),
    commit: gitCommit(ROOT),
    environment: `Node ${process.version}, ${cpus().length} CPUs, load average ${load0.toFixed(1)} at start / ${load1.toFixed(1)} at end`,
    peakGflops: Math.max(...peaks),
    iters: flags.iters,
    warmup: flags.warmup,
    configs,
    notes,
    sections: sampling ? [sampling] : [],
  };
  process.stdout.write(`${formatTable(report)}\n`);
  if (flags.write) {
    const path = join(ROOT, 'BENCHMARKS.md');
    const existing = existsSync(path) ? await readFile(path, 'utf8') : null;
    await writeFile(path, upsertSection(existing, report));
    progress(`wrote ${path}`);
  }
  if (failed) process.stderr.write('bench: error: an output check failed (see the table)\n');
  gpu.device.destroy();
  return failed ? 1 : 0;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      if (isKilnError(e)) {
        for (const l of e.lines) process.stderr.write(`bench: error: ${l}\n`);
        process.exit(2);
      }
      console.error(e);
      process.exit(1);
    },
  );
}
