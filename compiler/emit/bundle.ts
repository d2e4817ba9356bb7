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
 * never leaves a partial bundle behind. Only a directory that is provably a bundle is ever
 * replaced (runtime/format/layout.ts); a sibling lock file makes concurrent writers of one
 * directory fail with one line instead of racing their renames; temporaries are removed on
 * SIGINT/SIGTERM and, if a crash left some, swept by the next writer of the same directory.
 */
import { build, type Plugin } from 'esbuild';
import { randomBytes } from 'node:crypto';
import { rmdirSync, rmSync, unlinkSync } from 'node:fs';
import { lstat, open, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import { onInterrupt } from '../../runtime/cleanup.js';
import { KilnError } from '../../runtime/errors.js';
import { fsError, isOsError } from '../../runtime/fs-errors.js';
import { holdsOnlyBundleFiles, whyNotABundle } from '../../runtime/format/layout.js';
import { makeDirs, preflightOutputDir, removeDirs } from '../../runtime/paths.js';

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
  const made = await makeDirs(parent, place);
  const lock = join(parent, `.${base}.kiln-lock`);
  const unregisterMade = onInterrupt(() => {
    for (const d of [...made].reverse()) rmdirSync(d);
  });
  try {
    await takeLock(lock, place);
  } catch (e) {
    unregisterMade();
    await removeDirs(made);
    throw e;
  }
  const unregisterLock = onInterrupt(() => unlinkSync(lock));
  let committed = false;
  await sweepStale(parent, base);
  return {
    async commit(files) {
      await swapIn(outDir, files, place);
      committed = true;
    },
    async release() {
      unregisterLock();
      await unlink(lock).catch(() => undefined);
      unregisterMade();
      if (!committed) await removeDirs(made);
    },
  };
}

async function takeLock(lock: string, place: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      const h = await open(lock, 'wx');
      await h.writeFile(`${process.pid}\n`);
      await h.close();
      return;
    } catch (e) {
      if (!isOsError(e) || e.code !== 'EEXIST' || attempt > 0)
        throw fsError(e, place, `cannot create the lock ${lock}`);
    }
    const pid = Number((await readFile(lock, 'utf8').catch(() => '')).trim());
    if (Number.isSafeInteger(pid) && pid > 0 && isAlive(pid))
      throw new KilnError(
        'FILE_EXISTS',
        `${place}: another kiln process (pid ${pid}) is writing this bundle; try again when it has finished`,
      );
    await unlink(lock).catch(() => undefined); // its writer is gone
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
