/** A loaded bundle as a runner of the shared timing loop (timing.ts). */
import { runBundle, type LoadedBundle } from '../bundle.js';
import type { Gpu } from '../device.js';
import { KilnError } from '../../../runtime/errors.js';
import type { Runner } from './timing.js';

export type Outputs = Record<string, Float32Array>;

/**
 * Warm-up runs check the GPU's verdict on each pass (runBundle); timed runs call the runner's
 * `forward` alone, so the median holds nothing but upload, dispatches and readback. Wrap the
 * timed rounds in `gpuChecked` to surface an error the GPU raised during them.
 */
export function bundleRunner(
  label: string,
  bundle: LoadedBundle,
  inputs: ReadonlyMap<string, Float32Array>,
): Runner<Outputs> {
  const record: Record<string, Float32Array> = {};
  for (const t of bundle.manifest.inputs) record[t.name] = inputs.get(t.name)!;
  const map = new Map(Object.entries(record));
  return {
    label,
    run: (warmup) =>
      warmup ? runBundle(bundle, map, { warn: null }) : bundle.model.forward(record),
  };
}

/** Runs `fn` inside a validation error scope; a GPU error becomes a KilnError naming `what`. */
export async function gpuChecked<T>(gpu: Gpu, what: string, fn: () => Promise<T>): Promise<T> {
  gpu.device.pushErrorScope('validation');
  const result = await fn().catch(async (e: unknown) => {
    await gpu.device.popErrorScope();
    throw e;
  });
  const err = await gpu.device.popErrorScope();
  if (err)
    throw new KilnError('GPU_ERROR', `${what} failed on the GPU: ${err.message.split('\n')[0]}`);
  return result;
}
