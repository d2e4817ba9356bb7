/**
 * Every spec reaches the IR through one form: the general `blocks` form with its defaults filled
 * in (a `Net`). The seed preset expands into it (`seedToBlocks`), so both forms build the same
 * graph with the same parameter names, in the same order.
 *
 * The naming rule (also README.md, "The general form"): inside one block (a level's down or up
 * half, or the bottleneck), modules of one kind are called `res` / `attn` when the block has one
 * of that kind, and `res1`, `res2`, ... / `attn1`, ... (in order) when it has several.
 */
import type { ActivationName } from '../ir/activations.js';
import {
  isSeedSpec,
  type BottleneckBlock,
  type BlocksSpec,
  type Input,
  type SeedSpec,
  type Spec,
} from './schema.js';

export interface NetLevel {
  readonly channels: number;
  readonly resBlocks: number;
  /** Heads of the self-attention after each ResBlock at this level; absent: none. */
  readonly attentionHeads?: number;
}

/** A spec in the general form with every default resolved: what build.ts and emit-torch read. */
export interface Net {
  readonly name: string;
  readonly input: Input;
  readonly outChannels: number;
  readonly stemChannels: number;
  readonly timeDim: number;
  readonly groups: number;
  /** The activation of every ResBlock's two norm-activation-conv stages. */
  readonly activation: ActivationName;
  readonly levels: readonly NetLevel[];
  readonly bottleneck: readonly BottleneckBlock[];
  /** Class conditioning: the embedding has classes + 1 rows, the last the null label. Absent: unconditional. */
  readonly classes?: number;
}

/** The seed preset written in the general form: one ResBlock per level, no attention at the levels, bottleneck res/attention/res. */
export function seedToBlocks(spec: SeedSpec): BlocksSpec {
  const u = spec.unet;
  return {
    ...(spec.$schema !== undefined ? { $schema: spec.$schema } : {}),
    name: spec.name,
    input: { ...spec.input },
    blocks: {
      outChannels: u.outChannels,
      stemChannels: u.baseChannels,
      timeDim: u.timeDim,
      groups: u.groups,
      levels: u.channelMults.map((m) => ({ channels: u.baseChannels * m, resBlocks: 1 })),
      bottleneck: [
        { type: 'res' },
        { type: 'attention', heads: u.attentionHeads },
        { type: 'res' },
      ],
      ...(u.classes !== undefined ? { classes: u.classes } : {}),
    },
  };
}

export function toBlocks(spec: Spec): BlocksSpec {
  return isSeedSpec(spec) ? seedToBlocks(spec) : spec;
}

export function resolveNet(spec: Spec): Net {
  const { name, input, blocks: b } = toBlocks(spec);
  return {
    name,
    input,
    outChannels: b.outChannels,
    stemChannels: b.stemChannels ?? b.levels[0]!.channels,
    timeDim: b.timeDim,
    groups: b.groups,
    activation: b.activation ?? 'silu',
    levels: b.levels.map((l) => ({
      channels: l.channels,
      resBlocks: l.resBlocks,
      ...(l.attentionHeads !== undefined ? { attentionHeads: l.attentionHeads } : {}),
    })),
    bottleneck: b.bottleneck.map((x) =>
      x.type === 'res' ? { type: 'res' } : { type: 'attention', heads: x.heads },
    ),
    ...(b.classes !== undefined ? { classes: b.classes } : {}),
  };
}

/** The module name of the j-th of `count` modules of `kind` inside one block (see the naming rule above). */
export const memberName = (kind: 'res' | 'attn', j: number, count: number) =>
  count === 1 ? kind : `${kind}${j + 1}`;

/** The bottleneck's module names, in order. */
export function bottleneckNames(blocks: readonly BottleneckBlock[]): string[] {
  const kind = (b: BottleneckBlock) => (b.type === 'res' ? 'res' : 'attn');
  const total = { res: 0, attn: 0 };
  for (const b of blocks) total[kind(b)]++;
  const seen = { res: 0, attn: 0 };
  return blocks.map((b) => {
    const k = kind(b);
    return memberName(k, seen[k]++, total[k]);
  });
}
