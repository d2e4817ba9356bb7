/**
 * The compile-time facts a bundle carries per dispatch (see ManifestStep in
 * runtime/format/manifest.ts): worked out once, from the lowered program, and written into the
 * manifest; `kiln inspect` prints the same list.
 */
import type { ManifestStep, Target } from '../runtime/format/manifest.js';
import type { Program } from './lower/kernel.js';

export function stepFacts(program: Program, target: Target): ManifestStep[] {
  return program.steps.map((s) => {
    const kernel = program.kernels[s.kernel];
    if (!kernel) throw new Error(`step ${s.label}: no kernel ${s.kernel}`);
    return {
      label: s.scope,
      op: s.op,
      kernel: `source/${target}/kernels/${kernel.file}`,
      workgroups: [s.grid[0], s.grid[1], s.grid[2]],
      flops: s.flops,
      bytes: s.bytes,
    };
  });
}

export function totals(steps: readonly ManifestStep[]): { flops: number; bytes: number } {
  return {
    flops: steps.reduce((a, s) => a + s.flops, 0),
    bytes: steps.reduce((a, s) => a + s.bytes, 0),
  };
}
