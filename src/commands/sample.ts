import { join } from 'node:path';
import { loadBundle, readManifest } from '../host/bundle.js';
import { makeDirs, preflightOutputDir, preflightOutputFile } from '../host/paths.js';
import { kilnGpu, NO_ADAPTER_HELP } from '../host/device.js';
import { isKilnError, KilnError } from '../../runtime/errors.js';
import { toFloat32 } from '../../runtime/format/safetensors.js';
import { readSafetensorsFile, writeSafetensorsFile } from '../host/safetensors-file.js';
import {
  DEFAULT_SCHEDULE,
  DEFAULT_STEPS,
  SAMPLERS,
  type SamplerName,
  sampleShape,
} from '../../runtime/sampling/index.js';
import { intFlag, type Parsed } from '../args.js';
import { parseConditionFlags } from '../sampling/condition-flags.js';
import { gridPng, writeFileAtomic } from '../sampling/png-grid.js';
import { progress } from '../sampling/progress.js';

/** Fails with one line unless `path` can be written (its directory exists and is writable). */
function parseEta(v: string | true | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d*\.?\d+(e-?\d+)?$/i.test(v) || !(n >= 0 && n <= 1))
    throw new KilnError(
      'CLI_USAGE',
      `kiln sample: --eta must be a number from 0 to 1, got ${JSON.stringify(v)}`,
    );
  return n;
}

export async function runSample(
  { positional, flags }: Parsed,
  log: (s: string) => void,
): Promise<void> {
  const dir = positional[0]!;
  const quiet = flags.has('quiet');
  const name = (flags.get('sampler') as string | undefined) ?? 'ddim';
  if (!SAMPLERS.includes(name as SamplerName))
    throw new KilnError(
      'CLI_USAGE',
      `kiln sample: --sampler must be ${SAMPLERS.join(', ')}, got ${JSON.stringify(name)}`,
    );
  const sampler = name as SamplerName;
  const T = DEFAULT_SCHEDULE.trainSteps;
  const steps = intFlag('sample', flags, 'steps', DEFAULT_STEPS[sampler], 1, T);
  const seed = intFlag('sample', flags, 'seed', 0, 0, 2 ** 32 - 1);
  const scale = intFlag('sample', flags, 'scale', 1, 1, 64);
  const columns = flags.has('columns')
    ? intFlag('sample', flags, 'columns', 1, 1, 1024)
    : undefined;
  const eta = parseEta(flags.get('eta'));
  if (eta !== undefined && sampler !== 'ddim')
    throw new KilnError(
      'CLI_USAGE',
      `kiln sample: --eta applies to --sampler ddim only, not ${sampler}`,
    );
  const out = (flags.get('out') as string | undefined) ?? 'samples.png';
  const tensorOut = flags.get('tensor-out') as string | undefined;
  const frames = flags.get('frames') as string | undefined;
  const noisePath = flags.get('noise') as string | undefined;

  // Everything the user gave is checked before the GPU does any work.
  // The shared preflight (src/host/paths.ts): no recursive mkdir, writability proven by a probe.
  await preflightOutputFile(`--out ${out}`, out);
  if (tensorOut) await preflightOutputFile(`--tensor-out ${tensorOut}`, tensorOut);
  if (frames) await preflightOutputDir(`--frames ${frames}`, frames, 'fill');
  const manifest = await readManifest(dir);
  const [full, channels, height, width] = sampleShape(manifest, dir);
  const cond = parseConditionFlags(flags, manifest, dir);
  const batch = cond.images;
  let noise: Float32Array | undefined;
  if (noisePath) {
    const file = await readSafetensorsFile(noisePath, `--noise ${noisePath}`);
    const x = file.tensors.get('x');
    const want = `[${batch},${channels},${height},${width}]`;
    if (!x)
      throw new KilnError(
        'INPUT_INVALID',
        `--noise ${noisePath}: no tensor x (expected F32 ${want})`,
      );
    if (x.dtype !== 'F32' || x.shape.join(',') !== want.slice(1, -1))
      throw new KilnError(
        'INPUT_INVALID',
        `--noise ${noisePath}: tensor x must be F32 ${want} (${batch === full ? "the bundle's batch" : cond.guide === 'batched' && batch === full / 2 ? 'half the batch: --guide batched' : '--count'} and image), got ${x.dtype} [${x.shape.join(',')}]`,
      );
    noise = toFloat32(x, noisePath);
  }

  const contextInput = manifest.inputs.find((t) => t.name === 'context');
  const context = await readContext(
    flags.get('context') as string | undefined,
    contextInput,
    batch,
    full,
  );
  const negativeContext = cond.negativeContext
    ? await readContext(cond.negativeContext, contextInput, batch, full, '--negative-context')
    : undefined;

  // The same path as a user's program: the bundle's model.mjs, then model.sample().
  const gpu = await kilnGpu();
  const bundle = await loadBundle(dir, { gpu }, (line) => log(`kiln: warning: ${line}`)).catch(
    (e: unknown) => {
      throw isKilnError(e) && e.code === 'NO_ADAPTER'
        ? new KilnError('NO_ADAPTER', NO_ADAPTER_HELP)
        : e;
    },
  );
  const model = bundle.model;
  try {
    const shape = { batch, channels, height, width };
    const frameBytes: Promise<Uint8Array>[] = [];
    const bar = quiet ? undefined : progress(steps, `kiln: ${sampler}`);
    const t0 = performance.now();
    const stepDone: number[] = [];
    const result = await model.sample({
      sampler,
      steps,
      seed,
      eta,
      noise,
      ...(context ? { context } : {}),
      ...(negativeContext ? { negativeContext } : {}),
      count: batch,
      label: cond.label,
      guidance: cond.guidance,
      guide: cond.guide,
      previewEvery: frames ? 1 : undefined,
      onStep: (info) => {
        stepDone.push(performance.now());
        bar?.step(info.step);
        if (info.x) frameBytes.push(gridPng({ data: info.x, ...shape }, scale, columns));
      },
    });
    const total = performance.now() - t0;
    bar?.finish();
    if (result.some((v) => !Number.isFinite(v)))
      log('kiln: warning: the samples contain NaN or Inf');
    if (frames) {
      await makeDirs(frames, `--frames ${frames}`);
      for (let i = 0; i < frameBytes.length; i++)
        await writeFileAtomic(
          join(frames, `step-${String(i + 1).padStart(4, '0')}.png`),
          await frameBytes[i]!,
        );
    }
    if (tensorOut)
      await writeSafetensorsFile(
        tensorOut,
        [{ name: 'out', shape: [batch, channels, height, width], data: result }],
        {
          sampler,
          steps: String(steps),
          seed: String(seed),
          ...(eta !== undefined ? { eta: String(eta) } : {}),
          ...(cond.label
            ? {
                label: cond.label.join(','),
                guidance: String(cond.guidance ?? model.info.conditioning!.guidance),
              }
            : {}),
        },
      );
    await writeFileAtomic(out, await gridPng({ data: result, ...shape }, scale, columns));
    if (!quiet) {
      // The first step carries the driver's shader compilation; the rest is the steady rate.
      const steady =
        stepDone.length > 2
          ? (stepDone.at(-1)! - stepDone[0]!) / (stepDone.length - 1)
          : total / steps;
      log(`kiln: adapter: ${model.info.adapter}`);
      log(
        `kiln: ${batch} sample(s) ${channels}x${height}x${width}, ${sampler}, ${steps} steps, seed ${seed}${noise ? ` (x_T from ${noisePath})` : ''}${cond.label ? `, guidance ${cond.guidance ?? model.info.conditioning!.guidance} (${cond.guide})` : ''}: ` +
          `${(total / 1000).toFixed(1)} s, ${steady.toFixed(1)} ms per step after the first`,
      );
      log(
        `kiln: wrote ${out}${tensorOut ? `, ${tensorOut}` : ''}${frames ? `, ${frameBytes.length} frames in ${frames}` : ''}`,
      );
    }
  } finally {
    model.destroy();
  }
}

/**
 * --context: tensor `context` F32 [count, S, D] of a conditional bundle (one with a `context`
 * input [B, S, D]); required there, refused elsewhere. --negative-context: the same tensor, or
 * [1, S, D] for every image.
 */
async function readContext(
  path: string | undefined,
  input: { readonly shape: readonly number[] } | undefined,
  count: number,
  full: number,
  flag: '--context' | '--negative-context' = '--context',
): Promise<Float32Array | undefined> {
  if (!input) {
    if (path)
      throw new KilnError('CLI_USAGE', `kiln sample: ${flag}: this bundle has no context input`);
    return undefined;
  }
  const item = input.shape.slice(1).join(',');
  const want = `[${count},${item}]`;
  const wants = flag === '--context' ? want : `${want} or [1,${item}]`;
  if (!path)
    throw new KilnError(
      'CLI_USAGE',
      `kiln sample: --context <in.safetensors> is required: this bundle is conditional (tensor context, F32 ${want})`,
    );
  const file = await readSafetensorsFile(path, `${flag} ${path}`);
  const t = file.tensors.get('context');
  if (!t)
    throw new KilnError(
      'INPUT_INVALID',
      `${flag} ${path}: no tensor context (expected F32 ${wants})`,
    );
  const shape = `[${t.shape.join(',')}]`;
  if (t.dtype !== 'F32' || (shape !== want && (flag === '--context' || shape !== `[1,${item}]`)))
    throw new KilnError(
      'INPUT_INVALID',
      `${flag} ${path}: tensor context must be F32 ${wants} (${count === full ? "the bundle's batch" : '--count'} images), got ${t.dtype} [${t.shape.join(',')}]`,
    );
  return toFloat32(t, path);
}
