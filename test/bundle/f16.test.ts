/**
 * `kiln compile --precision f16`: weights stored as F16 (rounded to nearest, ties to even,
 * subnormals kept), about half the file, widened to f32 at load. Small PyTorch fixtures compiled
 * in f16 match their f32 goldens within 1e-2 (the rounding of the weights is the only change:
 * measured 3e-4 to 1e-3 on every spec in specs/, see README "Precision").
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.js';
import { writeBundleDir } from '../../compiler/emit/bundle.js';
import { readAnySpecFile } from '../../compiler/spec/any.js';
import { F16_MAX, toF16 } from '../../compiler/weights/f16.js';
import { f16Bits } from '../../runtime/format/f16.js';
import { f16ToF32Bits, parseSafetensors } from '../../runtime/format/safetensors.js';
import { loadBundle, runBundle } from '../../src/host/bundle.js';
import { kilnGpu } from '../../src/host/device.js';
import { chooseGpuWeights } from '../../runtime/load.js';
import { f16WeightsKernel } from '../../compiler/lower/f16-weights.js';
import { readSafetensorsFile } from '../../src/host/safetensors-file.js';
import { expectClose, FIXTURES, readFixture, sharedGpu, withTempDir } from '../helpers/gpu.js';

const ROOT = join(import.meta.dirname, '..', '..');
const word = new Float32Array(1);
const bits = new Uint32Array(word.buffer);
/** The f32 value of f16 bit pattern h. */
const widen = (h: number) => {
  bits[0] = f16ToF32Bits(h);
  return word[0]!;
};

describe('f32 -> f16 rounding', () => {
  it('every finite f16 value converts back to its own bits (normals, subnormals, +-0)', () => {
    for (let h = 0; h < 0x10000; h++) {
      if ((h & 0x7c00) === 0x7c00) continue; // inf and NaN
      expect(f16Bits(widen(h))).toBe(h);
    }
  });

  it('rounds to nearest, ties to even, between every pair of neighbours', () => {
    for (let h = 0; h < 0x7bff; h++) {
      const [a, b] = [widen(h), widen(h + 1)];
      const mid = (a + b) / 2; // exact in f64, and in f32: f16 neighbours differ by 11 bits
      expect(Math.fround(mid)).toBe(mid);
      expect(f16Bits(mid)).toBe(h % 2 === 0 ? h : h + 1);
      expect(f16Bits(mid - (b - a) / 8)).toBe(h);
      expect(f16Bits(mid + (b - a) / 8)).toBe(h + 1);
      expect(f16Bits(-mid)).toBe((h % 2 === 0 ? h : h + 1) | 0x8000);
    }
  });

  it('below half the smallest subnormal (2^-25) is zero, the tie at 2^-25 goes to even (0)', () => {
    expect(f16Bits(2 ** -24)).toBe(1);
    expect(f16Bits(2 ** -25)).toBe(0);
    expect(f16Bits(2 ** -25 * 1.0001)).toBe(1);
    expect(f16Bits(1e-30)).toBe(0);
    expect(f16Bits(-1e-30)).toBe(0x8000);
  });

  it('65504 is the largest finite; NaN and inf keep their kind', () => {
    expect(f16Bits(F16_MAX)).toBe(0x7bff);
    expect(f16Bits(Number.POSITIVE_INFINITY)).toBe(0x7c00);
    expect(f16Bits(Number.NaN) & 0x7e00).toBe(0x7e00);
  });

  it('a weight beyond +-65504 is refused by tensor name and index', () => {
    expect(() => toF16('a.weight', new Float32Array([1, -65504, -65505]), 'w.safetensors')).toThrow(
      "w.safetensors: tensor 'a.weight' has -65505 at index 2, beyond f16's largest value 65504; compile it with --precision f32",
    );
  });
});

describe('the weights file of an f16 bundle', () => {
  // Small fixtures' files are mostly header; a spec's is mostly data: at most 52% of f32.
  for (const name of ['digits', 'sd-tiny'])
    it(`specs/${name}.json: at most 52% of the f32 file`, async () => {
      const spec = await readAnySpecFile(join(ROOT, 'specs', `${name}.json`));
      const size = async (precision: 'f32' | 'f16') =>
        (
          (await compile(spec, { target: 'cpu', precision })).files.get(
            'weights.safetensors',
          ) as Uint8Array
        ).length;
      expect((await size('f16')) / (await size('f32'))).toBeLessThanOrEqual(0.52);
    });
});

/** Fixtures of both spec forms: attention, cross-attention with context, class labels. */
const CASES = [
  ['nets/tiny', ['x', 't'], ['cpu', 'gpu']],
  ['nets/wide_heads', ['x', 't'], ['cpu']],
  ['diffusers/unet2d-attn', ['x', 't'], ['cpu']],
  ['diffusers/cond-conv', ['x', 't', 'context'], ['cpu']],
  ['diffusers/cond-linear', ['x', 't', 'context', 'label'], ['cpu', 'gpu']],
] as const;

describe('f16 bundles against the f32 PyTorch goldens, both ways of holding the weights', () => {
  for (const [net, inputs, targets] of CASES)
    for (const target of targets)
      it(`${net} (${target}): F16 file of half the data; f16 and widened-f32 GPU weights within 1e-2`, async () => {
        const dir = join(FIXTURES, net);
        const spec = await readAnySpecFile(join(dir, 'spec.json'));
        const wPath = join(dir, 'weights.safetensors');
        const weights = { file: await readSafetensorsFile(wPath), source: wPath };
        const f32 = await compile(spec, { weights, target });
        const f16 = await compile(spec, { weights, target, precision: 'f16' });
        expect([f32.manifest.precision, f16.manifest.precision]).toEqual(['f32', 'f16']);
        const stored = (c: typeof f16) =>
          parseSafetensors(c.files.get('weights.safetensors') as Uint8Array, 'bundle').tensors;
        const data = (c: typeof f16) =>
          [...stored(c).values()].reduce((a, t) => a + t.bytes.length, 0);
        expect(data(f16) * 2).toBe(data(f32));
        expect(new Set([...stored(f16).values()].map((t) => t.dtype))).toEqual(new Set(['F16']));
        const io = await readFixture(`${net}/io.safetensors`);
        const want = io.tensors.get('out')!.data;
        const feed = new Map(inputs.map((n) => [n, io.tensors.get(n)!.data] as const));
        const gpu = await sharedGpu();
        expect(gpu.device.features.has('shader-f16')).toBe(true); // lavapipe offers it
        await withTempDir(async (tmp) => {
          await writeBundleDir(join(tmp, 'b'), f16.files);
          const outs: Float32Array[] = [];
          for (const gpuWeights of [undefined, 'f32'] as const) {
            const bundle = await loadBundle(join(tmp, 'b'), { device: gpu.device, gpuWeights });
            try {
              // Default on a device with shader-f16: the f16 kernels; asked, the f32 fallback.
              expect(bundle.model.info.precision).toEqual({
                stored: 'f16',
                gpu: gpuWeights ?? 'f16',
              });
              const out = (await runBundle(bundle, feed)).out!;
              const rel = expectClose(out, want, 1e-2);
              // The weights' rounding shows (an f32 bundle is at 1e-6): the f16 path really ran.
              expect(rel).toBeGreaterThan(1e-5);
              outs.push(out);
            } finally {
              bundle.model.destroy();
            }
          }
          // Both read the same values (f16 widens exactly) and compute in f32.
          expectClose(outs[0]!, outs[1]!, 1e-6);
        });
      });
});

describe('the f16 twin of a kernel (compiler/lower/f16-weights.ts)', () => {
  it('declares the weights f16 and widens every read, nested indices and vec4 lanes included', () => {
    const scalar = [
      '// k',
      '@group(0) @binding(0) var<storage, read> x: array<f32>;',
      '@group(0) @binding(1) var<storage, read> params: array<f32>;',
      '  acc = fma(x[i], params[WOFF[p] + o * 4u], acc) + params[o];',
    ].join('\n');
    expect(f16WeightsKernel(scalar)).toBe(
      [
        'enable f16;',
        '// k',
        '@group(0) @binding(0) var<storage, read> x: array<f32>;',
        '@group(0) @binding(1) var<storage, read> params: array<f16>;',
        '  acc = fma(x[i], f32(params[WOFF[p] + o * 4u]), acc) + f32(params[o]);',
      ].join('\n'),
    );
    const lanes = [
      '@group(0) @binding(1) var<storage, read> params: array<vec4<f32>>;',
      'fn pf(i: u32) -> f32 { return params[i / 4u][i % 4u]; }',
      '  let w = params[wc + ci * 9u];',
    ].join('\n');
    expect(f16WeightsKernel(lanes)).toBe(
      [
        'enable f16;',
        '@group(0) @binding(1) var<storage, read> params: array<vec4<f16>>;',
        'fn pf(i: u32) -> f32 { return f32(params[i / 4u][i % 4u]); }',
        '  let w = vec4<f32>(params[wc + ci * 9u]);',
      ].join('\n'),
    );
    const none = '@group(0) @binding(0) var<storage, read> x: array<f32>;\n  y[i] = x[i];';
    expect(f16WeightsKernel(none)).toBe(none);
  });
});

describe("which kernels hold an f16 bundle's weights", () => {
  const has = new Set(['subgroups', 'shader-f16']);
  const lacks = new Set(['subgroups']);
  it('f16 where the bundle has f16 kernels and the device shader-f16, unless asked for f32', () => {
    expect(chooseGpuWeights(true, undefined, has)).toBe('f16');
    expect(chooseGpuWeights(true, undefined, lacks)).toBe('f32');
    expect(chooseGpuWeights(true, undefined, undefined)).toBe('f32');
    expect(chooseGpuWeights(true, 'f32', has)).toBe('f32');
    expect(chooseGpuWeights(false, undefined, has)).toBe('f32');
  });
  it('asked for f16, f16 (a missing shader-f16 is then reported like any missing feature)', () =>
    expect(chooseGpuWeights(true, 'f16', lacks)).toBe('f16'));

  it('a device without shader-f16 runs the f32 kernels; forcing f16 on it is one line', async () => {
    const spec = await readAnySpecFile(join(FIXTURES, 'nets/tiny/spec.json'));
    const wPath = join(FIXTURES, 'nets/tiny/weights.safetensors');
    const c = await compile(spec, {
      weights: { file: await readSafetensorsFile(wPath), source: wPath },
      target: 'cpu',
      precision: 'f16',
    });
    const io = await readFixture('nets/tiny/io.safetensors');
    const adapter = await (await kilnGpu()).requestAdapter();
    const device = await adapter!.requestDevice({ requiredFeatures: ['subgroups'] });
    try {
      await withTempDir(async (tmp) => {
        await writeBundleDir(join(tmp, 'b'), c.files);
        const bundle = await loadBundle(join(tmp, 'b'), { device });
        expect(bundle.model.info.precision).toEqual({ stored: 'f16', gpu: 'f32' });
        const feed = new Map(['x', 't'].map((n) => [n, io.tensors.get(n)!.data] as const));
        expectClose((await runBundle(bundle, feed)).out!, io.tensors.get('out')!.data, 1e-2);
        bundle.model.destroy();
        await expect(loadBundle(join(tmp, 'b'), { device, gpuWeights: 'f16' })).rejects.toThrow(
          'load: the given device lacks a limit the cpu f16 kernels need: feature shader-f16: not enabled',
        );
      });
    } finally {
      device.destroy();
    }
  });
});
