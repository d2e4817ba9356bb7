/**
 * The transformer ops (to_tokens, to_map, layer_norm, token_linear, geglu, cross_attention)
 * against PyTorch's own functions (test/golden/make_transformer_fixtures.py), one small graph
 * per fixture through compile -> bundle -> Dawn on lavapipe, on both kernel targets; GEGLU also
 * fused into its projection (fuse-linear-geglu.ts). Tolerance: max|kiln - torch| <= 1e-4 *
 * max|torch| (test/golden/fixtures/README.md).
 */
import { describe, expect, it } from 'vitest';
import { GraphBuilder } from '../../compiler/ir/graph.js';
import { runPasses } from '../../compiler/passes/index.js';
import { expectClose, readFixture, runGraph } from '../helpers/gpu.js';

type Shapes = Map<string, readonly number[]>;
type Build = (g: GraphBuilder, s: Shapes, attrs: Record<string, number>) => number;

const x = (g: GraphBuilder, s: Shapes) => g.input('x', s.get('x')!);
const w = (g: GraphBuilder, s: Shapes, name: string) => g.param(name, s.get(name)!);

const linear: Build = (g, s, a) =>
  g.add(
    'token_linear',
    a.bias ? [x(g, s), w(g, s, 'weight'), w(g, s, 'bias')] : [x(g, s), w(g, s, 'weight')],
    { bias: a.bias === 1 },
    'linear',
  );

const layerNorm: Build = (g, s, a) =>
  g.add('layer_norm', [x(g, s), w(g, s, 'weight'), w(g, s, 'bias')], { eps: a.eps! }, 'norm');

const attention: Build = (g, s, a) =>
  g.add(
    'cross_attention',
    ['q', 'k', 'v'].map((n) => g.input(n, s.get(n)!)),
    { heads: a.heads! },
    'attn',
  );

const CASES: Record<string, Build> = {
  layer_norm: layerNorm,
  layer_norm_offset: layerNorm,
  token_linear: linear,
  token_linear_nobias: linear,
  geglu: (g, s) => g.add('geglu', [x(g, s)], {}, 'geglu'),
  // Built as the transformer builds it: the projection, then geglu; fused, one kernel.
  token_linear_geglu: (g, s) => g.add('geglu', [linear(g, s, { bias: 1 })], {}, 'ff.net.0'),
  cross_attention_h1: attention,
  cross_attention_h3: attention,
  cross_attention_self_h2: attention,
  to_tokens: (g, s) => g.add('to_tokens', [x(g, s)], {}, 'tokens'),
  to_map: (g, s, a) => g.add('to_map', [x(g, s)], { height: a.height!, width: a.width! }, 'map'),
};

/** Both targets unfused; GEGLU after its projection also fused, on both. */
const runs = (name: string) =>
  name === 'token_linear_geglu'
    ? ([
        [false, 'cpu'],
        [true, 'cpu'],
        [true, 'gpu'],
      ] as const)
    : ([
        [false, 'cpu'],
        [false, 'gpu'],
      ] as const);

describe('transformer ops match PyTorch', () => {
  for (const [name, build] of Object.entries(CASES))
    for (const [fuse, target] of runs(name))
      it(`${name}${fuse ? ' (fused)' : ''} (${target} target)`, async () => {
        const fx = await readFixture(`ops/${name}.safetensors`);
        const attrs = JSON.parse(fx.metadata.attrs ?? '{}') as Record<string, number>;
        const shapes = new Map([...fx.tensors].map(([k, t]) => [k, t.shape]));
        const g = new GraphBuilder(name);
        g.output('out', build(g, shapes, attrs));
        const graph = g.build();
        if (fuse) expect(runPasses(graph).nodes.map((n) => n.op)).not.toContain('geglu');
        const weights = new Map<string, Float32Array>();
        const inputs = new Map<string, Float32Array>();
        for (const n of graph.nodes) {
          if (n.op === 'param') weights.set(n.attrs.name, fx.tensors.get(n.attrs.name)!.data);
          if (n.op === 'input') inputs.set(n.attrs.name, fx.tensors.get(n.attrs.name)!.data);
        }
        expect([...weights.keys(), ...inputs.keys(), 'out'].sort()).toEqual(
          [...fx.tensors.keys()].sort(),
        );
        const got = await runGraph(graph, weights, inputs, fuse, target);
        expectClose(got.out!, fx.tensors.get('out')!.data);
      });
});
