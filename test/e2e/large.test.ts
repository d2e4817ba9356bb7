/**
 * Models past WebGPU's default 128 MiB storage binding (issue 22), on lavapipe, against
 * PyTorch: max|kiln - torch| <= 1e-4 * max|torch|, the project's parity rule.
 *
 * attention_4096_tokens (test/golden/fixtures/large/, written by
 * `/usr/bin/python3 test/golden/make_variant_fixtures.py --large-only`): self-attention over
 * 64 x 64 = 4,096 tokens with 3 heads, whose score matrix would take 3 x 4096^2 x 4 B = 192 MiB.
 * The attention kernels keep a running softmax per query and never store it, so the bundle
 * needs nothing past WebGPU's default limits.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.js';
import { writeBundleDir } from '../../compiler/emit/bundle.js';
import { readSpecFile } from '../../compiler/spec/read.js';
import { DEFAULT_LIMITS, requiredLimits } from '../../runtime/format/limits.js';
import { loadBundle, runBundle } from '../../src/host/bundle.js';
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
