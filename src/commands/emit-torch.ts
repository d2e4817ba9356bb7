import { basename } from 'node:path';
import { emitTorch } from '../../compiler/torch/emit.js';
import type { CommandDef, Parsed } from '../args.js';
import { readSpecFile } from '../../compiler/spec/read.js';

export const emitTorchCommand: CommandDef = {
  name: 'emit-torch',
  args: ['<spec.json>'],
  summary:
    'Print a standalone PyTorch file for a spec: class Model(nn.Module), Model(), forward(x, t), state_dict() as the bundle loads it.',
  flags: [{ name: 'help', help: 'show this help' }],
  details:
    'Usage: kiln emit-torch spec.json > model.py. Needs only torch. Train it, save its state_dict() as .safetensors,\nand `kiln compile spec.json --weights` deploys it unchanged.',
};

export async function runEmitTorch(
  { positional }: Parsed,
  print: (s: string) => void,
): Promise<void> {
  const path = positional[0]!;
  const spec = await readSpecFile(path);
  print(emitTorch(spec, basename(path)));
}
