/**
 * The general form against PyTorch, through the real compile -> bundle -> Dawn path: each
 * fixture in test/golden/fixtures/variants/ holds a spec, the module `kiln emit-torch` wrote for
 * it, and x, t and out = Model()(x, t) with the weights of `kiln init --seed <seed>` loaded
 * strictly. Kiln compiles the spec with the same seed's weights and must match
 * max|kiln - torch| <= 1e-4 * max|torch|. ddpm-unet-32 and wide-unet-64 are the specs in
 * specs/, at their real size.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.js';
import { writeBundleDir } from '../../compiler/emit/bundle.js';
import { loadBundle, runBundle } from '../../src/host/bundle.js';
import { readSpecFile } from '../../compiler/spec/read.js';
import { expectClose, FIXTURES, readFixture, sharedGpu, withTempDir } from '../helpers/gpu.js';

const CASES = readdirSync(join(FIXTURES, 'variants'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('general-form U-Nets match their emitted PyTorch modules', () => {
  it('has the fixtures', () => expect(CASES.length).toBeGreaterThanOrEqual(5));

  for (const name of CASES) {
    it(name, async () => {
      const spec = await readSpecFile(join(FIXTURES, 'variants', name, 'spec.json'));
      const io = await readFixture(`variants/${name}/io.safetensors`);
      const seed = Number(io.metadata.seed);
      expect(Number.isInteger(seed)).toBe(true);
      const c = await compile(spec, { seed, target: 'cpu' }); // what lavapipe runs
      await withTempDir(async (tmp) => {
        await writeBundleDir(join(tmp, name), c.files);
        const gpu = await sharedGpu();
        const bundle = await loadBundle(join(tmp, name), gpu);
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
  }
});
