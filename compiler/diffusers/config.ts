/**
 * diffusers' config.json for UNet2DModel and UNet2DConditionModel, as zod schemas: every key
 * their constructors take, with diffusers' default for each key a config leaves out (configs
 * written by older diffusers versions omit the keys added since). Keys starting with `_`
 * (`_class_name`, `_diffusers_version`, `_name_or_path`, ...) are diffusers' bookkeeping; any
 * other key is unknown and refused, so a config is never half understood.
 *
 * This file only reads values and their types; what Kiln supports is decided in import.ts.
 */
import { z } from 'zod';
import { describe } from '../spec/schema.js';

const int = (min: number, max: number) =>
  z
    .unknown()
    .superRefine((v, ctx) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
        ctx.addIssue({
          code: 'custom',
          message: `must be an integer from ${min} to ${max}, got ${describe(v)}`,
        });
    })
    .transform((v) => v as number);

const num = (min: number, max: number) =>
  z
    .unknown()
    .superRefine((v, ctx) => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v <= min || v > max)
        ctx.addIssue({
          code: 'custom',
          message: `must be a number above ${min} and at most ${max}, got ${describe(v)}`,
        });
    })
    .transform((v) => v as number);

const bool = z.boolean({ error: (iss) => `must be true or false, got ${describe(iss.input)}` });
const str = z.string({ error: (iss) => `must be a string, got ${describe(iss.input)}` });
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item, { error: (iss) => `must be a list, got ${describe(iss.input)}` })
    .min(1, { error: 'must not be empty' })
    .max(8, {
      error: 'must list at most 8 entries (levels)',
    });
const orList = <T extends z.ZodType>(item: T) =>
  z.union([item, list(item)], {
    error: (iss) => `must be a value or a list of values, got ${describe(iss.input)}`,
  });

const CHANNELS = int(1, 8192);
const SIZE = int(1, 8192);

/** Keys both classes share, with diffusers' defaults where they agree. */
const common = {
  sample_size: z
    .union([SIZE, z.tuple([SIZE, SIZE])], {
      error: (iss) => `must be an integer or [height, width], got ${describe(iss.input)}`,
    })
    .nullable(),
  in_channels: int(1, 4096),
  out_channels: int(1, 4096),
  center_input_sample: bool,
  time_embedding_type: str,
  time_embedding_dim: int(1, 32768).nullable(),
  freq_shift: int(-8192, 8192),
  flip_sin_to_cos: bool,
  down_block_types: list(str),
  mid_block_type: str.nullable(),
  up_block_types: list(str),
  block_out_channels: list(CHANNELS),
  mid_block_scale_factor: num(0, 1e6),
  downsample_padding: int(0, 8),
  dropout: num(-1, 1),
  act_fn: str,
  norm_num_groups: int(1, 1024).nullable(),
  norm_eps: num(0, 1),
  resnet_time_scale_shift: str,
  class_embed_type: str.nullable(),
  num_class_embeds: int(1, 1 << 20).nullable(),
};

export const UNet2DConfigSchema = z
  .object({
    ...common,
    layers_per_block: int(1, 32),
    downsample_type: str,
    upsample_type: str,
    attention_head_dim: int(1, 8192).nullable(),
    attn_norm_num_groups: int(1, 1024).nullable(),
    add_attention: bool,
    num_train_timesteps: int(1, 1 << 20).nullable(),
  })
  .partial();

export const UNet2DConditionConfigSchema = z
  .object({
    ...common,
    only_cross_attention: orList(bool),
    layers_per_block: orList(int(1, 32)),
    cross_attention_dim: orList(CHANNELS),
    transformer_layers_per_block: orList(z.union([int(1, 64), list(int(1, 64))])),
    reverse_transformer_layers_per_block: z.unknown(),
    encoder_hid_dim: int(1, 1 << 20).nullable(),
    encoder_hid_dim_type: str.nullable(),
    attention_head_dim: orList(int(1, 8192)),
    num_attention_heads: z.unknown(),
    dual_cross_attention: bool,
    use_linear_projection: bool,
    addition_embed_type: str.nullable(),
    addition_time_embed_dim: int(1, 1 << 20).nullable(),
    upcast_attention: bool,
    resnet_skip_time_act: bool,
    resnet_out_scale_factor: num(0, 1e6),
    time_embedding_act_fn: str.nullable(),
    timestep_post_act: str.nullable(),
    time_cond_proj_dim: int(1, 1 << 20).nullable(),
    conv_in_kernel: int(1, 15),
    conv_out_kernel: int(1, 15),
    projection_class_embeddings_input_dim: int(1, 1 << 20).nullable(),
    attention_type: str,
    class_embeddings_concat: bool,
    mid_block_only_cross_attention: bool.nullable(),
    cross_attention_norm: str.nullable(),
    addition_embed_type_num_heads: int(1, 1 << 20),
  })
  .partial();

export type UNet2DConfig = z.infer<typeof UNet2DConfigSchema>;
export type UNet2DConditionConfig = z.infer<typeof UNet2DConditionConfigSchema>;

/** diffusers' defaults (the constructors' signatures), for the keys a config leaves out. */
export const UNET2D_DEFAULTS = {
  sample_size: null,
  in_channels: 3,
  out_channels: 3,
  center_input_sample: false,
  time_embedding_type: 'positional',
  time_embedding_dim: null,
  freq_shift: 0,
  flip_sin_to_cos: true,
  down_block_types: ['DownBlock2D', 'AttnDownBlock2D', 'AttnDownBlock2D', 'AttnDownBlock2D'],
  mid_block_type: 'UNetMidBlock2D',
  up_block_types: ['AttnUpBlock2D', 'AttnUpBlock2D', 'AttnUpBlock2D', 'UpBlock2D'],
  block_out_channels: [224, 448, 672, 896],
  layers_per_block: 2,
  mid_block_scale_factor: 1,
  downsample_padding: 1,
  downsample_type: 'conv',
  upsample_type: 'conv',
  dropout: 0,
  act_fn: 'silu',
  attention_head_dim: 8,
  norm_num_groups: 32,
  attn_norm_num_groups: null,
  norm_eps: 1e-5,
  resnet_time_scale_shift: 'default',
  add_attention: true,
  class_embed_type: null,
  num_class_embeds: null,
  num_train_timesteps: null,
} satisfies Required<UNet2DConfig>;

export const UNET2D_CONDITION_DEFAULTS = {
  sample_size: null,
  in_channels: 4,
  out_channels: 4,
  center_input_sample: false,
  flip_sin_to_cos: true,
  freq_shift: 0,
  down_block_types: [
    'CrossAttnDownBlock2D',
    'CrossAttnDownBlock2D',
    'CrossAttnDownBlock2D',
    'DownBlock2D',
  ],
  mid_block_type: 'UNetMidBlock2DCrossAttn',
  up_block_types: ['UpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D', 'CrossAttnUpBlock2D'],
  only_cross_attention: false,
  block_out_channels: [320, 640, 1280, 1280],
  layers_per_block: 2,
  downsample_padding: 1,
  mid_block_scale_factor: 1,
  dropout: 0,
  act_fn: 'silu',
  norm_num_groups: 32,
  norm_eps: 1e-5,
  cross_attention_dim: 1280,
  transformer_layers_per_block: 1,
  reverse_transformer_layers_per_block: null,
  encoder_hid_dim: null,
  encoder_hid_dim_type: null,
  attention_head_dim: 8,
  num_attention_heads: null,
  dual_cross_attention: false,
  use_linear_projection: false,
  class_embed_type: null,
  addition_embed_type: null,
  addition_time_embed_dim: null,
  num_class_embeds: null,
  upcast_attention: false,
  resnet_time_scale_shift: 'default',
  resnet_skip_time_act: false,
  resnet_out_scale_factor: 1,
  time_embedding_type: 'positional',
  time_embedding_dim: null,
  time_embedding_act_fn: null,
  timestep_post_act: null,
  time_cond_proj_dim: null,
  conv_in_kernel: 3,
  conv_out_kernel: 3,
  projection_class_embeddings_input_dim: null,
  attention_type: 'default',
  class_embeddings_concat: false,
  mid_block_only_cross_attention: null,
  cross_attention_norm: null,
  addition_embed_type_num_heads: 64,
} satisfies Required<UNet2DConditionConfig>;
