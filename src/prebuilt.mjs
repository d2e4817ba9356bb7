// When `kiln` may run the prebuilt CLI (dist/cli/, scripts/build-cli.mjs): while it is newer than
// every file under src/, compiler/ and runtime/. src/bin.mjs and test/cli/prebuilt.test.ts
// share this one rule.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(import.meta.dirname, '..');
export const BUILT = join(ROOT, 'dist', 'cli', 'cli.js');
export const SOURCES = ['src', 'compiler', 'runtime'];

/** The newest modification time of the files under `dir` (throws if one cannot be read). */
export function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/** Whether dist/cli/ exists and no source is newer; false when anything cannot be read. */
export function builtIsFresh() {
  try {
    const built = statSync(BUILT).mtimeMs;
    return SOURCES.every((d) => newest(join(ROOT, d)) <= built);
  } catch {
    return false;
  }
}
