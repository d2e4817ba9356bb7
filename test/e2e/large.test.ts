/**
 * Models past WebGPU's default 128 MiB storage binding (issue 22), on lavapipe, against
 * PyTorch: max|kiln - torch| <= 1e-4 * max|torch|, the project's parity rule.
 *
 * attention_4096_tokens (test/golden/fixtures/large/, written by
 * `/usr/bin/python3 test/golden/make_variant_fixtures.py --large-only`): self-attention over
 * 64 x 64 = 4,096 tokens with 3 heads, whose score matrix would take 3 x 4096^2 x 4 B = 192 MiB.
 * The attention kernels keep a running softmax per query and never store it, so the bundle
 * needs nothing past WebGPU's default limits.
 *
 * conv_chain (same script): x [1,1,1440,1440] -> 3x3 conv to 17 channels -> GroupNorm(17) ->
 * SiLU -> 3x3 conv to 1. The 17-channel tensors are 134.5 MiB, past the binding limit: their
 * kernels bind them as two ranges of one buffer (compiler/lower/split.ts); on the fused cpu path
 * the GroupNorm statistics read it as vec4 rows, and so does the second conv's padded vec4 copy
 * of it (pad_activate, then the lane kernel). x is a formula, not stored; the fixture
 * holds PyTorch's out at every 499th value and in full on the rows whose input straddles the
 * 128 MiB boundary.
 *
 * Weights past 128 MiB: a linear layer of 4096 -> 8200 features, whose packed weights (134.4 MB)
 * are bound as two ranges and written across them; the reference is the product in float64.
 *
 * And a tensor past the device's maxBufferSize: SiLU of x [1,1,8200,8200] (256.5 MiB) on a device
 * with WebGPU's default limits (256 MiB per buffer), where x and out are each held as one buffer
 * per 128 MiB part, written and read back across them; the reference is SiLU in float64.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile, compileGraph } from '../../compiler/index.js';
import { UnetBuilder } from '../../compiler/ir/build.js';
import { writeBundleDir } from '../../compiler/emit/bundle.js';
import { readSpecFile } from '../../compiler/spec/read.js';
import { DEFAULT_LIMITS, requiredLimits } from '../../runtime/format/limits.js';
import { PART_BYTES } from '../../runtime/format/runner-table.js';
import { loadBundle, runBundle } from '../../src/host/bundle.js';
import { kilnGpu } from '../../src/host/device.js';
import { expectClose, FIXTURES, readFixture, sharedGpu, withTempDir } from '../helpers/gpu.js';

describe('past the default binding limit', () => {
  it('attention over 4,096 tokens and 3 heads (a 192 MiB score matrix) runs within the default limits', async () => {
    const name = 'attention_4096_tokens';
    const spec = await readSpecFile(join(FIXTURES, 'large', name, 'spec.json'));
    const io = await readFixture(`large/${name}/io.safetensors`);
    const c = await compile(spec, { seed: Number(io.metadata.seed), target: 'cpu' });
    const program = c.programs.get('cpu')!;
    // The scores would need a 192 MiB binding; every buffer of the program is under 1 MiB.
    const attention = program.steps.filter((s) => s.op === 'attention');
    expect(attention.length).toBeGreaterThanOrEqual(2);
    for (const s of attention) expect(s.label).toMatch(/-> \[1,6,64,64\]$/);
    const [limits] = c.manifest.variants.map((v) => v.limits);
    expect(requiredLimits(limits!)).toEqual({});
    expect(limits!.maxStorageBufferBindingSize).toBeLessThan(2 ** 20);
    expect(DEFAULT_LIMITS.maxStorageBufferBindingSize).toBe(128 * 2 ** 20);
    await withTempDir(async (tmp) => {
      await writeBundleDir(join(tmp, name), c.files);
      const bundle = await loadBundle(join(tmp, name), await sharedGpu());
      try {
        const out = await runBundle(
          bundle,
          new Map([
            ['x', io.tensors.get('x')!.data],
            ['t', io.tensors.get('t')!.data],
          ]),
        );
        const rel = expectClose(out.out!, io.tensors.get('out')!.data);
        console.log(`${name}: max|kiln - torch| / max|torch| = ${rel.toExponential(2)}`);
      } finally {
        bundle.model.destroy();
      }
    });
  });
});

describe('a tensor past the binding limit', async () => {
  const fx = await readFixture('large/conv_chain.safetensors');
  const {
    channels,
    height: h,
    width: w,
    every,
    boundaryRow,
  } = JSON.parse(fx.metadata.case!) as Record<string, number>;
  const x = new Float32Array(h! * w!);
  for (let i = 0; i < x.length; i++) x[i] = ((i * 7919) % 2003) / 1001.5 - 1;
  const b = new UnetBuilder('conv_chain', 1);
  const g = b.g;
  const conv = (input: number, name: string, cout: number, cin: number) =>
    g.add(
      'conv2d',
      [input, g.param(`${name}.weight`, [cout, cin, 3, 3]), g.param(`${name}.bias`, [cout])],
      { kernel: 3, stride: 1, padding: 1 },
      name,
    );
  const big = conv(g.input('x', [1, 1, h!, w!]), 'conv1', channels!, 1);
  const normed = g.add(
    'group_norm',
    [big, g.param('norm.weight', [channels!]), g.param('norm.bias', [channels!])],
    { groups: channels!, eps: 1e-5 },
    'norm',
  );
  g.output('out', conv(g.add('silu', [normed], {}, 'act'), 'conv2', 1, channels!));
  const graph = g.build();
  const weights = new Map(
    ['conv1.weight', 'conv1.bias', 'norm.weight', 'norm.bias', 'conv2.weight', 'conv2.bias'].map(
      (n) => [n, fx.tensors.get(n)!.data],
    ),
  );

  for (const [fuse, target] of [
    [true, 'cpu'],
    [false, 'cpu'],
    [true, 'gpu'],
  ] as const)
    it(`a ${((channels! * h! * w! * 4) / 2 ** 20).toFixed(1)} MiB conv output (${fuse ? 'fused' : 'unfused'}, ${target})`, async () => {
      const c = await compileGraph(graph, weights, 'test', { fuse }, [target]);
      const [limits] = c.manifest.variants.map((v) => v.limits);
      // Bound in 128 MiB parts, the big tensor needs no limit past WebGPU's defaults.
      expect(limits!.maxStorageBufferBindingSize).toBe(PART_BYTES);
      expect(limits!.maxBufferSize).toBe(PART_BYTES);
      expect(requiredLimits(limits!)).toEqual({});
      const runner = c.files.get(`source/${target}/runner.ts`)!;
      if (fuse && target === 'cpu') {
        // The lane path, its vec4 rows split too.
        expect(runner).toContain('pad_activate');
        const kernels = [...c.files].flatMap(([f, t]) =>
          f.endsWith('.wgsl') && typeof t === 'string' ? [t] : [],
        );
        expect(
          kernels.filter((k) => /fn load_\w+\(i: u32\) -> vec4<f32>/.test(k)).length,
        ).toBeGreaterThanOrEqual(2);
      }
      expect(runner).toMatch(
        /\/\/ buffers past 128 MiB[^\n]*\n {2}parts: \{\n {4}"\w+": \[0, 33554432\],/,
      );
      await withTempDir(async (tmp) => {
        await writeBundleDir(join(tmp, 'b'), c.files);
        const bundle = await loadBundle(join(tmp, 'b'), await sharedGpu());
        try {
          const out = (await runBundle(bundle, new Map([['x', x]]))).out!;
          const sampled = out.filter((_, i) => i % every! === 0);
          const rel = expectClose(sampled, fx.tensors.get('out_sampled')!.data);
          const rows = out.subarray((boundaryRow! - 1) * w!, (boundaryRow! + 2) * w!);
          expectClose(rows, fx.tensors.get('out_rows')!.data);
          console.log(
            `conv_chain (${fuse ? 'fused' : 'unfused'}, ${target}): ${rel.toExponential(2)}`,
          );
        } finally {
          bundle.model.destroy();
        }
      });
    });
});

describe('a tensor past the device maxBufferSize', () => {
  it('SiLU of a 256.5 MiB tensor on a device with the default limits: one buffer per part', async () => {
    const side = 8200;
    const g = new UnetBuilder('silu_256mib', 1).g;
    g.output('out', g.add('silu', [g.input('x', [1, 1, side, side])], {}, 'act'));
    const c = await compileGraph(g.build(), new Map(), 'test', { fuse: true }, ['cpu']);
    expect(requiredLimits(c.manifest.variants[0]!.limits)).toEqual({});
    const adapter = (await (await kilnGpu()).requestAdapter())!;
    // The cpu kernels' one feature (subgroups), and no limit asked for.
    const device = await adapter.requestDevice({ requiredFeatures: ['subgroups'] });
    expect(device.limits.maxBufferSize).toBe(DEFAULT_LIMITS.maxBufferSize);
    const x = new Float32Array(side * side);
    for (let i = 0; i < x.length; i++) x[i] = ((i * 7919) % 2003) / 100.15 - 10;
    expect(x.byteLength).toBeGreaterThan(DEFAULT_LIMITS.maxBufferSize);
    await withTempDir(async (tmp) => {
      await writeBundleDir(join(tmp, 'b'), c.files);
      const bundle = await loadBundle(join(tmp, 'b'), { device });
      try {
        expect(() => bundle.model.inputBuffer('x')).toThrow(
          "x is held in 3 buffers: the device's maxBufferSize (268435456) is under its size",
        );
        const out = (await runBundle(bundle, new Map([['x', x]]))).out!;
        // The reference in place of x (x is written by now): one 256 MiB array fewer.
        for (let i = 0; i < x.length; i++) x[i] = x[i]! / (1 + Math.exp(-x[i]!));
        const rel = expectClose(out, x);
        console.log(`silu_256mib: ${rel.toExponential(2)}`);
      } finally {
        bundle.model.destroy();
        device.destroy();
      }
    });
  });
});

describe('weights past the binding limit', () => {
  // f16: the same kernels' twins read the same parts of a half-size buffer (runtime/interpreter.ts).
  it.each([
    'f32',
    'f16',
  ] as const)('a linear layer with 134.4 MB of weights (%s)', async (precision) => {
    const [inF, outF] = [4096, 8200];
    const b = new UnetBuilder('linear_134mb', 1);
    b.g.output('out', b.linear(b.g.input('x', [2, inF]), 'fc', outF));
    const w = new Float32Array(outF * inF);
    for (let i = 0; i < w.length; i++) w[i] = (((i * 7919) % 2003) / 1001.5 - 1) / 64;
    const bias = new Float32Array(outF).map((_, o) => (o % 7) / 7);
    const x = new Float32Array(2 * inF).map((_, i) => Math.sin(i * 0.37));
    const c = await compileGraph(
      b.g.build(),
      new Map([
        ['fc.weight', w],
        ['fc.bias', bias],
      ]),
      'test',
      { fuse: true },
      ['cpu'],
      undefined,
      true,
      { precision, source: 'test' },
    );
    expect(c.files.get('source/cpu/runner.ts')).toMatch(/parts: \{\n {4}"fc": \[0, 33554432\],/);
    await withTempDir(async (tmp) => {
      await writeBundleDir(join(tmp, 'b'), c.files);
      const bundle = await loadBundle(join(tmp, 'b'), await sharedGpu());
      try {
        const out = (await runBundle(bundle, new Map([['x', x]]))).out!;
        const want = new Float32Array(2 * outF);
        for (let n = 0; n < 2; n++)
          for (let o = 0; o < outF; o++) {
            let acc = bias[o]!;
            for (let i = 0; i < inF; i++) acc += w[o * inF + i]! * x[n * inF + i]!;
            want[n * outF + o] = acc;
          }
        // f16 weights round each weight by up to 2^-11 of itself.
        const rel = expectClose(out, want, precision === 'f16' ? 1e-2 : 1e-4);
        console.log(`linear_134mb ${precision}: ${rel.toExponential(2)}`);
      } finally {
        bundle.model.destroy();
      }
    });
  });
});
