/**
 * The sampling part of `npm run bench`: ms per sampling step of the digits model (specs/digits.json,
 * batch 16) next to the U-Net forward alone, and the sampler's own update kernel alone.
 *
 * All three are GPU-side costs with no readback in the loop, as in a real sampling run: K
 * forwards chained in one compute pass; a K-step DDIM run (forward + update per step, one
 * readback at the end); K update dispatches alone (DDPM coefficients, so the Philox noise is
 * made too). Rounds are interleaved and the medians reported.
 *
 * Then the cost per image: DDIM steps of sample({ count }) at 1, 2, 4 and 16 images from the same
 * batch-16 bundle (runtime/batch.ts: only the first count images' workgroups are dispatched),
 * and what an AbortSignal costs (one submit per step, at most two queued, instead of one
 * command buffer for the run).
 */
import { join } from 'node:path';
import { compile } from '../../compiler/index.js';
import { writeBundleDir } from '../../compiler/emit/bundle.js';
import { readSpecFile } from '../../compiler/spec/read.js';
import { loadBundle } from '../../src/host/bundle.js';
import type { Gpu } from '../../src/host/device.js';
import { createSampler } from '../../runtime/sampling/index.js';
import { median } from '../../src/host/bench/timing.js';

export interface SamplingBench {
  readonly model: string;
  readonly shape: string;
  readonly stepsPerRound: number;
  readonly rounds: number;
  readonly forwardMs: number;
  readonly stepMs: number;
  readonly updateMs: number;
  /** ms per DDIM step making `count` images. */
  readonly counts: readonly { readonly count: number; readonly stepMs: number }[];
  /** ms per DDIM step of the full batch with a signal (chunked submits). */
  readonly signalStepMs: number;
}

const COUNTS = [1, 2, 4, 16];

export async function benchSampling(
  gpu: Gpu,
  root: string,
  outDir: string,
  rounds: number,
  progress: (s: string) => void,
): Promise<SamplingBench> {
  const spec = await readSpecFile(join(root, 'specs', 'digits.json'));
  const dir = join(outDir, `${spec.name}-sampling`);
  // Timing does not depend on the weights: generated ones (seed 0) keep the bench self-contained.
  const c = await compile(spec, { seed: 0 });
  await writeBundleDir(dir, c.files);
  const { model } = await loadBundle(dir, { device: gpu.device });
  const sampler = createSampler(gpu.device, model, model.info, dir);
  const K = 10;
  const device = gpu.device;
  const forwards = async () => {
    await device.queue.onSubmittedWorkDone();
    const t0 = performance.now();
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    for (let i = 0; i < K; i++) model.encodeForward(pass);
    pass.end();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    return (performance.now() - t0) / K;
  };
  const steps = async (extra: { count?: number; signal?: AbortSignal } = {}) => {
    const t0 = performance.now();
    await sampler.sample({ sampler: 'ddim', steps: K, seed: 0, ...extra });
    return (performance.now() - t0) / K;
  };
  const counts = COUNTS.filter((n) => n <= sampler.shape.batch);
  const byCount = counts.map(() => [] as number[]);
  const withSignal: number[] = [];
  progress(`sampling: ${spec.name} warm-up (the first pass compiles shaders)`);
  await steps();
  await sampler.timeUpdates(K);
  const f: number[] = [];
  const s: number[] = [];
  const u: number[] = [];
  for (let r = 0; r < rounds; r++) {
    f.push(await forwards());
    s.push(await steps());
    u.push(await sampler.timeUpdates(K));
    for (let k = 0; k < counts.length; k++) byCount[k]!.push(await steps({ count: counts[k] }));
    withSignal.push(await steps({ signal: new AbortController().signal }));
    progress(
      `sampling: round ${r + 1}/${rounds}: forward ${f.at(-1)!.toFixed(1)} ms, step ${s.at(-1)!.toFixed(1)} ms, update ${u.at(-1)!.toFixed(3)} ms`,
    );
  }
  sampler.destroy();
  model.destroy();
  const i = spec.input;
  return {
    model: `specs/${spec.name}.json`,
    shape: `${i.batch}x${i.channels}x${i.height}x${i.width}`,
    stepsPerRound: K,
    rounds,
    forwardMs: median(f),
    stepMs: median(s),
    updateMs: median(u),
    counts: counts.map((count, k) => ({ count, stepMs: median(byCount[k]!) })),
    signalStepMs: median(withSignal),
  };
}

export function formatSampling(b: SamplingBench): string {
  const pct = (100 * b.updateMs) / b.stepMs;
  return [
    '',
    `Sampling (${b.model}, ${b.shape}; median of ${b.rounds} rounds of ${b.stepsPerRound} steps, no readback inside a round):`,
    '',
    '| model | U-Net forward alone (ms) | sampling step, DDIM (ms) | sampler update kernel alone (ms) | update / step |',
    '|---|---:|---:|---:|---:|',
    `| ${b.model} ${b.shape} | ${b.forwardMs.toFixed(1)} | ${b.stepMs.toFixed(1)} | ${b.updateMs.toFixed(3)} | ${pct.toFixed(2)}% |`,
    '',
    `Cost per image: sample({ count }) on the same batch-${b.shape.split('x')[0]} bundle, no recompile (median ms per DDIM step):`,
    '',
    '| images (count) | ms per step | ms per image per step |',
    '|---:|---:|---:|',
    ...b.counts.map(
      (c) => `| ${c.count} | ${c.stepMs.toFixed(1)} | ${(c.stepMs / c.count).toFixed(2)} |`,
    ),
    '',
    `With an AbortSignal (one submit per step, at most two queued): ${b.signalStepMs.toFixed(1)} ms per step, against ${b.stepMs.toFixed(1)} ms in one command buffer (${((100 * (b.signalStepMs - b.stepMs)) / b.stepMs).toFixed(1)}%).`,
  ].join('\n');
}
