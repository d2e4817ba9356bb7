/**
 * The bundle: everything `kiln run` (or a browser page) needs, in one directory.
 *   manifest.json       what the bundle takes, loads and returns; kernels; dispatch count
 *   spec.json, model.ir the spec it was compiled from and its IR, for humans and `inspect`
 *   source/runner.ts    the generated runner (readable TypeScript)
 *   source/kernels/*.wgsl the kernels, one file each
 *   runner.mjs          source/runner.ts bundled by esbuild with the WGSL inlined: an ESM
 *                       module that needs only a GPUDevice (kept apart from source/ so that
 *                       TypeScript-aware loaders never swap runner.mjs for a .ts file)
 *   weights.safetensors the weights, F32, in state_dict order
 * Writing goes to a temporary sibling directory that is renamed into place, so a failure
 * never leaves a partial bundle behind.
 */
import { build, type Plugin } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix, resolve } from 'node:path';
import { KilnError } from '../../runtime/errors.js';

export type BundleFiles = Map<string, string | Uint8Array>;

export const WGSL_DTS =
  "declare module '*.wgsl' {\n  const source: string;\n  export default source;\n}\n";

/** Bundles runner.ts from the in-memory file map; WGSL imports become inlined strings. */
export async function bundleRunner(files: BundleFiles): Promise<string> {
  const memory: Plugin = {
    name: 'kiln-memory',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => ({
        path:
          args.kind === 'entry-point'
            ? args.path
            : posix.join(args.resolveDir, args.path).replace(/^\/+/, ''),
        namespace: 'kiln',
      }));
      b.onLoad({ filter: /.*/, namespace: 'kiln' }, (args) => {
        const contents = files.get(args.path);
        if (contents === undefined)
          return { errors: [{ text: `kiln bundle: no file ${args.path}` }] };
        return {
          contents,
          loader: args.path.endsWith('.wgsl') ? 'text' : 'ts',
          resolveDir: `/${posix.dirname(args.path)}`,
        };
      });
    },
  };
  const result = await build({
    entryPoints: ['source/runner.ts'],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    legalComments: 'none',
    plugins: [memory],
    logLevel: 'silent',
  });
  return result.outputFiles[0]!.text;
}

function isBundleDir(dir: string): boolean {
  return existsSync(join(dir, 'manifest.json'));
}

/** Writes the files into `outDir` atomically; an existing bundle there is replaced. */
export async function writeBundleDir(outDir: string, files: BundleFiles): Promise<void> {
  const target = resolve(outDir);
  if (existsSync(target)) {
    const entries = await readdir(target).catch(() => null);
    if (entries === null)
      throw new KilnError('FILE_EXISTS', `--out: ${outDir} exists and is not a directory`);
    if (entries.length > 0 && !isBundleDir(target))
      throw new KilnError(
        'FILE_EXISTS',
        `--out: ${outDir} is a non-empty directory that is not a kiln bundle; refusing to overwrite it`,
      );
  }
  await mkdir(dirname(target), { recursive: true });
  const tmp = join(dirname(target), `.${basename(target)}.kiln-tmp-${process.pid}`);
  await rm(tmp, { recursive: true, force: true });
  try {
    for (const [rel, data] of files) {
      await mkdir(dirname(join(tmp, rel)), { recursive: true });
      await writeFile(join(tmp, rel), data);
    }
    if (existsSync(target)) {
      const old = `${tmp}-old`;
      await rename(target, old);
      await rename(tmp, target);
      await rm(old, { recursive: true, force: true });
    } else {
      await rename(tmp, target);
    }
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    throw e;
  }
}
