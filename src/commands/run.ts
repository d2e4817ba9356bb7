import type { Variant } from '../../runtime/api.js';
import { timeRounds } from '../../runtime/bench/timing.js';
import { loadBundle, runBundle } from '../../runtime/bundle.js';
import { kilnGpu, NO_ADAPTER_HELP } from '../../runtime/device.js';
import { isKilnError, KilnError } from '../../runtime/errors.js';
import { TARGETS } from '../../runtime/format/manifest.js';
import { openBundle } from '../../runtime/format/open.js';
import { preflightOutputFile } from '../../runtime/paths.js';
import { checkTensors } from '../../runtime/safetensors.js';
import { readSafetensorsFile, writeSafetensorsFile } from '../../runtime/safetensors-file.js';
import { intFlag, type CommandDef, type Parsed } from '../args.js';
import { randomInputs } from '../random-inputs.js';

export const runCommand: CommandDef = {
  name: 'run',
  args: ['<bundle-dir>'],
  summary:
    "Run forward passes of a compiled bundle on the WebGPU adapter (Dawn), through the bundle's own model.mjs load().",
  flags: [
    {
      name: 'input',
      value: '<in.safetensors>',
      help: 'input tensors: x (F32 [B,C,H,W]) and t (F32 [B], timesteps)',
    },
    {
      name: 'random-input',
      help: 'instead of --input: x ~ N(0,1), t uniform in [0,1000) (see --seed)',
    },
    { name: 'seed', value: '<n>', help: 'seed for --random-input', default: '0' },
    {
      name: 'output',
      value: '<out.safetensors>',
      help: 'where to write tensor out (F32 [B,outChannels,H,W])',
    },
    {
      name: 'iters',
      value: '<n>',
      help: 'run the forward pass n times and report the median time',
      default: '1',
    },
    {
      name: 'variant',
      value: '<cpu|gpu>',
      help: 'kernel variant to run (default: picked from the adapter, cpu for software adapters)',
    },
    { name: 'quiet', help: 'print nothing on success' },
    { name: 'help', help: 'show this help' },
  ],
  details:
    'Pipelines are compiled at load (reported apart); with --iters > 1 the median excludes the first pass.',
};

export async function runRun(
  { positional, flags }: Parsed,
  log: (s: string) => void,
): Promise<void> {
  const dir = positional[0]!;
  const inputPath = flags.get('input') as string | undefined;
  const outputPath = flags.get('output') as string | undefined;
  const iters = intFlag('run', flags, 'iters', 1, 1, 10000);
  const seed = intFlag('run', flags, 'seed', 0, 0, 2 ** 32 - 1);
  if (!inputPath && !flags.has('random-input'))
    throw new KilnError(
      'CLI_USAGE',
      'kiln run: --input <in.safetensors> is required (or --random-input) (see kiln run --help)',
    );
  if (inputPath && flags.has('random-input'))
    throw new KilnError('CLI_USAGE', 'kiln run: --input and --random-input exclude each other');
  const variant = flags.get('variant') as string | undefined;
  if (variant !== undefined && !TARGETS.includes(variant as Variant))
    throw new KilnError(
      'CLI_USAGE',
      `kiln run: --variant must be ${TARGETS.join(' or ')}, got ${JSON.stringify(variant)}`,
    );
  // Everything that can be checked without the GPU is, before the first forward pass.
  if (outputPath) await preflightOutputFile(`--output ${outputPath}`, outputPath);
  const opened = await openBundle(dir);
  const manifest = opened.manifest;
  const inputs = inputPath
    ? checkTensors(
        await readSafetensorsFile(inputPath, `--input ${inputPath}`),
        manifest.inputs,
        `--input ${inputPath}`,
        'INPUT_INVALID',
      )
    : randomInputs(manifest.inputs, seed);
  let culprits = 0;
  const warn = (line: string) => {
    culprits++;
    log(`kiln: warning: ${line}`);
  };
  // The same path as a user's program: model.mjs picks the variant and asks for its limits.
  const gpu = await kilnGpu();
  const bundle = await loadBundle(
    opened,
    { gpu, variant: variant as Variant | undefined },
    warn,
  ).catch((e: unknown) => {
    throw isKilnError(e) && e.code === 'NO_ADAPTER'
      ? new KilnError('NO_ADAPTER', NO_ADAPTER_HELP)
      : e;
  });
  const info = bundle.model.info;
  try {
    // The shared timing loop: the first pass is the warm-up, the rest are timed; input
    // warnings come from the first pass only.
    let pass = 0;
    const [t] = await timeRounds(
      [
        {
          label: manifest.name,
          run: () =>
            runBundle(bundle, inputs, {
              source: inputPath ? `--input ${inputPath}` : '--random-input',
              warn: pass++ === 0 ? warn : null,
            }),
        },
      ],
      { warmup: 1, iters: iters - 1 },
    );
    const out = t!.last;
    // A NaN output with a named culprit says nothing new; without one, it is the only clue.
    if (culprits === 0)
      for (const [name, data] of Object.entries(out))
        if (data.some((v) => !Number.isFinite(v)))
          log(`kiln: warning: output ${name} contains NaN or Inf`);
    if (outputPath)
      await writeSafetensorsFile(
        outputPath,
        manifest.outputs.map((o) => ({ name: o.name, shape: o.shape, data: out[o.name]! })),
        undefined,
        `--output ${outputPath}`,
      );
    if (!flags.has('quiet')) {
      const first = t!.warmupMs[0]!;
      const timing =
        t!.timesMs.length > 0
          ? `first ${first.toFixed(1)} ms, then median ${t!.ms.toFixed(1)} ms over ${t!.timesMs.length}`
          : `${first.toFixed(1)} ms`;
      log(`kiln: adapter: ${info.adapter}`);
      log(
        `kiln: loaded ${info.name} (${info.variant} kernels, ${info.dispatches} dispatches per forward) in ${info.loadMs.toFixed(0)} ms (pipelines ${info.pipelinesMs.toFixed(0)} ms)`,
      );
      log(`kiln: ran ${info.name}: ${timing}`);
      for (const o of manifest.outputs) {
        const d = out[o.name]!;
        let maxAbs = 0;
        let sum = 0;
        for (const v of d) {
          maxAbs = Math.max(maxAbs, Math.abs(v));
          sum += v;
        }
        log(
          `kiln: ${o.name} [${o.shape.join(',')}]: mean ${(sum / d.length).toPrecision(4)}, max|.| ${maxAbs.toPrecision(4)}${outputPath ? ` -> ${outputPath}` : ''}`,
        );
      }
    }
  } finally {
    bundle.model.destroy();
  }
}
