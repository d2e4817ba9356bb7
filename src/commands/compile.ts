import { TARGETS, type Target } from '../../compiler/lower/kernel.js';
import { KilnError } from '../../runtime/errors.js';
import { PRECISIONS, type Precision } from '../../runtime/format/manifest.js';
import { intFlag, type Parsed } from '../args.js';
import { compileBundle } from '../compile-bundle.js';

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
  const batch = flags.has('batch') ? intFlag('compile', flags, 'batch', 1, 1, 64) : undefined;
  const weightsPath = flags.get('weights') as string | undefined;
  const outFlag = flags.get('out') as string | undefined;
  const guidanceFlag = flags.get('guidance');
  let guidance: number | undefined;
  if (guidanceFlag !== undefined) {
    guidance = Number(guidanceFlag);
    if (
      typeof guidanceFlag !== 'string' ||
      guidanceFlag.trim() === '' ||
      !Number.isFinite(guidance) ||
      guidance < 0
    )
      throw new KilnError(
        'CLI_USAGE',
        `kiln compile: --guidance must be a finite number >= 0, got ${JSON.stringify(guidanceFlag)}`,
      );
  }
  const precision = (flags.get('precision') as string | undefined) ?? 'f32';
  if (!PRECISIONS.includes(precision as Precision))
    throw new KilnError(
      'CLI_USAGE',
      `kiln compile: --precision must be ${PRECISIONS.join(' or ')}, got ${JSON.stringify(precision)}`,
    );
  const dumpFlag = flags.get('dump-ir') as string | undefined;
  const dumpDir = dumpFlag ?? process.env.KILN_DUMP_IR;
  const c = await compileBundle(
    specPath,
    {
      out: outFlag,
      weights: weightsPath,
      seed,
      target: target as Target | undefined,
      fuse: !flags.has('no-fuse'),
      batch,
      dumpIr: dumpDir,
      guidance,
      precision: precision as Precision,
    },
    {
      batchedSpec: `${specPath} (--batch ${batch})`,
      outPrefix: '--out ',
      weightsPrefix: '--weights ',
      dumpIr: dumpFlag ? `--dump-ir ${dumpFlag}` : `KILN_DUMP_IR=${dumpDir}`,
      guidance: 'kiln compile: --guidance',
      guidanceSource: 'kiln compile --guidance',
      precision: 'kiln compile: --precision',
    },
  );
  if (!flags.has('quiet')) {
    log(
      `kiln: compiled ${specPath} -> ${c.out}: ${c.fused ? 'fused' : 'unfused'}, ${c.variants.map((v) => `${v.target} kernels (${v.dispatches} dispatches, ${v.kernels} kernels)`).join(' and ')}, ${(c.params / 1e6).toFixed(2)}M params${precision === 'f16' ? ' stored as f16' : ''} (${weightsPath ? `weights from ${weightsPath}` : `generated weights, seed ${seed}`}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
}
