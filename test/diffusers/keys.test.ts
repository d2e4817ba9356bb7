/**
 * Weights under diffusers' names: the legacy attention names diffusers' loader renames
 * (query/key/value/proj_attn -> to_q/to_k/to_v/to_out.0, under UNet2DModel's attention blocks
 * only), and the reading of a file against a spec, naming every missing, unexpected, doubled or
 * mis-shaped tensor.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalName, diffusersWeights, stateDictShapes } from '../../compiler/diffusers/keys.js';
import { validateDiffusersSpec } from '../../compiler/diffusers/spec.js';
import { isKilnError } from '../../runtime/errors.js';
import type { Safetensors, TensorEntry } from '../../runtime/format/safetensors.js';
import { readSafetensorsFile } from '../../src/host/safetensors-file.js';
import { FIXTURES } from '../helpers/gpu.js';

const DIR = join(FIXTURES, 'diffusers');
const spec = (c: string) =>
  validateDiffusersSpec(JSON.parse(readFileSync(join(DIR, c, 'spec.json'), 'utf8')));
const weights = (c: string) => readSafetensorsFile(join(DIR, c, 'weights.safetensors'));
/** The same file with its tensor list edited (names, shapes; the bytes are not read for these). */
const edited = (f: Safetensors, edit: (ts: TensorEntry[]) => TensorEntry[]): Safetensors => ({
  metadata: f.metadata,
  tensors: new Map(edit([...f.tensors.values()]).map((t) => [t.name, t])),
});

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
    const file = await weights('unet2d-legacy');
    const legacy = [...file.tensors.keys()].filter((n) =>
      /\.(query|key|value|proj_attn)\./.test(n),
    );
    // 5 attention blocks (down_blocks.1 and .2: one each; up_blocks.0: two; the mid block) x 4 names x weight, bias
    expect(legacy.length).toBe(5 * 4 * 2);
    const loaded = diffusersWeights(spec('unet2d-legacy'), file);
    expect([...loaded.keys()]).toEqual(stateDictShapes(spec('unet2d-legacy')).map((t) => t.name));
    const raw = file.tensors.get('mid_block.attentions.0.proj_attn.weight')!.bytes;
    const got = loaded.get('mid_block.attentions.0.to_out.0.weight')!;
    expect(new Uint8Array(got.buffer, got.byteOffset, got.byteLength)).toEqual(raw);
  });
});

describe('diffusersWeights', () => {
  it.each([
    'unet2d-attn',
    'cond-conv',
    'cond-linear',
  ])('loads the %s fixture as written', async (c) => {
    const loaded = diffusersWeights(spec(c), await weights(c));
    expect([...loaded.keys()]).toEqual(stateDictShapes(spec(c)).map((t) => t.name));
  });

  it('names every missing, unexpected and mis-shaped tensor at once', async () => {
    const file = edited(await weights('unet2d-legacy'), (ts) => [
      ...ts
        .filter((t) => t.name !== 'conv_out.bias')
        .map((t) => (t.name === 'conv_in.weight' ? { ...t, shape: [4, 3, 3, 3] } : t)),
      { ...ts[0]!, name: 'up_blocks.9.resnets.0.conv1.weight', shape: [1] },
    ]);
    expect(problems(() => diffusersWeights(spec('unet2d-legacy'), file, 'w.safetensors'))).toEqual([
      'w.safetensors: 3 problem(s) with tensors',
      'conv_in.weight: expected [4,2,3,3], got [4,3,3,3]',
      'conv_out.bias: missing (expected [1])',
      'up_blocks.9.resnets.0.conv1.weight: unexpected tensor (shape [1])',
    ]);
  });

  it('names a tensor given under both its old and its new name', async () => {
    const file = edited(await weights('unet2d-legacy'), (ts) => [
      ...ts,
      {
        ...ts.find((t) => t.name === 'mid_block.attentions.0.query.weight')!,
        name: 'mid_block.attentions.0.to_q.weight',
      },
    ]);
    expect(problems(() => diffusersWeights(spec('unet2d-legacy'), file, 'w.safetensors'))).toEqual([
      'w.safetensors: mid_block.attentions.0.to_q.weight: given twice (as mid_block.attentions.0.query.weight and as mid_block.attentions.0.to_q.weight)',
    ]);
  });
});
