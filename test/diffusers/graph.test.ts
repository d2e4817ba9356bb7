/**
 * compiler/diffusers/graph.ts: diffusers networks the op table already covers (unet2d-flat: one
 * level, the seed's sinusoid; unet2d-flat-attn: the same with UNet2DModel attention in every
 * block, its checkpoint under the legacy query/key/value/proj_attn names; cond-flat-conv and
 * cond-flat-linear: one-level UNet2DConditionModels, Transformer2DModels reading a context) compile from their
 * spec and a diffusers checkpoint and run on lavapipe, matching the PyTorch reference within the project's parity
 * rule (max|kiln - torch| <= 1e-4 max|torch|); every other spec is refused with its missing ops.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildDiffusersGraph } from '../../compiler/diffusers/graph.js';
import { diffusersWeights, stateDictShapes } from '../../compiler/diffusers/keys.js';
import { validateDiffusersSpec } from '../../compiler/diffusers/spec.js';
import { paramsOf } from '../../compiler/ir/graph.js';
import { lower } from '../../compiler/lower/index.js';
import { runPasses } from '../../compiler/passes/index.js';
import { gridForBatch } from '../../runtime/batch.js';
import { toFloat32 } from '../../runtime/format/safetensors.js';
import { readSafetensorsFile } from '../../src/host/safetensors-file.js';
import { expectClose, FIXTURES, runGraph } from '../helpers/gpu.js';

const DIR = join(FIXTURES, 'diffusers');
const spec = (c: string) =>
  validateDiffusersSpec(JSON.parse(readFileSync(join(DIR, c, 'spec.json'), 'utf8')));

describe('buildDiffusersGraph', () => {
  it("declares diffusers' state_dict, in its order, as the graph's params (attention linears as 1x1 convs)", () => {
    const s = spec('unet2d-flat-attn');
    const view = (name: string, shape: readonly number[]) =>
      /attentions\.\d\.to_(q|k|v|out\.0)\.weight$/.test(name) ? [...shape, 1, 1] : [...shape];
    expect(paramsOf(buildDiffusersGraph(s)).map((p) => [p.attrs.name, [...p.shape]])).toEqual(
      stateDictShapes(s).map((t) => [t.name, view(t.name, t.shape)]),
    );
  });

  it('num_class_embeds: an i32 label input whose table row is added to the time embedding', () => {
    const g = buildDiffusersGraph(spec('cond-linear'));
    const inputs = g.nodes.filter((n) => n.op === 'input');
    expect(inputs.map((n) => [n.attrs.name, [...n.shape], n.attrs.dtype ?? 'f32'])).toEqual([
      ['x', [2, 3, 4, 8], 'f32'],
      ['t', [2], 'f32'],
      ['context', [2, 5, 6], 'f32'],
      ['label', [2], 'i32'],
    ]);
    const e = g.nodes.find((n) => n.op === 'embedding')!;
    const table = g.nodes[e.inputs[1]!]!;
    expect(table.op === 'param' && [table.attrs.name, [...table.shape]]).toEqual([
      'class_embedding.weight',
      [4, 12],
    ]);
    const add = g.nodes.find((n) => n.op === 'add' && n.inputs.includes(e.id))!;
    expect(add.inputs.map((i) => g.nodes[i]!.scope)).toEqual([
      'time_embedding.linear_2',
      'class_embedding',
    ]);
  });

  it.each([
    // Both kernel targets and both fusion modes, in two compiles per net (all four pass).
    ['unet2d-flat', false, 'cpu'],
    ['unet2d-flat', true, 'gpu'],
    ['unet2d-flat-attn', false, 'cpu'],
    ['unet2d-flat-attn', true, 'gpu'],
    ['unet2d-attn', false, 'cpu'],
    ['unet2d-attn', true, 'cpu'],
    ['unet2d-attn', true, 'gpu'],
    ['unet2d-ss', false, 'cpu'],
    // UNet2DConditionModel, one level: Transformer2DModels with a context (S 3, 1 head, 1x1
    // conv projections, 1 layer; S 8, 3 heads of 3 in 10 channels, linear projections, 2 layers).
    ['cond-flat-conv', false, 'cpu'],
    ['cond-flat-conv', true, 'cpu'],
    ['cond-flat-conv', true, 'gpu'],
    ['cond-flat-linear', false, 'cpu'],
    ['cond-flat-linear', true, 'cpu'],
    ['cond-flat-linear', true, 'gpu'],
    // Two levels: cross-attention down at level 0 and up at level 1, a mid block with
    // cross-attention, flip_sin_to_cos with freq_shift 0.
    ['cond-conv', false, 'cpu'],
    ['cond-conv', true, 'cpu'],
    ['cond-conv', true, 'gpu'],
    // num_class_embeds (a label input): per-level heads and layers, linear projections,
    // scale_shift, the (0, 1, 0, 1) pad; and the UNet2DModel with a class table.
    ['cond-linear', false, 'cpu'],
    ['cond-linear', true, 'cpu'],
    ['cond-linear', true, 'gpu'],
    ['unet2d-legacy', false, 'cpu'],
    ['unet2d-legacy', true, 'gpu'],
  ] as const)('%s runs on lavapipe as the PyTorch reference does (fused %s, %s kernels)', async (c, fuse, target) => {
    const s = spec(c);
    const file = await readSafetensorsFile(join(DIR, c, 'weights.safetensors'));
    const io = await readSafetensorsFile(join(DIR, c, 'io.safetensors'));
    const get = (n: string) => toFloat32(io.tensors.get(n)!, 'io');
    const inputs = new Map([
      ['x', get('x')],
      ['t', get('t')],
    ]);
    for (const name of ['context', 'label']) if (io.tensors.has(name)) inputs.set(name, get(name));
    const got = await runGraph(
      buildDiffusersGraph(s),
      diffusersWeights(s, file),
      inputs,
      fuse,
      target,
    );
    expectClose(got.out!, get('out'));
  });
});

describe('a conditional net', () => {
  // test/runtime/batch.test.ts checks this for specs/; these are the transformer ops' kernels.
  it.each([
    [false, 'cpu'],
    [true, 'cpu'],
    [true, 'gpu'],
  ] as const)("records every kernel's batch layout (fused %s, %s kernels)", (fuse, target) => {
    const s = spec('cond-flat-linear');
    const graph = runPasses(buildDiffusersGraph(s), { fuse });
    const ops = new Set(graph.nodes.map((n) => n.op));
    for (const op of ['to_tokens', 'to_map', 'layer_norm', 'token_linear', 'cross_attention'])
      expect(ops, op).toContain(op);
    expect(ops.has('geglu')).toBe(!fuse);
    const program = lower(graph, target, { reference: !fuse });
    for (const st of program.steps) {
      const b = st.grid.batch;
      expect(b, `${target} ${st.label}`).toBeDefined();
      expect([...gridForBatch(st.grid, b, s.input.batch)], st.label).toEqual([...st.grid]);
    }
  });
});
