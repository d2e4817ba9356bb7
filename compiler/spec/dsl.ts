/**
 * A TypeScript DSL for specs. The builders return exactly the JSON a spec file holds (the same
 * objects `kiln` reads), and every argument is typed by the spec's own schema types, so a wrong
 * or misspelled key is a type error in the editor:
 *
 *   import { attention, level, res, specJson, unet } from 'kiln/compiler/spec/dsl.js';
 *   const spec = unet({
 *     name: 'ddpm-unet-32',
 *     input: { batch: 1, channels: 3, height: 32, width: 32 },
 *     outChannels: 3, timeDim: 128, groups: 8,
 *     levels: [level(32, { resBlocks: 2 }), level(64, { resBlocks: 2, attentionHeads: 4 }), level(64, { resBlocks: 2 })],
 *     bottleneck: [res(), attention(4), res()],
 *   });
 *   writeFileSync('specs/ddpm-unet-32.json', specJson(spec));
 *
 * Cross-field rules (divisibility, spatial halving) are checked by `specJson` / `checked`, with
 * the same messages as `kiln compile`.
 */
import type { ActivationName } from '../ir/activations.js';
import { validateSpec } from './check.js';
import type {
  BlocksSpec,
  BottleneckBlock,
  Input,
  Level,
  SeedSpec,
  SeedUnet,
  Spec,
} from './schema.js';

/** One level: `channels` wide, `resBlocks` ResBlocks (default 1), each followed by attention with `attentionHeads` heads if given. */
export function level(
  channels: number,
  opts: { resBlocks?: number; attentionHeads?: number } = {},
): Level {
  return {
    channels,
    resBlocks: opts.resBlocks ?? 1,
    ...(opts.attentionHeads !== undefined ? { attentionHeads: opts.attentionHeads } : {}),
  };
}

/** A bottleneck ResBlock. */
export const res = (): BottleneckBlock => ({ type: 'res' });

/** A bottleneck self-attention block. */
export const attention = (heads: number): BottleneckBlock => ({ type: 'attention', heads });

export interface UnetOptions {
  $schema?: string;
  name: string;
  input: Input;
  outChannels: number;
  /** Width of init_conv; default levels[0].channels. */
  stemChannels?: number;
  timeDim: number;
  groups: number;
  /** The ResBlocks' activation; default silu. */
  activation?: ActivationName;
  levels: Level[];
  bottleneck: BottleneckBlock[];
  /** Class conditioning: `classes` ids plus the null label (see schema.ts). */
  classes?: number;
}

/** A spec in the general form (`blocks`). */
export function unet(o: UnetOptions): BlocksSpec {
  return {
    ...(o.$schema !== undefined ? { $schema: o.$schema } : {}),
    name: o.name,
    input: {
      batch: o.input.batch,
      channels: o.input.channels,
      height: o.input.height,
      width: o.input.width,
    },
    blocks: {
      outChannels: o.outChannels,
      ...(o.stemChannels !== undefined ? { stemChannels: o.stemChannels } : {}),
      timeDim: o.timeDim,
      groups: o.groups,
      ...(o.activation !== undefined ? { activation: o.activation } : {}),
      levels: o.levels.map((l) => ({ ...l })),
      bottleneck: o.bottleneck.map((b) => ({ ...b })),
      ...(o.classes !== undefined ? { classes: o.classes } : {}),
    },
  };
}

/** A spec in the seed preset form (`unet`): exactly UNet(...) of the reference. */
export function seedUnet(o: { $schema?: string; name: string; input: Input } & SeedUnet): SeedSpec {
  const { $schema, name, input, ...u } = o;
  return {
    ...($schema !== undefined ? { $schema } : {}),
    name,
    input: { ...input },
    unet: {
      outChannels: u.outChannels,
      baseChannels: u.baseChannels,
      channelMults: [...u.channelMults],
      timeDim: u.timeDim,
      groups: u.groups,
      attentionHeads: u.attentionHeads,
      ...(u.classes !== undefined ? { classes: u.classes } : {}),
    },
  };
}

/** Validates a spec (throws KilnError('SPEC_INVALID') with one line per problem) and returns it. */
export function checked<S extends Spec>(spec: S): S {
  validateSpec(spec, spec.name);
  return spec;
}

/** The spec file's text: validated, 2-space JSON with a trailing newline. */
export function specJson(spec: Spec): string {
  return `${JSON.stringify(checked(spec), null, 2)}\n`;
}
