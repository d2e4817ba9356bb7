/**
 * The pass pipeline: a plain ordered list of pure Graph -> Graph functions, one file each,
 * readable top to bottom. `kiln compile --no-fuse` runs none of them (the plain path, kept for
 * ablation and as a second oracle). Passes never invent weights: fused ops reference the
 * original state_dict() params, so a bundle always loads a checkpoint unchanged.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Graph } from '../ir/graph.js';
import { printGraph } from '../ir/print.js';
import { convTransposePhases } from './conv-transpose-phases.js';
import { fuseLinearAct } from './fuse-linear-act.js';
import { fuseNormConv } from './fuse-norm-conv.js';
import { fuseResidual } from './fuse-residual.js';
import { fuseTimeBias } from './fuse-time-bias.js';

export interface Pass {
  readonly name: string;
  readonly run: (g: Graph) => Graph;
}

export const PIPELINE: readonly Pass[] = [
  fuseNormConv, // GroupNorm (+SiLU) into the next conv's loads; every conv onto the tiled kernel
  fuseTimeBias, // all time projections in one op; each conv adds its columns in the store
  fuseResidual, // residual adds (and 1x1 shortcuts) into the second conv of each block
  fuseLinearAct, // GELU into the time MLP's first linear
  convTransposePhases, // 4x4/s2 up-sampling as phase convolutions
];

export interface PassOptions {
  /** Run the fusion passes (default true). */
  readonly fuse?: boolean;
  /** Write `NN-<pass>.ir` after each pass (also via KILN_DUMP_IR=dir). */
  readonly dumpDir?: string;
}

export function runPasses(g: Graph, opts: PassOptions = {}): Graph {
  const dump = opts.dumpDir ?? process.env.KILN_DUMP_IR;
  const write = (i: number, name: string, graph: Graph) => {
    if (!dump) return;
    // Not recursive: Node's recursive mkdir never returns under /proc. The CLI makes the
    // directory (and proves it writable) before compiling.
    if (!existsSync(dump)) mkdirSync(dump);
    writeFileSync(join(dump, `${String(i).padStart(2, '0')}-${name}.ir`), printGraph(graph));
  };
  write(0, 'build', g);
  if (opts.fuse === false) return g;
  let out = g;
  PIPELINE.forEach((p, i) => {
    out = p.run(out);
    write(i + 1, p.name, out);
  });
  return out;
}
