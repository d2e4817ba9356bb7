/**
 * A bundle directory in Node, for Kiln's own tools: the manifest (checked before anything
 * touches the GPU) and the bundle's model.mjs, loaded through its own `load()`, the same path a
 * user's program or a web page takes.
 */
import { readFile, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { LoadOptions, Model, Variant } from './api.js';
import { type Manifest, parseManifest } from './format/manifest.js';
import { KilnError } from './errors.js';

export interface LoadedBundle {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly model: Model;
}

export interface BundleModule {
  load(options?: LoadOptions): Promise<Model>;
}

export async function readManifest(dir: string): Promise<Manifest> {
  const path = join(dir, 'manifest.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new KilnError(
      'BUNDLE_INVALID',
      `${dir}: not a kiln bundle (no manifest.json); make one with kiln compile`,
    );
  }
  const r = parseManifest(text);
  if (!r.ok)
    throw new KilnError(
      'BUNDLE_INVALID',
      r.problems.map((p) => `${path}: damaged kiln manifest: ${p}`),
    );
  return r.manifest;
}

/** Imports a bundle's model.mjs; the file's mtime in the URL defeats the module cache when a bundle is rewritten in place. */
export async function importModel(dir: string, manifest: Manifest): Promise<BundleModule> {
  const path = resolve(dir, manifest.model);
  const mtime = await stat(path).then(
    (s) => s.mtimeMs,
    () => {
      throw new KilnError('BUNDLE_INVALID', `${dir}: damaged kiln bundle: no ${manifest.model}`);
    },
  );
  return (await import(`${pathToFileURL(path).href}?mtime=${mtime}`)) as BundleModule;
}

export interface LoadBundleOptions {
  readonly device?: GPUDevice;
  readonly gpu?: GPU;
  readonly variant?: Variant;
}

/** Loads a bundle with its own weights file through model.mjs's load(). */
export async function loadBundle(
  dir: string,
  { device, gpu, variant }: LoadBundleOptions = {},
): Promise<LoadedBundle> {
  const manifest = await readManifest(dir);
  const mod = await importModel(dir, manifest);
  const model = await mod.load({ device, gpu, variant, weights: join(dir, manifest.weights) });
  return { dir, manifest, model };
}

/** One forward pass with the manifest's inputs taken from a map. */
export async function runBundle(
  b: LoadedBundle,
  inputs: ReadonlyMap<string, Float32Array>,
): Promise<Record<string, Float32Array>> {
  const record: Record<string, Float32Array> = {};
  for (const t of b.manifest.inputs) record[t.name] = inputs.get(t.name)!;
  return b.model.forward(record);
}
