/**
 * The IR ops a diffusers-form spec needs that compiler/ir/ops.ts does not have yet, each with
 * the modules that need it: the work list still open for issue 20, spec by spec
 * (docs/diffusers-architecture.md, section 9, says what each op computes). `kiln compile`
 * names them when it refuses a diffusers-form spec.
 *
 * UNet2DModel and UNet2DConditionModel are covered whole (graph.ts, transformer.ts) but for
 * `num_class_embeds`, whose `embedding` op and `label` input come with the class-conditioning
 * work.
 */
import type { DiffusersSpec } from './spec.js';

export interface OpNeed {
  readonly op: string;
  /** Module paths (state_dict prefixes) that need it. */
  readonly at: readonly string[];
}

export function opsNeeded(spec: DiffusersSpec): OpNeed[] {
  const needs: OpNeed[] = [];
  if (spec.diffusers.classEmbeds !== null)
    needs.push({ op: 'embedding (the class table, with a label input)', at: ['class_embedding'] });
  return needs;
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
