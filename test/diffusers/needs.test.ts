/** The IR ops each diffusers-form spec still needs (compiler/diffusers/needs.ts): the kernel work list. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importConfig } from '../../compiler/diffusers/import.js';
import { opsNeeded } from '../../compiler/diffusers/needs.js';
import { FIXTURES } from '../helpers/gpu.js';

const DIR = join(FIXTURES, 'diffusers');
const KEYS = JSON.parse(readFileSync(join(DIR, 'keys.json'), 'utf8'));
const config = (c: string) => JSON.parse(readFileSync(join(DIR, c, 'config.json'), 'utf8'));
const opts = { name: 'm', batch: 1, contextLength: 77 };
const summary = (raw: unknown) =>
  Object.fromEntries(opsNeeded(importConfig(raw, opts)).map((n) => [n.op, n.at.length]));

describe('opsNeeded', () => {
  it('ddpm-cifar10-32: the asymmetric downsample pad and nearest upsampling', () => {
    const needs = opsNeeded(importConfig(KEYS['ddpm-cifar10-32'].config, opts));
    expect(needs).toEqual([
      {
        op: 'pad (0, 1, 0, 1) before a stride-2 conv',
        at: [
          'down_blocks.0.downsamplers.0',
          'down_blocks.1.downsamplers.0',
          'down_blocks.2.downsamplers.0',
        ],
      },
      {
        op: 'upsample_nearest2x',
        at: ['up_blocks.2.upsamplers.0', 'up_blocks.1.upsamplers.0', 'up_blocks.0.upsamplers.0'],
      },
    ]);
  });

  it('unet2d-legacy: every UNet2DModel feature the op table lacks', () => {
    // (its down_blocks.1 attention has 2 heads of 3 on 8 channels)
    expect(summary(config('unet2d-legacy'))).toEqual({
      'affine (2x - 1 on the input)': 1,
      embedding: 1,
      'pad (0, 1, 0, 1) before a stride-2 conv': 2,
      'attention with an inner width other than the channels': 1,
      upsample_nearest2x: 2,
      'scale (divide by mid_block_scale_factor)': 1,
      scale_shift: 11,
    });
  });

  it('UNet2DConditionModel: its transformers need nothing more (compiler/diffusers/transformer.ts)', () => {
    // flip_sin_to_cos false with freq_shift 1 is the existing time_sincos
    expect(summary(config('cond-linear'))).toEqual({
      embedding: 1,
      'pad (0, 1, 0, 1) before a stride-2 conv': 1,
      upsample_nearest2x: 1,
      scale_shift: 8,
    });
    expect(summary(config('cond-flat-linear'))).toEqual({});
  });
});
