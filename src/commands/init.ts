import { buildAnyGraph, checkpointShapes, readAnySpecFile } from '../../compiler/spec/any.js';
import { KILN_VERSION } from '../../compiler/version.js';
import { initWeights } from '../../compiler/weights/init.js';
import { KilnError } from '../../runtime/errors.js';
import { preflightOutputFile } from '../host/paths.js';
import { writeSafetensorsFile } from '../host/safetensors-file.js';
import { intFlag, type Parsed } from '../args.js';

export async function runInit(
  { positional, flags }: Parsed,
  log: (s: string) => void,
): Promise<void> {
  const out = flags.get('out') as string | undefined;
  if (!out)
    throw new KilnError(
      'CLI_USAGE',
      'kiln init: --out <w.safetensors> is required (see kiln init --help)',
    );
  const seed = intFlag('init', flags, 'seed', 0, 0, 2 ** 32 - 1);
  const spec = await readAnySpecFile(positional[0]!);
  const graph = buildAnyGraph(spec);
  await preflightOutputFile(`--out ${out}`, out);
  const weights = initWeights(graph, seed);
  // As the checkpoint holds them: a diffusers spec's attention linears are [out, in].
  const tensors = checkpointShapes(spec, graph).map((p) => ({
    name: p.name,
    shape: p.shape,
    data: weights.get(p.name)!,
  }));
  await writeSafetensorsFile(
    out,
    tensors,
    {
      format: 'pt',
      producer: `kiln ${KILN_VERSION}`,
      spec: spec.name,
      init: `kiln init --seed ${seed}`,
    },
    `--out ${out}`,
  );
  if (!flags.has('quiet')) {
    const params = tensors.reduce((a, t) => a + t.data.length, 0);
    log(
      `kiln: wrote ${out}: ${tensors.length} tensors, ${params.toLocaleString('en-US')} params (seed ${seed})`,
    );
  }
}
