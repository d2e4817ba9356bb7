/** The benchmarks' flag reading (npm run bench, and its --sd run): strict, one message per misuse. */

/** Bad flags: the caller prints the message in one line and exits 2. */
export class UsageError extends Error {}

/**
 * `--name value`, `--name=value` and bare switches into a map (a switch maps to true). Unknown
 * flags, repeats, a value given to a switch, a missing value and a bare word are refused.
 */
export function readFlags(
  argv: readonly string[],
  takes: ReadonlySet<string>,
  switches: ReadonlySet<string>,
): Map<string, string | true> {
  const values = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) throw new UsageError(`unexpected argument ${JSON.stringify(a)}`);
    const eq = a.indexOf('=');
    const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
    if (!takes.has(name) && !switches.has(name)) throw new UsageError(`unknown flag --${name}`);
    if (values.has(name)) throw new UsageError(`--${name} given twice`);
    if (!takes.has(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      values.set(name, true);
      continue;
    }
    const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
    if (v === undefined || v === '' || v.startsWith('--'))
      throw new UsageError(`--${name} needs a value`);
    values.set(name, v);
  }
  return values;
}
