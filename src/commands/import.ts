import { writeFile } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { importConfig } from '../../compiler/diffusers/import.js';
import { KilnError } from '../../runtime/errors.js';
import { fsError } from '../host/fs-errors.js';
import { preflightOutputFile, readUserFile } from '../host/paths.js';
import { intFlag, type Parsed } from '../args.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/**
 * The spec's name when --name is absent: the folder of a `config.json` (a diffusers model folder,
 * or its `unet/` inside a pipeline folder: then the pipeline's), else the file's stem; characters
 * a name cannot hold become '-'.
 */
export function defaultName(path: string): string {
  const abs = resolve(path);
  let stem = basename(abs).replace(/\.json$/i, '');
  if (stem === 'config') {
    stem = basename(dirname(abs));
    if (stem === 'unet') stem = basename(dirname(dirname(abs)));
  }
  const name = stem
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 64);
  return name === '' ? 'model' : name;
}

export async function runImport(
  { positional, flags }: Parsed,
  log: (s: string) => void,
  print: (s: string) => void,
): Promise<void> {
  const path = positional[0]!;
  const batch = intFlag('import', flags, 'batch', 1, 1, 64);
  const contextLength = intFlag('import', flags, 'context-length', 77, 1, 4096);
  const name = (flags.get('name') as string | undefined) ?? defaultName(path);
  if (!NAME.test(name))
    throw new KilnError(
      'CLI_USAGE',
      `kiln import: --name must be letters, digits, '_' and '-' (at most 64, a letter or digit first), got ${JSON.stringify(name)}`,
    );
  const out = flags.get('out') as string | undefined;
  const text = (await readUserFile(path, path, 'a diffusers config.json')).toString('utf8');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new KilnError('SPEC_INVALID', `${path}: not valid JSON (${(e as Error).message})`);
  }
  const spec = importConfig(raw, { name, batch, contextLength }, path);
  const json = `${JSON.stringify(spec, null, 2)}\n`;
  if (out === undefined) {
    print(json);
    return;
  }
  await preflightOutputFile(`--out ${out}`, out);
  try {
    await writeFile(out, json);
  } catch (e) {
    throw fsError(e, `--out ${out}`);
  }
  if (!flags.has('quiet'))
    log(
      `kiln: wrote ${out}: ${spec.diffusers.class} ${JSON.stringify(spec.name)}, ${spec.diffusers.levels.length} levels`,
    );
}
