/**
 * `kiln sample`'s conditioning flags, checked against the bundle's manifest before any GPU
 * work: --label (one class id, or one per image) or, on a model with a context input,
 * --negative-context (the unconditional pass's context), --guidance, --guide, and --count
 * (images to make: up to the batch, or half of it with --guide batched, whose forward runs cond
 * and uncond halves of 2 x count items). The context files themselves are read by sample.ts.
 */
import { KilnError } from '../../runtime/errors.js';
import type { Manifest } from '../../runtime/format/manifest.js';
import { intFlag, type Parsed } from '../args.js';

export interface ConditionFlags {
  readonly label?: readonly number[];
  /** --negative-context's file: the unconditional pass of a guided run of a context model. */
  readonly negativeContext?: string;
  readonly guidance?: number;
  readonly guide?: 'batched' | 'twice';
  /** Images the run makes: --count, else the bundle's batch, or half of it with guide batched. */
  readonly images: number;
}

const usage = (line: string) => new KilnError('CLI_USAGE', `kiln sample: ${line}`);

export function parseConditionFlags(
  flags: Parsed['flags'],
  manifest: Manifest,
  dir: string,
): ConditionFlags {
  const batch = manifest.inputs.find((t) => t.name === 'x')!.shape[0]!;
  const context = manifest.inputs.some((t) => t.name === 'context');
  const negative = flags.get('negative-context');
  const label = flags.get('label');
  const guidance = flags.get('guidance');
  const guide = flags.get('guide');
  if (negative !== undefined && !context)
    throw usage('--negative-context: this bundle has no context input');
  if (negative === true) throw usage('--negative-context needs a file: <ctx.safetensors>');
  // A context model is guided by a negative context, a class-conditional one by labels.
  const by = context
    ? '--negative-context (the unconditional pass)'
    : '--label (the classes to guide towards)';
  if (label === undefined && negative === undefined) {
    if (guidance !== undefined) throw usage(`--guidance needs ${by}`);
    if (guide !== undefined) throw usage(`--guide needs ${by}`);
    return { images: intFlag('sample', flags, 'count', batch, 1, batch) };
  }
  const cond = manifest.conditioning;
  if (label !== undefined && !cond)
    throw usage(
      context
        ? `--label: ${dir} has a context input: guide it with --negative-context`
        : `--label: ${dir} is not class-conditional (its spec has no classes)`,
    );
  if (guide !== undefined && guide !== 'batched' && guide !== 'twice')
    throw usage(`--guide must be batched or twice, got ${JSON.stringify(guide)}`);
  const layout =
    (guide as 'batched' | 'twice' | undefined) ?? (batch % 2 === 0 ? 'batched' : 'twice');
  if (layout === 'batched' && batch % 2 !== 0)
    throw usage(
      `--guide batched needs an even batch (cond and uncond halves); ${dir} has ${batch}`,
    );
  const most = layout === 'batched' ? batch / 2 : batch;
  const images = intFlag('sample', flags, 'count', most, 1, batch);
  if (images > most)
    throw usage(
      `--count ${images}: --guide batched makes at most ${most} images (half the batch of ${batch}: cond and uncond halves); --guide twice makes up to ${batch}`,
    );
  let w: number | undefined;
  if (guidance !== undefined) {
    w = Number(guidance);
    if (typeof guidance !== 'string' || guidance.trim() === '' || !Number.isFinite(w) || w < 0)
      throw usage(`--guidance must be a finite number >= 0, got ${JSON.stringify(guidance)}`);
  }
  if (label === undefined)
    return { negativeContext: negative as string, guidance: w, guide: layout, images };
  const top = cond!.classes - 1;
  if (typeof label !== 'string' || !/^\d+(,\d+)*$/.test(label))
    throw usage(
      `--label must be a class id or a comma-separated list of them (0 to ${top}), got ${JSON.stringify(label)}`,
    );
  const ids = label.split(',').map(Number);
  const out = ids.find((id) => id > top);
  if (out !== undefined)
    throw usage(`--label ${out} is outside 0..${top} (the model has ${cond!.classes} classes)`);
  if (ids.length !== 1 && ids.length !== images)
    throw usage(`--label has ${ids.length} values; give one, or one per image (${images})`);
  return {
    label: ids.length === 1 ? new Array<number>(images).fill(ids[0]!) : ids,
    guidance: w,
    guide: layout,
    images,
  };
}
