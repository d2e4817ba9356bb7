import { buildGraph } from '../../compiler/ir/build.js';
import { paramsOf } from '../../compiler/ir/graph.js';
import { numel } from '../../compiler/ir/ops.js';
import type { CommandDef, Parsed } from '../args.js';
import { readSpecFile } from '../../compiler/spec/read.js';

export const weightsCommand: CommandDef = {
  name: 'weights',
  args: ['<spec.json>'],
  summary:
    "List the weights a spec expects: every tensor's name and shape, in state_dict() order (what --weights must hold).",
  flags: [
    { name: 'json', help: 'print one JSON object instead of text' },
    { name: 'help', help: 'show this help' },
  ],
  details:
    "For the seed preset (`unet`) the names are the reference model's state_dict(); for the general form (`blocks`)\nthey follow the naming rule in README.md and are exactly the state_dict() of `kiln emit-torch`'s Model.",
};

export async function runWeights(
  { positional, flags }: Parsed,
  print: (s: string) => void,
): Promise<void> {
  const spec = await readSpecFile(positional[0]!);
  const tensors = paramsOf(buildGraph(spec)).map((p) => ({
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
