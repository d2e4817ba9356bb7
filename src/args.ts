/**
 * A small, strict flag parser: every flag is declared, unknown ones and missing values are
 * usage errors naming the flag, and each command's --help is generated from the same table.
 */
import { KilnError } from '../runtime/errors.js';

export interface FlagDef {
  readonly name: string;
  readonly value?: string; // placeholder for flags that take a value; absent for booleans
  readonly help: string;
  readonly default?: string;
}

export interface CommandDef {
  readonly name: string;
  readonly args: readonly string[]; // positional placeholders, all required
  readonly summary: string;
  readonly flags: readonly FlagDef[];
  readonly details?: string;
}

export interface Parsed {
  readonly positional: string[];
  readonly flags: Map<string, string | true>;
}

export function parseArgs(cmd: CommandDef, argv: readonly string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  const usage = (msg: string) =>
    new KilnError('CLI_USAGE', `kiln ${cmd.name}: ${msg} (see kiln ${cmd.name} --help)`);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const def = cmd.flags.find((f) => f.name === name);
      if (!def) throw usage(`unknown flag --${name}`);
      if (flags.has(name)) throw usage(`--${name} given twice`);
      if (!def.value) {
        if (eq >= 0) throw usage(`--${name} takes no value`);
        flags.set(name, true);
      } else {
        const v = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined || v === '' || (eq < 0 && v.startsWith('--')))
          throw usage(`--${name} needs a value (${def.value})`);
        flags.set(name, v);
      }
    } else if (a.startsWith('-') && a !== '-') {
      throw usage(`unknown flag ${a}`);
    } else {
      positional.push(a);
    }
  }
  if (flags.has('help')) return { positional, flags };
  if (positional.length < cmd.args.length) throw usage(`missing ${cmd.args[positional.length]}`);
  if (positional.length > cmd.args.length)
    throw usage(`unexpected argument ${JSON.stringify(positional[cmd.args.length])}`);
  return { positional, flags };
}

export function commandHelp(cmd: CommandDef): string {
  const width =
    Math.max(...cmd.flags.map((f) => f.name.length + (f.value ? f.value.length + 1 : 0))) + 4;
  const lines = [
    `usage: kiln ${cmd.name} ${cmd.args.join(' ')} [flags]`,
    '',
    cmd.summary,
    '',
    'flags:',
  ];
  for (const f of cmd.flags) {
    const left = `--${f.name}${f.value ? ` ${f.value}` : ''}`;
    lines.push(`  ${left.padEnd(width)}${f.help}${f.default ? ` (default: ${f.default})` : ''}`);
  }
  if (cmd.details) lines.push('', cmd.details);
  return `${lines.join('\n')}\n`;
}

/** A non-negative integer flag value, or a usage error naming the flag. */
export function intFlag(
  cmd: string,
  flags: Map<string, string | true>,
  name: string,
  fallback: number,
  min = 0,
  max = 2 ** 31 - 1,
): number {
  const v = flags.get(name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v) || n < min || n > max)
    throw new KilnError(
      'CLI_USAGE',
      `kiln ${cmd}: --${name} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`,
    );
  return n;
}
