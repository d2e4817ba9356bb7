/**
 * Classifier-free guidance on the GPU against PyTorch: every fixture of
 * test/golden/make_sampling_fixtures.py (main_guided) is a whole guided sampling run of a tiny
 * 3-class U-Net (kiln init --seed 3 weights, batch 4) for four images with labels [2, 0, 1, 2]:
 * eps = eps_u + w (eps_c - eps_u), eps_u at the null label 3. Both layouts must match within
 * max|kiln - torch| <= 1e-4 * max|torch|: 'twice' makes all four images, 'batched' the first
 * two (the bundle's batch 4 holds them with their null-label twins).
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
import { isKilnError } from '../../runtime/errors.js';
import { createSampler } from '../../runtime/sampling/index.js';
import type { SamplerName } from '../../runtime/sampling/plan.js';
import type { Sampler } from '../../runtime/sampling/sampler.js';
import { expectClose, FIXTURES, readFixture, sharedGpu } from '../helpers/gpu.js';

const DIR = join(FIXTURES, 'sampling-guided');
const CASES = readdirSync(DIR)
  .filter((f) => f.endsWith('.safetensors'))
  .map((f) => f.replace(/\.safetensors$/, ''))
  .sort();
const IMAGE = 64; // 1 x 8 x 8

let bundle: LoadedBundle;
let sampler: Sampler;
let dir: string;

beforeAll(async () => {
  const spec = await readSpecFile(join(DIR, 'spec.json'));
  const c = await compile(spec, { seed: 3, guidance: { scale: 2.5, source: 'test' } });
  const gpu = await sharedGpu();
  dir = await mkdtemp(join(tmpdir(), 'kiln-guided-'));
  await writeBundleDir(join(dir, 'b'), c.files);
  bundle = await loadBundle(join(dir, 'b'), { device: gpu.device });
  sampler = createSampler(gpu.device, bundle.model, bundle.model.info, 'b');
}, 600_000);

afterAll(async () => {
  sampler?.destroy();
  bundle?.model.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function fixture(name: string) {
  const f = await readFixture(`sampling-guided/${name}.safetensors`);
  const m = f.metadata;
  return {
    run: {
      sampler: m.sampler as SamplerName,
      steps: Number(m.steps),
      seed: Number(m.seed),
      guidance: Number(m.guidance),
    },
    labels: Int32Array.from(f.tensors.get('labels')!.data),
    out: f.tensors.get('out')!.data,
  };
}

describe('guided samplers on the GPU match PyTorch', () => {
  it('has a fixture for every sampler', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(4);
  });

  it('records the guidance and the classes in the bundle', () => {
    expect(bundle.manifest.conditioning).toEqual({
      classes: 3,
      guidance: 2.5,
      guidanceSource: 'test',
    });
    expect(bundle.manifest.inputs.find((t) => t.name === 'label')).toEqual({
      name: 'label',
      shape: [4],
      dtype: 'I32',
    });
  });

  for (const name of CASES) {
    it(`${name}: two forwards per step (4 images)`, async () => {
      const f = await fixture(name);
      const out = await sampler.sample({ ...f.run, labels: f.labels, guide: 'twice' });
      expectClose(out, f.out, 1e-4);
    });
    it(`${name}: cond and uncond in one forward (2 images)`, async () => {
      const f = await fixture(name);
      const out = await sampler.sample({
        ...f.run,
        labels: f.labels.slice(0, 2),
        guide: 'batched',
      });
      expectClose(out, f.out.slice(0, 2 * IMAGE), 1e-4);
    });
  }

  it('samples unconditionally (the null label) without labels: guidance 0', async () => {
    const f = await fixture('ddim_w0_unconditional');
    const out = await bundle.model.sample({
      sampler: 'ddim',
      steps: f.run.steps,
      seed: f.run.seed,
    });
    expectClose(out, f.out, 1e-4);
  });

  it("is model.sample({ label, guidance }) of the bundle's model.mjs too, bit-identical per seed", async () => {
    const f = await fixture('dpmpp2m_w5');
    const opts = { ...f.run, label: [...f.labels.slice(0, 2)] };
    const a = await bundle.model.sample(opts);
    expectClose(a, f.out.slice(0, 2 * IMAGE), 1e-4);
    const b = await bundle.model.sample(opts);
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    // The default guidance is the bundle's (2.5), not 1.
    const d = await bundle.model.sample({ ...f.run, guidance: undefined, label: 1 });
    const e = await bundle.model.sample({ ...f.run, guidance: 2.5, label: 1 });
    expect(Buffer.from(d.buffer).equals(Buffer.from(e.buffer))).toBe(true);
  });

  it('composes with count: the first images of a full guided run, bit for bit, in both layouts', async () => {
    const f = await fixture('ddim_w3');
    // batched: count 1 runs the first 2 items (the image at its label, then at the null label).
    const full = await bundle.model.sample({ ...f.run, label: [...f.labels.slice(0, 2)] });
    const one = await bundle.model.sample({ ...f.run, label: [f.labels[0]!], count: 1 });
    expect(one.length).toBe(IMAGE);
    expect(Buffer.from(one.buffer).equals(Buffer.from(full.buffer, 0, IMAGE * 4))).toBe(true);
    // twice: count 3 of 4, two forwards of 3 items a step.
    const all = await bundle.model.sample({ ...f.run, label: [...f.labels], guide: 'twice' });
    const three = await bundle.model.sample({
      ...f.run,
      label: [...f.labels.slice(0, 3)],
      guide: 'twice',
      count: 3,
    });
    expect(Buffer.from(three.buffer).equals(Buffer.from(all.buffer, 0, 3 * IMAGE * 4))).toBe(true);
    // count past half the batch with batched guidance is one line.
    const err = await bundle.model.sample({ label: 1, count: 3 }).catch((e: unknown) => e);
    expect(isKilnError(err) && err.lines).toEqual([
      "sample: count must be an integer from 1 to 2 (half the bundle's batch of 4: guide batched runs cond and uncond halves), got 3",
    ]);
  });

  it('rejects a bad label before any GPU work, with one line', async () => {
    const err = await bundle.model.sample({ label: 3 }).catch((e: unknown) => e);
    expect(isKilnError(err) && err.lines).toEqual([
      'sample: label must be an integer from 0 to 2, got 3',
    ]);
  });
});
