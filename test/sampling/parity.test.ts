/**
 * The GPU samplers against PyTorch: every fixture of test/golden/make_sampling_fixtures.py is a
 * whole sampling run of the same tiny U-Net (kiln init --seed 3 weights) with the same noise;
 * the final sample must match within max|kiln - torch| <= 1e-4 * max|torch|.
 */
import { readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.js';
import { writeBundleDir } from '../../compiler/emit/bundle.js';
import { readSpecFile } from '../../compiler/spec/read.js';
import { type LoadedBundle, loadBundle } from '../../src/host/bundle.js';
import { gaussianNoise } from '../../runtime/sampling/philox.js';
import type { SamplerName } from '../../runtime/sampling/plan.js';
import { createSampler } from '../../runtime/sampling/index.js';
import type { Sampler } from '../../runtime/sampling/sampler.js';
import type { BetaSchedule, Spacing } from '../../runtime/sampling/schedule.js';
import { DEFAULT_SCHEDULE } from '../../runtime/sampling/schedule.js';
import { expectClose, FIXTURES, readFixture, sharedGpu } from '../helpers/gpu.js';

const DIR = join(FIXTURES, 'sampling');
const CASES = readdirSync(DIR)
  .filter((f) => f.endsWith('.safetensors'))
  .map((f) => f.replace(/\.safetensors$/, ''))
  .sort();

let bundle: LoadedBundle;
let sampler: Sampler;
let dir: string;

beforeAll(async () => {
  const spec = await readSpecFile(join(DIR, 'spec.json'));
  const c = await compile(spec, { seed: 3 }); // = kiln init --seed 3, the fixtures' weights
  const gpu = await sharedGpu();
  dir = await mkdtemp(join(tmpdir(), 'kiln-sampling-'));
  await writeBundleDir(join(dir, 'b'), c.files);
  bundle = await loadBundle(join(dir, 'b'), { device: gpu.device });
  sampler = createSampler(gpu.device, bundle.model, bundle.model.info, 'b');
}, 600_000);

afterAll(async () => {
  sampler?.destroy();
  bundle?.model.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('samplers on the GPU match PyTorch', () => {
  it('has fixtures for every sampler', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(7);
  });

  it('makes the same x_T as the TS twin and the fixture script', async () => {
    const f = await readFixture('sampling/ddim.safetensors');
    const seed = Number(f.metadata.seed);
    const got = await sampler.initialNoise(seed);
    const twin = gaussianNoise(seed, 0, got.length);
    const want = f.tensors.get('noise')!.data;
    for (let i = 0; i < got.length; i++) {
      expect(Math.abs(got[i]! - twin[i]!)).toBeLessThan(2e-6);
      expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(2e-6);
    }
  });

  for (const name of CASES)
    it(name, async () => {
      const f = await readFixture(`sampling/${name}.safetensors`);
      const m = f.metadata;
      const out = await sampler.sample({
        sampler: m.sampler as SamplerName,
        steps: Number(m.steps),
        seed: Number(m.seed),
        eta: Number(m.eta),
        schedule: { ...DEFAULT_SCHEDULE, betaSchedule: m.betaSchedule as BetaSchedule },
        spacing: m.spacing ? (m.spacing as Spacing) : undefined,
      });
      expectClose(out, f.tensors.get('out')!.data, 1e-4);
    });

  it("is model.sample() of the bundle's model.mjs too, with the same one-line option errors", async () => {
    const f = await readFixture('sampling/dpmpp2m.safetensors');
    const out = await bundle.model.sample({
      sampler: 'dpmpp2m',
      steps: 10,
      seed: Number(f.metadata.seed),
    });
    expectClose(out, f.tensors.get('out')!.data, 1e-4);
    await expect(bundle.model.sample({ steps: 0 })).rejects.toThrow(
      'sample: steps must be an integer from 1 to 1000, got 0',
    );
  });

  it('is bit-identical for one seed, and given x_T it is the seeded run', async () => {
    const a = await sampler.sample({ sampler: 'ddpm', steps: 5, seed: 99 });
    const b = await sampler.sample({ sampler: 'ddpm', steps: 5, seed: 99 });
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    const noise = await sampler.initialNoise(99);
    const c = await sampler.sample({ sampler: 'ddpm', steps: 5, seed: 99, noise });
    expect(Buffer.from(c.buffer).equals(Buffer.from(a.buffer))).toBe(true);
  });

  it('reports every step in order, and previews x at the steps asked for', async () => {
    const seen: number[] = [];
    const previews: number[] = [];
    const plain = await sampler.sample({ sampler: 'dpmpp2m', steps: 6, seed: 5 });
    const out = await sampler.sample({
      sampler: 'dpmpp2m',
      steps: 6,
      seed: 5,
      previewEvery: 4,
      onStep: (s) => {
        seen.push(s.step);
        if (s.x) previews.push(s.step);
      },
    });
    expect(previews).toEqual([4, 6]);
    expect(Buffer.from(out.buffer).equals(Buffer.from(plain.buffer))).toBe(true);
    const steps: number[] = [];
    await sampler.sample({ sampler: 'ddim', steps: 3, onStep: (s) => void steps.push(s.step) });
    expect(steps).toEqual([1, 2, 3]);
    expect(seen).toEqual([4, 6]);
  });
});
