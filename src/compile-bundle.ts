/**
 * Compiling a spec into a bundle directory: the one code path of `kiln compile` and of the
 * library's `compile` (src/lib.ts). Every input is checked, and the directory claimed, before
 * any work is done.
 */
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { openBundleOut } from '../compiler/emit/bundle.js';
import { compile as compileSpec } from '../compiler/index.js';
import { type AnySpec, readAnySpecFile, validateAnySpec, withBatch } from '../compiler/spec/any.js';
import { KilnError } from '../runtime/errors.js';
import { PRECISIONS } from '../runtime/format/manifest.js';
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
  /** The guidance option in errors (`kiln compile: --guidance`) and in the manifest. */
  readonly guidance?: string;
  readonly guidanceSource?: string;
  /** The precision option in errors (`kiln compile: --precision`). */
  readonly precision?: string;
}

/**
 * A class-conditional bundle's default guidance: the option, else the `guidance` that
 * scripts/train/train.py wrote into <weights stem>.recipe.json beside the weights, else none.
 */
async function defaultGuidance(
  given: number | undefined,
  weightsPath: string | undefined,
  places: Places,
): Promise<{ scale: number; source: string } | undefined> {
  if (given !== undefined) {
    if (typeof given !== 'number' || !Number.isFinite(given) || given < 0)
      throw new KilnError(
        'OPTION_INVALID',
        `${places.guidance ?? 'compile: guidance'} must be a finite number >= 0, got ${String(given)}`,
      );
    return { scale: given, source: places.guidanceSource ?? 'compile option guidance' };
  }
  if (!weightsPath?.endsWith('.safetensors')) return undefined;
  const recipe = `${weightsPath.slice(0, -'.safetensors'.length)}.recipe.json`;
  const text = await readFile(recipe, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  let w: unknown;
  try {
    w = (JSON.parse(text) as { guidance?: unknown }).guidance;
  } catch {
    throw new KilnError('INPUT_INVALID', `${recipe}: the training recipe is not valid JSON`);
  }
  if (w === undefined) return undefined;
  if (typeof w !== 'number' || !Number.isFinite(w) || w < 0)
    throw new KilnError(
      'INPUT_INVALID',
      `${recipe}: guidance must be a finite number >= 0, got ${JSON.stringify(w)}`,
    );
  return { scale: w, source: `training recipe ${recipe}` };
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
  // A diffusers class table has no null label, so no classifier-free guidance: no classes here.
  const classes =
    'diffusers' in checked ? undefined : (checked.unet?.classes ?? checked.blocks?.classes);
  if (classes === undefined && options.guidance !== undefined)
    throw new KilnError(
      places.guidance ? 'CLI_USAGE' : 'OPTION_INVALID',
      `${places.guidance ?? 'compile: guidance'}: ${typeof spec === 'string' ? spec : 'the spec'} is not class-conditional (no classes)`,
    );
  const guidance =
    classes === undefined
      ? undefined
      : await defaultGuidance(options.guidance, options.weights, places);
  const precision = options.precision ?? 'f32';
  if (!PRECISIONS.includes(precision))
    throw new KilnError(
      places.precision ? 'CLI_USAGE' : 'OPTION_INVALID',
      `${places.precision ?? 'compile: precision'} must be ${PRECISIONS.join(' or ')}, got ${JSON.stringify(precision)}`,
    );
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
    c = await compileSpec(checked, {
      weights,
      seed: options.seed ?? 0,
      passes: {
        fuse: options.fuse ?? true,
        observe: dumpDir ? irDumper(dumpDir, dumpPlace) : undefined,
      },
      target: options.target,
      guidance,
      precision,
    });
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
