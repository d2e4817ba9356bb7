import { compile } from '../../compiler/index.js';
import { TARGETS, type Target } from '../../compiler/lower/kernel.js';
import { KilnError } from '../../runtime/errors.js';
import { openBundleOut } from '../../compiler/emit/bundle.js';
import { makeDirs, preflightOutputDir } from '../../runtime/paths.js';
import { readSafetensorsFile } from '../../runtime/safetensors-file.js';
import { intFlag, type Parsed } from '../args.js';
import { readSpecFile } from '../../compiler/spec/read.js';
import { validateSpec } from '../../compiler/spec/check.js';
import { join, relative, resolve } from 'node:path';
import { irDumper } from '../dump-ir.js';
import { readFile } from 'node:fs/promises';

/**
 * A class-conditional bundle's default guidance: --guidance, else the `guidance` that
 * scripts/train/train.py wrote into <weights stem>.recipe.json beside the weights, else none.
 */
async function defaultGuidance(
  flags: Parsed['flags'],
  weightsPath: string | undefined,
): Promise<{ scale: number; source: string } | undefined> {
  const flag = flags.get('guidance');
  if (flag !== undefined) {
    const w = Number(flag);
    if (typeof flag !== 'string' || flag.trim() === '' || !Number.isFinite(w) || w < 0)
      throw new KilnError(
        'CLI_USAGE',
        `kiln compile: --guidance must be a finite number >= 0, got ${JSON.stringify(flag)}`,
      );
    return { scale: w, source: 'kiln compile --guidance' };
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

export async function runCompile(
  { positional, flags }: Parsed,
  log: (s: string) => void,
): Promise<void> {
  const t0 = performance.now();
  const specPath = positional[0]!;
  const seed = intFlag('compile', flags, 'seed', 0, 0, 2 ** 32 - 1);
  const target = flags.get('target') as string | undefined;
  if (target !== undefined && !TARGETS.includes(target as Target))
    throw new KilnError(
      'CLI_USAGE',
      `kiln compile: --target must be ${TARGETS.join(' or ')}, got ${JSON.stringify(target)}`,
    );
  const read = await readSpecFile(specPath);
  const batch = flags.has('batch') ? intFlag('compile', flags, 'batch', 1, 1, 64) : undefined;
  // Re-validated: a larger batch can push a tensor over the size limit.
  const spec =
    batch === undefined
      ? read
      : validateSpec(
          { ...read, input: { ...read.input, batch } },
          `${specPath} (--batch ${batch})`,
        );
  const weightsPath = flags.get('weights') as string | undefined;
  const weights = weightsPath
    ? {
        file: await readSafetensorsFile(weightsPath, `--weights ${weightsPath}`),
        source: weightsPath,
      }
    : undefined;
  const classes = spec.unet?.classes ?? spec.blocks?.classes;
  if (classes === undefined && flags.has('guidance'))
    throw new KilnError(
      'CLI_USAGE',
      `kiln compile: --guidance: ${specPath} is not class-conditional (no classes)`,
    );
  const guidance = classes === undefined ? undefined : await defaultGuidance(flags, weightsPath);
  const out = (flags.get('out') as string | undefined) ?? join('out', spec.name);
  const dumpFlag = flags.get('dump-ir') as string | undefined;
  const dumpDir = dumpFlag ?? process.env.KILN_DUMP_IR;
  const dumpPlace = dumpFlag ? `--dump-ir ${dumpFlag}` : `KILN_DUMP_IR=${dumpDir}`;
  // Outputs are checked, and the bundle directory claimed, before any work is done.
  if (dumpDir && !relative(resolve(out), resolve(dumpDir)).startsWith('..'))
    throw new KilnError(
      'CLI_USAGE',
      `${dumpPlace}: is inside --out ${out}, which is replaced whole; choose another directory`,
    );
  if (dumpDir) await preflightOutputDir(dumpPlace, dumpDir, 'fill');
  const bundleOut = await openBundleOut(out, `--out ${out}`);
  let c: Awaited<ReturnType<typeof compile>>;
  try {
    if (dumpDir) await makeDirs(dumpDir, dumpPlace);
    c = await compile(spec, {
      weights,
      seed,
      passes: {
        fuse: !flags.has('no-fuse'),
        observe: dumpDir ? irDumper(dumpDir, dumpPlace) : undefined,
      },
      target: target as Target | undefined,
      guidance,
    });
    await bundleOut.commit(c.files);
  } finally {
    await bundleOut.release();
  }
  if (!flags.has('quiet')) {
    const params = c.manifest.params.reduce((a, p) => a + p.shape.reduce((x, y) => x * y, 1), 0);
    log(
      `kiln: compiled ${specPath} -> ${out}: ${c.manifest.fused ? 'fused' : 'unfused'}, ${c.manifest.variants.map((v) => `${v.target} kernels (${v.dispatches} dispatches, ${v.kernels.length} kernels)`).join(' and ')}, ${(params / 1e6).toFixed(2)}M params (${weightsPath ? `weights from ${weightsPath}` : `generated weights, seed ${seed}`}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
}
