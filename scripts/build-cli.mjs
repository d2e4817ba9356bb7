#!/usr/bin/env node
/**
 * Prebuilds Kiln into dist/cli/ (run by `npm install` and `npm pack` through the `prepare`
 * script): the `kiln` CLI (cli.js), the library that `import ... from 'kiln'` loads (lib.js,
 * with its declarations lib.d.ts) and the child process of `kiln bench --cold-cache`
 * (first-forward-child.js). So `kiln` starts without tsx compiling TypeScript on the fly
 * (`kiln --help` took 0.6 s through tsx), and an installed package needs no tsx at all.
 * src/bin.mjs uses the build only while it is newer than every source file, and otherwise falls
 * back to tsx, so an edit never runs stale code.
 *
 * Code splitting keeps each command's code, and the packages it imports (ts-morph, esbuild),
 * loading only when that command runs. Each source file's own `import.meta.url` and
 * `import.meta.dirname` become its source's location, found relative to the built file at run
 * time (the compiler finds its runtime sources, JSON schema and demo page next to its own files,
 * not next to the build), so the package works wherever it is installed.
 */
import { readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist', 'cli');

// Every built file starts with `__kilnDist`, its own URL (all of them are in dist/cli/). Each
// .ts module gets constants holding its source's location relative to that, and `define`
// points the real `import.meta` expressions at them (never text inside strings, such as the
// model.mjs the compiler writes, which must keep its own `import.meta.url`).
const BANNER = [
  "import { fileURLToPath as __kilnPath } from 'node:url';",
  'const __kilnDist = import.meta.url;',
].join(' ');
/** @type {import('esbuild').Plugin} */
const ownLocation = {
  name: 'own-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const rel = relative(OUT, args.path).split('\\').join('/');
      const own = [
        `const __kilnMetaUrl = new URL(${JSON.stringify(rel)}, __kilnDist).href;`,
        'const __kilnMetaFilename = __kilnPath(__kilnMetaUrl);',
        "const __kilnMetaDirname = __kilnPath(new URL('.', __kilnMetaUrl));",
      ].join(' ');
      return { loader: 'ts', contents: `${own}\n${source}` };
    });
  },
};

/**
 * dist/cli/lib.d.ts: TypeScript's declaration emit of src/lib.ts (whose public types are all
 * spelled out in it) with runtime/errors.ts's declarations in place of its re-export, so a user's
 * project needs nothing of Kiln's sources to type-check.
 */
async function writeLibTypes() {
  const { default: ts } = await import('typescript');
  const declarations = async (file) => {
    const r = ts.transpileDeclaration(await readFile(join(ROOT, file), 'utf8'), {
      fileName: file,
      reportDiagnostics: true,
      compilerOptions: {
        strict: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
      },
    });
    if (r.diagnostics?.length)
      throw new Error(
        `${file}: ${ts.flattenDiagnosticMessageText(r.diagnostics[0].messageText, ' ')}`,
      );
    const sf = ts.createSourceFile(`${file}.d.ts`, r.outputText, ts.ScriptTarget.ES2022, true);
    return sf.statements
      .filter((st) => !ts.isImportDeclaration(st) && !ts.isExportDeclaration(st))
      .map((st) => st.getFullText(sf).replace(/^\n+/, ''))
      .join('\n');
  };
  const text = [
    "// Kiln: the types of `import ... from 'kiln'` (scripts/build-cli.mjs writes them).",
    await declarations('runtime/errors.ts'),
    await declarations('src/lib.ts'),
    '',
  ].join('\n');
  await writeFile(join(OUT, 'lib.d.ts'), text);
}

try {
  await rm(OUT, { recursive: true, force: true });
  await build({
    entryPoints: [
      join(ROOT, 'src', 'cli.ts'),
      join(ROOT, 'src', 'lib.ts'),
      join(ROOT, 'src', 'host', 'bench', 'first-forward-child.ts'),
    ],
    outdir: OUT,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    plugins: [ownLocation],
    banner: { js: BANNER },
    entryNames: '[name]', // flat: every built file is in dist/cli/, as __kilnDist assumes
    define: {
      'import.meta.url': '__kilnMetaUrl',
      'import.meta.dirname': '__kilnMetaDirname',
      'import.meta.filename': '__kilnMetaFilename',
    },
    logLevel: 'silent',
  });
  await writeLibTypes();
} catch (e) {
  // Not fatal: src/bin.mjs runs the sources through tsx when there is no fresh build.
  await rm(OUT, { recursive: true, force: true });
  const first = String(e instanceof Error ? e.message : e).split('\n')[0];
  console.warn(`kiln: the CLI was not prebuilt (${first}); kiln will run through tsx`);
}
