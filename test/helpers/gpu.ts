/** Test helpers: run graphs through the real compile -> bundle -> Dawn path and compare to goldens. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { compileGraph } from '../../compiler/index.js';
import { writeBundleDir } from '../../compiler/emit/bundle.js';
import type { Graph } from '../../compiler/ir/graph.js';
import type { Target } from '../../compiler/lower/kernel.js';
import { loadBundle, runBundle } from '../../src/host/bundle.js';
import { createGpu, type Gpu } from '../../src/host/device.js';
import { relErr } from '../../src/host/parity.js';
import { toFloat32 } from '../../runtime/format/safetensors.js';
import { readSafetensorsFile } from '../../src/host/safetensors-file.js';

let gpu: Promise<Gpu> | undefined;
/** One device per test file; the GPU path is never skipped: no adapter fails the test. */
export const sharedGpu = () => (gpu ??= createGpu());

export const FIXTURES = join(import.meta.dirname, '..', 'golden', 'fixtures');

export const readFixture = (path: string) => readTensors(join(FIXTURES, path));

export async function readTensors(path: string) {
  const file = await readSafetensorsFile(path);
  const tensors = new Map<string, { shape: readonly number[]; data: Float32Array }>();
  for (const [name, t] of file.tensors)
    tensors.set(name, { shape: t.shape, data: toFloat32(t, path) });
  return { tensors, metadata: file.metadata };
}

export async function withTempDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'kiln-test-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export async function runGraph(
  graph: Graph,
  weights: ReadonlyMap<string, Float32Array>,
  inputs: ReadonlyMap<string, Float32Array>,
  fuse = false,
  target: Target = 'cpu',
) {
  // One variant: the cpu kernels are what lavapipe (a software adapter) picks; a test asks for
  // the gpu ones by name. Either way half the compile time of both.
  const { files } = await compileGraph(graph, weights, 'test', { fuse }, [target]);
  return withTempDir(async (dir) => {
    const g = await sharedGpu();
    await writeBundleDir(join(dir, 'bundle'), files);
    const bundle = await loadBundle(join(dir, 'bundle'), g);
    try {
      return await runBundle(bundle, new Map(inputs));
    } finally {
      bundle.model.destroy();
    }
  });
}

/** The project's parity rule (src/host/parity.ts): relErr(got, want) <= tol. Returns the error. */
export function expectClose(got: Float32Array, want: Float32Array, tol = 1e-4): number {
  expect(got.length).toBe(want.length);
  const rel = relErr(got, want);
  expect(rel, `max|diff| / max|want| over ${want.length} values`).toBeLessThanOrEqual(tol);
  return rel;
}
