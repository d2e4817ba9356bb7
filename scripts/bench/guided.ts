/**
 * The guided part of `npm run bench`: the cost of a classifier-free-guidance step of the
 * class-conditional digits model (specs/digits-cond.json) next to an unguided one, for the
 * same number of images B, and the two ways of running the two passes:
 * - unguided: one forward of a batch-B bundle per step (the null label: what CFG costs over);
 * - guided, 'batched': cond and uncond as the halves of one forward of a batch-2B bundle;
 * - guided, 'twice': two forwards of the batch-B bundle per step.
 * Each is a K-step DDIM run with one readback at the end (as a real run); rounds interleave,
 * medians reported. Timing does not depend on the weights: generated ones (seed 0).
 * Alone: `npx tsx scripts/bench/guided.ts [rounds]`.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile } from '../../compiler/index.js';
import { writeBundleDir } from '../../compiler/emit/bundle.js';
import { readSpecFile } from '../../compiler/spec/read.js';
import { loadBundle } from '../../src/host/bundle.js';
import { createGpu, type Gpu } from '../../src/host/device.js';
import { createSampler } from '../../runtime/sampling/index.js';
import type { Sampler, SampleOptions } from '../../runtime/sampling/sampler.js';
import { median } from '../../src/host/bench/timing.js';

export interface GuidedBench {
  readonly model: string;
  /** Images per run. */
  readonly images: number;
  readonly stepsPerRound: number;
  readonly rounds: number;
  readonly unguidedMs: number;
  readonly batchedMs: number;
  readonly twiceMs: number;
}

export async function benchGuided(
  gpu: Gpu,
  root: string,
  outDir: string,
  rounds: number,
  progress: (s: string) => void,
): Promise<GuidedBench> {
  const spec = await readSpecFile(join(root, 'specs', 'digits-cond.json'));
  const images = spec.input.batch / 2;
  const open = async (batch: number) => {
    const c = await compile({ ...spec, input: { ...spec.input, batch } }, { seed: 0 });
    const dir = join(outDir, `${spec.name}-guided-${batch}`);
    await writeBundleDir(dir, c.files);
    const { model } = await loadBundle(dir, { device: gpu.device });
    return { model, sampler: createSampler(gpu.device, model, model.info, dir) };
  };
  progress(`guided sampling: compiling ${spec.name} at batch ${images} and ${2 * images}`);
  const single = await open(images);
  const double = await open(2 * images);
  const K = 10;
  const labels = Int32Array.from({ length: images }, (_, i) => i % 10);
  const run = async (s: Sampler, o: Partial<SampleOptions>) => {
    const t0 = performance.now();
    await s.sample({ sampler: 'ddim', steps: K, seed: 0, ...o });
    return (performance.now() - t0) / K;
  };
  const cases = {
    unguided: () => run(single.sampler, {}),
    batched: () => run(double.sampler, { labels, guidance: 3, guide: 'batched' }),
    twice: () => run(single.sampler, { labels, guidance: 3, guide: 'twice' }),
  };
  progress('guided sampling: warm-up (the first pass compiles shaders)');
  for (const f of Object.values(cases)) await f();
  const ms = { unguided: [] as number[], batched: [] as number[], twice: [] as number[] };
  for (let r = 0; r < rounds; r++) {
    for (const [k, f] of Object.entries(cases)) ms[k as keyof typeof ms].push(await f());
    progress(
      `guided sampling: round ${r + 1}/${rounds}: unguided ${ms.unguided.at(-1)!.toFixed(1)} ms, batched ${ms.batched.at(-1)!.toFixed(1)} ms, twice ${ms.twice.at(-1)!.toFixed(1)} ms per step`,
    );
  }
  for (const b of [single, double]) {
    b.sampler.destroy();
    b.model.destroy();
  }
  return {
    model: `specs/${spec.name}.json`,
    images,
    stepsPerRound: K,
    rounds,
    unguidedMs: median(ms.unguided),
    batchedMs: median(ms.batched),
    twiceMs: median(ms.twice),
  };
}

export function formatGuided(b: GuidedBench): string {
  const x = (v: number) => `${(v / b.unguidedMs).toFixed(2)}x`;
  return [
    '',
    `Guided sampling (${b.model}, ${b.images} images of 1x32x32, DDIM; median of ${b.rounds} rounds of ${b.stepsPerRound} steps):`,
    '',
    '| step | forwards per step | ms per step | vs unguided |',
    '|---|---|---:|---:|',
    `| unguided (null label) | 1 of batch ${b.images} | ${b.unguidedMs.toFixed(1)} | 1.00x |`,
    `| guided, batched | 1 of batch ${2 * b.images} | ${b.batchedMs.toFixed(1)} | ${x(b.batchedMs)} |`,
    `| guided, twice | 2 of batch ${b.images} | ${b.twiceMs.toFixed(1)} | ${x(b.twiceMs)} |`,
  ].join('\n');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
  const gpu = await createGpu();
  const rounds = Number(process.argv[2] ?? 3);
  const b = await benchGuided(gpu, root, join(root, 'out', 'bench'), rounds, (s) =>
    console.error(s),
  );
  console.log(`adapter: ${gpu.adapter}${formatGuided(b)}`);
  process.exit(0);
}
