/**
 * generated/ is the compiler's committed output for every spec in specs/ (default weights,
 * seed 0). `npm run generate` rewrites it; test/generated.test.ts proves it is up to date.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readAnySpecFile } from './spec/any.js';
import { compile, type Compiled } from './index.js';

export const SPECS_DIR = 'specs';
export const GENERATED_DIR = 'generated';

/** A spec is `<name>.json`; `<name>.<what>.json` beside it (a training recipe) is not one. */
export const isSpecFile = (f: string) => /^[A-Za-z0-9_-]+\.json$/.test(f);

export function specFiles(root: string): string[] {
  return readdirSync(join(root, SPECS_DIR)).filter(isSpecFile).sort();
}

export async function compileSpecFile(root: string, file: string): Promise<Compiled> {
  const path = join(root, SPECS_DIR, file);
  return compile(await readAnySpecFile(path), { seed: 0 });
}
