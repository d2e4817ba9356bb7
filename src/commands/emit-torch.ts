import { basename } from 'node:path';
import { emitTorch } from '../../compiler/torch/emit.js';
import type { Parsed } from '../args.js';
import { readSpecFile } from '../../compiler/spec/read.js';

export async function runEmitTorch(
  { positional }: Parsed,
  print: (s: string) => void,
): Promise<void> {
  const path = positional[0]!;
  const spec = await readSpecFile(path);
  print(emitTorch(spec, basename(path)));
}
