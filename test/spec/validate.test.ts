/** The bad-spec catalogue: each mistake gets exactly this message, naming the spec path. */
import { describe, expect, it } from 'vitest';
import { validateSpec } from '../../compiler/spec/check.js';
import { KilnError } from '../../runtime/errors.js';

const GOOD = {
  name: 'seed-unet-s',
  input: { batch: 1, channels: 3, height: 32, width: 32 },
  unet: { outChannels: 3, baseChannels: 32, channelMults: [1, 2, 4], timeDim: 128, groups: 8, attentionHeads: 1 },
};

type Patch = (s: any) => void;
const bad = (patch: Patch) => {
  const s = structuredClone(GOOD) as any;
  patch(s);
  return s;
};

const CATALOGUE: [string, Patch, string[]][] = [
  ['zero batch', (s) => (s.input.batch = 0), ['spec: input.batch: must be an integer from 1 to 64, got 0']],
  ['fractional channels', (s) => (s.input.channels = 2.5), ['spec: input.channels: must be an integer from 1 to 4096, got 2.5']],
  ['string height', (s) => (s.input.height = '32'), ['spec: input.height: must be an integer from 1 to 8192, got "32"']],
  ['missing width', (s) => delete s.input.width, ['spec: input.width: is required (a positive integer)']],
  ['negative mult', (s) => (s.unet.channelMults[1] = -2), ['spec: unet.channelMults[1]: must be an integer from 1 to 64, got -2']],
  ['empty mults', (s) => (s.unet.channelMults = []), ['spec: unet.channelMults: must list at least one level']],
  ['mults not an array', (s) => (s.unet.channelMults = 4), ['spec: unet.channelMults: must be an array of positive integers, got 4']],
  ['unknown key', (s) => (s.unet.dropout = 0.1), ['spec: unet.dropout: unknown key']],
  ['unknown top-level key', (s) => (s.sampler = 'ddim'), ['spec: sampler: unknown key']],
  ['missing unet', (s) => delete s.unet, ['spec: unet: is required (an object)']],
  ['input not an object', (s) => (s.input = [1, 3, 32, 32]), ['spec: input: must be an object, got an array']],
  ['bad name', (s) => (s.name = 'my model!'), [`spec: name: must be letters, digits, '_' and '-' (at most 64, a letter or digit first), got "my model!"`]],
  ['groups do not divide base', (s) => (s.unet.baseChannels = 12), ['spec: unet.baseChannels: 12 channels cannot be split into unet.groups = 8 groups']],
  [
    'heads do not divide bottleneck',
    (s) => (s.unet.attentionHeads = 5),
    ["spec: unet.attentionHeads: 5 heads do not divide the bottleneck's 128 channels (baseChannels 32 x channelMults[2] 4)"],
  ],
  ['odd timeDim', (s) => (s.unet.timeDim = 127), ['spec: unet.timeDim: must be even and at least 4 (the sinusoidal embedding uses timeDim/2 frequencies), got 127']],
  ['tiny timeDim', (s) => (s.unet.timeDim = 2), ['spec: unet.timeDim: must be even and at least 4 (the sinusoidal embedding uses timeDim/2 frequencies), got 2']],
  ['height not halvable', (s) => (s.input.height = 20), ['spec: input.height: 20 cannot be halved 3 times (once per level of unet.channelMults); use a multiple of 8']],
  ['width not halvable', (s) => (s.input.width = 36), ['spec: input.width: 36 cannot be halved 3 times (once per level of unet.channelMults); use a multiple of 8']],
  [
    'several problems at once',
    (s) => {
      s.input.batch = 0;
      s.unet.groups = 'eight';
      s.extra = true;
    },
    ['spec: input.batch: must be an integer from 1 to 64, got 0', 'spec: unet.groups: must be an integer from 1 to 1024, got "eight"', 'spec: extra: unknown key'],
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
];

describe('spec validation', () => {
  it('accepts the seed preset exactly as the issue writes it', () => {
    expect(validateSpec(GOOD)).toEqual(GOOD);
    expect(validateSpec({ $schema: './x.json', ...GOOD }).name).toBe('seed-unet-s');
  });

  for (const [what, patch, lines] of CATALOGUE) {
    it(`rejects: ${what}`, () => {
      let err: unknown;
      try {
        validateSpec(bad(patch));
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(KilnError);
      expect((err as KilnError).code).toBe('SPEC_INVALID');
      expect((err as KilnError).lines).toEqual(lines);
    });
  }
});
