/** Reading a spec file that may be in the diffusers form (spec.ts). */
import { isKilnError } from '../../runtime/errors.js';
import { readSpecJson } from '../spec/read.js';
import { isDiffusersDocument, validateDiffusersSpec, type DiffusersSpec } from './spec.js';

/**
 * The validated spec when the file is a diffusers-form document; undefined when it is a JSON
 * document of another form (left to compiler/spec/read.ts, which reports on it).
 */
export async function readDiffusersSpecFile(path: string): Promise<DiffusersSpec | undefined> {
  let raw: unknown;
  try {
    raw = await readSpecJson(path);
  } catch (e) {
    // Text that is not JSON is reported by the other form's reader, with the same line.
    if (isKilnError(e) && e.code === 'SPEC_INVALID') return undefined;
    throw e;
  }
  return isDiffusersDocument(raw) ? validateDiffusersSpec(raw, path) : undefined;
}
