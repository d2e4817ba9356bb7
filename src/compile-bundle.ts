/**
 * Compiling a spec into a bundle directory: the one code path of `kiln compile` and of the
 * library's `compile` (src/lib.ts). Every input is checked, and the directory claimed, before
 * any work is done.
 */
import { join, relative, resolve } from 'node:path';
import { openBundleOut } from '../compiler/emit/bundle.js';
import { compile as compileSpec } from '../compiler/index.js';
import { type AnySpec, readAnySpecFile, validateAnySpec, withBatch } from '../compiler/spec/any.js';
import { KilnError } from '../runtime/errors.js';
import { irDumper } from './dump-ir.js';
import { makeDirs, preflightOutputDir } from './host/paths.js';
import { readSafetensorsFile } from './host/safetensors-file.js';
import type { CompiledBundle, CompileOptions } from './lib.js';

/** How the CLI names what it was given in errors (`--out out/x`); by default, the value itself. */
export interface Places {
  /** The spec as re-validated for `batch`. */
  readonly batchedSpec?: string;
  readonly outPrefix?: string;
  readonly weightsPrefix?: string;
  readonly dumpIr?: string;
}

/** `compile` of the library and of `kiln compile`: a spec into a bundle directory. */
export async function compileBundle(
  spec: string | object,
  options: CompileOptions,
  places: Places = {},
): Promise<CompiledBundle> {
  const source = typeof spec === 'string' ? spec : 'spec';
  const read =
    typeof spec === 'string' ? await readAnySpecFile(spec) : validateAnySpec(spec, source);
  // Re-validated: a larger batch can push a tensor over the size limit.
  const checked: AnySpec =
    options.batch === undefined
      ? read
      : withBatch(read, options.batch, places.batchedSpec ?? `${source} (batch ${options.batch})`);
  const weights = options.weights
    ? {
        file: await readSafetensorsFile(
          options.weights,
          `${places.weightsPrefix ?? ''}${options.weights}`,
        ),
        source: options.weights,
      }
    : undefined;
  const out = options.out ?? join('out', checked.name);
  const outPlace = `${places.outPrefix ?? ''}${out}`;
  const dumpDir = options.dumpIr;
  const dumpPlace = places.dumpIr ?? dumpDir ?? '';
  // Outputs are checked, and the bundle directory claimed, before any work is done.
  if (dumpDir && !relative(resolve(out), resolve(dumpDir)).startsWith('..'))
    throw new KilnError(
      'CLI_USAGE',
      `${dumpPlace}: is inside ${outPlace}, which is replaced whole; choose another directory`,
    );
  if (dumpDir) await preflightOutputDir(dumpPlace, dumpDir, 'fill');
  const bundleOut = await openBundleOut(out, outPlace);
  let c: Awaited<ReturnType<typeof compileSpec>>;
  try {
    if (dumpDir) await makeDirs(dumpDir, dumpPlace);
    c = await compileSpec(
      checked,
      {
        weights,
        seed: options.seed ?? 0,
        passes: {
          fuse: options.fuse ?? true,
          observe: dumpDir ? irDumper(dumpDir, dumpPlace) : undefined,
        },
        target: options.target,
      },
      source,
    );
    await bundleOut.commit(c.files);
  } finally {
    await bundleOut.release();
  }
  return {
    name: c.manifest.name,
    out,
    files: [...c.files.keys()],
    fused: c.manifest.fused,
    variants: c.manifest.variants.map((v) => ({
      target: v.target,
      dispatches: v.dispatches,
      kernels: v.kernels.length,
    })),
    params: c.manifest.params.reduce((a, p) => a + p.shape.reduce((x, y) => x * y, 1), 0),
  };
}
