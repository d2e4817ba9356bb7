/**
 * Opening a bundle directory in Node without a GPU, for Kiln's own tools: the manifest
 * (schema-checked), the files it names (each a regular file inside the bundle, symlinks
 * resolved), model.mjs (imported, exporting load(), its own INPUTS/OUTPUTS agreeing with the
 * manifest) and the weights (checked against the manifest, non-finite values reported). The GPU
 * side then goes through model.mjs's own load(), as a user's program does (src/host/bundle.ts).
 * A damaged bundle is always one line: `<dir>: damaged kiln bundle: <what>`.
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoadOptions, Model } from '../../runtime/api.js';
import { KilnError } from '../../runtime/errors.js';
import { fsError, isOsError } from './fs-errors.js';
import { nonFinite } from './numerics.js';
import { readUserFile } from './paths.js';
import { checkTensors, formatShape, parseSafetensors } from '../../runtime/format/safetensors.js';
import { type Manifest, parseManifest, type TensorSpec } from '../../runtime/format/manifest.js';

export const damaged = (dir: string, what: string) =>
  new KilnError('BUNDLE_INVALID', `${dir}: damaged kiln bundle: ${what}`);

export async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if (isOsError(e) && (e.code === 'ENOENT' || e.code === 'ENOTDIR'))
      throw new KilnError(
        'BUNDLE_INVALID',
        `${dir}: not a kiln bundle (no manifest.json); make one with kiln compile`,
      );
    throw fsError(e, path, undefined, 'BUNDLE_INVALID');
  }
  const r = parseManifest(text);
  if (!r.ok)
    throw new KilnError(
      'BUNDLE_INVALID',
      r.problems.map((p) => `${path}: damaged kiln manifest: ${p}`),
    );
  return r.manifest;
}

/** The absolute path of a manifest-named file, proven to be a regular file inside `dir`. */
export async function bundleFile(dir: string, rel: string): Promise<string> {
  const root = await realpath(dir).catch((e) => {
    throw fsError(e, dir, undefined, 'BUNDLE_INVALID');
  });
  let real: string;
  try {
    real = await realpath(resolve(dir, rel));
  } catch (e) {
    if (isOsError(e) && (e.code === 'ENOENT' || e.code === 'ENOTDIR'))
      throw damaged(dir, `${rel} is missing`);
    throw fsError(e, `${dir}: damaged kiln bundle: ${rel}`, undefined, 'BUNDLE_INVALID');
  }
  const inside = relative(root, real);
  if (
    inside === '' ||
    inside.startsWith(`..${sep}`) ||
    inside === '..' ||
    resolve(inside) === inside
  )
    throw damaged(dir, `${rel} is not a file inside the bundle`);
  if (!(await stat(real)).isFile()) throw damaged(dir, `${rel} is not a file`);
  return real;
}

/** What a bundle's model.mjs exports (see its model.d.mts). */
export interface ModelModule {
  load(options?: LoadOptions): Promise<Model>;
}

const firstLine = (e: unknown) =>
  (e instanceof Error ? `${e.name}: ${e.message}` : String(e)).split('\n')[0]!;

/** Tensor lists exported by the runner module, compared with the manifest's. */
function crossCheck(
  dir: string,
  runner: string,
  kind: 'input' | 'output',
  listed: readonly TensorSpec[],
  exported: unknown,
): void {
  if (typeof exported !== 'object' || exported === null) return; // older runners export none
  const own = exported as Record<string, readonly number[]>;
  for (const t of listed) {
    const shape = Object.hasOwn(own, t.name) ? own[t.name] : undefined;
    if (!shape)
      throw damaged(dir, `the manifest lists ${kind} ${t.name}, which ${runner} does not have`);
    if (formatShape(shape) !== formatShape(t.shape))
      throw damaged(
        dir,
        `the manifest says ${kind} ${t.name} is ${formatShape(t.shape)} but ${runner} takes ${formatShape(shape)}`,
      );
  }
  const names = new Set(listed.map((t) => t.name));
  for (const name of Object.keys(own))
    if (!names.has(name))
      throw damaged(dir, `${runner} has ${kind} ${name}, which the manifest does not list`);
}

/** Imports the bundle's model.mjs; it must export load() and agree with the manifest on shapes. */
export async function importModel(dir: string, manifest: Manifest): Promise<ModelModule> {
  const path = await bundleFile(dir, manifest.model);
  let mod: Record<string, unknown>;
  try {
    // The mtime in the URL: a bundle rewritten in place is imported afresh, not from the cache.
    const { mtimeMs } = await stat(path);
    mod = (await import(`${pathToFileURL(path).href}?mtime=${mtimeMs}`)) as Record<string, unknown>;
  } catch (e) {
    throw damaged(dir, `${manifest.model} failed to load: ${firstLine(e)}`);
  }
  if (typeof mod.load !== 'function')
    throw damaged(dir, `${manifest.model} does not export load()`);
  crossCheck(dir, manifest.model, 'input', manifest.inputs, mod.INPUTS);
  crossCheck(dir, manifest.model, 'output', manifest.outputs, mod.OUTPUTS);
  return mod as unknown as ModelModule;
}

export interface OpenedBundle {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly module: ModelModule;
  /** The weights file's bytes, checked: load() streams them to the GPU as views, no copy. */
  readonly weightsBytes: Uint8Array;
  readonly weights: ReadonlyMap<string, Float32Array>;
  /** Non-finite weights, by tensor and first index: the output will not be trustworthy. */
  readonly warnings: readonly string[];
}

/** Everything a bundle holds, checked, before any GPU work. */
export async function openBundle(dir: string): Promise<OpenedBundle> {
  const manifest = await readManifest(dir);
  const weightsPath = join(dir, manifest.weights);
  await bundleFile(dir, manifest.weights);
  const module = await importModel(dir, manifest);
  const buffer = await readUserFile(weightsPath, weightsPath, 'a .safetensors file');
  const weightsBytes = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const weights = checkTensors(
    parseSafetensors(weightsBytes, weightsPath),
    manifest.params,
    weightsPath,
    'WEIGHTS_INVALID',
  );
  const warnings: string[] = [];
  for (const p of manifest.params) {
    const bad = nonFinite(p.name, p.shape, weights.get(p.name)!);
    if (bad) warnings.push(`${weightsPath}: ${bad}`);
  }
  return { dir, manifest, module, weightsBytes, weights, warnings };
}

export { firstLine };
