/**
 * The tiny U-Net (test/golden/fixtures/nets/tiny: 16x16, base 8, two levels) compiled with its
 * PyTorch weights into a real bundle directory, both kernel variants, plus the PyTorch io.
 * Small on purpose: SwiftShader's and lavapipe's shader compilers are the slow part of a test.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeBundleDir } from '../../compiler/emit/bundle.js';
import { compile, type Compiled } from '../../compiler/index.js';
import { readSpecFile } from '../../compiler/spec/read.js';
import type { Model } from '../../runtime/api.js';
import { readSafetensorsFile } from '../../src/host/safetensors-file.js';
import { importModel, readManifest } from '../../src/host/open-bundle.js';
import { FIXTURES, readFixture } from './gpu.js';
import { ROOT } from './kiln.js';

export const TINY = join(FIXTURES, 'nets', 'tiny');

export interface TinyBundle {
  /** The parent temp directory; the bundle is `dir`. */
  readonly tmp: string;
  readonly dir: string;
  readonly compiled: Compiled;
  /** PyTorch's x, t and out for the tiny net. */
  readonly x: Float32Array;
  readonly t: Float32Array;
  readonly out: Float32Array;
  load(options?: Parameters<typeof loadTiny>[1]): Promise<Model>;
  cleanup(): Promise<void>;
}

async function loadTiny(dir: string, options: object = {}): Promise<Model> {
  const mod = await importModel(dir, await readManifest(dir));
  return mod.load(options);
}

export async function tinyBundle(): Promise<TinyBundle> {
  const tmp = await mkdtemp(join(tmpdir(), 'kiln-bundle-'));
  const dir = join(tmp, 'tiny');
  const weights = join(TINY, 'weights.safetensors');
  const compiled = await compile(await readSpecFile(join(TINY, 'spec.json')), {
    weights: { file: await readSafetensorsFile(weights), source: weights },
  });
  await writeBundleDir(dir, compiled.files);
  const io = await readFixture('nets/tiny/io.safetensors');
  return {
    tmp,
    dir,
    compiled,
    x: io.tensors.get('x')!.data,
    t: io.tensors.get('t')!.data,
    out: io.tensors.get('out')!.data,
    load: (options) => loadTiny(dir, options),
    cleanup: () => rm(tmp, { recursive: true, force: true }),
  };
}

/**
 * A spec of specs/ compiled into `dir` as `kiln compile` would: digits with its trained weights
 * (specs/digits.safetensors, batch 16), the others with `kiln init` weights (seed 0, batch 1).
 * `batch` overrides the spec's, as `--batch` does, `fuse: false` is `--no-fuse`; `spec` may also
 * be a path to a spec file.
 */
export async function specBundle(
  spec: string,
  dir: string,
  options: {
    batch?: number;
    weights?: string;
    target?: 'cpu' | 'gpu';
    fuse?: false;
    precision?: 'f16';
  } = {},
): Promise<Compiled> {
  const path = spec.endsWith('.json') ? spec : join(ROOT, 'specs', `${spec}.json`);
  const read = await readSpecFile(path);
  const weights =
    options.weights ?? (spec === 'digits' ? join(ROOT, 'specs', 'digits.safetensors') : undefined);
  const compiled = await compile(
    options.batch ? { ...read, input: { ...read.input, batch: options.batch } } : read,
    {
      ...(weights
        ? { weights: { file: await readSafetensorsFile(weights), source: weights } }
        : { seed: 0 }),
      ...(options.target ? { target: options.target } : {}),
      ...(options.fuse === false ? { passes: { fuse: false } } : {}),
      ...(options.precision ? { precision: options.precision } : {}),
    },
  );
  await writeBundleDir(dir, compiled.files);
  return compiled;
}
