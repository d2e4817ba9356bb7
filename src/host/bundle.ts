/**
 * Loading and running a bundle directory in Node, for Kiln's own tools (the CLI, bench, tests):
 * everything is checked without the GPU first (src/host/open-bundle.ts), then the bundle's own
 * model.mjs load() makes the device work, exactly as a user's program or a web page does.
 * Warnings (non-finite weights or inputs, timesteps out of the accurate range) name the culprit.
 */
import type { LoadProgress, Model, Variant } from '../../runtime/api.js';
import { isKilnError, KilnError } from '../../runtime/errors.js';
import { damaged, firstLine, type OpenedBundle, openBundle } from './open-bundle.js';
import type { Manifest } from '../../runtime/format/manifest.js';
import { inputWarnings } from './numerics.js';

export { readManifest } from './open-bundle.js';

export interface LoadedBundle {
  readonly dir: string;
  readonly manifest: Manifest;
  readonly model: Model;
}

export interface LoadBundleOptions {
  /** Run on this device; or let load() make one from `gpu` (navigator.gpu, Dawn in Node). */
  readonly device?: GPUDevice;
  readonly gpu?: GPU;
  /** Force a kernel variant (default: picked from the adapter). */
  readonly variant?: Variant;
  /** An f16 bundle: keep the weights f16 on the GPU or widen them (default: by shader-f16). */
  readonly gpuWeights?: 'f32' | 'f16';
  /** load()'s progress: weight bytes streamed, pipelines compiled (minutes for an SD-sized model). */
  readonly onProgress?: (p: LoadProgress) => void;
}

export type Warn = (line: string) => void;
const consoleWarn: Warn = (line) => console.warn(`kiln: warning: ${line}`);

/** Opens (unless given opened) and loads a bundle through its model.mjs, with its own weights. */
export async function loadBundle(
  dir: string | OpenedBundle,
  { device, gpu, variant, gpuWeights, onProgress }: LoadBundleOptions = {},
  warn: Warn = consoleWarn,
): Promise<LoadedBundle> {
  const opened = typeof dir === 'string' ? await openBundle(dir) : dir;
  const { manifest } = opened;
  for (const w of opened.warnings) warn(w);
  let model: Model;
  try {
    model = await opened.module.load({
      device,
      gpu,
      variant,
      weights: opened.weightsBytes,
      ...(gpuWeights ? { gpuWeights } : {}),
      ...(onProgress ? { onProgress } : {}),
    });
  } catch (e) {
    if (!isKilnError(e))
      throw damaged(opened.dir, `${manifest.model} failed to start: ${firstLine(e)}`);
    // The weights passed the manifest's check: a model.mjs that disagrees is damaged.
    if (e.code === 'WEIGHTS_INVALID' || e.code === 'SAFETENSORS_INVALID')
      throw damaged(
        opened.dir,
        `${manifest.model} rejects the bundle's weights: ${e.lines.join('; ')}`,
      );
    throw e;
  }
  return { dir: opened.dir, manifest, model };
}

/** An I32 input given as floats (a safetensors file, random inputs): whole numbers only. */
function classIds(name: string, data: Float32Array, source: string): Int32Array {
  const bad = data.findIndex((v) => !Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31);
  if (bad >= 0)
    throw new KilnError(
      'INPUT_INVALID',
      `${source}: ${name}[${bad}] = ${data[bad]}: class ids must be integers`,
    );
  return Int32Array.from(data);
}

/**
 * Checks named input tensors against the manifest and runs one forward pass. `source` names the
 * inputs in warnings (`--input in.safetensors`); pass `warn: null` to skip the input scan.
 */
export async function runBundle(
  b: LoadedBundle,
  inputs: ReadonlyMap<string, Float32Array>,
  opts: { source?: string; warn?: Warn | null } = {},
): Promise<Record<string, Float32Array>> {
  const warn = opts.warn === undefined ? consoleWarn : opts.warn;
  if (warn)
    for (const w of inputWarnings(b.manifest.inputs, inputs, opts.source ?? 'input')) warn(w);
  const record: Record<string, Float32Array | Int32Array> = {};
  for (const t of b.manifest.inputs) {
    const data = inputs.get(t.name)!;
    record[t.name] = t.dtype === 'I32' ? classIds(t.name, data, opts.source ?? 'input') : data;
  }
  let out: Record<string, Float32Array>;
  try {
    out = await b.model.forward(record);
  } catch (e) {
    if (isKilnError(e)) throw e;
    throw damaged(b.dir, `${b.manifest.model} failed: ${firstLine(e)}`);
  }
  for (const o of b.manifest.outputs) {
    const got = (out as Record<string, unknown> | undefined)?.[o.name];
    const n = o.shape.reduce((a, d) => a * d, 1);
    if (!(got instanceof Float32Array) || got.length !== n)
      throw damaged(
        b.dir,
        `${b.manifest.model} returned no ${o.name} of ${n} float32 values (the manifest's ${o.name} is [${o.shape.join(',')}])`,
      );
  }
  return out;
}
