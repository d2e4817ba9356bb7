/**
 * `npm run bench -- --sd`: the real-size run (issue 22 item 7). A Stable-Diffusion-1.5-shaped
 * UNet2DConditionModel (specs/bench/sd15.config.json: channels [320,640,1280,1280], 2 layers per
 * block, 8 heads, context 77 x 768; 859,520,964 parameters) with `kiln init` weights (seed 0),
 * at 32x32 latents (and 64x64 with --sizes 32,64), batch 1:
 *
 *   npm run bench -- --sd [--sizes 32,64] [--precision f32|f16] [--warmup 0|1] [--no-torch] [--json out.json] [--keep]
 *
 * Every heavy step is a process of its own, so that each one's memory is its own and freed before
 * the next (3.4 GB of f32 weights each): `kiln init` writes the weights, `kiln compile --weights`
 * the bundle, scripts/bench/sd-run.ts loads it on the WebGPU adapter and times one forward after
 * the warm-up, and scripts/bench/sd_reference.py runs the module `kiln emit-torch` writes on the
 * same weights and inputs in PyTorch f32 (/usr/bin/python3), after the WebGPU process has exited.
 * Each process's peak RSS is its VmHWM (scripts/bench/hwm.mjs; Python's ru_maxrss). The error
 * is src/host/parity.ts's relErr; without torch it is "n/a (no torch)". The table goes to stdout,
 * progress to stderr (a line every 30 s while a step runs). The 3.4 GB files under out/bench/
 * are deleted at the end unless --keep.
 *
 * Exit codes: 0 ok, 1 a step failed, 2 bad flags.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { importConfig } from '../../compiler/diffusers/import.js';
import { stateDictShapes } from '../../compiler/diffusers/keys.js';
import { graphStats } from '../../compiler/ir/stats.js';
import { buildAnyGraph } from '../../compiler/spec/any.js';
import { relErr } from '../../src/host/parity.js';
import { readSafetensorsFile } from '../../src/host/safetensors-file.js';
import { toFloat32 } from '../../runtime/format/safetensors.js';
import { gitCommit } from './git-commit.js';
import { readFlags, UsageError } from './flags.js';
import type { SdRunResult } from './sd-run.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CONFIG = join(ROOT, 'specs', 'bench', 'sd15.config.json');
const OUT = join(ROOT, 'out', 'bench');
const PYTHON = '/usr/bin/python3';
const CONTEXT_LENGTH = 77;
const SIZES = [32, 64];
const PRECISIONS = ['f32', 'f16'] as const;

export const SD_HELP = `usage: npm run bench -- --sd [--sizes 32,64] [--precision f32|f16] [--warmup 0|1] [--no-torch] [--json <file>] [--keep]

The SD-1.5-shaped U-Net (specs/bench/sd15.config.json, 859,520,964 params, kiln init weights,
context 77x768, batch 1): init, compile, load and one forward on the WebGPU adapter, and the
relative error against PyTorch f32 (/usr/bin/python3) on the same weights and inputs.

flags:
  --sizes <list>      latent sizes, of 32 and 64 (default: 32)
  --precision <p>     passed to kiln compile --precision when not f32 (default: f32)
  --warmup <n>        untimed forwards before the timed one, 0 or 1 (default: 1)
  --no-torch          skip the PyTorch reference (the error reads n/a)
  --json <file>       also write the results as JSON
  --keep              keep the 3.4 GB weights and the bundle under out/bench/
  --help              show this help
`;

export interface SdFlags {
  readonly sizes: number[];
  readonly precision: (typeof PRECISIONS)[number];
  readonly warmup: number;
  readonly torch: boolean;
  readonly json: string | undefined;
  readonly keep: boolean;
  readonly help: boolean;
}

/** Strict flags, as the main bench's: unknown ones, repeats, missing or bad values are refused. */
export function parseSdFlags(argv: readonly string[]): SdFlags {
  const values = readFlags(
    argv,
    new Set(['sizes', 'precision', 'warmup', 'json']),
    new Set(['no-torch', 'keep', 'help']),
  );
  const sizes = String(values.get('sizes') ?? '32')
    .split(',')
    .map((s) => s.trim());
  for (const s of sizes)
    if (!SIZES.map(String).includes(s))
      throw new UsageError(`--sizes: ${JSON.stringify(s)} is not one of ${SIZES.join(', ')}`);
  if (new Set(sizes).size !== sizes.length) throw new UsageError('--sizes: a size is listed twice');
  const precision = String(values.get('precision') ?? 'f32');
  if (!(PRECISIONS as readonly string[]).includes(precision))
    throw new UsageError(`--precision must be f32 or f16, got ${JSON.stringify(precision)}`);
  const warmup = String(values.get('warmup') ?? '1');
  if (warmup !== '0' && warmup !== '1')
    throw new UsageError(`--warmup must be 0 or 1, got ${JSON.stringify(warmup)}`);
  const json = values.get('json') as string | undefined;
  return {
    sizes: sizes.map(Number),
    precision: precision as SdFlags['precision'],
    warmup: Number(warmup),
    torch: !values.has('no-torch'),
    json,
    keep: values.has('keep'),
    help: values.has('help'),
  };
}

// ------------------------------------------------------------------------------ child steps

interface StepResult {
  readonly code: number | null;
  readonly stdout: string;
  /** The child's last stderr lines, for a failure's one line. */
  readonly stderr: string;
  readonly seconds: number;
  /** Peak resident memory of the child (VmHWM), when it reported one. */
  readonly peakRssBytes: number | undefined;
}

const gib = (bytes: number | undefined) =>
  bytes === undefined ? 'n/a' : `${(bytes / 2 ** 30).toFixed(2)} GiB`;

function currentRss(p: ChildProcess): number | undefined {
  try {
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${p.pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Runs one step as a child process at the bench's own priority; its stderr is passed through
 * (progress of sd-run.ts) and kept for the failure line; every 30 s a progress line says how
 * long it has run and its memory.
 */
async function step(
  label: string,
  command: string,
  args: readonly string[],
  progress: (s: string) => void,
): Promise<StepResult> {
  const hwm = join(OUT, `.${label}.${process.pid}.hwm`);
  rmSync(hwm, { force: true });
  const t0 = performance.now();
  const r = await new Promise<Omit<StepResult, 'seconds' | 'peakRssBytes'>>((resolve) => {
    const p = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, KILN_BENCH_HWM: hwm },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout!.on('data', (d) => (stdout += d));
    p.stderr!.on('data', (d: Buffer) => {
      const text = d.toString();
      stderr = (stderr + text).slice(-4000);
      for (const line of text.split('\n'))
        if (line.trim() && !line.startsWith('Warning: ')) process.stderr.write(`${line}\n`);
    });
    const beat = setInterval(
      () =>
        progress(
          `${label}: running for ${((performance.now() - t0) / 1000).toFixed(0)} s, RSS ${gib(currentRss(p))}`,
        ),
      30_000,
    );
    p.on('error', (e) => {
      clearInterval(beat);
      resolve({ code: null, stdout, stderr: (e as Error).message });
    });
    p.on('close', (code) => {
      clearInterval(beat);
      resolve({ code, stdout, stderr });
    });
  });
  const seconds = (performance.now() - t0) / 1000;
  const peak = existsSync(hwm) ? Number(readFileSync(hwm, 'utf8')) : undefined;
  rmSync(hwm, { force: true });
  return { ...r, seconds, peakRssBytes: peak };
}

const HWM = pathToFileURL(join(ROOT, 'scripts', 'bench', 'hwm.mjs')).href;
const kiln = (...args: string[]) =>
  [process.execPath, ['--import', HWM, join(ROOT, 'src', 'bin.mjs'), ...args]] as const;

class StepError extends Error {}

function lastLine(r: StepResult): string {
  const lines = r.stderr.split('\n').filter((l) => l.trim() && !l.startsWith('Warning: '));
  return lines.find((l) => /error/i.test(l)) ?? lines.at(-1) ?? 'no output';
}

async function must(
  label: string,
  cmd: readonly [string, readonly string[]],
  progress: (s: string) => void,
): Promise<StepResult> {
  progress(`${label}: started`);
  const r = await step(label, cmd[0], cmd[1], progress);
  if (r.code !== 0)
    throw new StepError(
      `${label} failed (exit ${r.code}, after ${r.seconds.toFixed(0)} s): ${lastLine(r)}`,
    );
  progress(`${label}: done in ${r.seconds.toFixed(1)} s, peak RSS ${gib(r.peakRssBytes)}`);
  return r;
}

// ------------------------------------------------------------------------------ one size

export interface SdSizeResult {
  readonly latents: number;
  readonly gflops: number;
  readonly initS: number;
  readonly compileS: number;
  readonly run: SdRunResult;
  readonly peakRss: { init?: number; compile?: number; run?: number; torch?: number };
  readonly torch: { forwardS: number; loadS: number; threads: number; version: string } | null;
  /** relErr(kiln, torch), or why there is none. */
  readonly relErr: number | string;
}

async function runSize(
  hw: number,
  flags: SdFlags,
  progress: (s: string) => void,
): Promise<SdSizeResult> {
  const name = `sd15-${hw}`;
  const dir = join(OUT, name);
  mkdirSync(dir, { recursive: true });
  const say = (s: string) => progress(`${name}: ${s}`);
  const imported = importConfig(
    JSON.parse(readFileSync(CONFIG, 'utf8')),
    { name, batch: 1, contextLength: CONTEXT_LENGTH },
    relative(ROOT, CONFIG),
  );
  const spec = { ...imported, input: { ...imported.input, height: hw, width: hw } };
  const specPath = join(dir, 'spec.json');
  writeFileSync(specPath, `${JSON.stringify(spec, null, 2)}\n`);
  const tensors = stateDictShapes(spec);
  const params = tensors.reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0);
  const gflops = graphStats(buildAnyGraph(spec)).flops / 1e9;
  say(
    `spec ${relative(ROOT, specPath)}: ${tensors.length} tensors, ${params.toLocaleString('en-US')} params, ${gflops.toFixed(1)} GFLOP per forward`,
  );

  const weights = join(dir, 'init.safetensors');
  const bundle = join(dir, 'bundle');
  const inputs = join(dir, 'inputs.safetensors');
  const kilnOut = join(dir, 'kiln-out.safetensors');
  const torchOut = join(dir, 'torch-out.safetensors');
  try {
    const init = await must(
      `${name}: init (kiln init --seed 0, ${((params * 4) / 1e9).toFixed(2)} GB of f32)`,
      kiln('init', specPath, '--out', weights, '--seed', '0', '--quiet'),
      progress,
    );
    const precision = flags.precision === 'f32' ? [] : ['--precision', flags.precision];
    const compiled = await must(
      `${name}: compile`,
      kiln('compile', specPath, '--weights', weights, '--out', bundle, ...precision, '--quiet'),
      progress,
    );
    const runStep = await must(
      `${name}: load + forward`,
      [
        process.execPath,
        [
          '--import',
          import.meta.resolve('tsx'),
          '--import',
          HWM,
          join(ROOT, 'scripts', 'bench', 'sd-run.ts'),
          bundle,
          inputs,
          kilnOut,
          String(flags.warmup),
        ],
      ],
      progress,
    );
    const run = JSON.parse(runStep.stdout.trim().split('\n').at(-1)!) as SdRunResult;
    if (!flags.keep) rmSync(bundle, { recursive: true, force: true });

    let torch: SdSizeResult['torch'] = null;
    let torchRss: number | undefined;
    let err: number | string = 'n/a (--no-torch)';
    if (flags.torch) {
      const modelPy = join(dir, 'model.py');
      const emitted = await must(`${name}: emit-torch`, kiln('emit-torch', specPath), progress);
      writeFileSync(modelPy, emitted.stdout);
      progress(`${name}: torch: started (PyTorch f32 on the CPU, ${PYTHON})`);
      const t = await step(
        `${name}: torch`,
        PYTHON,
        [join(ROOT, 'scripts', 'bench', 'sd_reference.py'), modelPy, weights, inputs, torchOut],
        progress,
      );
      if (t.code === null || t.code === 3) {
        err = 'n/a (no torch)';
        progress(`${name}: torch: ${err}: ${lastLine(t)}`);
      } else if (t.code !== 0) {
        throw new StepError(`${name}: torch failed (exit ${t.code}): ${lastLine(t)}`);
      } else {
        const j = JSON.parse(t.stdout.trim().split('\n').at(-1)!);
        torch = { forwardS: j.forwardS, loadS: j.loadS, threads: j.threads, version: j.torch };
        torchRss = j.maxRssBytes;
        const out = async (path: string) =>
          toFloat32((await readSafetensorsFile(path)).tensors.get('out')!, path);
        err = relErr(await out(kilnOut), await out(torchOut));
        progress(
          `${name}: torch: forward ${j.forwardS.toFixed(1)} s, peak RSS ${gib(torchRss)}; max|kiln - torch| / max|torch| = ${err.toExponential(2)}`,
        );
      }
    }
    return {
      latents: hw,
      gflops,
      initS: init.seconds,
      compileS: compiled.seconds,
      run,
      peakRss: {
        init: init.peakRssBytes,
        compile: compiled.peakRssBytes,
        run: runStep.peakRssBytes,
        torch: torchRss,
      },
      torch,
      relErr: err,
    };
  } finally {
    if (!flags.keep) {
      rmSync(weights, { force: true });
      rmSync(bundle, { recursive: true, force: true });
    }
  }
}

// ------------------------------------------------------------------------------ report

export interface SdReport {
  readonly date: string;
  readonly time: string;
  readonly commit: string;
  readonly adapter: string;
  readonly environment: string;
  readonly precision: string;
  readonly config: string;
  readonly command: string;
  readonly sizes: SdSizeResult[];
}

export function formatSdTable(r: SdReport): string {
  const s = (x: number) => `${x.toFixed(1)} s`;
  const rows: [string, (z: SdSizeResult) => string][] = [
    ['GFLOP per forward', (z) => z.gflops.toFixed(1)],
    ['kernels (load() picked)', (z) => `${z.run.variant}, ${z.run.dispatches} dispatches`],
    ['kiln init (weights written)', (z) => s(z.initS)],
    ['kiln compile --weights', (z) => s(z.compileS)],
    ['load: read the bundle', (z) => s(z.run.openS)],
    [
      'load: load() (weights to GPU, pipelines)',
      (z) => `${s(z.run.loadS)} (pipelines ${s(z.run.pipelinesS)})`,
    ],
    ['forward, warm-up (untimed)', (z) => z.run.warmupS.map(s).join(', ') || 'none'],
    [
      'forward',
      (z) =>
        `${s(z.run.forwardS)}${z.run.warmupS.length === 0 ? ' (cold: the first, no warm-up)' : ''}`,
    ],
    [
      'GPU buffers (peak sum of live createBuffer sizes)',
      (z) => `${gib(z.run.gpuPeakBytes)} in ${z.run.gpuBuffers} buffers`,
    ],
    ['peak RSS: kiln init', (z) => gib(z.peakRss.init)],
    ['peak RSS: kiln compile', (z) => gib(z.peakRss.compile)],
    ['peak RSS: load + forward (WebGPU)', (z) => gib(z.peakRss.run)],
    ['peak RSS: PyTorch reference', (z) => gib(z.peakRss.torch)],
    [
      'PyTorch f32 forward (CPU)',
      (z) =>
        z.torch
          ? `${s(z.torch.forwardS)} (torch ${z.torch.version}, ${z.torch.threads} thread${z.torch.threads === 1 ? '' : 's'})`
          : 'n/a',
    ],
    [
      // Escaped: the table is markdown (BENCHMARKS.md).
      'max\\|kiln - torch\\| / max\\|torch\\|',
      (z) => (typeof z.relErr === 'number' ? z.relErr.toExponential(2) : z.relErr),
    ],
  ];
  const head = `| | ${r.sizes.map((z) => `${z.latents}x${z.latents} latents`).join(' | ')} |`;
  const rule = `|---|${r.sizes.map(() => '---|').join('')}`;
  const body = rows.map(([label, f]) => `| ${label} | ${r.sizes.map(f).join(' | ')} |`);
  const passed = r.sizes.flatMap((z) =>
    Object.entries(z.run.passedOver).map(
      ([v, p]) =>
        `- ${z.latents}x${z.latents}: load() passed over the ${v} kernels: ${p.join('; ')}.`,
    ),
  );
  return [
    `SD-1.5-shaped UNet2DConditionModel (${r.config}), kiln init --seed 0 weights, batch 1, context ${CONTEXT_LENGTH}x768, precision ${r.precision}`,
    `adapter: ${r.adapter}`,
    `commit: ${r.commit}; ${r.time}; ${r.environment}`,
    `command: ${r.command}`,
    '',
    head,
    rule,
    ...body,
    ...(passed.length > 0 ? ['', ...passed] : []),
  ].join('\n');
}

export async function runSdBench(argv: readonly string[]): Promise<number> {
  let flags: SdFlags;
  try {
    flags = parseSdFlags(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`bench: error: ${e.message} (see npm run bench -- --sd --help)\n`);
    return 2;
  }
  if (flags.help) {
    process.stdout.write(SD_HELP);
    return 0;
  }
  const t00 = performance.now();
  const progress = (s: string) =>
    process.stderr.write(
      `bench: [${((performance.now() - t00) / 1000).toFixed(0).padStart(4)} s] ${s}\n`,
    );
  mkdirSync(OUT, { recursive: true });
  // Checked now, not after half an hour of work: the JSON file's folder must exist.
  if (flags.json !== undefined && !existsSync(dirname(resolve(flags.json)))) {
    process.stderr.write(
      `bench: error: --json ${flags.json}: no such folder: ${dirname(resolve(flags.json))}\n`,
    );
    return 2;
  }
  const load0 = loadavg()[0]!;
  // At the start: the children run the code of this moment, whatever is committed meanwhile.
  const commit = gitCommit(ROOT);
  const sizes: SdSizeResult[] = [];
  let failure: string | undefined;
  for (const hw of flags.sizes) {
    try {
      sizes.push(await runSize(hw, flags, progress));
    } catch (e) {
      if (!(e instanceof StepError)) throw e;
      failure = e.message;
      progress(`error: ${e.message}`);
      break;
    }
  }
  const now = new Date();
  const report: SdReport = {
    date: now.toISOString().slice(0, 10),
    time: now.toISOString().replace(/\.\d+Z$/, 'Z'),
    commit,
    adapter: sizes[0]?.run.adapter ?? 'n/a',
    environment: `Node ${process.version}, ${cpus().length} CPUs, load average ${load0.toFixed(1)} at start / ${loadavg()[0]!.toFixed(1)} at end`,
    precision: flags.precision,
    config: relative(ROOT, CONFIG),
    command: `npm run bench -- --sd ${argv.join(' ')}`.trim(),
    sizes,
  };
  if (sizes.length > 0) process.stdout.write(`${formatSdTable(report)}\n`);
  if (flags.json) {
    writeFileSync(
      flags.json,
      `${JSON.stringify({ ...report, failure: failure ?? null }, null, 2)}\n`,
    );
    progress(`wrote ${flags.json}`);
  }
  if (failure) process.stderr.write(`bench: error: ${failure}\n`);
  return failure ? 1 : 0;
}
