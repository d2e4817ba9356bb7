/**
 * Loading and running a bundle directory in Node: manifest, runner module, weights, all
 * checked before anything touches the GPU.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Manifest, parseManifest } from './format/manifest.js';
import { KilnError } from './errors.js';
import { checkTensors, readSafetensorsFile } from './safetensors.js';
import type { Gpu } from './device.js';

export interface RunnerInstance {
  loadWeights(get: (name: string) => Float32Array): void;
  encodeForward(pass: GPUComputePassEncoder): void;
  inputBuffer(name: string): GPUBuffer;
  outputBuffer(name: string): GPUBuffer;
  forward(inputs: Record<string, Float32Array>): Promise<Record<string, Float32Array>>;
  destroy(): void;
}

export interface LoadedBundle {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly runner: RunnerInstance;
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

/** Creates pipelines and buffers, uploads weights, and surfaces any GPU validation error. */
export async function loadBundle(dir: string, gpu: Gpu): Promise<LoadedBundle> {
  const manifest = await readManifest(dir);
  const weightsPath = join(dir, manifest.weights);
  const weights = checkTensors(
    await readSafetensorsFile(weightsPath),
    manifest.params,
    weightsPath,
    'WEIGHTS_INVALID',
  );
  const mod = (await import(pathToFileURL(resolve(dir, manifest.runner)).href)) as {
    default: new (d: GPUDevice) => RunnerInstance;
  };
  gpu.device.pushErrorScope('validation');
  const runner = new mod.default(gpu.device);
  runner.loadWeights((name) => weights.get(name)!);
  const err = await gpu.device.popErrorScope();
  if (err)
    throw new KilnError(
      'GPU_ERROR',
      `${dir}: the GPU rejected the bundle: ${err.message.split('\n')[0]}`,
    );
  return { dir, manifest, runner };
}

/** Checks named input tensors against the manifest and runs one forward pass. */
export async function runBundle(
  b: LoadedBundle,
  inputs: Map<string, Float32Array>,
  gpu: Gpu,
): Promise<Record<string, Float32Array>> {
  const record: Record<string, Float32Array> = {};
  for (const t of b.manifest.inputs) record[t.name] = inputs.get(t.name)!;
  gpu.device.pushErrorScope('validation');
  const out = await b.runner.forward(record);
  const err = await gpu.device.popErrorScope();
  if (err)
    throw new KilnError(
      'GPU_ERROR',
      `${b.dir}: forward pass failed on the GPU: ${err.message.split('\n')[0]}`,
    );
  return out;
}
