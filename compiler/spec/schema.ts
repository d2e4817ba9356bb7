/**
 * The spec language's types, as zod schemas. Structural checks (types, ranges, unknown keys)
 * live here; checks that relate several fields (divisibility, spatial halving) live in
 * `check.ts`, so that every problem of a spec is reported at once with its path.
 */
import { z } from 'zod';

function describe(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  if (typeof v === 'number') return String(v);
  return `a ${typeof v}`;
}

/** A positive integer with messages that say what was given, not zod's generic wording. */
export function positiveInt(max = 1 << 20) {
  return z
    .unknown()
    .superRefine((v, ctx) => {
      if (v === undefined) ctx.addIssue({ code: 'custom', message: 'is required (a positive integer)' });
      else if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max)
        ctx.addIssue({ code: 'custom', message: `must be an integer from 1 to ${max}, got ${describe(v)}` });
    })
    .transform((v) => v as number);
}

const objectOf = <T extends z.ZodRawShape>(shape: T) =>
  z.strictObject(shape, {
    error: (iss) =>
      iss.code === 'invalid_type'
        ? iss.input === undefined
          ? 'is required (an object)'
          : `must be an object, got ${describe(iss.input)}`
        : undefined,
  });

export const InputSchema = objectOf({
  batch: positiveInt(64),
  channels: positiveInt(4096),
  height: positiveInt(8192),
  width: positiveInt(8192),
});

export const SeedUnetSchema = objectOf({
  outChannels: positiveInt(4096),
  baseChannels: positiveInt(8192),
  channelMults: z
    .array(positiveInt(64), {
      error: (iss) => (iss.input === undefined ? 'is required (an array of positive integers)' : `must be an array of positive integers, got ${describe(iss.input)}`),
    })
    .min(1, { error: 'must list at least one level' })
    .max(8, { error: 'must list at most 8 levels' }),
  timeDim: positiveInt(8192),
  groups: positiveInt(1024),
  attentionHeads: positiveInt(256),
});

export const SpecSchema = objectOf({
  $schema: z.string({ error: 'must be a string' }).optional(),
  name: z
    .string({ error: (iss) => (iss.input === undefined ? 'is required (a string)' : `must be a string, got ${describe(iss.input)}`) })
    .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, {
      error: (iss) => `must be letters, digits, '_' and '-' (at most 64, a letter or digit first), got ${describe(iss.input)}`,
    }),
  input: InputSchema,
  unet: SeedUnetSchema,
});

export type Spec = z.infer<typeof SpecSchema>;
export type SeedUnet = Spec['unet'];
