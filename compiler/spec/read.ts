/** Reading a spec file: errors name the file (missing, not JSON) or the spec path (invalid). */
import { validateSpec } from './check.js';
import type { Spec } from './schema.js';
import { isKilnError, KilnError } from '../../runtime/errors.js';
import { readUserFile } from '../../src/host/paths.js';

/**
 * A spec file's JSON, of any form (compiler/diffusers/read.ts reads the same files): a missing
 * file or text that is not JSON is one line naming the file.
 */
export async function readSpecJson(path: string): Promise<unknown> {
  let text: string;
  try {
    // A regular file only, read as far as stat says: a FIFO or /dev/zero cannot hang Kiln.
    text = (await readUserFile(path, path, 'a spec .json file')).toString('utf8');
  } catch (e) {
    if (isKilnError(e) && e.code === 'FILE_NOT_FOUND')
      throw new KilnError('FILE_NOT_FOUND', `${path}: no such file`);
    throw e;
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new KilnError('SPEC_INVALID', `${path}: not valid JSON (${(e as Error).message})`);
  }
}

export async function readSpecFile(path: string): Promise<Spec> {
  return validateSpec(await readSpecJson(path), path);
}
