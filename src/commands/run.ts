import { timeRounds } from '../../runtime/bench/timing.js';
import { loadBundle, runBundle } from '../../runtime/bundle.js';
import { openBundle } from '../../runtime/format/open.js';
import { preflightOutputFile } from '../../runtime/paths.js';
import { createGpu } from '../../runtime/device.js';
import { KilnError } from '../../runtime/errors.js';
import {
  checkTensors,
  readSafetensorsFile,
  writeSafetensorsFile,
} from '../../runtime/safetensors.js';
import { intFlag, type CommandDef, type Parsed } from '../args.js';
import { randomInputs } from '../random-inputs.js';

export const runCommand: CommandDef = {
  name: 'run',
  args: ['<bundle-dir>'],
  summary: 'Run one forward pass of a compiled bundle on the WebGPU adapter (Dawn).',
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
    { name: 'quiet', help: 'print nothing on success' },
    { name: 'help', help: 'show this help' },
  ],
  details:
    'The first forward pass includes shader compilation by the driver; with --iters > 1 the median excludes it.',
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
  const gpu = await createGpu();
  try {
    let culprits = 0;
    const warn = (line: string) => {
      culprits++;
      log(`kiln: warning: ${line}`);
    };
    const bundle = await loadBundle(opened, gpu, warn);
    // The shared timing loop: the first pass (shader compilation) is the warm-up, the rest
    // are timed; input warnings come from the first pass only.
    let pass = 0;
    const [t] = await timeRounds(
      [
        {
          label: manifest.name,
          run: () =>
            runBundle(bundle, inputs, gpu, {
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
          ? `first ${first.toFixed(1)} ms (includes shader compilation), then median ${t!.ms.toFixed(1)} ms over ${t!.timesMs.length}`
          : `${first.toFixed(1)} ms (includes shader compilation)`;
      log(`kiln: adapter: ${gpu.adapter}`);
      log(`kiln: ran ${manifest.name} (${manifest.dispatches} dispatches per forward): ${timing}`);
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
    bundle.runner.destroy();
  } finally {
    gpu.device.destroy();
  }
}
