/**
 * The IR ops a diffusers-form spec needs that compiler/ir/ops.ts does not have yet, each with
 * the modules that need it: the work list still open for issue 20, spec by spec
 * (docs/diffusers-architecture.md, section 9, says what each op computes). `kiln compile`
 * names them when it refuses a diffusers-form spec.
 *
 * UNet2DModel is covered whole (graph.ts) but for `num_class_embeds`, whose `embedding` op and
 * `label` input come with the class-conditioning work; UNet2DConditionModel's transformers need
 * the five transformer ops.
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
  if (d.classEmbeds !== null)
    need('embedding (the class table, with a label input)', 'class_embedding');
  const attention = (at: string, a: Attention | null) => {
    if (a?.type !== 'transformer') return;
    for (const op of [
      'layer_norm',
      'token_linear',
      'cross_attention (k/v from the context)',
      'geglu',
      'to_tokens / to_map (NCHW <-> [B, HW, C])',
    ])
      need(op, at);
  };
  d.levels.forEach((lv, i) => {
    for (let j = 0; j < lv.resnets; j++)
      attention(`down_blocks.${i}.attentions.${j}`, lv.downAttention);
    const u = L - 1 - i;
    for (let j = 0; j <= lv.resnets; j++)
      attention(`up_blocks.${u}.attentions.${j}`, lv.upAttention);
  });
  if (d.mid) attention('mid_block.attentions.0', d.mid.attention);
  return [...needs].map(([op, at]) => ({ op, at }));
}

/** One line naming what `spec` still needs, or undefined when the op table covers it. */
export function needsLine(spec: DiffusersSpec, source: string): string | undefined {
  const needs = opsNeeded(spec);
  if (needs.length === 0) return undefined;
  const list = needs.map(
    (n) => `${n.op} (${n.at.length === 1 ? n.at[0] : `${n.at.length} modules`})`,
  );
  return `${source}: diffusers: needs IR ops not built yet: ${list.join(', ')}`;
}
