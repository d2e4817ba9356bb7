/**
 * A diffusers UNet2DModel end to end through the CLI, as a user runs it: `kiln import` of its
 * config.json, `kiln compile` with its diffusers-named checkpoint (the legacy attention names
 * for unet2d-pad0), `kiln run --input` — matching the PyTorch reference's forward within the
 * parity rule (max|kiln - torch| <= 1e-4 max|torch|). unet2d-ss: scale_shift time injection,
 * the (0, 1, 0, 1) downsampling pad, heads x head width below the channels (8 channels, head
 * width 3), no mid-block group_norm, center_input_sample, mid_block_scale_factor sqrt(2),
 * norm_eps 1e-6, three levels; unet2d-pad0: the pad again with flip_sin_to_cos, norm_eps 1e-3,
 * one head of the whole width, two resnets per down block.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toFloat32 } from '../../runtime/format/safetensors.js';
import { readSafetensorsFile, writeSafetensorsFile } from '../../src/host/safetensors-file.js';
import { expectClose, FIXTURES, withTempDir } from '../helpers/gpu.js';
import { runKilnInProcess } from '../helpers/kiln.js';

const DIR = join(FIXTURES, 'diffusers');

async function kiln(...args: string[]) {
  const r = await runKilnInProcess(...args);
  expect(r.stderr, args.join(' ')).toBe('');
  expect(r.code).toBe(0);
}

describe('kiln inspect and init of a diffusers UNet2DModel', () => {
  it("inspect counts diffusers' parameters; init writes diffusers' names and shapes, which compile takes", async () => {
    await withTempDir(async (tmp) => {
      const spec = join(DIR, 'unet2d-ss', 'spec.json');
      const keys = JSON.parse(readFileSync(join(DIR, 'keys.json'), 'utf8')).cases['unet2d-ss'];
      const r = await runKilnInProcess('inspect', spec, '--json');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).params).toBe(keys.params);
      const w = join(tmp, 'w.safetensors');
      await kiln('init', spec, '--out', w, '--quiet');
      const file = await readSafetensorsFile(w);
      expect([...file.tensors.values()].map((t) => [t.name, [...t.shape]])).toEqual(keys.stateDict);
      await kiln(
        'compile',
        spec,
        '--weights',
        w,
        '--out',
        join(tmp, 'b'),
        '--target',
        'cpu',
        '--quiet',
      );
    });
  });
});

describe('kiln import + compile + run of a diffusers UNet2DModel', () => {
  it.each([
    ['unet2d-ss', [], 'cpu'],
    ['unet2d-pad0', ['--no-fuse'], 'cpu'],
    ['unet2d-pad0', [], 'gpu'],
  ] as const)('%s %j on the %s kernels matches the PyTorch reference', async (c, flags, target) => {
    await withTempDir(async (tmp) => {
      const io = await readSafetensorsFile(join(DIR, c, 'io.safetensors'));
      const get = (n: string) => {
        const t = io.tensors.get(n)!;
        return { name: n, shape: [...t.shape], data: toFloat32(t, 'io') };
      };
      const spec = join(tmp, 'spec.json');
      await kiln('import', join(DIR, c, 'config.json'), '--out', spec, '--batch', '2', '--quiet');
      const bundle = join(tmp, 'bundle');
      const weights = join(DIR, c, 'weights.safetensors');
      await kiln(
        'compile',
        spec,
        '--weights',
        weights,
        '--out',
        bundle,
        '--target',
        target,
        '--quiet',
        ...flags,
      );
      await writeSafetensorsFile(join(tmp, 'in.safetensors'), [get('x'), get('t')]);
      const out = join(tmp, 'out.safetensors');
      await kiln(
        'run',
        bundle,
        '--input',
        join(tmp, 'in.safetensors'),
        '--output',
        out,
        '--variant',
        target,
        '--quiet',
      );
      const got = (await readSafetensorsFile(out)).tensors.get('out')!;
      expectClose(toFloat32(got, 'out'), get('out').data);
    });
  });
});
