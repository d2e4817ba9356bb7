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
  it('ddpm-cifar10-32: nothing (UNet2DModel is built whole)', () => {
    expect(opsNeeded(importConfig(KEYS['ddpm-cifar10-32'].config, opts))).toEqual([]);
  });

  it('unet2d-legacy: only the class table (the embedding op comes with class conditioning)', () => {
    expect(summary(config('unet2d-legacy'))).toEqual({
      'embedding (the class table, with a label input)': 1,
    });
  });

  it('UNet2DConditionModel: its transformers need nothing more (compiler/diffusers/transformer.ts)', () => {
    expect(summary(config('cond-linear'))).toEqual({
      'embedding (the class table, with a label input)': 1,
    });
    expect(summary(config('cond-conv'))).toEqual({});
    expect(summary(config('cond-flat-linear'))).toEqual({});
  });
});
