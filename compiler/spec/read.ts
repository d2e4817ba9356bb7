/** Reading a spec file: errors name the file (missing, not JSON) or the spec path (invalid). */
import { readFile } from 'node:fs/promises';
import { validateSpec } from './check.js';
import type { Spec } from './schema.js';
import { KilnError } from '../../runtime/errors.js';

export async function readSpecFile(path: string): Promise<Spec> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new KilnError(
      'FILE_NOT_FOUND',
      code === 'EISDIR'
        ? `${path}: is a directory, expected a spec .json file`
        : `${path}: no such file`,
    );
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new KilnError('SPEC_INVALID', `${path}: not valid JSON (${(e as Error).message})`);
  }
  return validateSpec(raw, path);
}
