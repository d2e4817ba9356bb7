/**
 * Classifier-free guidance of a model with a context input, on the GPU against PyTorch: every
 * fixture of test/golden/make_sampling_fixtures.py (main_context) is a whole guided run of a
 * tiny UNet2DConditionModel (kiln init --seed 3, batch 4, context [4, 3, 7]) with
 * eps = eps_u + w (eps_c - eps_u), eps_u from the negative context. Both layouts must match
 * within max|kiln - torch| <= 1e-4 * max|torch|: 'twice' makes all four images (its kernels
 * copy the negative context in and the context back around the second forward), 'batched' the
 * first two (the negative contexts in the uncond half of one forward).
 */
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.js';
import { writeBundleDir } from '../../compiler/emit/bundle.js';
import { readAnySpecFile } from '../../compiler/spec/any.js';
import { type LoadedBundle, loadBundle } from '../../src/host/bundle.js';
import { writeSafetensorsFile } from '../../src/host/safetensors-file.js';
import { isKilnError } from '../../runtime/errors.js';
import type { SamplerName } from '../../runtime/sampling/plan.js';
import { expectClose, FIXTURES, readFixture, readTensors, sharedGpu } from '../helpers/gpu.js';
import { runKilnInProcess as kiln } from '../helpers/kiln.js';

const DIR = join(FIXTURES, 'sampling-context');
const CASES = readdirSync(DIR)
  .filter((f) => f.endsWith('.safetensors'))
  .map((f) => f.replace(/\.safetensors$/, ''))
  .sort();
const IMAGE = 4 * 4 * 6;
const CONTEXT = 3 * 7;

let bundle: LoadedBundle;
let dir: string;

beforeAll(async () => {
  const spec = await readAnySpecFile(join(DIR, 'spec.json'));
  const c = await compile(spec, { seed: 3 });
  const gpu = await sharedGpu();
  dir = await mkdtemp(join(tmpdir(), 'kiln-guided-context-'));
  await writeBundleDir(join(dir, 'b'), c.files);
  bundle = await loadBundle(join(dir, 'b'), { device: gpu.device });
}, 600_000);

afterAll(async () => {
  bundle?.model.destroy();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function fixture(name: string) {
  const f = await readFixture(`sampling-context/${name}.safetensors`);
  const m = f.metadata;
  return {
    run: {
      sampler: m.sampler as SamplerName,
      steps: Number(m.steps),
      seed: Number(m.seed),
      guidance: Number(m.guidance),
    },
    context: f.tensors.get('context')!.data,
    negative: f.tensors.get('negative')!.data,
    out: f.tensors.get('out')!.data,
  };
}

const first = (a: Float32Array, items: number, per: number) => a.slice(0, items * per);

describe('guidance by a negative context matches PyTorch', () => {
  it('has a fixture for DDIM and DPM-Solver++', () => {
    expect(CASES).toEqual(['ddim_w4', 'dpmpp2m_w7.5']);
  });

  for (const name of CASES) {
    it(`${name}: two forwards per step (4 images)`, async () => {
      const f = await fixture(name);
      const out = await bundle.model.sample({
        ...f.run,
        context: f.context,
        negativeContext: f.negative,
        guide: 'twice',
      });
      expectClose(out, f.out, 1e-4);
    });
    it(`${name}: cond and uncond in one forward (2 images)`, async () => {
      const f = await fixture(name);
      const out = await bundle.model.sample({
        ...f.run,
        context: first(f.context, 2, CONTEXT),
        negativeContext: first(f.negative, 2, CONTEXT),
      });
      expectClose(out, first(f.out, 2, IMAGE), 1e-4);
    });
  }

  it('composes with count and is bit-identical per seed; one negative context serves every image', async () => {
    const f = await fixture('ddim_w4');
    const opts = { ...f.run, guide: 'twice' as const };
    const all = await bundle.model.sample({
      ...opts,
      context: f.context,
      negativeContext: f.negative,
    });
    const three = await bundle.model.sample({
      ...opts,
      context: first(f.context, 3, CONTEXT),
      negativeContext: first(f.negative, 3, CONTEXT),
      count: 3,
    });
    expect(Buffer.from(three.buffer).equals(Buffer.from(all.buffer, 0, 3 * IMAGE * 4))).toBe(true);
    // One [S, D] for all: the same as that item repeated.
    const one = f.negative.slice(0, CONTEXT);
    const repeated = new Float32Array(4 * CONTEXT);
    for (let i = 0; i < 4; i++) repeated.set(one, i * CONTEXT);
    const a = await bundle.model.sample({ ...opts, context: f.context, negativeContext: one });
    const b = await bundle.model.sample({ ...opts, context: f.context, negativeContext: repeated });
    expect(Buffer.from(a.buffer).equals(Buffer.from(b.buffer))).toBe(true);
    // Guidance 1 is the conditional model alone: the same as sampling without guidance.
    const w1 = await bundle.model.sample({
      ...opts,
      guidance: 1,
      context: f.context,
      negativeContext: f.negative,
    });
    const plain = await bundle.model.sample({ ...f.run, guidance: undefined, context: f.context });
    expectClose(w1, plain, 1e-5);
  });

  it('rejects bad guidance options before any GPU work, with one line', async () => {
    const f = await fixture('ddim_w4');
    const lines = async (o: Record<string, unknown>) => {
      const err = await bundle.model.sample(o).catch((e: unknown) => e);
      return isKilnError(err) ? err.lines : err;
    };
    const two = first(f.context, 2, CONTEXT);
    expect(await lines({ context: two, negativeContext: new Float32Array(5) })).toEqual([
      'sample: negativeContext must be a Float32Array of 42 values (2 image(s) of [3,7]) or 21 (one for all), got 5 values',
    ]);
    expect(await lines({ context: f.context, guidance: 3 })).toEqual([
      'sample: guidance needs negativeContext (the unconditional pass of a context model)',
    ]);
    expect(
      await lines({
        context: first(f.context, 2, CONTEXT),
        negativeContext: first(f.negative, 2, CONTEXT),
        guidance: -1,
      }),
    ).toEqual(['sample: guidance must be a finite number >= 0, got -1']);
  });

  it('is kiln sample --context --negative-context --guidance --guide too, with one-line errors', async () => {
    const f = await fixture('ddim_w4');
    const b = join(dir, 'b');
    const ctx = join(dir, 'ctx.safetensors');
    const neg = join(dir, 'neg.safetensors');
    const one = join(dir, 'neg1.safetensors');
    await writeSafetensorsFile(ctx, [{ name: 'context', shape: [4, 3, 7], data: f.context }]);
    await writeSafetensorsFile(neg, [{ name: 'context', shape: [4, 3, 7], data: f.negative }]);
    await writeSafetensorsFile(one, [
      { name: 'context', shape: [2, 3, 7], data: first(f.negative, 2, CONTEXT) },
    ]);
    const tensorOut = join(dir, 'out.safetensors');
    const run = { sampler: 'ddim', steps: '8', seed: '31' };
    const common = ['--sampler', run.sampler, '--steps', run.steps, '--seed', run.seed, '--quiet'];
    const r = await kiln(
      'sample',
      b,
      ...common,
      '--context',
      ctx,
      '--negative-context',
      neg,
      '--guidance',
      '4',
      '--guide',
      'twice',
      '--out',
      join(dir, 's.png'),
      '--tensor-out',
      tensorOut,
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expectClose((await readTensors(tensorOut)).tensors.get('out')!.data, f.out, 1e-4);

    const bad = async (flags: string[], line: string) => {
      const out = join(dir, 'never.png');
      const e = await kiln('sample', b, ...common, ...flags, '--out', out);
      expect(e.stderr).toBe(`kiln: error: ${line}`);
      expect(e.code).toBe(2);
      expect(existsSync(out)).toBe(false);
    };
    await bad(
      ['--context', ctx, '--negative-context', one, '--guide', 'twice'],
      `--negative-context ${one}: tensor context must be F32 [4,3,7] or [1,3,7] (the bundle's batch images), got F32 [2,3,7]`,
    );
    await bad(
      ['--context', ctx, '--guidance', '3'],
      'kiln sample: --guidance needs --negative-context (the unconditional pass)',
    );
    await bad(
      ['--context', ctx, '--label', '1'],
      `kiln sample: --label: ${b} has a context input: guide it with --negative-context`,
    );
    await bad(
      ['--context', ctx, '--negative-context', neg, '--guidance', 'inf'],
      'kiln sample: --guidance must be a finite number >= 0, got "inf"',
    );
  });
});
