/**
 * `kiln import` against the committed fixtures (test/golden/make_diffusers_fixtures.py): each
 * tiny diffusers config imports to exactly its committed spec.json, `kiln emit-torch` of that
 * spec is still the module the fixtures were made from, and the spec lists as diffusers'
 * state_dict() (names, shapes, order) what that module's state_dict() was.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { importConfig } from '../../compiler/diffusers/import.js';
import {
  DIFFUSERS_SCHEMA_FILE,
  diffusersJsonSchemaText,
} from '../../compiler/diffusers/json-schema.js';
import { stateDictShapes } from '../../compiler/diffusers/keys.js';
import { validateDiffusersSpec } from '../../compiler/diffusers/spec.js';
import { emitDiffusersTorch } from '../../compiler/torch/diffusers.js';
import { defaultName } from '../../src/commands/import.js';
import { FIXTURES } from '../helpers/gpu.js';
import { runKilnInProcess } from '../helpers/kiln.js';

const DIR = join(FIXTURES, 'diffusers');
const KEYS = JSON.parse(readFileSync(join(DIR, 'keys.json'), 'utf8')) as {
  cases: Record<string, { stateDict: [string, number[]][]; params: number; emitSha256: string }>;
  'ddpm-cifar10-32': { config: unknown; params: number; tensors: number };
};
const CASES = Object.keys(KEYS.cases);
const read = (c: string, f: string) => JSON.parse(readFileSync(join(DIR, c, f), 'utf8'));
const tmp = mkdtempSync(join(tmpdir(), 'kiln-import-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe.each(CASES)('%s', (c) => {
  const spec = validateDiffusersSpec(read(c, 'spec.json'));

  it('imports to the committed spec.json', () => {
    // The fixtures' --context-length (make_diffusers_fixtures.py CONTEXT_LENGTH), 5 by default.
    const contextLength = spec.input.contextLength ?? 5;
    expect(importConfig(read(c, 'config.json'), { name: c, batch: 2, contextLength })).toEqual(
      spec,
    );
  });

  it("lists the reference module's state_dict(): names, shapes and order", () => {
    const keys = stateDictShapes(spec).map((t) => [t.name, [...t.shape]]);
    expect(keys).toEqual(KEYS.cases[c]!.stateDict);
  });

  it('emits the module the fixtures were made from', () => {
    const source = emitDiffusersTorch(spec, 'spec.json');
    expect(createHash('sha256').update(source).digest('hex')).toBe(KEYS.cases[c]!.emitSha256);
  });
});

describe('ddpm-cifar10-32', () => {
  const { config, params, tensors } = KEYS['ddpm-cifar10-32'];
  const spec = importConfig(config, { name: 'cifar', batch: 1, contextLength: 77 });

  it("has the DDPM paper's 35,746,307 parameters, as the PyTorch module counts them", () => {
    const keys = stateDictShapes(spec);
    expect(params).toBe(35_746_307);
    expect(keys.reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0)).toBe(params);
    expect(keys.length).toBe(tensors);
  });

  it('resolves one head as wide as the block (attention_head_dim null), padding 0, freq_shift 1', () => {
    const d = spec.diffusers;
    expect(d.levels[1]!.downAttention).toEqual({
      type: 'self',
      heads: 1,
      headDim: 256,
      groups: 32,
    });
    expect(d.levels[0]!.downAttention).toBeNull();
    expect(d.mid?.attention).toEqual({ type: 'self', heads: 1, headDim: 256, groups: 32 });
    expect([d.downsamplePadding, d.time.freqShift, d.time.flipSinToCos, d.eps]).toEqual([
      0,
      1,
      false,
      1e-6,
    ]);
  });
});

/** Stable Diffusion v1.5's unet/config.json (its keys as diffusers 0.6 wrote them). */
const SD15 = {
  _class_name: 'UNet2DConditionModel',
  _diffusers_version: '0.6.0',
  act_fn: 'silu',
  attention_head_dim: 8,
  block_out_channels: [320, 640, 1280, 1280],
  center_input_sample: false,
  cross_attention_dim: 768,
  down_block_types: [
    'CrossAttnDownBlock2D',
    'CrossAttnDownBlock2D',
    'CrossAttnDownBlock2D',
    'DownBlock2D',
  ],
  downsample_padding: 1,
  flip_sin_to_cos: true,
  freq_shift: 0,
  in_channels: 4,
  layers_per_block: 2,
  mid_block_scale_factor: 1,
  norm_eps: 1e-5,
  norm_num_groups: 32,
  out_channels: 4,
  sample_size: 64,
  up_block_types: ['UpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D'],
};
/** Stable Diffusion 2.1's: heads per level, a 1024-wide context, linear projections, 96x96 latents. */
const SD21 = {
  ...SD15,
  _diffusers_version: '0.10.0.dev0',
  attention_head_dim: [5, 10, 20, 20],
  cross_attention_dim: 1024,
  use_linear_projection: true,
  sample_size: 96,
  dual_cross_attention: false,
  num_class_embeds: null,
  only_cross_attention: false,
  upcast_attention: false,
  resnet_time_scale_shift: 'default',
  class_embed_type: null,
};

describe('Stable Diffusion U-Nets', () => {
  // diffusers' documentation of ModelMixin.num_parameters quotes 859520964 for SD 1.5's unet.
  it.each([
    ['1.5', SD15, 859_520_964, 8, 160],
    ['2.1', SD21, 865_910_724, 20, 64],
  ])('SD %s: 686 tensors, the parameters diffusers counts, its heads', (_, config, params, midHeads, midHeadDim) => {
    const spec = importConfig(config, { name: 'sd', batch: 2, contextLength: 77 });
    const keys = stateDictShapes(spec);
    expect(keys.length).toBe(686);
    expect(keys.reduce((a, t) => a + t.shape.reduce((x, y) => x * y, 1), 0)).toBe(params);
    expect(spec.diffusers.mid?.attention).toMatchObject({ heads: midHeads, headDim: midHeadDim });
    expect(spec.input).toEqual({
      batch: 2,
      channels: 4,
      height: config.sample_size,
      width: config.sample_size,
      contextLength: 77,
    });
  });
});

describe('kiln import (CLI)', () => {
  it('writes the spec with --out, and prints it without', async () => {
    const config = join(DIR, 'cond-linear', 'config.json');
    const flags = ['--name', 'cond-linear', '--batch', '2', '--context-length', '5'];
    const out = join(tmp, 'spec.json');
    const r = await runKilnInProcess('import', config, ...flags, '--out', out);
    expect([r.code, r.stderr.trim()]).toEqual([
      0,
      `kiln: wrote ${out}: UNet2DConditionModel "cond-linear", 2 levels`,
    ]);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(read('cond-linear', 'spec.json'));
    const p = await runKilnInProcess('import', config, ...flags);
    expect(JSON.parse(p.stdout)).toEqual(read('cond-linear', 'spec.json'));
  });

  it('documents itself in kiln --help and kiln import --help', async () => {
    const main = await runKilnInProcess('--help');
    expect(main.stdout).toMatch(/^ {2}import <config.json> +Write a Kiln spec/m);
    const help = (await runKilnInProcess('import', '--help')).stdout;
    for (const flag of [
      '--out <spec.json>',
      '--batch <n>',
      '--context-length <S>',
      '--name <name>',
    ])
      expect(help).toContain(flag);
  });

  it('lists the weights of a diffusers-form spec (kiln weights)', async () => {
    const r = await runKilnInProcess('weights', join(DIR, 'unet2d-attn', 'spec.json'));
    expect(r.stdout.split('\n')[0]).toBe(
      `# unet2d-attn: 144 tensors, ${KEYS.cases['unet2d-attn']!.params.toLocaleString('en-US')} params (0.04 MiB as F32), in state_dict() order`,
    );
  });

  it("names a spec after the model's folder", () => {
    expect(defaultName('/m/ddpm-cifar10-32/config.json')).toBe('ddpm-cifar10-32');
    expect(defaultName('/m/stable-diffusion-v1-5/unet/config.json')).toBe('stable-diffusion-v1-5');
    expect(defaultName('/m/my model (v2).json')).toBe('my-model-v2-');
  });
});

it('compiler/diffusers/diffusers.schema.json is what the zod schemas generate (rewrite: npx tsx compiler/diffusers/json-schema.ts)', () => {
  expect(readFileSync(DIFFUSERS_SCHEMA_FILE, 'utf8')).toBe(diffusersJsonSchemaText());
});

describe("diffusers' defaults and derivations", () => {
  const opts = { name: 'm', batch: 1, contextLength: 77 };

  it('UNet2DModel: a config of only _class_name and sample_size is the constructor defaults', () => {
    const d = importConfig({ _class_name: 'UNet2DModel', sample_size: 64 }, opts).diffusers;
    expect(d.levels.map((l) => [l.channels, l.resnets, l.downAttention?.heads ?? 0])).toEqual([
      [224, 2, 0],
      [448, 2, 56],
      [672, 2, 84],
      [896, 2, 112],
    ]);
    // up_block_types (AttnUp, AttnUp, AttnUp, Up) mirror the levels: level 0's up block is plain
    expect(d.levels.map((l) => l.upAttention?.headDim ?? 0)).toEqual([0, 8, 8, 8]);
    expect(d.time).toEqual({ channels: 224, flipSinToCos: true, freqShift: 0, embedDim: 896 });
    expect([d.groups, d.eps, d.downsamplePadding, d.mid?.scale]).toEqual([32, 1e-5, 1, 1]);
  });

  it('UNet2DConditionModel: the defaults are a Stable-Diffusion-shaped net with 8 heads', () => {
    const s = importConfig({ _class_name: 'UNet2DConditionModel', sample_size: 32 }, opts);
    const d = s.diffusers;
    expect(d.levels.map((l) => l.downAttention?.headDim ?? 0)).toEqual([40, 80, 160, 0]);
    expect(d.mid?.attention).toEqual({
      type: 'transformer',
      heads: 8,
      headDim: 160,
      layers: 1,
      linearProjection: false,
    });
    expect([d.contextDim, s.input.channels, s.input.contextLength]).toEqual([1280, 4, 77]);
  });

  it('scale_shift without attn_norm_num_groups: the mid attention has no group_norm', () => {
    const s = importConfig(
      {
        ...JSON.parse(readFileSync(join(DIR, 'unet2d-attn', 'config.json'), 'utf8')),
        resnet_time_scale_shift: 'scale_shift',
      },
      opts,
    );
    expect(s.diffusers.mid?.attention).toEqual({
      type: 'self',
      heads: 4,
      headDim: 2,
      groups: null,
    });
    const names = stateDictShapes(s).map((t) => t.name);
    expect(names).not.toContain('mid_block.attentions.0.group_norm.weight');
    expect(names).toContain('down_blocks.1.attentions.0.group_norm.weight');
    expect(
      stateDictShapes(s).find((t) => t.name === 'mid_block.resnets.0.time_emb_proj.weight')!.shape,
    ).toEqual([16, 16]);
  });

  it('strips the UNetRes prefix of a block type, as diffusers does', () => {
    const c = JSON.parse(readFileSync(join(DIR, 'unet2d-attn', 'config.json'), 'utf8'));
    expect(
      importConfig(
        { ...c, down_block_types: ['UNetResDownBlock2D', 'UNetResAttnDownBlock2D'] },
        opts,
      ),
    ).toEqual(importConfig(c, opts));
  });
});
