/**
 * Whole networks against PyTorch: each fixture's spec and state_dict() weights go through
 * `kiln compile`'s code path, the bundle runs on Dawn, and `out` must match model(x, t) within
 * max|kiln - torch| <= 1e-4 * max|torch|. One file per variant (nets-*.test.ts), so that vitest
 * can run them side by side: the `gpu` one spends most of a cold run in lavapipe's compiler.
 * One net also goes through the real CLI processes (kilnCliRoundTrip).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { compile } from '../../compiler/index.js';
import { writeBundleDir } from '../../compiler/emit/bundle.js';
import { loadBundle, runBundle } from '../../src/host/bundle.js';
import { readSafetensorsFile } from '../../src/host/safetensors-file.js';
import { readSpecFile } from '../../compiler/spec/read.js';
import {
  expectClose,
  FIXTURES,
  readFixture,
  readTensors,
  sharedGpu,
  withTempDir,
} from '../helpers/gpu.js';
import { writeSafetensorsFile } from '../../src/host/safetensors-file.js';

export const NETS = readdirSync(join(FIXTURES, 'nets')).sort();
const ROOT = join(import.meta.dirname, '..', '..');

/** Fixture nets, compiled with these options, against PyTorch's output. */
export function netsMatchPyTorch(fuse: boolean, target: 'cpu' | 'gpu', nets = NETS) {
  it('has fixtures', () => expect(NETS.length).toBeGreaterThanOrEqual(4));
  for (const net of nets)
    it(`${net} (${fuse ? 'fused' : 'unfused'}, ${target})`, async () => {
      const dir = join(FIXTURES, 'nets', net);
      const spec = await readSpecFile(join(dir, 'spec.json'));
      const weights = join(dir, 'weights.safetensors');
      const c = await compile(spec, {
        weights: { file: await readSafetensorsFile(weights), source: weights },
        passes: { fuse },
        target,
      });
      expect(c.manifest.fused).toBe(fuse);
      expect(c.manifest.variants.map((v) => v.target)).toEqual([target]);
      const io = await readFixture(`nets/${net}/io.safetensors`);
      await withTempDir(async (tmp) => {
        await writeBundleDir(join(tmp, net), c.files);
        const gpu = await sharedGpu();
        const bundle = await loadBundle(join(tmp, net), gpu);
        expect(bundle.model.info.variant).toBe(target);
        const inputs = new Map([
          ['x', io.tensors.get('x')!.data],
          ['t', io.tensors.get('t')!.data],
        ]);
        const out = await runBundle(bundle, inputs);
        expectClose(out.out!, io.tensors.get('out')!.data);
        // A second forward on the same runner gives the same numbers (no state leaks between runs).
        const again = await runBundle(bundle, inputs);
        expect(Array.from(again.out!)).toEqual(Array.from(out.out!));
        bundle.model.destroy();
      });
    });
}

/** The tiny net through the real `kiln compile` and `kiln run` processes. */
export function kilnCliRoundTrip() {
  it('the kiln CLI compiles and runs a checkpoint end to end', async () => {
    await withTempDir(async (tmp) => {
      const dir = join(FIXTURES, 'nets', 'tiny');
      const kiln = (...args: string[]) =>
        execFileSync(process.execPath, [join(ROOT, 'src', 'bin.mjs'), ...args], {
          encoding: 'utf8',
          stdio: 'pipe',
        });
      kiln(
        'compile',
        join(dir, 'spec.json'),
        '--weights',
        join(dir, 'weights.safetensors'),
        '--out',
        join(tmp, 'b'),
        '--quiet',
      );
      // io.safetensors also holds `out`, which `run` rejects as unexpected: give it x and t only.
      const io = await readFixture('nets/tiny/io.safetensors');
      await writeSafetensorsFile(
        join(tmp, 'in.safetensors'),
        ['x', 't'].map((name) => ({ name, ...io.tensors.get(name)! })),
      );
      kiln(
        'run',
        join(tmp, 'b'),
        '--input',
        join(tmp, 'in.safetensors'),
        '--output',
        join(tmp, 'out.safetensors'),
        '--quiet',
      );
      const out = await readTensors(join(tmp, 'out.safetensors'));
      expectClose(out.tensors.get('out')!.data, io.tensors.get('out')!.data);
    });
  });
}
