/**
 * WebGPU's default limits, checked at compile time: every buffer of the program is bound whole
 * as one storage binding, so a tensor (or a step's packed weights) larger than
 * maxStorageBufferBindingSize would only fail when a device refuses the bind group. A browser
 * gives these defaults unless a page asks for more, so a bundle that exceeds them is refused
 * here, naming the tensor, what it needs and the limit.
 */
import { KilnError } from '../../runtime/errors.js';
import type { Program } from '../lower/kernel.js';

export const DEFAULT_LIMITS = {
  maxStorageBufferBindingSize: 128 * 2 ** 20,
  maxBufferSize: 256 * 2 ** 20,
} as const;

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes % 2 ** 20 === 0 ? 0 : 1)} MiB`;

/** One line per buffer over a limit; empty when the program fits. */
export function limitProblems(p: Program, limits = DEFAULT_LIMITS): string[] {
  const problems: string[] = [];
  for (const b of p.buffers) {
    const bytes = 4 * b.shape.reduce((a, d) => a * d, 1);
    const what = b.kind === 'params' ? `the weights of ${b.name}` : `${b.kind} tensor ${b.name}`;
    const shape = `[${b.shape.join(',')}]`;
    if (bytes > limits.maxBufferSize)
      problems.push(
        `${what} ${shape} needs ${mib(bytes)} in one buffer, over WebGPU's default maxBufferSize of ${mib(limits.maxBufferSize)}`,
      );
    else if (bytes > limits.maxStorageBufferBindingSize)
      problems.push(
        `${what} ${shape} needs ${mib(bytes)} in one storage binding, over WebGPU's default maxStorageBufferBindingSize of ${mib(limits.maxStorageBufferBindingSize)}`,
      );
  }
  return problems;
}

export function checkLimits(p: Program, limits = DEFAULT_LIMITS): void {
  const problems = limitProblems(p, limits);
  if (problems.length > 0)
    throw new KilnError(
      'SPEC_INVALID',
      problems.map((l) => `${p.name}: ${l}; use a smaller input or fewer channels`),
    );
}
