/**
 * Errors are data: every user-facing failure is a KilnError with a stable code and one line per
 * problem, each line naming the place (spec path, tensor name, flag, file). The CLI prints the
 * lines and exits 2; tests assert on code and lines. Anything that is not a KilnError is a bug in
 * Kiln and is allowed to show a stack trace.
 */
export type KilnErrorCode =
  | 'SPEC_INVALID'
  | 'WEIGHTS_INVALID'
  | 'INPUT_INVALID'
  | 'SAFETENSORS_INVALID'
  | 'FILE_NOT_FOUND'
  | 'FILE_EXISTS'
  | 'FILE_ERROR'
  | 'BUNDLE_INVALID'
  | 'CLI_USAGE'
  | 'NO_ADAPTER'
  | 'GPU_ERROR'
  // Raised by a bundle's model.mjs (load/forward), in Node and in browsers alike.
  | 'WEIGHTS_UNREACHABLE'
  | 'ADAPTER_LIMITS'
  | 'PIPELINE_FAILED'
  | 'DEVICE_LOST'
  | 'MODEL_DESTROYED'
  | 'OPTION_INVALID'
  | 'ABORTED';

export class KilnError extends Error {
  readonly code: KilnErrorCode;
  readonly lines: readonly string[];

  constructor(code: KilnErrorCode, lines: string | readonly string[]) {
    const all = typeof lines === 'string' ? [lines] : lines;
    super(all.join('\n'));
    this.name = 'KilnError';
    this.code = code;
    this.lines = all;
  }
}

/**
 * Also true for errors thrown by a bundle's model.mjs: it carries its own copy of this class, so
 * `instanceof` alone would miss them.
 */
export function isKilnError(e: unknown): e is KilnError {
  if (e instanceof KilnError) return true;
  const k = e as Partial<KilnError> | null;
  return (
    e instanceof Error &&
    k!.name === 'KilnError' &&
    typeof k!.code === 'string' &&
    Array.isArray(k!.lines) &&
    k!.lines.every((l) => typeof l === 'string')
  );
}
