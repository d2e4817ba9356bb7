/**
 * The bad-spec catalogue: each mistake gets exactly these messages, one line per problem, each
 * naming the spec path and what was expected. Both forms: the seed preset (`unet`) and the
 * general form (`blocks`).
 */
import { describe, expect, it } from 'vitest';
import { validateSpec } from '../../compiler/spec/check.js';
import { KilnError } from '../../runtime/errors.js';

const GOOD = {
  name: 'seed-unet-s',
  input: { batch: 1, channels: 3, height: 32, width: 32 },
  unet: {
    outChannels: 3,
    baseChannels: 32,
    channelMults: [1, 2, 4],
    timeDim: 128,
    groups: 8,
    attentionHeads: 1,
  },
};

type Patch = (s: any) => void;
const bad = (patch: Patch, base: object = GOOD) => {
  const s = structuredClone(base) as any;
  patch(s);
  return s;
};

/** The general form: DDPM-like, 2 ResBlocks per level, attention at 16x16. */
const GEN = {
  name: 'gen',
  input: { batch: 1, channels: 3, height: 32, width: 32 },
  blocks: {
    outChannels: 3,
    timeDim: 64,
    groups: 8,
    levels: [
      { channels: 32, resBlocks: 2 },
      { channels: 48, resBlocks: 2, attentionHeads: 4 },
      { channels: 64, resBlocks: 1 },
    ],
    bottleneck: [{ type: 'res' }, { type: 'attention', heads: 4 }, { type: 'res' }],
  },
};

const CATALOGUE: [string, Patch, string[]][] = [
  [
    'zero batch',
    (s) => (s.input.batch = 0),
    ['spec: input.batch: must be an integer from 1 to 64, got 0'],
  ],
  [
    'fractional channels',
    (s) => (s.input.channels = 2.5),
    ['spec: input.channels: must be an integer from 1 to 4096, got 2.5'],
  ],
  [
    'string height',
    (s) => (s.input.height = '32'),
    ['spec: input.height: must be an integer from 1 to 8192, got "32"'],
  ],
  [
    'missing width',
    (s) => delete s.input.width,
    ['spec: input.width: is required (a positive integer)'],
  ],
  [
    'negative mult',
    (s) => (s.unet.channelMults[1] = -2),
    ['spec: unet.channelMults[1]: must be an integer from 1 to 64, got -2'],
  ],
  [
    'empty mults',
    (s) => (s.unet.channelMults = []),
    ['spec: unet.channelMults: must list at least one level'],
  ],
  [
    'mults not an array',
    (s) => (s.unet.channelMults = 4),
    ['spec: unet.channelMults: must be an array of positive integers, got 4'],
  ],
  ['unknown key', (s) => (s.unet.dropout = 0.1), ['spec: unet.dropout: unknown key']],
  ['unknown top-level key', (s) => (s.sampler = 'ddim'), ['spec: sampler: unknown key']],
  [
    'missing unet',
    (s) => delete s.unet,
    ['spec: unet: is required (an object), or give blocks (the general form) instead'],
  ],
  [
    'input not an object',
    (s) => (s.input = [1, 3, 32, 32]),
    ['spec: input: must be an object, got an array'],
  ],
  [
    'bad name',
    (s) => (s.name = 'my model!'),
    [
      `spec: name: must be letters, digits, '_' and '-' (at most 64, a letter or digit first), got "my model!"`,
    ],
  ],
  [
    'groups do not divide base',
    (s) => (s.unet.baseChannels = 12),
    ['spec: unet.baseChannels: 12 channels cannot be split into unet.groups = 8 groups'],
  ],
  [
    'heads do not divide bottleneck',
    (s) => (s.unet.attentionHeads = 5),
    [
      "spec: unet.attentionHeads: 5 heads do not divide the bottleneck's 128 channels (baseChannels 32 x channelMults[2] 4)",
    ],
  ],
  [
    'string classes',
    (s) => (s.unet.classes = '10'),
    ['spec: unet.classes: must be an integer from 1 to 65536, got "10"'],
  ],
  [
    'odd timeDim',
    (s) => (s.unet.timeDim = 127),
    [
      'spec: unet.timeDim: must be even and at least 4 (the sinusoidal embedding uses timeDim/2 frequencies), got 127',
    ],
  ],
  [
    'tiny timeDim',
    (s) => (s.unet.timeDim = 2),
    [
      'spec: unet.timeDim: must be even and at least 4 (the sinusoidal embedding uses timeDim/2 frequencies), got 2',
    ],
  ],
  [
    'height not halvable',
    (s) => (s.input.height = 20),
    [
      'spec: input.height: 20 cannot be halved 3 times (once per level of unet.channelMults); use a multiple of 8',
    ],
  ],
  [
    'width not halvable',
    (s) => (s.input.width = 36),
    [
      'spec: input.width: 36 cannot be halved 3 times (once per level of unet.channelMults); use a multiple of 8',
    ],
  ],
  [
    'several problems at once',
    (s) => {
      s.input.batch = 0;
      s.unet.groups = 'eight';
      s.extra = true;
    },
    [
      'spec: input.batch: must be an integer from 1 to 64, got 0',
      'spec: unet.groups: must be an integer from 1 to 1024, got "eight"',
      'spec: extra: unknown key',
    ],
  ],
  [
    'several semantic problems at once',
    (s) => {
      s.unet.baseChannels = 12;
      s.input.height = 4;
    },
    [
      'spec: unet.baseChannels: 12 channels cannot be split into unet.groups = 8 groups',
      'spec: input.height: 4 cannot be halved 3 times (once per level of unet.channelMults); use a multiple of 8',
    ],
  ],
  [
    'structural and semantic problems together',
    (s) => {
      s.input.batch = 0;
      s.unet.baseChannels = 12;
      s.unet.channelMults[0] = 'x';
    },
    [
      'spec: input.batch: must be an integer from 1 to 64, got 0',
      'spec: unet.channelMults[0]: must be an integer from 1 to 64, got "x"',
      'spec: unet.baseChannels: 12 channels cannot be split into unet.groups = 8 groups',
    ],
  ],
  [
    'both forms at once',
    (s) => (s.blocks = structuredClone(GEN.blocks)),
    [
      'spec: blocks: cannot be given together with unet (give the seed preset or the general form, not both)',
    ],
  ],
  [
    'misspelled form key',
    (s) => ((s.block = s.unet), delete s.unet),
    [
      'spec: block: unknown key',
      'spec: unet: is required (an object), or give blocks (the general form) instead',
    ],
  ],
];

const SKIP =
  "the downsample gives 2, upsampled back to 4, which does not match the level's skip of 5";
const GEN_CATALOGUE: [string, Patch, string[]][] = [
  [
    'level channels not divisible by groups',
    (s) => (s.blocks.levels[1].channels = 44),
    ['spec: blocks.levels[1].channels: 44 channels cannot be split into blocks.groups = 8 groups'],
  ],
  [
    'stem channels not divisible by groups',
    (s) => (s.blocks.stemChannels = 12),
    ['spec: blocks.stemChannels: 12 channels cannot be split into blocks.groups = 8 groups'],
  ],
  [
    'level heads do not divide channels',
    (s) => (s.blocks.levels[1].attentionHeads = 5),
    [
      "spec: blocks.levels[1].attentionHeads: 5 heads do not divide the level's 48 channels (blocks.levels[1].channels)",
    ],
  ],
  [
    'bottleneck heads do not divide channels',
    (s) => (s.blocks.bottleneck[1].heads = 3),
    [
      "spec: blocks.bottleneck[1].heads: 3 heads do not divide the bottleneck's 64 channels (blocks.levels[2].channels)",
    ],
  ],
  [
    'skip/upsample mismatch: odd size at a level',
    (s) => (s.input.height = 20),
    [
      `spec: input.height: 20 cannot be halved at blocks.levels[2], where it is 5 (20 -> 10 -> 5): ${SKIP}; use a multiple of 8 (2^3 for 3 levels)`,
    ],
  ],
  [
    'odd width at the first level',
    (s) => (s.input.width = 33),
    [
      "spec: input.width: 33 cannot be halved at blocks.levels[0], where it is 33 (33): the downsample gives 16, upsampled back to 32, which does not match the level's skip of 33; use a multiple of 8 (2^3 for 3 levels)",
    ],
  ],
  [
    'spatial size 1 at a level',
    (s) => (s.input.height = 4),
    [
      'spec: input.height: 4 cannot be halved at blocks.levels[2], where it is 1 (4 -> 2 -> 1): the downsample would leave nothing; use a multiple of 8 (2^3 for 3 levels)',
    ],
  ],
  [
    'zero channels',
    (s) => (s.blocks.levels[0].channels = 0),
    ['spec: blocks.levels[0].channels: must be an integer from 1 to 8192, got 0'],
  ],
  [
    'negative resBlocks',
    (s) => (s.blocks.levels[2].resBlocks = -1),
    ['spec: blocks.levels[2].resBlocks: must be an integer from 1 to 16, got -1'],
  ],
  [
    'missing resBlocks',
    (s) => delete s.blocks.levels[0].resBlocks,
    ['spec: blocks.levels[0].resBlocks: is required (a positive integer)'],
  ],
  [
    'zero heads',
    (s) => (s.blocks.levels[1].attentionHeads = 0),
    ['spec: blocks.levels[1].attentionHeads: must be an integer from 1 to 256, got 0'],
  ],
  [
    'zero classes',
    (s) => (s.blocks.classes = 0),
    ['spec: blocks.classes: must be an integer from 1 to 65536, got 0'],
  ],
  [
    'fractional classes',
    (s) => (s.blocks.classes = 2.5),
    ['spec: blocks.classes: must be an integer from 1 to 65536, got 2.5'],
  ],
  [
    'unknown key in a level',
    (s) => (s.blocks.levels[0].attention = true),
    ['spec: blocks.levels[0].attention: unknown key'],
  ],
  [
    'unknown bottleneck block type',
    (s) => (s.blocks.bottleneck[0] = { type: 'mlp' }),
    ['spec: blocks.bottleneck[0].type: must be "res" or "attention", got "mlp"'],
  ],
  [
    'attention without heads',
    (s) => delete s.blocks.bottleneck[1].heads,
    ['spec: blocks.bottleneck[1].heads: is required (a positive integer)'],
  ],
  [
    'heads on a res block',
    (s) => (s.blocks.bottleneck[0].heads = 2),
    ['spec: blocks.bottleneck[0].heads: unknown key'],
  ],
  [
    'bottleneck block not an object',
    (s) => (s.blocks.bottleneck[2] = 'res'),
    [
      'spec: blocks.bottleneck[2]: must be { "type": "res" } or { "type": "attention", "heads": <n> }, got "res"',
    ],
  ],
  [
    'an activation Kiln does not have',
    (s) => (s.blocks.activation = 'relu'),
    ['spec: blocks.activation: must be one of "silu", "gelu", "mish", got "relu"'],
  ],
  [
    'no levels',
    (s) => (s.blocks.levels = []),
    ['spec: blocks.levels: must list at least one level'],
  ],
  [
    'levels not an array',
    (s) => (s.blocks.levels = { channels: 32 }),
    ['spec: blocks.levels: must be an array of levels, got an object'],
  ],
  [
    'too many levels',
    (s) => (s.blocks.levels = Array.from({ length: 9 }, () => ({ channels: 8, resBlocks: 1 }))),
    ['spec: blocks.levels: must list at most 8 levels'],
  ],
  [
    'odd timeDim',
    (s) => (s.blocks.timeDim = 63),
    [
      'spec: blocks.timeDim: must be even and at least 4 (the sinusoidal embedding uses timeDim/2 frequencies), got 63',
    ],
  ],
  [
    'missing groups',
    (s) => delete s.blocks.groups,
    ['spec: blocks.groups: is required (a positive integer)'],
  ],
  [
    'fractional outChannels',
    (s) => (s.blocks.outChannels = 1.5),
    ['spec: blocks.outChannels: must be an integer from 1 to 4096, got 1.5'],
  ],
  [
    'a tensor too large for a buffer',
    (s) => {
      s.blocks.levels[2].channels = 8192;
      s.blocks.bottleneck[1].heads = 8;
    },
    [
      'spec: (spec): the weight up_blocks.0.res.block1.2.weight would be f32[8192,16384,3,3], 1207959552 values; at most 2^28 (1 GiB) are supported per tensor: use fewer channels or a smaller input',
    ],
  ],
  [
    'every problem at once, structural and semantic',
    (s) => {
      s.input.batch = -3;
      s.input.width = 12;
      s.blocks.levels[1].channels = 52;
      s.blocks.levels[0].resBlocks = 'two';
      s.blocks.bottleneck[1].heads = 5;
      s.blocks.dropout = 0.1;
    },
    [
      'spec: input.batch: must be an integer from 1 to 64, got -3',
      'spec: blocks.levels[0].resBlocks: must be an integer from 1 to 16, got "two"',
      'spec: blocks.dropout: unknown key',
      'spec: blocks.levels[1].channels: 52 channels cannot be split into blocks.groups = 8 groups',
      "spec: blocks.bottleneck[1].heads: 5 heads do not divide the bottleneck's 64 channels (blocks.levels[2].channels)",
      "spec: input.width: 12 cannot be halved at blocks.levels[2], where it is 3 (12 -> 6 -> 3): the downsample gives 1, upsampled back to 2, which does not match the level's skip of 3; use a multiple of 8 (2^3 for 3 levels)",
    ],
  ],
];

describe('spec validation', () => {
  it('accepts the seed preset exactly as the issue writes it', () => {
    expect(validateSpec(GOOD)).toEqual(GOOD);
    expect(validateSpec({ $schema: './x.json', ...GOOD }).name).toBe('seed-unet-s');
  });

  it('accepts the general form', () => {
    expect(validateSpec(GEN)).toEqual(GEN);
    const noBottleneck = bad((s) => (s.blocks.bottleneck = []), GEN);
    expect(validateSpec(noBottleneck)).toEqual(noBottleneck);
  });

  it('keeps at least 20 bad specs in the catalogue', () =>
    expect(CATALOGUE.length + GEN_CATALOGUE.length).toBeGreaterThanOrEqual(40));

  const rejects = (spec: unknown, lines: string[]) => {
    let err: unknown;
    try {
      validateSpec(spec);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(KilnError);
    expect((err as KilnError).code).toBe('SPEC_INVALID');
    expect((err as KilnError).lines).toEqual(lines);
  };
  for (const [what, patch, lines] of CATALOGUE)
    it(`rejects (seed preset): ${what}`, () => rejects(bad(patch), lines));
  for (const [what, patch, lines] of GEN_CATALOGUE)
    it(`rejects (general form): ${what}`, () => rejects(bad(patch, GEN), lines));

  it('rejects what is not a spec at all', () => {
    rejects([], ['spec: (spec): must be an object, got an array']);
    rejects(null, ['spec: (spec): must be an object, got null']);
    rejects({}, [
      'spec: name: is required (a string)',
      'spec: input: is required (an object)',
      'spec: unet: is required (an object), or give blocks (the general form) instead',
    ]);
  });
});
