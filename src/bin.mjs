#!/usr/bin/env node
// The `kiln` executable. It runs the prebuilt CLI (dist/cli/, scripts/build-cli.mjs, made by
// `npm install`) while that is newer than every source file, and otherwise the TypeScript
// sources through tsx's loader, so that an edit is never run stale; KILN_FROM_SOURCE=1 forces
// the sources. `kiln --help` takes 0.15 s from the build and 0.6 s through tsx.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const BUILT = join(ROOT, 'dist', 'cli', 'cli.js');
const SOURCES = ['src', 'compiler', 'runtime'];

/** The newest modification time under `dir`, or Infinity if it cannot be read. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function builtIsFresh() {
  if (process.env.KILN_FROM_SOURCE === '1') return false;
  try {
    const built = statSync(BUILT).mtimeMs;
    return SOURCES.every((d) => newest(join(ROOT, d)) <= built);
  } catch {
    return false;
  }
}

let main;
if (builtIsFresh()) {
  ({ main } = await import(BUILT));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
