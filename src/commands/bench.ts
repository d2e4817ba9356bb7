/**
 * `kiln bench`: time a bundle's forward pass the way the peers (ONNX Runtime Web, a browser
 * app) see it: upload of the inputs, every dispatch, readback of the output, i.e. one call of
 * the runner's `forward`. Warm-up passes come first and are not timed into the median (the
 * first one includes the driver's shader compilation).
 *
 * `--profile` records the dispatches the runner encodes (its `encodeForward` is called with a
 * recording pass), then replays each one alone in its own command buffer, awaiting
 * `onSubmittedWorkDone`, for several rounds, and reports the median per dispatch (minus the cost
 * of an empty submission) and the totals per kernel family (the pipeline label is the kernel's
 * file name, e.g. `07_conv2d.wgsl`, family `conv2d`).
 *
 * The functions here are shared with `npm run bench` (scripts/bench/main.ts).
 */
import { type Manifest, stepLabels, variantOf } from '../../runtime/format/manifest.js';
import { loadBundle, readManifest, runBundle, type LoadedBundle } from '../../runtime/bundle.js';
import type { Model } from '../../runtime/api.js';
import { createGpu, type Gpu } from '../../runtime/device.js';
import { KilnError } from '../../runtime/errors.js';
import { intFlag, type CommandDef, type Parsed } from '../args.js';
import { randomInputs } from '../random-inputs.js';

export const benchCommand: CommandDef = {
  name: 'bench',
  args: ['<bundle-dir>'],
  summary:
    'Time forward passes of a compiled bundle (inputs upload, all dispatches, output readback) on the WebGPU adapter.',
  flags: [
    {
      name: 'iters',
      value: '<n>',
      help: 'timed forward passes; the median is reported (use >= 5 for numbers you quote)',
      default: '7',
    },
    {
      name: 'warmup',
      value: '<n>',
      help: 'untimed forward passes first (the first includes shader compilation)',
      default: '2',
    },
    {
      name: 'seed',
      value: '<n>',
      help: 'seed for the random inputs: x ~ N(0,1), t uniform in [0,1000)',
      default: '0',
    },
    {
      name: 'profile',
      help: 'also time every dispatch alone (replayed in its own command buffer) and total them per kernel family',
    },
    { name: 'json', help: 'print one JSON line: {"adapter", "msPerForward", "dispatches", ...}' },
    { name: 'help', help: 'show this help' },
  ],
  details:
    'GFLOP/s is reported when the bundle has its spec.json (FLOPs as in kiln inspect: 2 per multiply-add in the convolutions, linears and attention).\n' +
    'Progress goes to stderr; the result (a table, or the JSON line) to stdout.',
};

export const median = (xs: readonly number[]): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

// ------------------------------------------------------------------------------ recording

export interface RecordedDispatch {
  readonly pipeline: GPUComputePipeline;
  readonly bindGroups: ReadonlyArray<{
    readonly index: number;
    readonly group: GPUBindGroup | null;
    readonly offsets?: number[];
  }>;
  readonly grid: readonly [number, number, number];
  readonly indirect?: { readonly buffer: GPUBuffer; readonly offset: number };
}

/** The dispatches `encodeForward` would record into a real pass, with the state each one sees. */
export function recordDispatches(runner: Pick<Model, 'encodeForward'>): RecordedDispatch[] {
  const out: RecordedDispatch[] = [];
  let pipeline: GPUComputePipeline | undefined;
  const groups = new Map<
    number,
    { index: number; group: GPUBindGroup | null; offsets?: number[] }
  >();
  const snapshot = () => {
    if (!pipeline)
      throw new Error('kiln bench --profile: the runner dispatched before setting a pipeline');
    return { pipeline, bindGroups: [...groups.values()].sort((a, b) => a.index - b.index) };
  };
  const recorder = {
    label: 'kiln-bench-recorder',
    setPipeline(p: GPUComputePipeline) {
      pipeline = p;
    },
    setBindGroup(
      index: number,
      group: GPUBindGroup | null,
      offsets?: Iterable<number> | Uint32Array,
      start?: number,
      length?: number,
    ) {
      let o: number[] | undefined;
      if (offsets) {
        const all = [...(offsets as Iterable<number>)];
        o = start !== undefined ? all.slice(start, start + (length ?? all.length - start)) : all;
      }
      groups.set(index, { index, group, offsets: o });
    },
    dispatchWorkgroups(x: number, y = 1, z = 1) {
      out.push({ ...snapshot(), grid: [x, y, z] });
    },
    dispatchWorkgroupsIndirect(buffer: GPUBuffer, offset: number) {
      out.push({ ...snapshot(), grid: [0, 0, 0], indirect: { buffer, offset } });
    },
    pushDebugGroup() {},
    popDebugGroup() {},
    insertDebugMarker() {},
    end() {},
  };
  const pass = new Proxy(recorder, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && !(prop in target))
        throw new Error(
          `kiln bench --profile: the runner called pass.${prop}, which the dispatch recorder does not support`,
        );
      return Reflect.get(target, prop, receiver);
    },
  });
  runner.encodeForward(pass as unknown as GPUComputePassEncoder);
  return out;
}

/** `07_conv2d.wgsl` -> `conv2d`: the kernel family of a pipeline label. */
export const kernelFamily = (label: string): string =>
  label
    .replace(/^.*\//, '')
    .replace(/\.wgsl$/, '')
    .replace(/^\d+_/, '') || '(unlabelled)';

// ------------------------------------------------------------------------------ timing

export interface ForwardTiming {
  /** Warm-up passes, in order (the first includes shader compilation). */
  readonly warmupMs: number[];
  /** Timed passes, in order. */
  readonly timesMs: number[];
  readonly msPerForward: number;
  /** The output of the last pass. */
  readonly out: Record<string, Float32Array>;
}

export async function timeForwards(
  bundle: LoadedBundle,
  inputs: Map<string, Float32Array>,
  gpu: Gpu,
  opts: { iters: number; warmup: number; progress?: (s: string) => void },
): Promise<ForwardTiming> {
  const warmupMs: number[] = [];
  let out: Record<string, Float32Array> = {};
  for (let i = 0; i < opts.warmup; i++) {
    opts.progress?.(
      `warm-up ${i + 1}/${opts.warmup}${i === 0 ? ' (includes shader compilation)' : ''}`,
    );
    const t0 = performance.now();
    out = await runBundle(bundle, inputs); // checks the GPU's verdict too
    warmupMs.push(performance.now() - t0);
  }
  const record: Record<string, Float32Array> = {};
  for (const t of bundle.manifest.inputs) record[t.name] = inputs.get(t.name)!;
  const timesMs: number[] = [];
  gpu.device.pushErrorScope('validation');
  for (let i = 0; i < opts.iters; i++) {
    opts.progress?.(`forward ${i + 1}/${opts.iters}`);
    const t0 = performance.now();
    out = await bundle.model.forward(record);
    timesMs.push(performance.now() - t0);
  }
  const err = await gpu.device.popErrorScope();
  if (err)
    throw new KilnError(
      'GPU_ERROR',
      `${bundle.dir}: forward pass failed on the GPU: ${err.message.split('\n')[0]}`,
    );
  return { warmupMs, timesMs, msPerForward: median(timesMs), out };
}

export interface DispatchProfile {
  readonly index: number;
  readonly kernel: string;
  readonly family: string;
  readonly grid: readonly number[];
  readonly label: string;
  /** Median time alone, minus the empty-submission overhead (never below 0). */
  readonly ms: number;
}

export interface Profile {
  readonly rounds: number;
  /** Median cost of submitting an empty command buffer and awaiting it. */
  readonly overheadMs: number;
  /** Sum of the per-dispatch times. */
  readonly sumMs: number;
  readonly dispatches: DispatchProfile[];
  /** Per kernel family, slowest first. */
  readonly families: {
    readonly family: string;
    readonly dispatches: number;
    readonly ms: number;
  }[];
}

/** Replays each recorded dispatch alone, in forward order, `rounds` times. */
export async function profileDispatches(
  device: GPUDevice,
  recorded: readonly RecordedDispatch[],
  labels: readonly string[],
  rounds: number,
  progress?: (s: string) => void,
): Promise<Profile> {
  const submit = async (d?: RecordedDispatch) => {
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    if (d) {
      pass.setPipeline(d.pipeline);
      for (const g of d.bindGroups) pass.setBindGroup(g.index, g.group, g.offsets ?? []);
      if (d.indirect) pass.dispatchWorkgroupsIndirect(d.indirect.buffer, d.indirect.offset);
      else pass.dispatchWorkgroups(d.grid[0], d.grid[1], d.grid[2]);
    }
    pass.end();
    const cb = enc.finish();
    const t0 = performance.now();
    device.queue.submit([cb]);
    await device.queue.onSubmittedWorkDone();
    return performance.now() - t0;
  };
  const empty: number[] = [];
  const per: number[][] = recorded.map(() => []);
  device.pushErrorScope('validation');
  for (let r = 0; r < rounds; r++) {
    progress?.(`profile round ${r + 1}/${rounds} (${recorded.length} dispatches, each alone)`);
    for (let i = 0; i < 5; i++) empty.push(await submit());
    for (let i = 0; i < recorded.length; i++) per[i]!.push(await submit(recorded[i]));
  }
  const err = await device.popErrorScope();
  if (err)
    throw new KilnError(
      'GPU_ERROR',
      `kiln bench --profile: replay failed on the GPU: ${err.message.split('\n')[0]}`,
    );
  const overheadMs = median(empty);
  const dispatches: DispatchProfile[] = recorded.map((d, i) => {
    const kernel = d.pipeline.label || `pipeline ${i}`;
    return {
      index: i,
      kernel,
      family: kernelFamily(kernel),
      grid: d.grid,
      label: labels[i] ?? '',
      ms: Math.max(0, median(per[i]!) - overheadMs),
    };
  });
  const fam = new Map<string, { family: string; dispatches: number; ms: number }>();
  for (const d of dispatches) {
    const f = fam.get(d.family) ?? { family: d.family, dispatches: 0, ms: 0 };
    f.dispatches++;
    f.ms += d.ms;
    fam.set(d.family, f);
  }
  return {
    rounds,
    overheadMs,
    sumMs: dispatches.reduce((a, d) => a + d.ms, 0),
    dispatches,
    families: [...fam.values()].sort((a, b) => b.ms - a.ms),
  };
}

// ------------------------------------------------------------------------------ a whole bundle

export interface BenchResult {
  readonly adapter: string;
  readonly msPerForward: number;
  readonly dispatches: number;
  readonly name: string;
  readonly fused: boolean;
  readonly kernels: number;
  readonly iters: number;
  readonly warmup: number;
  readonly warmupMs: number[];
  readonly timesMs: number[];
  /** FLOPs per forward (null without the bundle's spec.json). */
  readonly flops: number | null;
  readonly gflops: number | null;
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
    const inputs = opts.inputs ?? randomInputs(manifest.inputs, opts.seed ?? 0);
    const recorded = recordDispatches(bundle.model);
    const variant = bundle.model.info.variant;
    const flops = manifest.flops;
    const t = await timeForwards(bundle, inputs, gpu, opts);
    let profile: Profile | undefined;
    if (opts.profileRounds)
      profile = await profileDispatches(
        gpu.device,
        recorded,
        stepLabels(manifest, variant),
        opts.profileRounds,
        opts.progress,
      );
    const result: BenchResult = {
      adapter: gpu.adapter,
      msPerForward: t.msPerForward,
      dispatches: recorded.length,
      name: manifest.name,
      fused: manifest.fused,
      kernels: variantOf(manifest, variant).kernels.length,
      iters: opts.iters,
      warmup: opts.warmup,
      warmupMs: t.warmupMs,
      timesMs: t.timesMs,
      flops,
      gflops: flops === null ? null : flops / (t.msPerForward * 1e6),
      ...(profile ? { profile } : {}),
    };
    return { result, out: t.out, inputs, manifest };
  } finally {
    bundle.model.destroy();
  }
}

// ------------------------------------------------------------------------------ the command

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));

export function formatProfile(p: Profile, msPerForward: number, top = 10): string[] {
  const lines = [
    `profile: each dispatch replayed alone (own command buffer, awaited), median of ${p.rounds} rounds, minus ${fmt(p.overheadMs)} ms per empty submission`,
    `  sum over dispatches ${fmt(p.sumMs)} ms (forward ${fmt(msPerForward)} ms)`,
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
    `  ${'family'.padEnd(28)} ${'dispatches'.padStart(10)} ${'ms'.padStart(8)} ${'%'.padStart(6)}`,
  );
  for (const f of p.families)
    lines.push(
      `  ${f.family.padEnd(28)} ${String(f.dispatches).padStart(10)} ${fmt(f.ms).padStart(8)} ${((100 * f.ms) / (p.sumMs || 1)).toFixed(1).padStart(5)}%`,
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
  const gpu = await createGpu();
  try {
    progress(`loading ${dir}`);
    const { result: r, out } = await benchBundle(dir, gpu, {
      iters,
      warmup,
      seed,
      profileRounds: flags.has('profile') ? Math.max(3, Math.min(iters, 9)) : undefined,
      progress,
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
      ['bundle', `${dir} (${r.name}, ${r.fused ? 'fused' : 'unfused'}, ${r.kernels} kernels)`],
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
