/** Reading a spec file that may be in the diffusers form (spec.ts). */
import { isKilnError, KilnError } from '../../runtime/errors.js';
import { readUserFile } from '../../src/host/paths.js';
import { isDiffusersDocument, validateDiffusersSpec, type DiffusersSpec } from './spec.js';

/**
 * The validated spec when the file is a diffusers-form document; undefined when it is a JSON
 * document of another form (left to compiler/spec/read.ts, which reports on it).
 */
export async function readDiffusersSpecFile(path: string): Promise<DiffusersSpec | undefined> {
  let text: string;
  try {
    text = (await readUserFile(path, path, 'a spec .json file')).toString('utf8');
  } catch (e) {
    if (isKilnError(e) && e.code === 'FILE_NOT_FOUND')
      throw new KilnError('FILE_NOT_FOUND', `${path}: no such file`);
    throw e;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isDiffusersDocument(raw) ? validateDiffusersSpec(raw, path) : undefined;
}
