/**
 * The two spec forms, the DSL and the shipped JSON Schema:
 * - the seed preset expands into the general form and both build the graph the seed builder
 *   built before the general form existed (an independent copy of it lives here), for any seed spec;
 * - the general form's naming rule;
 * - the DSL writes exactly the spec files in specs/, and wrong keys are type errors;
 * - compiler/spec/spec.schema.json is what the zod schemas generate today.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildGraph, UnetBuilder } from '../../compiler/ir/build.js';
import { paramsOf, type Graph } from '../../compiler/ir/graph.js';
import { printGraph } from '../../compiler/ir/print.js';
import { validateSpec } from '../../compiler/spec/check.js';
import { attention, level, res, seedUnet, specJson, unet } from '../../compiler/spec/dsl.js';
import { bottleneckNames, seedToBlocks } from '../../compiler/spec/expand.js';
import { SCHEMA_FILE, specJsonSchemaText } from '../../compiler/spec/json-schema.js';
import type { SeedSpec } from '../../compiler/spec/schema.js';
import { KilnError } from '../../runtime/errors.js';

const ROOT = join(import.meta.dirname, '..', '..');
const specFile = (f: string) => JSON.parse(readFileSync(join(ROOT, 'specs', f), 'utf8'));

/** The seed builder as it was before the general form: shared/reference/seed_unet.py's UNet, module by module. */
function seedGraphBefore(spec: SeedSpec): Graph {
  const { input: inp, unet: u } = spec;
  const b = new UnetBuilder(spec.name, u.groups);
  const g = b.g;
  const x0 = g.input('x', [inp.batch, inp.channels, inp.height, inp.width]);
  const t = g.input('t', [inp.batch]);
  const tEmb = b.timeEmbedding(t, 'time_mlp', u.timeDim);
  let x = b.conv(x0, 'init_conv', u.baseChannels, 3);
  const chs = u.channelMults.map((m) => u.baseChannels * m);
  const skips: number[] = [];
  chs.forEach((c, i) => {
    const h = b.resBlock(x, tEmb, `down_blocks.${i}.res`, c);
    skips.push(h);
    x = b.conv(h, `down_blocks.${i}.pool`, c, 4, 2, 1);
  });
  const last = chs[chs.length - 1]!;
  x = b.resBlock(x, tEmb, 'bottleneck.res1', last);
  x = b.selfAttention(x, 'bottleneck.attn', u.attentionHeads);
  x = b.resBlock(x, tEmb, 'bottleneck.res2', last);
  [...chs].reverse().forEach((c, i) => {
    const up = b.convTranspose(x, `up_blocks.${i}.up`, c);
    const cat = g.add('concat', [up, skips.pop()!], {}, `up_blocks.${i}`);
    x = b.resBlock(cat, tEmb, `up_blocks.${i}.res`, c);
  });
  x = b.silu(b.groupNorm(x, 'out_norm'), 'out_norm');
  x = b.conv(x, 'out_conv', u.outChannels, 3);
  g.output('out', x);
  return g.build();
}

const paramList = (g: Graph) => paramsOf(g).map((p) => `${p.attrs.name} [${p.shape.join(',')}]`);

const seedSpecs = fc
  .record({
    levels: fc.integer({ min: 1, max: 4 }),
    groups: fc.constantFrom(1, 2, 4, 8),
    baseMul: fc.integer({ min: 1, max: 4 }),
    mults: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 4, maxLength: 4 }),
    heads: fc.constantFrom(1, 2, 4),
    timeDim: fc.constantFrom(4, 16, 32, 128),
    batch: fc.integer({ min: 1, max: 3 }),
    cin: fc.integer({ min: 1, max: 4 }),
    cout: fc.integer({ min: 1, max: 4 }),
    hMul: fc.integer({ min: 1, max: 3 }),
    wMul: fc.integer({ min: 1, max: 3 }),
  })
  .map(
    (r): SeedSpec => ({
      name: 'fuzz-seed',
      input: {
        batch: r.batch,
        channels: r.cin,
        height: r.hMul * 2 ** r.levels,
        width: r.wMul * 2 ** r.levels,
      },
      unet: {
        outChannels: r.cout,
        baseChannels: r.groups * r.baseMul * 4,
        channelMults: r.mults.slice(0, r.levels),
        timeDim: r.timeDim,
        groups: r.groups,
        attentionHeads: r.heads,
      },
    }),
  );

describe('the seed preset expands into the general form', () => {
  it('seed-unet-s: preset, expansion and the pre-general-form builder give the same IR text and params', () => {
    const seed = validateSpec(specFile('seed-unet-s.json')) as SeedSpec;
    const expanded = validateSpec(seedToBlocks(seed));
    const before = seedGraphBefore(seed);
    expect(printGraph(buildGraph(seed))).toBe(printGraph(before));
    expect(printGraph(buildGraph(expanded))).toBe(printGraph(before));
    expect(paramList(buildGraph(expanded))).toEqual(paramList(before));
    expect(expanded).toEqual({
      name: 'seed-unet-s',
      input: { batch: 1, channels: 3, height: 32, width: 32 },
      blocks: {
        outChannels: 3,
        stemChannels: 32,
        timeDim: 128,
        groups: 8,
        levels: [
          { channels: 32, resBlocks: 1 },
          { channels: 64, resBlocks: 1 },
          { channels: 128, resBlocks: 1 },
        ],
        bottleneck: [{ type: 'res' }, { type: 'attention', heads: 1 }, { type: 'res' }],
      },
    });
  });

  it('any valid seed spec: same IR text and params through the general form as through the seed builder', () => {
    fc.assert(
      fc.property(seedSpecs, (seed) => {
        validateSpec(seed);
        const expanded = validateSpec(seedToBlocks(seed));
        const before = printGraph(seedGraphBefore(seed));
        expect(printGraph(buildGraph(seed))).toBe(before);
        expect(printGraph(buildGraph(expanded))).toBe(before);
      }),
      { numRuns: 60, seed: 7 },
    );
  });
});

describe('the general form', () => {
  it('names modules by the documented rule', () => {
    expect(bottleneckNames([res(), attention(1), res()])).toEqual(['res1', 'attn', 'res2']);
    expect(bottleneckNames([res()])).toEqual(['res']);
    expect(bottleneckNames([attention(2), res(), attention(4)])).toEqual(['attn1', 'res', 'attn2']);
    const g = buildGraph(
      unet({
        name: 'n',
        input: { batch: 1, channels: 1, height: 8, width: 8 },
        outChannels: 1,
        stemChannels: 4,
        timeDim: 8,
        groups: 2,
        levels: [level(4, { resBlocks: 2, attentionHeads: 2 }), level(8)],
        bottleneck: [],
      }),
    );
    const modules = [
      ...new Set(paramsOf(g).map((p) => p.attrs.name.split('.').slice(0, 3).join('.'))),
    ];
    expect(modules).toEqual([
      'time_mlp.mlp.0',
      'time_mlp.mlp.2',
      'init_conv.weight',
      'init_conv.bias',
      'down_blocks.0.res1',
      'down_blocks.0.attn1',
      'down_blocks.0.res2',
      'down_blocks.0.attn2',
      'down_blocks.0.pool',
      'down_blocks.1.res',
      'down_blocks.1.pool',
      'up_blocks.0.up',
      'up_blocks.0.res',
      'up_blocks.1.up',
      'up_blocks.1.res1',
      'up_blocks.1.attn1',
      'up_blocks.1.res2',
      'up_blocks.1.attn2',
      'out_norm.weight',
      'out_norm.bias',
      'out_conv.weight',
      'out_conv.bias',
    ]);
    // The up path's first ResBlock takes the concat [upsampled, skip]: twice the level's width.
    expect(
      paramsOf(g).find((p) => p.attrs.name === 'up_blocks.1.res1.block1.2.weight')!.shape,
    ).toEqual([4, 8, 3, 3]);
    expect(
      paramsOf(g).find((p) => p.attrs.name === 'up_blocks.1.res2.block1.2.weight')!.shape,
    ).toEqual([4, 4, 3, 3]);
  });
});

describe('the DSL', () => {
  const S = '../compiler/spec/spec.schema.json';
  it('writes specs/ddpm-unet-32.json and specs/wide-unet-64.json exactly', () => {
    const ddpm = unet({
      $schema: S,
      name: 'ddpm-unet-32',
      input: { batch: 1, channels: 3, height: 32, width: 32 },
      outChannels: 3,
      timeDim: 64,
      groups: 8,
      levels: [
        level(32, { resBlocks: 2 }),
        level(48, { resBlocks: 2, attentionHeads: 4 }),
        level(48, { resBlocks: 2 }),
      ],
      bottleneck: [res(), attention(4), res()],
    });
    const wide = unet({
      $schema: S,
      name: 'wide-unet-64',
      input: { batch: 1, channels: 3, height: 64, width: 64 },
      outChannels: 3,
      timeDim: 64,
      groups: 32,
      levels: [level(64), level(64), level(64, { attentionHeads: 4 })],
      bottleneck: [res(), attention(4), res()],
    });
    expect(specJson(ddpm)).toBe(readFileSync(join(ROOT, 'specs', 'ddpm-unet-32.json'), 'utf8'));
    expect(specJson(wide)).toBe(readFileSync(join(ROOT, 'specs', 'wide-unet-64.json'), 'utf8'));
  });

  it('writes the seed preset', () => {
    const seed = seedUnet({
      name: 'seed-unet-s',
      input: { batch: 1, channels: 3, height: 32, width: 32 },
      outChannels: 3,
      baseChannels: 32,
      channelMults: [1, 2, 4],
      timeDim: 128,
      groups: 8,
      attentionHeads: 1,
    });
    expect(seed).toEqual(specFile('seed-unet-s.json'));
  });

  it("checks the cross-field rules with kiln compile's messages", () => {
    const spec = unet({
      name: 'x',
      input: { batch: 1, channels: 3, height: 30, width: 32 },
      outChannels: 3,
      timeDim: 64,
      groups: 8,
      levels: [level(32), level(64)],
      bottleneck: [attention(3)],
    });
    expect(() => specJson(spec)).toThrow(KilnError);
    try {
      specJson(spec);
    } catch (e) {
      expect((e as KilnError).lines).toEqual([
        "x: blocks.bottleneck[0].heads: 3 heads do not divide the bottleneck's 64 channels (blocks.levels[1].channels)",
        "x: input.height: 30 cannot be halved at blocks.levels[1], where it is 15 (30 -> 15): the downsample gives 7, upsampled back to 14, which does not match the level's skip of 15; use a multiple of 4 (2^2 for 2 levels)",
      ]);
    }
  });

  it('is typed: wrong keys and wrong types do not compile', () => {
    const input = { batch: 1, channels: 3, height: 8, width: 8 };
    // These lines are checked by `tsc` (npm run typecheck), not at run time.
    // biome-ignore format: @ts-expect-error applies to the next line only, so the call stays on one line
    // @ts-expect-error a misspelled key
    level(8, { resBlock: 2 });
    // biome-ignore format: @ts-expect-error applies to the next line only, so the call stays on one line
    // @ts-expect-error heads must be a number
    attention('4');
    // biome-ignore format: @ts-expect-error applies to the next line only, so the call stays on one line
    // @ts-expect-error an unknown top-level key
    unet({ name: 'x', input, outChannels: 1, timeDim: 8, groups: 1, levels: [level(8)], bottleneck: [], dropout: 0.1 });
    // biome-ignore format: @ts-expect-error applies to the next line only, so the call stays on one line
    // @ts-expect-error a missing key (timeDim)
    unet({ name: 'x', input, outChannels: 1, groups: 1, levels: [level(8)], bottleneck: [] });
    // biome-ignore format: @ts-expect-error applies to the next line only, so the call stays on one line
    // @ts-expect-error a bottleneck block of an unknown type
    unet({ name: 'x', input, outChannels: 1, timeDim: 8, groups: 1, levels: [level(8)], bottleneck: [{ type: 'mlp' }] });
    // biome-ignore format: @ts-expect-error applies to the next line only, so the call stays on one line
    // @ts-expect-error the seed preset has no levels
    seedUnet({ name: 'x', input, outChannels: 1, baseChannels: 8, channelMults: [1], timeDim: 8, groups: 1, attentionHeads: 1, levels: [] });
    expect(true).toBe(true);
  });
});

describe('the JSON Schema', () => {
  it('compiler/spec/spec.schema.json is what the zod schemas generate (rewrite: npx tsx compiler/spec/json-schema.ts)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(specJsonSchemaText());
  });

  it('describes both forms, their keys and ranges, and no unknown keys', () => {
    const s = JSON.parse(specJsonSchemaText());
    expect(s.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(s.additionalProperties).toBe(false);
    expect(Object.keys(s.properties)).toEqual(['$schema', 'name', 'input', 'unet', 'blocks']);
    expect(s.oneOf).toEqual([{ required: ['unet'] }, { required: ['blocks'] }]);
    expect(s.properties.blocks.required).toEqual([
      'outChannels',
      'timeDim',
      'groups',
      'levels',
      'bottleneck',
    ]);
    const lvl = s.properties.blocks.properties.levels.items;
    expect(lvl.additionalProperties).toBe(false);
    expect(lvl.required).toEqual(['channels', 'resBlocks']);
    expect(lvl.properties.channels).toMatchObject({ type: 'integer', minimum: 1, maximum: 8192 });
    expect(s.properties.blocks.properties.bottleneck.items.oneOf).toHaveLength(2);
    expect(s.properties.unet.properties.timeDim).toMatchObject({
      type: 'integer',
      minimum: 4,
      multipleOf: 2,
    });
  });

  it('the variants in specs/ point at it', () => {
    for (const f of ['ddpm-unet-32.json', 'wide-unet-64.json'])
      expect(specFile(f).$schema).toBe('../compiler/spec/spec.schema.json');
  });
});
