/**
 * The pass pipeline: an ordered list of passes, one file each, readable top to bottom. Each
 * pass is a list of rewrite rules run to a fixed point by the one engine in rewrite.ts, and
 * states which passes must have run before it. `kiln compile --no-fuse` runs none of them (the
 * plain path, kept for ablation and as a second oracle). Passes never invent weights: fused
 * ops reference the original state_dict() params, so a bundle always loads a checkpoint
 * unchanged. runPasses is pure: whoever wants the IR after each pass (`--dump-ir`) passes
 * `observe`.
 */
import type { Graph } from '../ir/graph.js';
import { IrError } from '../ir/ops.js';
import { verifyGraph } from '../ir/verify.js';
import { fuseLinearAct } from './fuse-linear-act.js';
import { fuseLinearGeglu } from './fuse-linear-geglu.js';
import { fuseNormConv } from './fuse-norm-conv.js';
import { fuseResidual } from './fuse-residual.js';
import { fuseTimeBias } from './fuse-time-bias.js';
import { applyRules, type Pass } from './rewrite.js';

export type { Pass };

export const PIPELINE: readonly Pass[] = [
  fuseNormConv, // GroupNorm (+SiLU) into the next conv's loads; every conv onto the tiled kernel
  fuseTimeBias, // all time projections in one op; each conv adds its columns in the store
  fuseResidual, // residual adds (and 1x1 shortcuts) into the second conv of each block
  fuseLinearAct, // GELU into the time MLP's first linear
  fuseLinearGeglu, // GEGLU into the transformer feed-forward's projection
];
// How a 4x4/s2 ConvTranspose runs (as phase convolutions) is a lowering decision, made by its
// kernel variants (compiler/lower/registry.ts), not a rewrite.

export interface PassOptions {
  /** Run the fusion passes (default true). */
  readonly fuse?: boolean;
  /** Called with the graph as built ('build') and after each pass, by pass name. */
  readonly observe?: (stage: string, g: Graph) => void;
}

/** The pipeline's `requires`, checked: each pass's prerequisites run before it. */
export function checkPipeline(passes: readonly Pass[]): string[] {
  const problems: string[] = [];
  passes.forEach((p, i) => {
    for (const r of p.requires)
      if (!passes.slice(0, i).some((q) => q.name === r))
        problems.push(`pass ${p.name} requires ${r} before it`);
  });
  return problems;
}

/** One pass, to its fixed point, with the graph verified after it. */
export function runPass(pass: Pass, g: Graph): Graph {
  const out = applyRules(g, pass.rules, pass.name);
  const problems = verifyGraph(out);
  if (problems.length > 0)
    throw new IrError(`pass ${pass.name} left an invalid graph:\n  ${problems.join('\n  ')}`);
  return out;
}

export function runPasses(g: Graph, opts: PassOptions = {}, passes = PIPELINE): Graph {
  opts.observe?.('build', g);
  if (opts.fuse === false) return g;
  const order = checkPipeline(passes);
  if (order.length > 0) throw new IrError(order.join('; '));
  let out = g;
  for (const p of passes) {
    out = runPass(p, out);
    opts.observe?.(p.name, out);
  }
  return out;
}
