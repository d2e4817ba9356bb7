/**
 * Weights under diffusers' names: the legacy attention names diffusers' loader renames
 * (query/key/value/proj_attn -> to_q/to_k/to_v/to_out.0, under UNet2DModel's attention blocks
 * only), and the check of a file against a spec naming every missing, extra, doubled or
 * mis-shaped tensor.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  canonicalName,
  matchWeights,
  stateDictShapes,
  type TensorShape,
} from '../../compiler/diffusers/keys.js';
import { validateDiffusersSpec } from '../../compiler/diffusers/spec.js';
import { isKilnError } from '../../runtime/errors.js';
import { readSafetensorsFile } from '../../runtime/safetensors-file.js';
import { FIXTURES } from '../helpers/gpu.js';

const DIR = join(FIXTURES, 'diffusers');
const spec = (c: string) =>
  validateDiffusersSpec(JSON.parse(readFileSync(join(DIR, c, 'spec.json'), 'utf8')));
const header = async (c: string): Promise<TensorShape[]> =>
  [...(await readSafetensorsFile(join(DIR, c, 'weights.safetensors'))).tensors.values()].map(
    (t) => ({ name: t.name, shape: t.shape }),
  );

function problems(fn: () => unknown): readonly string[] {
  try {
    fn();
  } catch (e) {
    if (isKilnError(e)) return e.lines;
    throw e;
  }
  throw new Error('expected a KilnError');
}

describe('legacy attention names', () => {
  const attn = new Set(['mid_block.attentions.0', 'down_blocks.1.attentions.0']);

  it('renames query/key/value/proj_attn under an attention block of UNet2DModel', () => {
    expect(canonicalName('mid_block.attentions.0.query.weight', attn)).toBe(
      'mid_block.attentions.0.to_q.weight',
    );
    expect(canonicalName('down_blocks.1.attentions.0.key.bias', attn)).toBe(
      'down_blocks.1.attentions.0.to_k.bias',
    );
    expect(canonicalName('mid_block.attentions.0.value.weight', attn)).toBe(
      'mid_block.attentions.0.to_v.weight',
    );
    expect(canonicalName('mid_block.attentions.0.proj_attn.bias', attn)).toBe(
      'mid_block.attentions.0.to_out.0.bias',
    );
  });

  it('leaves every other name alone', () => {
    for (const name of [
      'mid_block.attentions.0.group_norm.weight',
      'mid_block.attentions.0.to_q.weight',
      'up_blocks.0.attentions.0.query.weight', // not an attention block of this spec
      'mid_block.attentions.0.transformer_blocks.0.attn1.query.weight',
    ])
      expect(canonicalName(name, attn)).toBe(name);
  });

  it('loads the unet2d-legacy fixture, whose attention weights use only the old names', async () => {
    const tensors = await header('unet2d-legacy');
    const legacy = tensors.filter((t) => /\.(query|key|value|proj_attn)\./.test(t.name));
    // 5 attention blocks (down_blocks.1 and .2: one each; up_blocks.0: two; the mid block) x 4 names x weight, bias
    expect(legacy.length).toBe(5 * 4 * 2);
    const found = matchWeights(spec('unet2d-legacy'), tensors);
    expect(found.get('mid_block.attentions.0.to_out.0.weight')).toBe(
      'mid_block.attentions.0.proj_attn.weight',
    );
    expect([...found.keys()]).toEqual(stateDictShapes(spec('unet2d-legacy')).map((t) => t.name));
  });
});

describe('matchWeights', () => {
  it.each([
    'unet2d-attn',
    'cond-conv',
    'cond-linear',
  ])('accepts the %s fixture as written', async (c) => {
    const found = matchWeights(spec(c), await header(c));
    expect([...found].every(([a, b]) => a === b)).toBe(true);
    expect(found.size).toBe(stateDictShapes(spec(c)).length);
  });

  it('names every missing, extra, doubled and mis-shaped tensor, one line each', async () => {
    const tensors = (await header('unet2d-legacy'))
      .filter((t) => t.name !== 'conv_out.bias')
      .map((t) => (t.name === 'conv_in.weight' ? { ...t, shape: [4, 3, 3, 3] } : t));
    tensors.push({ name: 'mid_block.attentions.0.to_q.weight', shape: [6, 12] });
    tensors.push({ name: 'up_blocks.9.resnets.0.conv1.weight', shape: [1] });
    expect(problems(() => matchWeights(spec('unet2d-legacy'), tensors, 'w.safetensors'))).toEqual([
      'w.safetensors: mid_block.attentions.0.to_q.weight: given twice (also as mid_block.attentions.0.query.weight)',
      'w.safetensors: conv_in.weight: has shape [4, 3, 3, 3], expected [4, 2, 3, 3]',
      'w.safetensors: conv_out.bias: missing (expected [1])',
      'w.safetensors: up_blocks.9.resnets.0.conv1.weight: not a tensor of this model',
    ]);
  });
});
