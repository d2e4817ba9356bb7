/**
 * The bad-input catalogue of `kiln import` (issue 20, "Bad input"): each mistake is one line
 * naming the key and the value, exit code 2, and nothing written.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importConfig } from '../../compiler/diffusers/import.js';
import { validateDiffusersSpec } from '../../compiler/diffusers/spec.js';
import { isKilnError } from '../../runtime/errors.js';
import { FIXTURES } from '../helpers/gpu.js';
import { runKilnInProcess } from '../helpers/kiln.js';

const DIR = join(FIXTURES, 'diffusers');
const config = (c: string) => JSON.parse(readFileSync(join(DIR, c, 'config.json'), 'utf8'));
const UNET = config('unet2d-attn');
const COND = config('cond-conv');
const tmp = mkdtempSync(join(tmpdir(), 'kiln-import-errors-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function lines(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (e) {
    if (isKilnError(e)) return e.lines;
    throw e;
  }
  throw new Error('expected a KilnError');
}
const importLines = (raw: unknown) =>
  lines(() => importConfig(raw, { name: 'm', batch: 1, contextLength: 5 }, 'config.json'));
const without = (o: Record<string, unknown>, k: string) => {
  const c = { ...o };
  delete c[k];
  return c;
};

const CASES: [string, unknown, string][] = [
  [
    'an unknown _class_name',
    { ...UNET, _class_name: 'VQModel' },
    '_class_name: "VQModel" is not supported (Kiln imports UNet2DModel and UNet2DConditionModel)',
  ],
  [
    'no _class_name',
    without(UNET, '_class_name'),
    '_class_name: is required (UNet2DModel or UNet2DConditionModel)',
  ],
  ['not an object', [1, 2], 'must be a JSON object (a diffusers config.json), got an array'],
  [
    'a fourier time embedding',
    { ...UNET, time_embedding_type: 'fourier' },
    'time_embedding_type: "fourier" is not supported; Kiln supports "positional"',
  ],
  [
    'an added embedding',
    { ...COND, addition_embed_type: 'text_time' },
    'addition_embed_type: "text_time" is not supported; Kiln supports null (no added embedding)',
  ],
  [
    'KDownBlock2D',
    { ...COND, down_block_types: ['KDownBlock2D', 'DownBlock2D'] },
    'down_block_types[0]: "KDownBlock2D" is not supported; Kiln supports DownBlock2D and CrossAttnDownBlock2D in UNet2DConditionModel',
  ],
  [
    'an unknown up block',
    { ...UNET, up_block_types: ['AttnSkipUpBlock2D', 'UpBlock2D'] },
    'up_block_types[0]: "AttnSkipUpBlock2D" is not supported; Kiln supports UpBlock2D and AttnUpBlock2D in UNet2DModel',
  ],
  [
    'an unknown mid block',
    { ...UNET, mid_block_type: 'UNetMidBlock2DSimpleCrossAttn' },
    'mid_block_type: "UNetMidBlock2DSimpleCrossAttn" is not supported; Kiln supports UNetMidBlock2D and null in UNet2DModel',
  ],
  [
    'an unknown key',
    { ...UNET, attention_legacy_order: true },
    'attention_legacy_order: unknown key for UNet2DModel',
  ],
  [
    'zero channels',
    { ...UNET, block_out_channels: [0, 8] },
    'block_out_channels[0]: must be an integer from 1 to 8192, got 0',
  ],
  [
    'negative channels',
    { ...UNET, in_channels: -3 },
    'in_channels: must be an integer from 1 to 4096, got -3',
  ],
  [
    'non-integer channels',
    { ...UNET, block_out_channels: [4.5, 8] },
    'block_out_channels[0]: must be an integer from 1 to 8192, got 4.5',
  ],
  [
    'channels as a string',
    { ...UNET, out_channels: '3' },
    'out_channels: must be an integer from 1 to 4096, got "3"',
  ],
  [
    'groups that do not divide the channels',
    { ...UNET, norm_num_groups: 3 },
    'norm_num_groups: 3 groups do not divide 4, 8 of block_out_channels [4, 8]',
  ],
  [
    'down and up lists of different lengths',
    { ...UNET, up_block_types: ['UpBlock2D'] },
    'up_block_types: lists 1 block but down_block_types lists 2',
  ],
  [
    'block_out_channels of another length',
    { ...UNET, block_out_channels: [4, 8, 8] },
    'down_block_types: lists 2 blocks but block_out_channels lists 3 levels',
  ],
  [
    'a per-level list of another length',
    { ...COND, attention_head_dim: [2, 2, 2] },
    'attention_head_dim: lists 3 values but block_out_channels lists 2 levels',
  ],
  [
    'an absurd size',
    { ...UNET, sample_size: 8192, block_out_channels: [2048, 4096], norm_num_groups: 32 },
    '(spec): the activations of level 0 (f32[1,6144,8192,8192]) would hold 412316860416 values; at most 2^28 (1 GiB) are supported per tensor: use fewer channels or a smaller input',
  ],
  [
    'a sample_size out of range',
    { ...UNET, sample_size: 100000 },
    'sample_size: must be an integer or [height, width], got 100000',
  ],
  [
    'a sample_size the down blocks cannot halve',
    { ...UNET, sample_size: [8, 9] },
    'sample_size: [8, 9] cannot be halved 1 time (by every down block but the last); use a multiple of 2',
  ],
  [
    'no sample_size',
    { ...UNET, sample_size: null },
    'sample_size: is null; Kiln compiles one fixed size: set sample_size',
  ],
  [
    'a head wider than the block',
    { ...UNET, attention_head_dim: 16 },
    'attention_head_dim: 16 is wider than the 8 channels of down_blocks.1: no head fits',
  ],
  [
    'num_attention_heads, which diffusers refuses too',
    { ...COND, num_attention_heads: 8 },
    "num_attention_heads: 8 is not supported: diffusers' UNet2DConditionModel refuses it too; the head count is attention_head_dim",
  ],
  [
    'context widths that differ per level',
    { ...COND, cross_attention_dim: [6, 8] },
    'cross_attention_dim: [6, 8] differ per level; Kiln feeds every block one context of one width',
  ],
  [
    'an activation other than SiLU',
    { ...UNET, act_fn: 'gelu' },
    'act_fn: "gelu" is not supported; Kiln supports "silu" and "swish"',
  ],
  [
    'a resnet downsampler',
    { ...UNET, downsample_type: 'resnet' },
    'downsample_type: "resnet" is not supported; Kiln supports "conv"',
  ],
];

describe('importConfig refuses, in one line naming the key and the value,', () => {
  it.each(CASES)('%s', (_, raw, line) => {
    expect(importLines(raw)).toEqual([`config.json: ${line}`]);
  });
});

describe('kiln import (CLI): exit 2, one line, nothing written', () => {
  const out = join(tmp, 'spec.json');
  const good = join(DIR, 'unet2d-attn', 'config.json');
  const run = async (...args: string[]) => {
    rmSync(out, { force: true });
    const r = await runKilnInProcess('import', ...args, '--out', out);
    return { code: r.code, stderr: r.stderr.trim(), written: existsSync(out) };
  };

  it('malformed JSON', async () => {
    const bad = join(tmp, 'bad.json');
    writeFileSync(bad, '{"_class_name": "UNet2DModel",');
    const r = await run(bad);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^kiln: error: ${bad}: not valid JSON \\(.+\\)$`));
    expect(r.written).toBe(false);
  });

  it('an unsupported value', async () => {
    const cfg = join(tmp, 'fourier.json');
    writeFileSync(cfg, JSON.stringify({ ...UNET, time_embedding_type: 'fourier' }));
    expect(await run(cfg)).toEqual({
      code: 2,
      stderr: `kiln: error: ${cfg}: time_embedding_type: "fourier" is not supported; Kiln supports "positional"`,
      written: false,
    });
  });

  it.each([
    [
      ['--context-length', '0'],
      'kiln import: --context-length must be an integer from 1 to 4096, got "0"',
    ],
    [['--batch', '-1'], 'kiln import: --batch must be an integer from 1 to 64, got "-1"'],
    [
      ['--name', 'a b'],
      `kiln import: --name must be letters, digits, '_' and '-' (at most 64, a letter or digit first), got "a b"`,
    ],
  ])('%j', async (flags, line) => {
    expect(await run(good, ...flags)).toEqual({
      code: 2,
      stderr: `kiln: error: ${line}`,
      written: false,
    });
  });

  it('a missing file', async () => {
    const r = await run(join(tmp, 'nope.json'));
    expect([r.code, r.stderr, r.written]).toEqual([
      2,
      `kiln: error: ${join(tmp, 'nope.json')}: no such file: ${join(tmp, 'nope.json')}`,
      false,
    ]);
  });
});

describe('the diffusers spec form', () => {
  const spec = JSON.parse(readFileSync(join(DIR, 'cond-conv', 'spec.json'), 'utf8'));

  it('reports every problem with its path', () => {
    const bad = structuredClone(spec);
    bad.diffusers.levels[0].channels = 6;
    bad.diffusers.levels[1].downAttention = { type: 'cross', heads: 2 };
    bad.diffusers.eps = 0;
    delete bad.input.contextLength;
    bad.diffusers.extra = 1;
    expect(lines(() => validateDiffusersSpec(bad, 's.json'))).toEqual([
      's.json: diffusers.eps: must be a number above 0 and at most 1e6, got 0',
      's.json: diffusers.levels[1].downAttention.type: must be "self" or "transformer", got "cross"',
      's.json: diffusers.extra: unknown key',
    ]);
    const cross = structuredClone(spec);
    cross.diffusers.levels[0].channels = 5;
    delete cross.input.contextLength;
    expect(lines(() => validateDiffusersSpec(cross, 's.json'))).toEqual([
      's.json: diffusers.levels[0].channels: 5 channels cannot be split into diffusers.groups = 2 groups',
      's.json: input.contextLength: is required (a positive integer) when a transformer block is present',
    ]);
  });
});
