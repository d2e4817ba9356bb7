#!/usr/bin/env node
// The `kiln` executable. It runs the prebuilt CLI (dist/cli/, scripts/build-cli.mjs, made by
// `npm install`) while that is newer than every source file (prebuilt.mjs), and otherwise the
// TypeScript sources through tsx's loader, so that an edit is never run stale;
// KILN_FROM_SOURCE=1 forces the sources. `kiln --help` takes 0.15 s from the build and 0.6 s
// through tsx.
import { BUILT, builtIsFresh } from './prebuilt.mjs';

let main;
if (process.env.KILN_FROM_SOURCE !== '1' && builtIsFresh()) {
  ({ main } = await import(BUILT));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('./cli.ts'));
}
process.exitCode = await main(process.argv.slice(2));
