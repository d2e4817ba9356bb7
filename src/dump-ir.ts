/**
 * `kiln compile --dump-ir <dir>` (or KILN_DUMP_IR=<dir>): the IR as built and after each pass,
 * as <dir>/NN-<stage>.ir. The pass pipeline itself stays pure; this is the observer it calls.
 * The CLI makes <dir> (and proves it writable) before compiling: no recursive mkdir here, which
 * never returns under /proc.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Graph } from '../compiler/ir/graph.js';
import { printGraph } from '../compiler/ir/print.js';
import { KilnError } from '../runtime/errors.js';

export function irDumper(dir: string, flag: string): (stage: string, g: Graph) => void {
  let index = 0;
  return (stage, g) => {
    const file = join(dir, `${String(index++).padStart(2, '0')}-${stage}.ir`);
    try {
      writeFileSync(file, printGraph(g));
    } catch (e) {
      throw new KilnError(
        'CLI_USAGE',
        `${flag}: cannot write ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      );
    }
  };
}
