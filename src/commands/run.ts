import type { Variant } from '../../runtime/api.js';
import { timeRounds } from '../host/bench/timing.js';
import { loadBundle, runBundle } from '../host/bundle.js';
import { kilnGpu, NO_ADAPTER_HELP } from '../host/device.js';
import { isKilnError, KilnError } from '../../runtime/errors.js';
import { TARGETS } from '../../runtime/format/manifest.js';
import { openBundle } from '../host/open-bundle.js';
import { preflightOutputFile } from '../host/paths.js';
import { checkTensors } from '../../runtime/format/safetensors.js';
import { readSafetensorsFile, writeSafetensorsFile } from '../host/safetensors-file.js';
import { intFlag, type Parsed } from '../args.js';
import { randomInputs } from '../random-inputs.js';

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
    : randomInputs(manifest.inputs, seed, manifest.conditioning?.classes);
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
        `kiln: loaded ${info.name} (${info.variant} kernels${info.precision.stored === 'f16' ? `, f16 weights ${info.precision.gpu === 'f16' ? 'kept f16 on the GPU' : 'widened to f32'}` : ''}, ${info.dispatches} dispatches per forward) in ${info.loadMs.toFixed(0)} ms (pipelines ${info.pipelinesMs.toFixed(0)} ms)`,
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
