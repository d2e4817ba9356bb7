/**
 * Loading and running a bundle directory in Node: manifest, runner module, weights, all
 * checked (runtime/format/open.ts) before anything touches the GPU. Warnings (non-finite
 * weights or inputs, timesteps out of the accurate range) name the culprit tensor.
 */
import type { Gpu } from './device.js';
import { KilnError } from './errors.js';
import {
  damaged,
  firstLine,
  type OpenedBundle,
  openBundle,
  type RunnerInstance,
} from './format/open.js';
import type { Manifest } from './format/manifest.js';
import { inputWarnings } from './numerics.js';

export { readManifest } from './format/open.js';
export type { RunnerInstance };

export interface LoadedBundle {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly runner: RunnerInstance;
}

export type Warn = (line: string) => void;
const consoleWarn: Warn = (line) => console.warn(`kiln: warning: ${line}`);

/** Creates pipelines and buffers, uploads weights, and surfaces any GPU validation error. */
export async function loadBundle(
  dir: string | OpenedBundle,
  gpu: Gpu,
  warn: Warn = consoleWarn,
): Promise<LoadedBundle> {
  const opened = typeof dir === 'string' ? await openBundle(dir) : dir;
  const { manifest, weights, Runner } = opened;
  for (const w of opened.warnings) warn(w);
  gpu.device.pushErrorScope('out-of-memory');
  gpu.device.pushErrorScope('validation');
  let runner: RunnerInstance;
  try {
    runner = new Runner(gpu.device);
    runner.loadWeights((name) => weights.get(name)!);
  } catch (e) {
    await gpu.device.popErrorScope();
    await gpu.device.popErrorScope();
    throw damaged(opened.dir, `${manifest.runner} failed to start: ${firstLine(e)}`);
  }
  const err = await gpu.device.popErrorScope();
  const oom = await gpu.device.popErrorScope();
  if (oom)
    throw new KilnError(
      'GPU_ERROR',
      `${opened.dir}: the GPU ran out of memory creating the bundle's buffers: ${oom.message.split('\n')[0]}`,
    );
  if (err)
    throw new KilnError(
      'GPU_ERROR',
      `${opened.dir}: the GPU rejected the bundle: ${err.message.split('\n')[0]}`,
    );
  return { dir: opened.dir, manifest, runner };
}

/**
 * Checks named input tensors against the manifest and runs one forward pass. `source` names the
 * inputs in warnings (`--input in.safetensors`); pass `warn: null` to skip the input scan.
 */
export async function runBundle(
  b: LoadedBundle,
  inputs: ReadonlyMap<string, Float32Array>,
  gpu: Gpu,
  opts: { source?: string; warn?: Warn | null } = {},
): Promise<Record<string, Float32Array>> {
  const warn = opts.warn === undefined ? consoleWarn : opts.warn;
  if (warn)
    for (const w of inputWarnings(b.manifest.inputs, inputs, opts.source ?? 'input')) warn(w);
  const record: Record<string, Float32Array> = {};
  for (const t of b.manifest.inputs) record[t.name] = inputs.get(t.name)!;
  gpu.device.pushErrorScope('validation');
  let out: Record<string, Float32Array>;
  try {
    out = await b.runner.forward(record);
  } catch (e) {
    await gpu.device.popErrorScope();
    throw damaged(b.dir, `${b.manifest.runner} failed: ${firstLine(e)}`);
  }
  const err = await gpu.device.popErrorScope();
  if (err)
    throw new KilnError(
      'GPU_ERROR',
      `${b.dir}: forward pass failed on the GPU: ${err.message.split('\n')[0]}`,
    );
  for (const o of b.manifest.outputs) {
    const got = (out as Record<string, unknown> | undefined)?.[o.name];
    const n = o.shape.reduce((a, d) => a * d, 1);
    if (!(got instanceof Float32Array) || got.length !== n)
      throw damaged(
        b.dir,
        `${b.manifest.runner} returned no ${o.name} of ${n} float32 values (the manifest's ${o.name} is [${o.shape.join(',')}])`,
      );
  }
  return out;
}
