#!/usr/bin/env node
/**
 * Prebuilds the `kiln` CLI into dist/cli/ (run by `npm install` through the `prepare` script),
 * so that a `kiln` process starts without tsx compiling TypeScript on the fly: `kiln --help`
 * took 0.6 s through tsx. src/bin.mjs uses the build only while it is newer than every source
 * file, and otherwise falls back to tsx, so an edit never runs stale code.
 *
 * Code splitting keeps each command's code, and the packages it imports (ts-morph, esbuild),
 * loading only when that command runs. Each source file's own `import.meta.url` and
 * `import.meta.dirname` are written into it as literals, because the compiler finds its
 * runtime sources, JSON schema and demo page next to its own files, not next to the build.
 */
import { readFile, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist', 'cli');

// Each .ts module gets constants holding its own location, and `define` points the real
// `import.meta` expressions at them (never text inside strings, such as the model.mjs the
// compiler writes, which must keep its own `import.meta.url`).
/** @type {import('esbuild').Plugin} */
const ownLocation = {
  name: 'own-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const own = [
        `const __kilnMetaUrl = ${JSON.stringify(pathToFileURL(args.path).href)};`,
        `const __kilnMetaDirname = ${JSON.stringify(dirname(args.path))};`,
        `const __kilnMetaFilename = ${JSON.stringify(args.path)};`,
      ].join(' ');
      return { loader: 'ts', contents: `${own}\n${source}` };
    });
  },
};

try {
  await rm(OUT, { recursive: true, force: true });
  await build({
    entryPoints: [join(ROOT, 'src', 'cli.ts')],
    outdir: OUT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    plugins: [ownLocation],
    define: {
      'import.meta.url': '__kilnMetaUrl',
      'import.meta.dirname': '__kilnMetaDirname',
      'import.meta.filename': '__kilnMetaFilename',
    },
    logLevel: 'silent',
  });
} catch (e) {
  // Not fatal: src/bin.mjs runs the sources through tsx when there is no fresh build.
  await rm(OUT, { recursive: true, force: true });
  const first = String(e instanceof Error ? e.message : e).split('\n')[0];
  console.warn(`kiln: the CLI was not prebuilt (${first}); kiln will run through tsx`);
}
