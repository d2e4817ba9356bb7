/**
 * The bundle: everything `kiln run`, a Node program or a web page needs, in one directory.
 *   manifest.json        what the bundle takes, loads and returns; its kernel variants
 *   model.mjs            the model as one ES module (esbuild): `load()`, the runtime and one
 *                        runner per kernel variant, WGSL inlined with comments and whitespace
 *                        stripped. It imports nothing, except `webgpu` in Node when no device
 *                        is given.
 *   model.d.mts          its TypeScript declarations (the name TypeScript looks for beside a .mjs)
 *   index.html           a demo page: loads model.mjs, runs forward, draws the output, samples
 *                        with x0 previews (toRGBA) and a Stop button
 *   spec.json, model.ir  the spec it was compiled from and its IR, for humans and `inspect`
 *   source/model.ts      the entry of model.mjs (readable TypeScript)
 *   source/<target>/     each variant's generated runner.ts and kernels/*.wgsl, unminified
 *   weights.safetensors  the weights, F32, in state_dict order
 * Writing goes to a temporary sibling directory that is renamed into place, so a failure
 * never leaves a partial bundle behind. Only a directory that is provably a bundle is ever
 * replaced (src/host/bundle-layout.ts); a sibling lock file makes concurrent writers of one
 * directory fail with one line instead of racing their renames; temporaries are removed on
 * SIGINT/SIGTERM and, if a crash left some, swept by the next writer of the same directory.
 */
import type { Plugin } from 'esbuild';
import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { lstat, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { onInterrupt } from '../../src/host/cleanup.js';
import { KilnError } from '../../runtime/errors.js';
import { fsError, isOsError } from '../../src/host/fs-errors.js';
import { holdsOnlyBundleFiles, whyNotABundle } from '../../src/host/bundle-layout.js';
import { makeDirs, preflightOutputDir, removeDirs } from '../../src/host/paths.js';
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
  const { build } = await import('esbuild'); // loaded on use, like ts-morph (compiler/index.ts)
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

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface BundleOut {
  /** Writes the files to a temporary sibling and swaps it in for the directory. */
  commit(files: BundleFiles): Promise<void>;
  /** Drops the lock (and the parent directories it made, if nothing was committed). */
  release(): Promise<void>;
}

/**
 * Claims `outDir` for writing before any work is done: it must be absent, empty or provably a
 * bundle, and writable. `place` names it in errors (`--out out/x`).
 */
export async function openBundleOut(outDir: string, place = outDir): Promise<BundleOut> {
  await preflightOutputDir(place, outDir, 'replace', whyNotABundle);
  const parent = dirname(outDir);
  const base = basename(outDir);
  const lock = join(parent, `.${base}.kiln-lock`);
  // Undo is registered before anything exists, so a signal at any await removes what was made.
  const made: string[] = [];
  const token = `${process.pid} ${randomBytes(6).toString('hex')}`;
  const unregister = onInterrupt(() => {
    if (readFileSyncOrEmpty(lock) === token) unlinkSync(lock);
    rmSync(`${lock}.${token.replace(' ', '.')}`, { force: true });
    for (const d of [...made].reverse()) rmdirSync(d);
  });
  let committed = false;
  const release = async () => {
    if ((await readFile(lock, 'utf8').catch(() => '')) === token)
      await unlink(lock).catch(() => undefined);
    if (!committed) await removeDirs(made);
    unregister();
  };
  try {
    await makeDirs(parent, place, made);
    await takeLock(lock, token, place);
    await sweepStale(parent, base);
  } catch (e) {
    await release();
    throw e;
  }
  return {
    async commit(files) {
      await swapIn(outDir, files, place);
      committed = true;
    },
    release,
  };
}

const readFileSyncOrEmpty = (path: string) => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
};

/**
 * The lock is a file holding `<pid> <random>`, made atomically with its content: written under a
 * private name, then hard-linked to the lock name (link fails if the lock exists). A lock whose
 * process is gone (killed with SIGKILL) is taken over.
 *
 * The files are made and removed with synchronous calls: the signal handler's undo runs on the
 * main thread, and an asynchronous call still in libuv's thread pool when it runs would create
 * the file after the undo had looked for it (a SIGINT test caught `.b.kiln-lock.<pid>.<random>`
 * left behind that way).
 */
async function takeLock(lock: string, token: string, place: string): Promise<void> {
  const mine = `${lock}.${token.replace(' ', '.')}`;
  try {
    writeFileSync(mine, token, { flag: 'wx' });
  } catch (e) {
    throw fsError(e, place, `cannot create the lock ${lock}`);
  }
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        try {
          linkSync(mine, lock);
        } catch (e) {
          // File systems without hard links: O_EXCL, whose window without content is tiny.
          if (!isOsError(e) || !['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS'].includes(e.code))
            throw e;
          writeFileSync(lock, token, { flag: 'wx' });
        }
        return;
      } catch (e) {
        if (!isOsError(e) || e.code !== 'EEXIST' || attempt > 0)
          throw fsError(e, place, `cannot create the lock ${lock}`);
      }
      const pid = Number((await readFile(lock, 'utf8').catch(() => '')).split(' ')[0]);
      if (Number.isSafeInteger(pid) && pid > 0 && isAlive(pid))
        throw new KilnError(
          'FILE_EXISTS',
          `${place}: another kiln process (pid ${pid}) is writing this bundle; try again when it has finished`,
        );
      await unlink(lock).catch(() => undefined); // its writer is gone
    }
  } finally {
    rmSync(mine, { force: true });
  }
}

/** Removes temporaries of `base` left by killed writers; only ones that hold nothing but bundle files. */
async function sweepStale(parent: string, base: string): Promise<void> {
  const pattern = new RegExp(`^\\.${escapeRe(base)}\\.kiln-tmp-\\d+(?:-[0-9a-f]+)?(?:-old)?$`);
  for (const name of await readdir(parent).catch(() => [])) {
    if (!pattern.test(name)) continue;
    const path = join(parent, name);
    const s = await lstat(path).catch(() => null);
    if (s?.isDirectory() && (await holdsOnlyBundleFiles(path).catch(() => false)))
      await rm(path, { recursive: true, force: true });
  }
}

async function swapIn(outDir: string, files: BundleFiles, place: string): Promise<void> {
  const parent = dirname(outDir);
  const tmp = join(
    parent,
    `.${basename(outDir)}.kiln-tmp-${process.pid}-${randomBytes(4).toString('hex')}`,
  );
  const old = `${tmp}-old`;
  const unregister = onInterrupt(() => {
    rmSync(tmp, { recursive: true, force: true });
    rmSync(old, { recursive: true, force: true });
  });
  let moved = false;
  try {
    for (const [rel, data] of files) {
      await makeDirs(dirname(join(tmp, rel)), place);
      await writeFile(join(tmp, rel), data);
    }
    // Checked again under the lock: the directory may have changed since the preflight.
    const exists = await lstat(outDir).then(
      () => true,
      () => false,
    );
    if (exists) {
      const why = await whyNotABundle(outDir);
      if (why) throw new KilnError('FILE_EXISTS', `${place}: ${why}; refusing to replace it`);
      await rename(outDir, old);
      moved = true;
    }
    await rename(tmp, outDir);
    if (moved) await rm(old, { recursive: true, force: true });
  } catch (e) {
    await rm(tmp, { recursive: true, force: true });
    if (moved) await rename(old, outDir).catch(() => undefined);
    throw fsError(e, place, `cannot write the bundle`);
  } finally {
    unregister();
  }
}

/** Writes the files into `outDir` atomically; an existing bundle there is replaced. */
export async function writeBundleDir(
  outDir: string,
  files: BundleFiles,
  place = outDir,
): Promise<void> {
  const out = await openBundleOut(outDir, place);
  try {
    await out.commit(files);
  } finally {
    await out.release();
  }
}
