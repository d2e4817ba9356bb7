import { basename } from 'node:path';
import { readDiffusersSpecFile } from '../../compiler/diffusers/read.js';
import { emitDiffusersTorch } from '../../compiler/torch/diffusers.js';
import { emitTorch } from '../../compiler/torch/emit.js';
import type { Parsed } from '../args.js';
import { readSpecFile } from '../../compiler/spec/read.js';

export async function runEmitTorch(
  { positional }: Parsed,
  print: (s: string) => void,
): Promise<void> {
  const path = positional[0]!;
  const diffusers = await readDiffusersSpecFile(path);
  if (diffusers) {
    print(emitDiffusersTorch(diffusers, basename(path)));
    return;
  }
  const spec = await readSpecFile(path);
  print(emitTorch(spec, basename(path)));
}
