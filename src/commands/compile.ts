import { needsLine } from '../../compiler/diffusers/needs.js';
import { readDiffusersSpecFile } from '../../compiler/diffusers/read.js';
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
  const diffusers = await readDiffusersSpecFile(specPath);
  if (diffusers)
    throw new KilnError(
      'SPEC_INVALID',
      needsLine(diffusers, specPath) ??
        `${specPath}: diffusers: this spec's graph builds (compiler/diffusers/graph.ts), but kiln compile does not bundle the diffusers form yet`,
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
