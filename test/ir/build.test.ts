/** The graph IR of the seed preset, as golden text, and its weight names against PyTorch's. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../compiler/ir/build.js';
import { paramsOf } from '../../compiler/ir/graph.js';
import { printGraph } from '../../compiler/ir/print.js';
import { runPasses } from '../../compiler/passes/index.js';
import { readSafetensorsFile } from '../../src/host/safetensors-file.js';
import { readSpecFile } from '../../compiler/spec/read.js';
import { FIXTURES } from '../helpers/gpu.js';

const ROOT = join(import.meta.dirname, '..', '..');

describe('graph IR', () => {
  it('seed-unet-s prints as the golden text', async () => {
    const g = buildGraph(await readSpecFile(join(ROOT, 'specs', 'seed-unet-s.json')));
    await expect(printGraph(g)).toMatchFileSnapshot('__snapshots__/seed-unet-s.ir');
  });

  it('digits-cond (class-conditional) prints as the golden text, before and after the passes', async () => {
    const g = buildGraph(await readSpecFile(join(ROOT, 'specs', 'digits-cond.json')));
    await expect(printGraph(g)).toMatchFileSnapshot('__snapshots__/digits-cond.ir');
    await expect(printGraph(runPasses(g))).toMatchFileSnapshot(
      '__snapshots__/digits-cond.fused.ir',
    );
  });

  it('digits-cond: params are its trained state_dict(), same names, shapes and order', async () => {
    const g = buildGraph(await readSpecFile(join(ROOT, 'specs', 'digits-cond.json')));
    const file = await readSafetensorsFile(join(ROOT, 'specs', 'digits-cond.safetensors'));
    const ours = paramsOf(g).map((p) => `${p.attrs.name} [${p.shape.join(',')}]`);
    const torch = [...file.tensors.values()].map((t) => `${t.name} [${t.shape.join(',')}]`);
    expect(ours).toEqual(torch);
    expect(ours[4]).toBe('class_embedding.weight [11,64]'); // after time_mlp's four
  });

  for (const net of readdirSync(join(FIXTURES, 'nets'))) {
    it(`${net}: params are the reference state_dict(), same names, shapes and order`, async () => {
      const g = buildGraph(await readSpecFile(join(FIXTURES, 'nets', net, 'spec.json')));
      const file = await readSafetensorsFile(join(FIXTURES, 'nets', net, 'weights.safetensors'));
      const ours = paramsOf(g).map((p) => `${p.attrs.name} [${p.shape.join(',')}]`);
      const torch = [...file.tensors.values()].map((t) => `${t.name} [${t.shape.join(',')}]`);
      expect(ours).toEqual(torch);
    });
  }
});
