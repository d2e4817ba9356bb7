/**
 * The spec language's types, as zod schemas. Structural checks (types, ranges, unknown keys)
 * live here; checks that relate several fields (divisibility, spatial halving) live in
 * `check.ts`, so that every problem of a spec is reported at once with its path.
 *
 * A spec is one JSON document: `name`, `input`, and exactly one of
 * - `unet`: the seed preset, exactly `UNet(...)` of shared/reference/seed_unet.py;
 * - `blocks`: the general form (levels with their own widths, ResBlock counts and attention,
 *   a bottleneck list). The seed preset expands into it (`expand.ts`).
 *
 * The JSON Schema shipped as `compiler/spec/spec.schema.json` is generated from these schemas
 * (`json-schema.ts`); each custom-validated field carries its JSON Schema in `.meta()`.
 */
import { z } from 'zod';
import { ACTIVATION_NAMES } from '../ir/activations.js';

export function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number') return String(v);
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

export const isPositiveInt = (v: unknown, max: number): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max;

/** A positive integer with messages that say what was given, not zod's generic wording. */
export function positiveInt(
  max = 1 << 20,
  description?: string,
  jsonSchema: Record<string, unknown> = {},
) {
  return z
    .unknown()
    .superRefine((v, ctx) => {
      if (v === undefined)
        ctx.addIssue({ code: 'custom', message: 'is required (a positive integer)' });
      else if (!isPositiveInt(v, max))
        ctx.addIssue({
          code: 'custom',
          message: `must be an integer from 1 to ${max}, got ${describe(v)}`,
        });
    })
    .transform((v) => v as number)
    .meta({
      type: 'integer',
      minimum: 1,
      maximum: max,
      ...(description ? { description } : {}),
      ...jsonSchema,
    } as Record<string, unknown>);
}

export const objectOf = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'invalid_type'
        ? iss.input === undefined
          ? 'is required (an object)'
          : `must be an object, got ${describe(iss.input)}`
        : undefined,
  });

export const arrayOf = <T extends z.ZodType>(
  item: T,
  what: string,
  min: number,
  max: number,
  noun: string,
) =>
  z
    .array(item, {
      error: (iss) =>
        iss.input === undefined
          ? `is required (an array of ${what})`
          : `must be an array of ${what}, got ${describe(iss.input)}`,
    })
    .min(min, {
      error: `must list at least ${min === 1 ? 'one' : min} ${noun}${min === 1 ? '' : 's'}`,
    })
    .max(max, { error: `must list at most ${max} ${noun}s` });

export const InputSchema = objectOf({
  batch: positiveInt(64, 'batch size N of x [N,C,H,W] and t [N]'),
  channels: positiveInt(4096, 'channels C of the input x'),
  height: positiveInt(8192, 'height H of x; must be halvable once per level'),
  width: positiveInt(8192, 'width W of x; must be halvable once per level'),
}).meta({
  description:
    'The fixed input shape: x is f32 [batch, channels, height, width], t is f32 [batch].',
});

export const SeedUnetSchema = objectOf({
  outChannels: positiveInt(4096, 'channels of the output'),
  baseChannels: positiveInt(
    8192,
    'width of init_conv; level i has baseChannels x channelMults[i] channels',
  ),
  channelMults: arrayOf(positiveInt(64), 'positive integers', 1, 8, 'level'),
  timeDim: positiveInt(8192, 'width of the time embedding (even, at least 4)', {
    minimum: 4,
    multipleOf: 2,
  }),
  groups: positiveInt(1024, 'GroupNorm groups everywhere'),
  attentionHeads: positiveInt(256, "heads of the bottleneck's self-attention"),
  classes: positiveInt(
    65536,
    'class conditioning: an embedding of classes + 1 rows (the last, id `classes`, is the null label of classifier-free guidance) added to the time embedding; the bundle then takes a `label` input',
  ).optional(),
}).meta({
  description:
    'The seed preset: exactly UNet(in_channels, outChannels, baseChannels, channelMults, timeDim, attentionHeads, groups) of seed_unet.py, plus optional class conditioning (`classes`).',
});

export const LevelSchema = objectOf({
  channels: positiveInt(8192, 'width of every ResBlock at this level (divisible by groups)'),
  resBlocks: positiveInt(16, 'ResBlocks on the down path at this level; the up path has as many'),
  attentionHeads: positiveInt(
    256,
    'if given, a self-attention block with this many heads follows every ResBlock at this level',
  ).optional(),
}).meta({
  description:
    'One resolution level: ResBlocks (each optionally followed by self-attention), then a 4x4 stride-2 downsample; mirrored on the up path.',
});

/** A bottleneck entry: `{ "type": "res" }` or `{ "type": "attention", "heads": n }`. */
export type BottleneckBlock = { type: 'res' } | { type: 'attention'; heads: number };

const BOTTLENECK_KINDS = `{ "type": "res" } or { "type": "attention", "heads": <n> }`;

export const BottleneckBlockSchema = z
  .unknown()
  .superRefine((v, ctx) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      ctx.addIssue({ code: 'custom', message: `must be ${BOTTLENECK_KINDS}, got ${describe(v)}` });
      return;
    }
    const o = v as Record<string, unknown>;
    const allowed =
      o.type === 'res' ? ['type'] : o.type === 'attention' ? ['type', 'heads'] : undefined;
    if (!allowed) {
      ctx.addIssue({
        code: 'custom',
        path: ['type'],
        message: `must be "res" or "attention", got ${describe(o.type)}`,
      });
      return;
    }
    for (const k of Object.keys(o))
      if (!allowed.includes(k))
        ctx.addIssue({ code: 'unrecognized_keys', keys: [k], input: o, message: 'unknown key' });
    if (o.type === 'attention') {
      if (o.heads === undefined)
        ctx.addIssue({
          code: 'custom',
          path: ['heads'],
          message: 'is required (a positive integer)',
        });
      else if (!isPositiveInt(o.heads, 256))
        ctx.addIssue({
          code: 'custom',
          path: ['heads'],
          message: `must be an integer from 1 to 256, got ${describe(o.heads)}`,
        });
    }
  })
  .transform((v) => v as BottleneckBlock)
  .meta({
    description:
      "A bottleneck block at the deepest level's width: a ResBlock, or self-attention with `heads` heads.",
    oneOf: [
      {
        type: 'object',
        properties: { type: { const: 'res' } },
        required: ['type'],
        additionalProperties: false,
      },
      {
        type: 'object',
        properties: {
          type: { const: 'attention' },
          heads: { type: 'integer', minimum: 1, maximum: 256 },
        },
        required: ['type', 'heads'],
        additionalProperties: false,
      },
    ],
  } as Record<string, unknown>);

/** One of `names`, with a message that lists them and says what was given. */
function oneOf<T extends string>(names: readonly T[], description: string) {
  const list = names.map((n) => JSON.stringify(n)).join(', ');
  return z
    .unknown()
    .superRefine((v, ctx) => {
      if (!names.includes(v as T))
        ctx.addIssue({ code: 'custom', message: `must be one of ${list}, got ${describe(v)}` });
    })
    .transform((v) => v as T)
    .meta({ type: 'string', enum: [...names], description } as Record<string, unknown>);
}

export const BlocksSchema = objectOf({
  outChannels: positiveInt(4096, 'channels of the output'),
  stemChannels: positiveInt(8192, 'width of init_conv (default: levels[0].channels)').optional(),
  timeDim: positiveInt(8192, 'width of the time embedding (even, at least 4)', {
    minimum: 4,
    multipleOf: 2,
  }),
  groups: positiveInt(1024, 'GroupNorm groups everywhere'),
  activation: oneOf(
    ACTIVATION_NAMES,
    "the activation after each ResBlock's two GroupNorms (default silu); the time projection and the output head keep SiLU",
  ).optional(),
  levels: arrayOf(LevelSchema, 'levels', 1, 8, 'level'),
  bottleneck: arrayOf(BottleneckBlockSchema, 'bottleneck blocks', 0, 16, 'block'),
  classes: positiveInt(
    65536,
    'class conditioning: an embedding of classes + 1 rows (the last, id `classes`, is the null label of classifier-free guidance) added to the time embedding; the bundle then takes a `label` input',
  ).optional(),
}).meta({ description: 'The general U-Net form. See README.md, "The general form".' });

export const NameSchema = z
  .string({
    error: (iss) =>
      iss.input === undefined
        ? 'is required (a string)'
        : `must be a string, got ${describe(iss.input)}`,
  })
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
    error: (iss) =>
      `must be letters, digits, '_' and '-' (at most 64, a letter or digit first), got ${describe(iss.input)}`,
  })
  .meta({ description: 'Names the bundle directory and the runner class.' });

/** The whole document, as zod sees it: `unet` and `blocks` are both optional here; check.ts requires exactly one. */
export const SpecSchema = objectOf({
  $schema: z.string({ error: 'must be a string' }).optional(),
  name: NameSchema,
  input: InputSchema,
  unet: SeedUnetSchema.optional(),
  blocks: BlocksSchema.optional(),
});

export type Input = z.infer<typeof InputSchema>;
export type SeedUnet = z.infer<typeof SeedUnetSchema>;
export type Level = z.infer<typeof LevelSchema>;
export type Blocks = z.infer<typeof BlocksSchema>;

interface SpecBase {
  $schema?: string;
  name: string;
  input: Input;
}
/** The seed preset. */
export interface SeedSpec extends SpecBase {
  unet: SeedUnet;
  blocks?: never;
}
/** The general form. */
export interface BlocksSpec extends SpecBase {
  blocks: Blocks;
  unet?: never;
}
export type Spec = SeedSpec | BlocksSpec;

export const isSeedSpec = (s: Spec): s is SeedSpec => s.unet !== undefined;
