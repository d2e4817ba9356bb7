/**
 * `kiln import`: a diffusers config.json -> a diffusers-form spec (spec.ts). Here diffusers'
 * quirks are resolved once, as diffusers' constructors resolve them:
 * - UNet2DModel: `attention_head_dim` is the width of a head (null: one head as wide as the
 *   block); heads = floor(channels / attention_head_dim), so heads x width may be below the
 *   channels. The mid block's attention has a GroupNorm of `attn_norm_num_groups` groups, or of
 *   `norm_num_groups` when that is null and the time injection is "default", else none.
 * - UNet2DConditionModel: `attention_head_dim` (per level or one value) is, despite its name,
 *   the number of heads (`num_attention_heads` must stay null, as diffusers requires), and a
 *   head is floor(channels / heads) wide. Up block j takes the lists reversed, i.e. the
 *   values of the level it mirrors.
 * Anything diffusers would build differently from what the spec can say is refused with one
 * line naming the key and the value: never silently dropped.
 */
import { KilnError } from '../../runtime/errors.js';
import { formatPath } from '../spec/check.js';
import { describe } from '../spec/schema.js';
import {
  UNET2D_CONDITION_DEFAULTS,
  UNET2D_DEFAULTS,
  UNet2DConditionConfigSchema,
  UNet2DConfigSchema,
} from './config.js';
import {
  validateDiffusersSpec,
  type Attention,
  type DiffusersLevel,
  type DiffusersSpec,
} from './spec.js';

export interface ImportOptions {
  readonly name: string;
  readonly batch: number;
  readonly contextLength: number;
}

const CLASSES = ['UNet2DModel', 'UNet2DConditionModel'] as const;

/** A refusal or a bad value: collected, then thrown together. */
class Problems {
  readonly lines: string[] = [];
  private readonly keys = new Set<string>();
  /** One line per key: a bad value that several blocks use is reported once. */
  add(key: string, message: string): void {
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.lines.push(`${key}: ${message}`);
  }
  unsupported(key: string, value: unknown, supported: string): void {
    this.add(key, `${describe(value)} is not supported; Kiln supports ${supported}`);
  }
}

/** Values diffusers spells two ways (a scalar for every level, or one per level). */
function perLevel<T>(p: Problems, key: string, v: T | readonly T[], levels: number): T[] {
  if (!Array.isArray(v)) return Array.from({ length: levels }, () => v as T);
  if (v.length !== levels)
    p.add(
      key,
      `lists ${count(v.length, 'value')} but block_out_channels lists ${count(levels, 'level')}`,
    );
  return Array.from({ length: levels }, (_, i) => (v as readonly T[])[Math.min(i, v.length - 1)]!);
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

const stripRes = (t: string) => (t.startsWith('UNetRes') ? t.slice(7) : t);

export function importConfig(
  raw: unknown,
  opts: ImportOptions,
  source = 'config.json',
): DiffusersSpec {
  const fail = (lines: string[]) =>
    new KilnError(
      'SPEC_INVALID',
      lines.map((l) => `${source}: ${l}`),
    );
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
    throw fail([`must be a JSON object (a diffusers config.json), got ${describe(raw)}`]);
  const o = raw as Record<string, unknown>;
  const cls = o._class_name;
  if (cls === undefined)
    throw fail(['_class_name: is required (UNet2DModel or UNet2DConditionModel)']);
  if (!CLASSES.includes(cls as (typeof CLASSES)[number]))
    throw fail([
      `_class_name: ${describe(cls)} is not supported (Kiln imports UNet2DModel and UNet2DConditionModel)`,
    ]);
  const conditional = cls === 'UNet2DConditionModel';
  const schema = conditional ? UNet2DConditionConfigSchema : UNet2DConfigSchema;
  const known = new Set(Object.keys(schema.shape));
  const p = new Problems();
  const body: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k.startsWith('_')) continue;
    if (!known.has(k)) p.add(k, `unknown key for ${cls}`);
    else body[k] = v;
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    for (const iss of parsed.error.issues) p.add(formatPath(iss.path), iss.message);
  if (p.lines.length > 0) throw fail(p.lines);
  const spec = conditional
    ? fromCondition(
        {
          ...UNET2D_CONDITION_DEFAULTS,
          ...(parsed.data as object),
        } as typeof UNET2D_CONDITION_DEFAULTS,
        opts,
        p,
      )
    : fromUNet2D(
        { ...UNET2D_DEFAULTS, ...(parsed.data as object) } as typeof UNET2D_DEFAULTS,
        opts,
        p,
      );
  if (p.lines.length > 0 || !spec) throw fail(p.lines);
  return validateDiffusersSpec(spec, source);
}

type Common = typeof UNET2D_DEFAULTS | typeof UNET2D_CONDITION_DEFAULTS;

/** Checks and values both classes share; undefined after a problem that stops the import. */
function common(c: Common, p: Problems) {
  const L = c.block_out_channels.length;
  if (c.down_block_types.length !== L)
    p.add(
      'down_block_types',
      `lists ${count(c.down_block_types.length, 'block')} but block_out_channels lists ${count(L, 'level')}`,
    );
  if (c.up_block_types.length !== c.down_block_types.length)
    p.add(
      'up_block_types',
      `lists ${count(c.up_block_types.length, 'block')} but down_block_types lists ${c.down_block_types.length}`,
    );
  if (c.time_embedding_type !== 'positional')
    p.unsupported('time_embedding_type', c.time_embedding_type, '"positional"');
  if (c.act_fn !== 'silu' && c.act_fn !== 'swish')
    p.unsupported('act_fn', c.act_fn, '"silu" and "swish"');
  if (c.resnet_time_scale_shift !== 'default' && c.resnet_time_scale_shift !== 'scale_shift')
    p.unsupported(
      'resnet_time_scale_shift',
      c.resnet_time_scale_shift,
      '"default" and "scale_shift"',
    );
  if (c.class_embed_type !== null)
    p.unsupported(
      'class_embed_type',
      c.class_embed_type,
      'null (num_class_embeds alone gives a class embedding table)',
    );
  if (c.downsample_padding > 1)
    p.unsupported('downsample_padding', c.downsample_padding, '0 and 1');
  if (c.norm_num_groups === null) p.unsupported('norm_num_groups', null, 'a number of groups');
  if (c.sample_size === null)
    p.add('sample_size', 'is null; Kiln compiles one fixed size: set sample_size');
  const groups = c.norm_num_groups ?? 1;
  const undivided = c.block_out_channels.filter((ch) => ch % groups !== 0);
  if (undivided.length > 0)
    p.add(
      'norm_num_groups',
      `${groups} groups do not divide ${undivided.join(', ')} of block_out_channels [${c.block_out_channels.join(', ')}]`,
    );
  const [height, width] = Array.isArray(c.sample_size)
    ? c.sample_size
    : [c.sample_size ?? 1, c.sample_size ?? 1];
  const halvings = L - 1;
  const size = c.sample_size as number | number[] | null;
  if (size !== null && (height! % 2 ** halvings !== 0 || width! % 2 ** halvings !== 0))
    p.add(
      'sample_size',
      `${Array.isArray(size) ? `[${size.join(', ')}]` : size} cannot be halved ${count(halvings, 'time')} (by every down block but the last); use a multiple of ${2 ** halvings}`,
    );
  return { L, groups, height: height!, width: width! };
}

function fromUNet2D(
  c: typeof UNET2D_DEFAULTS,
  opts: ImportOptions,
  p: Problems,
): DiffusersSpec | undefined {
  const { L, groups, height, width } = common(c, p);
  if (c.downsample_type !== 'conv') p.unsupported('downsample_type', c.downsample_type, '"conv"');
  if (c.upsample_type !== 'conv') p.unsupported('upsample_type', c.upsample_type, '"conv"');
  if (p.lines.length > 0) return undefined;
  const selfAttention = (key: string, ch: number, attnGroups: number | null): Attention | null => {
    const headDim = c.attention_head_dim ?? ch;
    const heads = Math.floor(ch / headDim);
    if (heads === 0) {
      p.add(
        'attention_head_dim',
        `${headDim} is wider than the ${ch} channels of ${key}: no head fits`,
      );
      return null;
    }
    return { type: 'self', heads, headDim, groups: attnGroups };
  };
  const levels: DiffusersLevel[] = c.block_out_channels.map((ch, i) => {
    const down = stripRes(c.down_block_types[i]!);
    const up = stripRes(c.up_block_types[L - 1 - i]!);
    if (down !== 'DownBlock2D' && down !== 'AttnDownBlock2D')
      p.unsupported(
        `down_block_types[${i}]`,
        c.down_block_types[i],
        'DownBlock2D and AttnDownBlock2D in UNet2DModel',
      );
    if (up !== 'UpBlock2D' && up !== 'AttnUpBlock2D')
      p.unsupported(
        `up_block_types[${L - 1 - i}]`,
        c.up_block_types[L - 1 - i],
        'UpBlock2D and AttnUpBlock2D in UNet2DModel',
      );
    return {
      channels: ch,
      resnets: c.layers_per_block,
      downAttention:
        down === 'AttnDownBlock2D' ? selfAttention(`down_blocks.${i}`, ch, groups) : null,
      upAttention:
        up === 'AttnUpBlock2D' ? selfAttention(`up_blocks.${L - 1 - i}`, ch, groups) : null,
    };
  });
  let mid: DiffusersSpec['diffusers']['mid'] = null;
  if (c.mid_block_type === 'UNetMidBlock2D') {
    const attnGroups =
      c.attn_norm_num_groups ?? (c.resnet_time_scale_shift === 'default' ? groups : null);
    const ch = c.block_out_channels[L - 1]!;
    if (attnGroups !== null && ch % attnGroups !== 0)
      p.add(
        'attn_norm_num_groups',
        `${attnGroups} groups do not divide the mid block's ${ch} channels`,
      );
    mid = {
      scale: c.mid_block_scale_factor,
      attention: c.add_attention ? selfAttention('mid_block', ch, attnGroups) : null,
    };
  } else if (c.mid_block_type !== null)
    p.unsupported('mid_block_type', c.mid_block_type, 'UNetMidBlock2D and null in UNet2DModel');
  if (p.lines.length > 0) return undefined;
  return {
    name: opts.name,
    input: { batch: opts.batch, channels: c.in_channels, height, width },
    diffusers: {
      class: 'UNet2DModel',
      outChannels: c.out_channels,
      centerInput: c.center_input_sample,
      time: {
        channels: c.block_out_channels[0]!,
        flipSinToCos: c.flip_sin_to_cos,
        freqShift: c.freq_shift,
        embedDim: c.time_embedding_dim ?? 4 * c.block_out_channels[0]!,
      },
      classEmbeds: c.num_class_embeds,
      contextDim: null,
      groups,
      eps: c.norm_eps,
      timeScaleShift: c.resnet_time_scale_shift as 'default' | 'scale_shift',
      convInKernel: 3,
      convOutKernel: 3,
      downsamplePadding: c.downsample_padding as 0 | 1,
      levels,
      mid,
    },
  };
}

function fromCondition(
  c: typeof UNET2D_CONDITION_DEFAULTS,
  opts: ImportOptions,
  p: Problems,
): DiffusersSpec | undefined {
  const { L, groups, height, width } = common(c, p);
  const mustBe = (key: keyof typeof c, want: unknown, supported: string) => {
    if (c[key] !== want) p.unsupported(key, c[key], supported);
  };
  if (c.num_attention_heads !== null)
    p.add(
      'num_attention_heads',
      `${describe(c.num_attention_heads)} is not supported: diffusers' UNet2DConditionModel refuses it too; the head count is attention_head_dim`,
    );
  mustBe('encoder_hid_dim', null, 'null (no encoder_hid_proj)');
  mustBe('encoder_hid_dim_type', null, 'null (no encoder_hid_proj)');
  mustBe('addition_embed_type', null, 'null (no added embedding)');
  mustBe('time_embedding_act_fn', null, 'null');
  mustBe('timestep_post_act', null, 'null');
  mustBe('time_cond_proj_dim', null, 'null');
  mustBe('dual_cross_attention', false, 'false');
  mustBe('class_embeddings_concat', false, 'false');
  mustBe('attention_type', 'default', '"default"');
  mustBe(
    'reverse_transformer_layers_per_block',
    null,
    'null (the up blocks mirror transformer_layers_per_block)',
  );
  if (p.lines.length > 0) return undefined;
  const heads = perLevel(p, 'attention_head_dim', c.attention_head_dim, L);
  const layers = perLevel(p, 'layers_per_block', c.layers_per_block, L);
  const crossDims = perLevel(p, 'cross_attention_dim', c.cross_attention_dim, L);
  const onlyCross = perLevel(p, 'only_cross_attention', c.only_cross_attention, L);
  const tLayers = perLevel(p, 'transformer_layers_per_block', c.transformer_layers_per_block, L);
  if (new Set(crossDims).size > 1)
    p.add(
      'cross_attention_dim',
      `[${crossDims.join(', ')}] differ per level; Kiln feeds every block one context of one width`,
    );
  const transformer = (key: string, i: number): Attention | null => {
    const ch = c.block_out_channels[i]!;
    const tl = tLayers[i]!;
    if (Array.isArray(tl)) {
      p.unsupported(`transformer_layers_per_block[${i}]`, tl, 'one integer per level');
      return null;
    }
    if (onlyCross[i]) p.unsupported(`only_cross_attention`, true, 'false');
    const h = heads[i]!;
    if (h > ch) {
      p.add('attention_head_dim', `${h} heads do not fit the ${ch} channels of ${key}`);
      return null;
    }
    return {
      type: 'transformer',
      heads: h,
      headDim: Math.floor(ch / h),
      layers: tl,
      linearProjection: c.use_linear_projection,
    };
  };
  const levels: DiffusersLevel[] = c.block_out_channels.map((ch, i) => {
    const down = stripRes(c.down_block_types[i]!);
    const up = stripRes(c.up_block_types[L - 1 - i]!);
    if (down !== 'DownBlock2D' && down !== 'CrossAttnDownBlock2D')
      p.unsupported(
        `down_block_types[${i}]`,
        c.down_block_types[i],
        'DownBlock2D and CrossAttnDownBlock2D in UNet2DConditionModel',
      );
    if (up !== 'UpBlock2D' && up !== 'CrossAttnUpBlock2D')
      p.unsupported(
        `up_block_types[${L - 1 - i}]`,
        c.up_block_types[L - 1 - i],
        'UpBlock2D and CrossAttnUpBlock2D in UNet2DConditionModel',
      );
    return {
      channels: ch,
      resnets: layers[i]!,
      downAttention: down === 'CrossAttnDownBlock2D' ? transformer(`down_blocks.${i}`, i) : null,
      upAttention: up === 'CrossAttnUpBlock2D' ? transformer(`up_blocks.${L - 1 - i}`, i) : null,
    };
  });
  let mid: DiffusersSpec['diffusers']['mid'] = null;
  if (c.mid_block_type === 'UNetMidBlock2DCrossAttn')
    mid = { scale: c.mid_block_scale_factor, attention: transformer('mid_block', L - 1) };
  else if (c.mid_block_type !== null)
    p.unsupported(
      'mid_block_type',
      c.mid_block_type,
      'UNetMidBlock2DCrossAttn and null in UNet2DConditionModel',
    );
  const hasTransformer = levels.some((l) => l.downAttention || l.upAttention) || mid?.attention;
  if (p.lines.length > 0) return undefined;
  return {
    name: opts.name,
    input: {
      batch: opts.batch,
      channels: c.in_channels,
      height,
      width,
      ...(hasTransformer ? { contextLength: opts.contextLength } : {}),
    },
    diffusers: {
      class: 'UNet2DConditionModel',
      outChannels: c.out_channels,
      centerInput: c.center_input_sample,
      time: {
        channels: c.block_out_channels[0]!,
        flipSinToCos: c.flip_sin_to_cos,
        freqShift: c.freq_shift,
        embedDim: c.time_embedding_dim ?? 4 * c.block_out_channels[0]!,
      },
      classEmbeds: c.num_class_embeds,
      contextDim: hasTransformer ? crossDims[0]! : null,
      groups,
      eps: c.norm_eps,
      timeScaleShift: c.resnet_time_scale_shift as 'default' | 'scale_shift',
      convInKernel: c.conv_in_kernel,
      convOutKernel: c.conv_out_kernel,
      downsamplePadding: c.downsample_padding as 0 | 1,
      levels,
      mid,
    },
  };
}
