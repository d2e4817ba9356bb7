/**
 * The one size limit checked at compile time. A buffer up to 128 MiB is bound whole, a larger
 * one as consecutive 128 MiB ranges (compiler/lower/split.ts), and a bundle records the limits it
 * needs (compiler/emit/limits.ts): load() asks the adapter for exactly those above WebGPU's
 * defaults (256 MiB per buffer) and refuses, with the numbers, only an adapter that cannot give
 * them (runtime/format/limits.ts). What no adapter can hold is refused here: a buffer of 4 GiB or
 * more (the kernels index f32 elements with u32, and Dawn offers no buffer past 4 GiB - 1 byte).
 */
import { KilnError } from '../../runtime/errors.js';
import type { Program } from '../lower/kernel.js';

/** The largest buffer any adapter may make (Dawn's maxBufferSize cap, less a byte's rounding). */
export const MAX_BINDING_BYTES = 2 ** 32 - 4;

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes % 2 ** 20 === 0 ? 0 : 1)} MiB`;

/** One line per buffer too large for any adapter; empty when the program fits. */
export function limitProblems(p: Program, maxBytes = MAX_BINDING_BYTES): string[] {
  const problems: string[] = [];
  for (const b of p.buffers) {
    const bytes = 4 * b.shape.reduce((a, d) => a * d, 1);
    const what = b.kind === 'params' ? `the weights of ${b.name}` : `${b.kind} tensor ${b.name}`;
    if (bytes > maxBytes)
      problems.push(
        `${what} [${b.shape.join(',')}] needs ${mib(bytes)} in one buffer, over the ${mib(maxBytes)} any WebGPU adapter can hold`,
      );
  }
  return problems;
}

export function checkLimits(p: Program, maxBytes = MAX_BINDING_BYTES): void {
  const problems = limitProblems(p, maxBytes);
  if (problems.length > 0)
    throw new KilnError(
      'SPEC_INVALID',
      problems.map((l) => `${p.name}: ${l}; use a smaller input or fewer channels`),
    );
}
