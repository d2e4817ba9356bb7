import { stateDictShapes } from '../../compiler/diffusers/keys.js';
import { readDiffusersSpecFile } from '../../compiler/diffusers/read.js';
import type { Spec } from '../../compiler/spec/schema.js';
import { buildGraph } from '../../compiler/ir/build.js';
import { paramsOf } from '../../compiler/ir/graph.js';
import { numel } from '../../compiler/ir/ops.js';
import type { Parsed } from '../args.js';
import { readSpecFile } from '../../compiler/spec/read.js';

export async function runWeights(
  { positional, flags }: Parsed,
  print: (s: string) => void,
): Promise<void> {
  const diffusers = await readDiffusersSpecFile(positional[0]!);
  const spec = diffusers ?? (await readSpecFile(positional[0]!));
  const tensors = diffusers
    ? stateDictShapes(diffusers).map((t) => ({ name: t.name, shape: [...t.shape] }))
    : paramsOf(buildGraph(spec as Spec)).map((p) => ({
        name: p.attrs.name,
        shape: [...p.shape],
      }));
  const total = tensors.reduce((a, t) => a + numel(t.shape), 0);
  if (flags.has('json')) {
    print(
      JSON.stringify(
        {
          name: spec.name,
          tensors: tensors.length,
          params: total,
          weights: tensors.map((t) => ({ ...t, dtype: 'F32' })),
        },
        null,
        2,
      ),
    );
    return;
  }
  const width = Math.max(...tensors.map((t) => t.name.length)) + 2;
  print(
    [
      `# ${spec.name}: ${tensors.length} tensors, ${total.toLocaleString('en-US')} params (${((total * 4) / 2 ** 20).toFixed(2)} MiB as F32), in state_dict() order`,
      ...tensors.map((t) => `${t.name.padEnd(width)}[${t.shape.join(', ')}]`),
    ].join('\n'),
  );
}
