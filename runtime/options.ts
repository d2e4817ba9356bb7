/**
 * The options objects of load(), sample() and forward() are checked the same way: each call has
 * one list of the keys it knows, and a key outside it is an OPTION_INVALID line naming it (a
 * misspelt or unsupported option must never be silently ignored).
 */
import { KilnError } from './errors.js';
import { describe } from './weights/reader.js';

/**
 * `options` as a record, or a KilnError when it is not an object. A key not in `known` is a line
 * pushed to `problems` when given (to report with the call's other problems), else thrown.
 */
export function optionRecord(
  where: string,
  options: unknown,
  known: readonly string[],
  problems?: string[],
): Record<string, unknown> {
  if (options === undefined) return {};
  if (typeof options !== 'object' || options === null || Array.isArray(options))
    throw new KilnError(
      'OPTION_INVALID',
      `${where}: options must be an object, got ${describe(options)}`,
    );
  const o = options as Record<string, unknown>;
  const unknown = Object.keys(o)
    .filter((k) => !known.includes(k))
    .map((k) => `${where}: unknown option ${k} (options: ${known.join(', ')})`);
  if (problems) problems.push(...unknown);
  else if (unknown.length > 0) throw new KilnError('OPTION_INVALID', unknown);
  return o;
}

/** An AbortSignal option, or a KilnError line. */
export function checkSignal(where: string, signal: unknown): AbortSignal | undefined {
  if (signal === undefined) return undefined;
  const s = signal as AbortSignal;
  if (typeof s !== 'object' || s === null || typeof s.aborted !== 'boolean')
    throw new KilnError('OPTION_INVALID', `${where}: signal must be an AbortSignal`);
  return s;
}
