/**
 * pack.sh's cache of slow results (lavapipe reference outputs take minutes per M forward on a
 * loaded machine; ONNX exports tens of seconds), keyed by everything they depend on.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');

export const CACHE_DIR =
  process.env.KILN_GPU_CACHE ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kiln-gpu');

const hash = (parts: readonly (string | Uint8Array)[]) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p).update('\n');
  return h.digest('hex').slice(0, 24);
};

/**
 * The lavapipe output of a bundle's kernel variant on the seeded input: that variant's WGSL,
 * in dispatch order, and the spec decide it (not the runtime around them).
 */
export async function refPath(bundleDir: string, target: string, seeds: string): Promise<string> {
  const dir = join(bundleDir, 'source', target, 'kernels');
  const kernels = (await readdir(dir)).sort();
  const key = hash([
    ...(await Promise.all(kernels.map((k) => readFile(join(dir, k))))),
    await readFile(join(bundleDir, 'source', target, 'runner.ts')),
    await readFile(join(bundleDir, 'spec.json')),
    seeds,
  ]);
  return join(CACHE_DIR, `ref-${key}.safetensors`);
}

/** The external-weights ONNX model of a spec and weight seed. */
export async function onnxPath(bundleDir: string, seed: number): Promise<string> {
  const files = [
    join(bundleDir, 'spec.json'),
    join(ROOT, 'scripts', 'export_onnx.py'),
    join(ROOT, 'scripts', 'gpu', 'onnx_external.py'),
    join(ROOT, 'test', 'golden', 'reference', 'seed_unet.py'),
  ];
  const key = hash([...(await Promise.all(files.map((f) => readFile(f)))), `seed=${seed}`]);
  return join(CACHE_DIR, `onnx-${key}.onnx`);
}
