/**
 * The `context` input of a conditional U-Net (diffusers' encoder_hidden_states, F32 [B, S, D]),
 * end to end on lavapipe through a bundle compiled from the cond-flat-conv fixture (S 3, D 6,
 * batch 2): the manifest and model.d.mts name it after x and t; forward() refuses a wrong shape
 * with one line naming it and its shape; `kiln run --input` takes it by name from a safetensors
 * file (and refuses one without it) and matches the PyTorch reference; sample() takes it, needs
 * it, and passes it to every step.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeBundleDir } from '../../compiler/emit/bundle.js';
import { buildDiffusersGraph } from '../../compiler/diffusers/graph.js';
import { diffusersWeights } from '../../compiler/diffusers/keys.js';
import { validateDiffusersSpec } from '../../compiler/diffusers/spec.js';
import { compileGraph } from '../../compiler/index.js';
import type { Model } from '../../runtime/api.js';
import { isKilnError } from '../../runtime/errors.js';
import { toFloat32 } from '../../runtime/format/safetensors.js';
import { loadBundle } from '../../src/host/bundle.js';
import { readSafetensorsFile, writeSafetensorsFile } from '../../src/host/safetensors-file.js';
import { expectClose, FIXTURES, sharedGpu } from '../helpers/gpu.js';
import { runKiln } from '../helpers/kiln.js';

const DIR = join(FIXTURES, 'diffusers', 'cond-flat-conv');
let tmp: string;
let bundleDir: string;
let model: Model;
let io: Map<string, Float32Array>;

const lines = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return isKilnError(e) ? [e.code, ...e.lines] : [String(e)];
  }
  return ['resolved'];
};

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'kiln-context-'));
  bundleDir = join(tmp, 'bundle');
  const spec = validateDiffusersSpec(JSON.parse(await readFile(join(DIR, 'spec.json'), 'utf8')));
  const file = await readSafetensorsFile(join(DIR, 'weights.safetensors'));
  const { files } = await compileGraph(
    buildDiffusersGraph(spec),
    diffusersWeights(spec, file),
    'weights.safetensors',
    {},
    ['cpu'],
  );
  await writeBundleDir(bundleDir, files);
  const read = await readSafetensorsFile(join(DIR, 'io.safetensors'));
  io = new Map([...read.tensors].map(([k, t]) => [k, toFloat32(t, 'io')]));
  model = (await loadBundle(bundleDir, { device: (await sharedGpu()).device })).model;
}, 120_000);

afterAll(async () => {
  model?.destroy();
  await rm(tmp, { recursive: true, force: true });
});

describe('the context input', () => {
  it('is the third input, F32 [B, S, D], in the model info and model.d.mts', async () => {
    expect(model.info.inputs.map((t) => [t.name, [...t.shape]])).toEqual([
      ['x', [2, 3, 4, 4]],
      ['t', [2]],
      ['context', [2, 3, 6]],
    ]);
    expect(await readFile(join(bundleDir, 'model.d.mts'), 'utf8')).toContain(
      'readonly context: readonly [2, 3, 6];',
    );
  });

  it('forward() refuses a context of the wrong shape in one line naming it', async () => {
    const inputs = { x: io.get('x')!, t: io.get('t')!, context: new Float32Array(35) };
    expect(await lines(model.forward(inputs))).toEqual([
      'INPUT_INVALID',
      'forward: input context: expected 18 values per image, 1 to 2 images, shape [2,3,6], got 35 values',
    ]);
    expect(await lines(model.forward({ x: io.get('x')!, t: io.get('t')! }))).toEqual([
      'INPUT_INVALID',
      'forward: input context: missing (expected 18 values per image, 1 to 2 images, shape [2,3,6])',
    ]);
  });

  it('kiln run --input takes it by name and matches the reference; a file without it is refused', async () => {
    const input = join(tmp, 'in.safetensors');
    const tensor = (name: string, shape: number[]) => ({ name, shape, data: io.get(name)! });
    await writeSafetensorsFile(input, [
      tensor('x', [2, 3, 4, 4]),
      tensor('t', [2]),
      tensor('context', [2, 3, 6]),
    ]);
    const out = join(tmp, 'out.safetensors');
    const ok = runKiln(tmp, 'run', bundleDir, '--input', input, '--output', out);
    expect(ok.code, ok.stderr).toBe(0);
    const got = await readSafetensorsFile(out);
    expectClose(toFloat32(got.tensors.get('out')!, 'out'), io.get('out')!);

    const partial = join(tmp, 'partial.safetensors');
    await writeSafetensorsFile(partial, [tensor('x', [2, 3, 4, 4]), tensor('t', [2])]);
    const bad = runKiln(tmp, 'run', bundleDir, '--input', partial);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('context: missing (expected [2,3,6])');
  });

  it('sample() needs it, takes count images of it, and every step reads it', async () => {
    const c = io.get('context')!;
    expect(await lines(model.sample({ steps: 2 }))).toEqual([
      'OPTION_INVALID',
      'sample: context is required by this bundle: a Float32Array of 36 values (2 image(s) of [3,6])',
    ]);
    expect(await lines(model.sample({ steps: 2, count: 1, context: c }))).toEqual([
      'OPTION_INVALID',
      'sample: context must be a Float32Array of 18 values (1 image(s) of [3,6]), got 36 values',
    ]);
    const a = await model.sample({ steps: 3, context: c });
    const again = await model.sample({ steps: 3, context: c });
    const other = await model.sample({ steps: 3, context: c.map((v) => -v) });
    const one = await model.sample({ steps: 3, count: 1, context: c.slice(0, 18) });
    expect(a.every(Number.isFinite)).toBe(true);
    expect(again).toEqual(a);
    expect(other).not.toEqual(a);
    // The first image of a full run, as count promises: its context is the first image's.
    expectClose(one, a.slice(0, one.length), 1e-6);
  });

  it('kiln sample --context passes it to sample(); a conditional bundle without it is refused', async () => {
    const c = io.get('context')!;
    const file = join(tmp, 'context.safetensors');
    await writeSafetensorsFile(file, [{ name: 'context', shape: [2, 3, 6], data: c }]);
    const out = join(tmp, 'samples.safetensors');
    const args = ['sample', bundleDir, '--steps', '2', '--out', join(tmp, 's.png'), '--quiet'];
    const ok = runKiln(tmp, ...args, '--context', file, '--tensor-out', out);
    expect(ok.code, ok.stderr).toBe(0);
    const got = toFloat32((await readSafetensorsFile(out)).tensors.get('out')!, 'out');
    expect(got).toEqual(await model.sample({ steps: 2, context: c }));

    const missing = runKiln(tmp, ...args);
    expect([missing.code, missing.stderr.trim()]).toEqual([
      2,
      'kiln: error: kiln sample: --context <in.safetensors> is required: this bundle is conditional (tensor context, F32 [2,3,6])',
    ]);
    const one = runKiln(tmp, ...args, '--count', '1', '--context', file);
    expect([one.code, one.stderr.trim()]).toEqual([
      2,
      `kiln: error: --context ${file}: tensor context must be F32 [1,3,6] (--count images), got F32 [2,3,6]`,
    ]);
  });
});
