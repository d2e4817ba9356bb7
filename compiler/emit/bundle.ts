/**
 * The bundle: everything `kiln run`, a Node program or a web page needs, in one directory.
 *   manifest.json        what the bundle takes, loads and returns; its kernel variants
 *   model.mjs            the model as one ES module (esbuild): `load()`, the runtime and one
 *                        runner per kernel variant, WGSL inlined with comments and whitespace
 *                        stripped. It imports nothing, except `webgpu` in Node when no device
 *                        is given.
 *   model.d.mts          its TypeScript declarations (the name TypeScript looks for beside a .mjs)
 *   index.html           a demo page: loads model.mjs, runs forward, draws the output
 *   spec.json, model.ir  the spec it was compiled from and its IR, for humans and `inspect`
 *   source/model.ts      the entry of model.mjs (readable TypeScript)
 *   source/<target>/     each variant's generated runner.ts and kernels/*.wgsl, unminified
 *   weights.safetensors  the weights, F32, in state_dict order
 * Writing goes to a temporary sibling directory that is renamed into place, so a failure
 * never leaves a partial bundle behind.
 */
import { build, type Plugin } from 'esbuild';
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix, resolve } from 'node:path';
import { KilnError } from '../../runtime/errors.js';
import { minifyWgsl } from './minify-wgsl.js';

export type BundleFiles = Map<string, string | Uint8Array>;

export const WGSL_DTS =
  "declare module '*.wgsl' {\n  const source: string;\n  export default source;\n}\n";

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * Bundles source/model.ts from the in-memory file map into model.mjs. `kiln/runtime/*` imports
 * resolve to the runtime's sources on disk; WGSL imports become minified string constants.
 */
export async function bundleModel(files: BundleFiles): Promise<string> {
  const memory: Plugin = {
    name: 'kiln-memory',
    setup(b) {
      b.onResolve({ filter: /^kiln\/runtime\// }, (args) => ({
        path: join(ROOT, 'runtime', `${args.path.slice('kiln/runtime/'.length)}.ts`),
      }));
      b.onResolve({ filter: /.*/, namespace: 'kiln' }, (args) => {
        const joined = posix.join(args.resolveDir, args.path).replace(/^\/+/, '');
        const path = files.has(joined) ? joined : joined.replace(/\.js$/, '.ts');
        return { path, namespace: 'kiln' };
      });
      b.onResolve({ filter: /^source\/model\.ts$/ }, (args) =>
        args.kind === 'entry-point' ? { path: args.path, namespace: 'kiln' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'kiln' }, (args) => {
        const contents = files.get(args.path);
        if (contents === undefined)
          return { errors: [{ text: `kiln bundle: no file ${args.path}` }] };
        const wgsl = args.path.endsWith('.wgsl');
        return {
          contents: wgsl ? minifyWgsl(String(contents)) : contents,
          loader: wgsl ? 'text' : 'ts',
          resolveDir: `/${posix.dirname(args.path)}`,
        };
      });
    },
  };
  const result = await build({
    entryPoints: ['source/model.ts'],
    absWorkingDir: ROOT, // keeps esbuild's path comments independent of the caller's cwd
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    external: ['node:*'],
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
