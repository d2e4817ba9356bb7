/**
 * The IR ops a diffusers-form spec needs that compiler/ir/ops.ts does not have yet, each with
 * the modules that need it: the work list of the kernels still to build for issue 20, spec by
 * spec (docs/diffusers-architecture.md, section 9, says what each op computes). `kiln compile`
 * names them when it refuses a diffusers-form spec.
 *
 * What the op table already covers is left out: conv2d (any odd kernel, stride 2 with padding 1,
 * and 1x1 for the attention linears), group_norm with its eps, linear on [N, in], silu, add,
 * add_channel_bias, concat, attention on q|k|v concatenated (heads x headDim = channels),
 * time_sincos for flip_sin_to_cos false with freq_shift 1, and the transformer ops
 * (compiler/diffusers/transformer.ts).
 */
import type { Attention, DiffusersSpec } from './spec.js';

export interface OpNeed {
  readonly op: string;
  /** Module paths (state_dict prefixes) that need it. */
  readonly at: readonly string[];
}

export function opsNeeded(spec: DiffusersSpec): OpNeed[] {
  const d = spec.diffusers;
  const L = d.levels.length;
  const needs = new Map<string, string[]>();
  const need = (op: string, at: string) => {
    const list = needs.get(op) ?? [];
    list.push(at);
    needs.set(op, list);
  };
  if (d.centerInput) need('affine (2x - 1 on the input)', 'center_input_sample');
  if (d.time.flipSinToCos || d.time.freqShift !== 1 || d.time.channels % 2 !== 0)
    need('time_sincos with flip and shift attributes', 'time_proj');
  if (d.classEmbeds !== null) need('embedding', 'class_embedding');
  const resnets: string[] = [];
  const attention = (at: string, a: Attention | null, channels: number) => {
    if (!a) return;
    // A transformer's ops exist (compiler/diffusers/transformer.ts).
    if (a.type !== 'self') return;
    // to_q/k/v/out.0 run as 1x1 convs (a [out, in] weight is a [out, in, 1, 1] one), and the
    // attention op reads q, k, v concatenated along channels: heads x headDim must be C.
    if (a.heads * a.headDim !== channels)
      need('attention with an inner width other than the channels', at);
  };
  d.levels.forEach((lv, i) => {
    for (let j = 0; j < lv.resnets; j++) {
      resnets.push(`down_blocks.${i}.resnets.${j}`);
      attention(`down_blocks.${i}.attentions.${j}`, lv.downAttention, lv.channels);
    }
    if (i < L - 1 && d.downsamplePadding === 0)
      need('pad (0, 1, 0, 1) before a stride-2 conv', `down_blocks.${i}.downsamplers.0`);
    const u = L - 1 - i;
    for (let j = 0; j <= lv.resnets; j++) {
      resnets.push(`up_blocks.${u}.resnets.${j}`);
      attention(`up_blocks.${u}.attentions.${j}`, lv.upAttention, lv.channels);
    }
    if (i > 0) need('upsample_nearest2x', `up_blocks.${u}.upsamplers.0`);
  });
  if (d.mid) {
    resnets.push('mid_block.resnets.0', 'mid_block.resnets.1');
    attention('mid_block.attentions.0', d.mid.attention, d.levels[L - 1]!.channels);
    if (d.mid.scale !== 1) need('scale (divide by mid_block_scale_factor)', 'mid_block');
  }
  if (d.timeScaleShift === 'scale_shift') for (const r of resnets) need('scale_shift', r);
  return [...needs].map(([op, at]) => ({ op, at }));
}

/** One line naming what `spec` still needs, or undefined when the op table covers it. */
export function needsLine(spec: DiffusersSpec, source: string): string | undefined {
  const needs = opsNeeded(spec);
  if (needs.length === 0) return undefined;
  const list = needs.map(
    (n) => `${n.op} (${n.at.length === 1 ? n.at[0] : `${n.at.length} modules`})`,
  );
  return `${source}: diffusers: kiln compile needs IR ops not built yet: ${list.join(', ')}`;
}
