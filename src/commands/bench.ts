/**
 * `kiln bench`: time a bundle's forward pass the way the peers (ONNX Runtime Web, a browser
 * app) see it: upload of the inputs, every dispatch, readback of the output, i.e. one call of
 * the runner's `forward`. Warm-up passes come first and are not timed into the median (the
 * first one includes the driver's shader compilation).
 *
 * `--profile` records the dispatches the runner encodes (its `encodeForward` is called with a
 * recording pass), then times each one for several rounds and reports the median per dispatch
 * and the totals per kernel family (the pipeline label is the kernel's file name, e.g.
 * `07_conv2d.wgsl`, family `conv2d`). Where the adapter has `timestamp-query` the times are the
 * GPU's own (each dispatch in its own compute pass, timestamps at its beginning and end); else
 * each dispatch is replayed alone in its own command buffer, awaiting `onSubmittedWorkDone`,
 * minus the cost of an empty submission. The JSON's `profile.timing` says which.
 *
 * The timing loop, the profile and the fresh-process first forward are src/host/bench/, shared
 * with `npm run bench` (scripts/bench/main.ts).
 */
import { firstForwardInFreshProcess } from '../host/bench/first-forward.js';
import { bundleRunner, gpuChecked } from '../host/bench/forward.js';
import {
  emptyDispatchesMs,
  profileDispatches,
  recordDispatches,
  type Profile,
} from '../host/bench/profile.js';
import { timeRounds } from '../host/bench/timing.js';
import { type Manifest, stepLabels, variantOf } from '../../runtime/format/manifest.js';
import { loadBundle, readManifest } from '../host/bundle.js';
import { createGpu, type Gpu } from '../host/device.js';
import { intFlag, type Parsed } from '../args.js';
import { randomInputs } from '../random-inputs.js';

// ------------------------------------------------------------------------------ a whole bundle

export interface BenchResult {
  readonly adapter: string;
  readonly msPerForward: number;
  readonly dispatches: number;
  readonly name: string;
  readonly fused: boolean;
  /** How the bundle stores its weights (kiln compile --precision), and how the GPU holds them. */
  readonly precision: { readonly stored: 'f32' | 'f16'; readonly gpu: 'f32' | 'f16' };
  readonly kernels: number;
  readonly iters: number;
  readonly warmup: number;
  readonly warmupMs: number[];
  readonly timesMs: number[];
  /** FLOPs per forward (from the manifest). */
  readonly flops: number | null;
  readonly gflops: number | null;
  /** The same number of empty dispatches in one pass, submitted and awaited (median). */
  readonly emptyDispatchesMs: number;
  /** A fresh process, from loading the bundle to its first output (when measured). */
  readonly firstForwardMs?: number;
  /** Whether firstForwardMs started from an empty shader cache. */
  readonly coldShaderCache?: boolean;
  readonly profile?: Profile;
}

export interface BenchOptions {
  readonly iters: number;
  readonly warmup: number;
  readonly seed?: number;
  /** Rounds of per-dispatch replay; no profile when absent. */
  readonly profileRounds?: number;
  readonly progress?: (s: string) => void;
  /** Inputs to use instead of random ones (e.g. to share them with another runtime). */
  readonly inputs?: Map<string, Float32Array>;
  /** Measure the first forward in a fresh process: with the shader cache as it is, or empty. */
  readonly firstForward?: 'warm' | 'cold';
}

export async function benchBundle(
  dir: string,
  gpu: Gpu,
  opts: BenchOptions,
): Promise<{
  result: BenchResult;
  out: Record<string, Float32Array>;
  inputs: Map<string, Float32Array>;
  manifest: Manifest;
}> {
  const bundle = await loadBundle(dir, { device: gpu.device });
  try {
    const manifest = bundle.manifest;
    const inputs =
      opts.inputs ?? randomInputs(manifest.inputs, opts.seed ?? 0, manifest.conditioning?.classes);
    const recorded = recordDispatches(bundle.model);
    const variant = bundle.model.info.variant;
    const flops = manifest.flops;
    const [t] = await gpuChecked(gpu, `${dir}: forward pass`, () =>
      timeRounds([bundleRunner(manifest.name, bundle, inputs)], opts),
    );
    const emptyMs = await emptyDispatchesMs(gpu.device, recorded.length, opts.iters);
    const first = opts.firstForward
      ? await firstForwardInFreshProcess(dir, { emptyShaderCache: opts.firstForward === 'cold' })
      : undefined;
    let profile: Profile | undefined;
    if (opts.profileRounds)
      profile = await profileDispatches(
        gpu.device,
        recorded,
        stepLabels(manifest, variant),
        opts.profileRounds,
        opts.progress,
        variantOf(manifest, bundle.model.info.variant).steps.map((s) => s.flops),
      );
    const result: BenchResult = {
      adapter: gpu.adapter,
      msPerForward: t!.ms,
      dispatches: recorded.length,
      emptyDispatchesMs: emptyMs,
      ...(first
        ? { firstForwardMs: first.firstForwardMs, coldShaderCache: opts.firstForward === 'cold' }
        : {}),
      name: manifest.name,
      fused: manifest.fused,
      precision: bundle.model.info.precision,
      kernels: variantOf(manifest, variant).kernels.length,
      iters: opts.iters,
      warmup: opts.warmup,
      warmupMs: t!.warmupMs,
      timesMs: t!.timesMs,
      flops,
      gflops: flops === null ? null : flops / (t!.ms * 1e6),
      ...(profile ? { profile } : {}),
    };
    return { result, out: t!.last, inputs, manifest };
  } finally {
    bundle.model.destroy();
  }
}

// ------------------------------------------------------------------------------ the command

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

export function formatProfile(p: Profile, msPerForward: number, top = 10): string[] {
  const lines = [
    p.timing === 'timestamp-query'
      ? `profile: GPU timestamps (timestamp-query), each dispatch in its own compute pass, median of ${p.rounds} rounds`
      : `profile: each dispatch replayed alone (own command buffer, awaited), median of ${p.rounds} rounds, minus ${fmt(p.overheadMs)} ms per empty submission`,
    `  sum over dispatches ${fmt(p.sumMs)} ms (forward ${fmt(msPerForward)} ms${p.passMs !== undefined ? `; GPU time of all of them in one pass ${fmt(p.passMs)} ms` : ''})`,
    '',
    `  top ${Math.min(top, p.dispatches.length)} dispatches:`,
    `  ${'#'.padStart(4)}  ${'kernel'.padEnd(28)} ${'grid'.padEnd(12)} ${'ms'.padStart(8)} ${'%'.padStart(6)}  node`,
  ];
  for (const d of [...p.dispatches].sort((a, b) => b.ms - a.ms).slice(0, top))
    lines.push(
      `  ${String(d.index).padStart(4)}  ${d.kernel.padEnd(28)} ${d.grid.join('x').padEnd(12)} ${fmt(d.ms).padStart(8)} ${((100 * d.ms) / (p.sumMs || 1)).toFixed(1).padStart(5)}%  ${d.label}`,
    );
  lines.push(
    '',
    '  per kernel family:',
    `  ${'family'.padEnd(28)} ${'dispatches'.padStart(10)} ${'ms'.padStart(8)} ${'%'.padStart(6)} ${'GFLOP/s'.padStart(8)}`,
  );
  for (const f of p.families)
    lines.push(
      `  ${f.family.padEnd(28)} ${String(f.dispatches).padStart(10)} ${fmt(f.ms).padStart(8)} ${((100 * f.ms) / (p.sumMs || 1)).toFixed(1).padStart(5)}% ${(f.gflops ? f.gflops.toFixed(2) : '-').padStart(8)}`,
    );
  return lines;
}

export async function runBench(
  { positional, flags }: Parsed,
  log: (s: string) => void,
  print: (s: string) => void,
): Promise<void> {
  const dir = positional[0]!;
  const iters = intFlag('bench', flags, 'iters', 7, 1, 100000);
  const warmup = intFlag('bench', flags, 'warmup', 2, 0, 100000);
  const seed = intFlag('bench', flags, 'seed', 0, 0, 2 ** 32 - 1);
  const json = flags.has('json');
  const progress = (s: string) => log(`kiln: bench: ${s}`);
  await readManifest(dir); // a directory that is not a bundle is an error before any GPU work
  const gpu = await createGpu({ timestamps: flags.has('profile') });
  try {
    progress(`loading ${dir}`);
    const { result: r, out } = await benchBundle(dir, gpu, {
      iters,
      warmup,
      seed,
      profileRounds: flags.has('profile') ? Math.max(3, Math.min(iters, 9)) : undefined,
      progress,
      firstForward: flags.has('cold-cache') ? 'cold' : 'warm',
    });
    for (const [name, data] of Object.entries(out))
      if (data.some((v) => !Number.isFinite(v)))
        log(`kiln: warning: output ${name} contains NaN or Inf`);
    if (json) {
      print(JSON.stringify(r));
      return;
    }
    const spread =
      r.timesMs.length > 1
        ? ` (min ${fmt(Math.min(...r.timesMs))}, max ${fmt(Math.max(...r.timesMs))})`
        : '';
    const rows: [string, string][] = [
      ['adapter', r.adapter],
      [
        'bundle',
        `${dir} (${r.name}, ${r.fused ? 'fused' : 'unfused'}, ${r.precision.stored} weights${r.precision.stored === r.precision.gpu ? '' : `, ${r.precision.gpu} on the GPU`}, ${r.kernels} kernels)`,
      ],
      ['dispatches', `${r.dispatches} per forward`],
      [
        'warm-up',
        r.warmup
          ? `${r.warmup} (first ${fmt(r.warmupMs[0]!)} ms, includes shader compilation)`
          : 'none (the first timed pass includes shader compilation)',
      ],
      [
        'ms/forward',
        `${fmt(r.msPerForward)} median of ${r.iters}${spread}: upload x,t + all dispatches + readback`,
      ],
      [
        'FLOPs',
        r.flops === null
          ? 'n/a (no spec.json in the bundle)'
          : `${(r.flops / 1e9).toFixed(3)} G per forward`,
      ],
      ['GFLOP/s', r.gflops === null ? 'n/a' : r.gflops.toFixed(2)],
      [
        'empty',
        `${fmt(r.emptyDispatchesMs)} ms for ${r.dispatches} empty dispatches in one pass (the floor under a forward)`,
      ],
      [
        'first',
        `${fmt(r.firstForwardMs!)} ms from load to first output in a fresh process (${r.coldShaderCache ? 'empty' : 'existing'} shader cache)`,
      ],
    ];
    if (r.iters < 5)
      rows.push([
        'note',
        `only ${r.iters} timed pass${r.iters === 1 ? '' : 'es'}: use --iters 5 or more for numbers you quote`,
      ]);
    const lines = rows.map(([k, v]) => `${k.padEnd(12)} ${v}`);
    if (r.profile) lines.push('', ...formatProfile(r.profile, r.msPerForward));
    print(lines.join('\n'));
  } finally {
    gpu.device.destroy();
  }
}
