/** Reading a spec file: errors name the file (missing, not JSON) or the spec path (invalid). */
import { validateSpec } from './check.js';
import type { Spec } from './schema.js';
import { isKilnError, KilnError } from '../../runtime/errors.js';
import { readUserFile } from '../../src/host/paths.js';

export async function readSpecFile(path: string): Promise<Spec> {
  let text: string;
  try {
    // A regular file only, read as far as stat says: a FIFO or /dev/zero cannot hang Kiln.
    text = (await readUserFile(path, path, 'a spec .json file')).toString('utf8');
  } catch (e) {
    if (isKilnError(e) && e.code === 'FILE_NOT_FOUND')
      throw new KilnError('FILE_NOT_FOUND', `${path}: no such file`);
    throw e;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new KilnError('SPEC_INVALID', `${path}: not valid JSON (${(e as Error).message})`);
  }
  return validateSpec(raw, path);
}
