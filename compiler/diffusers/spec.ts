/**
 * The "diffusers" spec form: diffusers' U-Net topology with every derived quantity resolved
 * (heads and head widths per block, which GroupNorms exist, the widths of the time embedding),
 * so that nothing downstream (the PyTorch reference, the state_dict key list, the IR) repeats
 * diffusers' config quirks. `kiln import` writes it from a config.json (import.ts); it can
 * also be written by hand. docs/diffusers-architecture.md says what each field computes.
 *
 * A document is `{ name, input, diffusers }`; it is its own top-level form beside `unet` and
 * `blocks` (compiler/spec/schema.ts), checked here with the same path-per-line messages.
 *
 * Levels are listed from the input resolution down. Level i's down block is diffusers'
 * `down_blocks.i` (`resnets` ResnetBlock2Ds, each followed by `downAttention` if any, then a
 * downsampler unless it is the last level); its up block is `up_blocks.(L-1-i)` with
 * `resnets + 1` ResnetBlock2Ds (each concatenating one skip, followed by `upAttention` if any),
 * then an upsampler unless it is level 0.
 */
import { z } from 'zod';
import { KilnError } from '../../runtime/errors.js';
import { formatPath } from '../spec/check.js';
import { arrayOf, describe, NameSchema, objectOf, positiveInt } from '../spec/schema.js';

const bool = (what: string) =>
  z
    .boolean({
      error: (iss) =>
        iss.input === undefined
          ? 'is required (true or false)'
          : `must be true or false, got ${describe(iss.input)}`,
    })
    .meta({ description: what });

/** A finite number > 0 (eps, scale factors). */
const positiveNumber = (what: string) =>
  z
    .unknown()
    .superRefine((v, ctx) => {
      if (v === undefined)
        ctx.addIssue({ code: 'custom', message: 'is required (a positive number)' });
      else if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > 1e6)
        ctx.addIssue({
          code: 'custom',
          message: `must be a number above 0 and at most 1e6, got ${describe(v)}`,
        });
    })
    .transform((v) => v as number)
    .meta({ type: 'number', exclusiveMinimum: 0, maximum: 1e6, description: what } as Record<
      string,
      unknown
    >);

/** diffusers' `Attention` block of UNet2DModel: GroupNorm over the channels, q/k/v/out linears with bias. */
export const SelfAttentionSchema = objectOf({
  type: z.literal('self', { error: 'must be "self" or "transformer"' }),
  heads: positiveInt(8192, 'heads: floor(channels / attention_head_dim)'),
  headDim: positiveInt(8192, 'width of one head; heads x headDim is the q/k/v width'),
  groups: positiveInt(1024, 'groups of group_norm; null: no group_norm').nullable(),
}).meta({ description: 'Self-attention over the H*W positions (diffusers Attention, residual).' });

/** diffusers' Transformer2DModel of BasicTransformerBlocks (self-, cross-attention, GEGLU). */
export const TransformerSchema = objectOf({
  type: z.literal('transformer', { error: 'must be "self" or "transformer"' }),
  heads: positiveInt(8192, 'heads of attn1 and attn2'),
  headDim: positiveInt(8192, 'width of one head: floor(channels / heads)'),
  layers: positiveInt(64, 'BasicTransformerBlocks (transformer_layers_per_block)'),
  linearProjection: bool('proj_in / proj_out are linears (use_linear_projection), else 1x1 convs'),
}).meta({
  description:
    'Transformer2DModel: GroupNorm, proj_in, BasicTransformerBlocks, proj_out, residual.',
});

export const AttentionSchema = z
  .discriminatedUnion('type', [SelfAttentionSchema, TransformerSchema], {
    error: (iss) =>
      iss.input === undefined || iss.input === null || typeof iss.input !== 'object'
        ? `must be an object with type "self" or "transformer", or null, got ${describe(iss.input)}`
        : `must be "self" or "transformer", got ${describe((iss.input as Record<string, unknown>).type)}`,
  })
  .nullable();

export const LevelSchema = objectOf({
  channels: positiveInt(8192, 'block_out_channels[i]'),
  resnets: positiveInt(
    32,
    'ResnetBlock2Ds of the down block (layers_per_block); the up block has one more',
  ),
  downAttention: AttentionSchema.meta({
    description: 'after each down resnet (null: DownBlock2D)',
  }),
  upAttention: AttentionSchema.meta({ description: 'after each up resnet (null: UpBlock2D)' }),
});

export const MidSchema = objectOf({
  scale: positiveNumber(
    'mid_block_scale_factor: the resnets and the self-attention divide their sum by it',
  ),
  attention: AttentionSchema.meta({
    description: 'between the two resnets (null: add_attention false)',
  }),
});

const TimeSchema = objectOf({
  channels: positiveInt(8192, 'width of the sinusoidal embedding (block_out_channels[0])'),
  flipSinToCos: bool('cos half first'),
  freqShift: z
    .number({ error: (iss) => `must be an integer, got ${describe(iss.input)}` })
    .int({ error: (iss) => `must be an integer, got ${describe(iss.input)}` })
    .min(-8192)
    .max(8192)
    .meta({
      description:
        'downscale_freq_shift: frequencies are exp(-ln(10000) k / (channels/2 - freqShift))',
    }),
  embedDim: positiveInt(32768, 'width of linear_1 and linear_2 (time_embed_dim)'),
});

export const DiffusersNetSchema = objectOf({
  class: z
    .enum(['UNet2DModel', 'UNet2DConditionModel'], {
      error: (iss) => `must be "UNet2DModel" or "UNet2DConditionModel", got ${describe(iss.input)}`,
    })
    .meta({ description: 'the diffusers class whose state_dict() the weights follow' }),
  outChannels: positiveInt(4096, 'out_channels'),
  centerInput: bool('center_input_sample: x becomes 2x - 1 first'),
  time: TimeSchema,
  classEmbeds: positiveInt(
    1 << 20,
    'num_class_embeds: rows of class_embedding, added to the time embedding',
  ).nullable(),
  contextDim: positiveInt(8192, 'cross_attention_dim: width D of the context [B,S,D]').nullable(),
  groups: positiveInt(1024, 'norm_num_groups'),
  eps: positiveNumber('norm_eps: resnets, self-attention and conv_norm_out'),
  timeScaleShift: z
    .enum(['default', 'scale_shift'], {
      error: (iss) => `must be "default" or "scale_shift", got ${describe(iss.input)}`,
    })
    .meta({ description: 'resnet_time_scale_shift' }),
  convInKernel: positiveInt(15, 'conv_in kernel (odd), padding (k-1)/2'),
  convOutKernel: positiveInt(15, 'conv_out kernel (odd), padding (k-1)/2'),
  downsamplePadding: z
    .union([z.literal(0), z.literal(1)], {
      error: (iss) => `must be 0 or 1, got ${describe(iss.input)}`,
    })
    .meta({ description: '1: stride-2 3x3 conv with padding 1; 0: pad (0,1,0,1), then padding 0' }),
  levels: arrayOf(LevelSchema, 'levels', 1, 8, 'level'),
  mid: MidSchema.nullable(),
});

export const DiffusersInputSchema = objectOf({
  batch: positiveInt(64, 'batch size B'),
  channels: positiveInt(4096, 'in_channels'),
  height: positiveInt(8192, 'sample height'),
  width: positiveInt(8192, 'sample width'),
  contextLength: positiveInt(
    4096,
    'S of the context [B,S,D] (needed when a transformer is present)',
  ).optional(),
});

export const DiffusersSpecSchema = objectOf({
  $schema: z.string({ error: 'must be a string' }).optional(),
  name: NameSchema,
  input: DiffusersInputSchema,
  diffusers: DiffusersNetSchema,
});

export type SelfAttention = z.infer<typeof SelfAttentionSchema>;
export type Transformer = z.infer<typeof TransformerSchema>;
export type Attention = SelfAttention | Transformer;
export type DiffusersLevel = z.infer<typeof LevelSchema>;
export type DiffusersNet = z.infer<typeof DiffusersNetSchema>;
export type DiffusersSpec = z.infer<typeof DiffusersSpecSchema>;

export const isDiffusersDocument = (raw: unknown): boolean =>
  raw !== null && typeof raw === 'object' && !Array.isArray(raw) && 'diffusers' in raw;

/** Largest tensor a spec may produce (as compiler/spec/check.ts): 2^28 f32 values. */
const MAX_ELEMENTS = 2 ** 28;

/** Channel widths every up block's resnets see: [level][resnet] -> input width (concat included). */
export function upResnetInputs(
  levels: readonly { channels: number; resnets: number }[],
): number[][] {
  const L = levels.length;
  const c = (i: number) => levels[Math.max(0, Math.min(L - 1, i))]!.channels;
  return levels.map((lv, i) => {
    const n = lv.resnets + 1;
    return Array.from({ length: n }, (_, k) => {
      const fromBelow = k === 0 ? c(i + 1) : lv.channels;
      const skip = k === n - 1 ? c(i - 1) : lv.channels;
      return fromBelow + skip;
    });
  });
}

/** The cross-field rules; each line `path: problem`. Runs on a structurally valid spec. */
function crossFieldLines(s: DiffusersSpec): string[] {
  const lines: string[] = [];
  const d = s.diffusers;
  const g = d.groups;
  const divides = (path: string, c: number, groups: number, what = 'diffusers.groups') => {
    if (c % groups !== 0)
      lines.push(`${path}: ${c} channels cannot be split into ${what} = ${groups} groups`);
  };
  // Every width a GroupNorm sees is a level's or a sum of levels': the levels' check covers them.
  let transformers = false;
  const attention = (path: string, a: Attention | null, c: number) => {
    if (!a) return;
    if (a.type === 'self') {
      if (a.groups !== null) divides(path, c, a.groups, `${path}.groups`);
    } else {
      transformers = true; // its GroupNorm has the level's groups: the level's check covers it
    }
  };
  d.levels.forEach((lv, i) => {
    const p = `diffusers.levels[${i}]`;
    divides(`${p}.channels`, lv.channels, g);
    attention(`${p}.downAttention`, lv.downAttention, lv.channels);
    attention(`${p}.upAttention`, lv.upAttention, lv.channels);
  });
  if (d.mid) attention('diffusers.mid.attention', d.mid.attention, d.levels.at(-1)!.channels);
  if (d.convInKernel % 2 === 0)
    lines.push(`diffusers.convInKernel: must be odd, got ${d.convInKernel}`);
  if (d.convOutKernel % 2 === 0)
    lines.push(`diffusers.convOutKernel: must be odd, got ${d.convOutKernel}`);
  const half = Math.floor(d.time.channels / 2);
  if (half === 0 || half === d.time.freqShift)
    lines.push(
      `diffusers.time.freqShift: the frequencies divide by channels/2 - freqShift = ${half} - ${d.time.freqShift} = 0`,
    );
  if (transformers) {
    if (d.contextDim === null)
      lines.push(
        'diffusers.contextDim: is required (a positive integer) when a transformer block is present',
      );
    if (s.input.contextLength === undefined)
      lines.push(
        'input.contextLength: is required (a positive integer) when a transformer block is present',
      );
  }
  const downs = d.levels.length - 1;
  for (const dim of ['height', 'width'] as const) {
    const n = s.input[dim];
    if (n % 2 ** downs !== 0)
      lines.push(
        `input.${dim}: ${n} cannot be halved ${downs} times (once per level but the last); use a multiple of ${2 ** downs}`,
      );
  }
  if (lines.length === 0) lines.push(...sizeLines(s));
  return lines;
}

/** Activations and weights beyond 2^28 values: the largest one is named. */
function sizeLines(s: DiffusersSpec): string[] {
  const d = s.diffusers;
  const { batch: B, height: H, width: W } = s.input;
  const ups = upResnetInputs(d.levels);
  let worst = { n: 0, what: '' };
  const see = (n: number, what: string) => {
    if (n > worst.n) worst = { n, what };
  };
  d.levels.forEach((lv, i) => {
    const hw = (H / 2 ** i) * (W / 2 ** i);
    const widest = Math.max(lv.channels, ...ups[i]!);
    see(
      B * widest * hw,
      `the activations of level ${i} (f32[${B},${widest},${H / 2 ** i},${W / 2 ** i}])`,
    );
    for (const a of [
      lv.downAttention,
      lv.upAttention,
      i === d.levels.length - 1 ? d.mid?.attention : null,
    ]) {
      // Attention scores are not counted: a flash-style kernel never holds them whole.
      if (a?.type === 'transformer')
        see(
          B * hw * 8 * a.heads * a.headDim,
          `the GEGLU projection of level ${i} (f32[${B},${hw},${8 * a.heads * a.headDim}])`,
        );
    }
    see(9 * Math.max(...ups[i]!) * lv.channels, `the weights of a level ${i} up resnet's conv1`);
  });
  if (worst.n <= MAX_ELEMENTS) return [];
  return [
    `(spec): ${worst.what} would hold ${worst.n} values; at most 2^28 (1 GiB) are supported per tensor: use fewer channels or a smaller input`,
  ];
}

/** Parses and validates a diffusers-form spec; throws KilnError('SPEC_INVALID') listing every problem. */
export function validateDiffusersSpec(raw: unknown, source = 'spec'): DiffusersSpec {
  const parsed = DiffusersSpecSchema.safeParse(raw);
  const lines = parsed.success
    ? crossFieldLines(parsed.data)
    : parsed.error.issues.flatMap((iss) =>
        iss.code === 'unrecognized_keys'
          ? iss.keys.map((k) => `${formatPath([...iss.path, k])}: unknown key`)
          : [`${formatPath(iss.path)}: ${iss.message}`],
      );
  if (lines.length > 0)
    throw new KilnError(
      'SPEC_INVALID',
      lines.map((l) => `${source}: ${l}`),
    );
  return parsed.data as DiffusersSpec;
}
