/**
 * What a fused op absorbed, as data: a fused_conv2d keeps the ops its rules matched as two
 * lists, as TVM's composite functions keep theirs. Each entry is an op of the op table (ops.ts)
 * with the attrs it had, so the printer, the operand slots and the kernels' fragments read what
 * was fused instead of flags:
 *   prologue (applied to the input as it is loaded, in order): concat (the input is the channel
 *     concatenation of `sources` tensors, read in place), group_norm (as fma(x, scale, shift)
 *     from the `norm` operand), an activation (ACTIVATIONS);
 *   epilogue (added in the store, in order, after the conv's own bias): add_channel_bias (the
 *     time bias, columns offset.. of the `timeBias` operand), add (the `residual` tensor) or
 *     conv2d (a 1x1 shortcut conv of the `shortcut` sources).
 */
import type { ActivationName } from './activations.js';

export type PrologueEntry =
  | { readonly op: 'concat'; readonly sources: number }
  | { readonly op: 'group_norm'; readonly groups: number; readonly eps: number }
  | { readonly op: ActivationName };

export type EpilogueEntry =
  | { readonly op: 'add_channel_bias'; readonly offset: number }
  | { readonly op: 'add' }
  | { readonly op: 'conv2d'; readonly kernel: 1; readonly sources: number };

interface Prologue {
  readonly prologue: readonly PrologueEntry[];
}
interface Epilogue {
  readonly epilogue: readonly EpilogueEntry[];
}

const find = <E extends { op: string }, K extends E['op']>(list: readonly E[], op: K) =>
  list.find((e): e is Extract<E, { op: K }> => e.op === op);

/** Tensors whose channel concatenation is the conv's input. */
export const sourceCount = (a: Prologue) => find(a.prologue, 'concat')?.sources ?? 1;
export const normOf = (a: Prologue) => find(a.prologue, 'group_norm');
/** The activation applied after the norm (the prologue entry that is neither). */
export const activationOf = (a: Prologue): ActivationName | undefined =>
  a.prologue.find((e): e is { op: ActivationName } => e.op !== 'concat' && e.op !== 'group_norm')
    ?.op;
export const timeBiasOf = (a: Epilogue) => find(a.epilogue, 'add_channel_bias');
export const residualOf = (a: Epilogue) => find(a.epilogue, 'add');
export const shortcutOf = (a: Epilogue) => find(a.epilogue, 'conv2d');
/** The residual stage: none, a tensor added ('add') or a 1x1 shortcut conv ('conv1x1'). */
export const residualKind = (a: Epilogue): 'none' | 'add' | 'conv1x1' =>
  residualOf(a) ? 'add' : shortcutOf(a) ? 'conv1x1' : 'none';

/**
 * The store adds its terms in stages, each at most once: the time bias, then the residual or
 * the shortcut (which share the residual slot). An epilogue lists them in stage order, so a
 * rule may append `op` only past its last entry's stage: what a rule absorbed is visible in
 * the list, and a conv that already has a residual matches no residual rule again.
 */
const STAGE: Readonly<Record<EpilogueEntry['op'], number>> = {
  add_channel_bias: 1,
  add: 2,
  conv2d: 2,
};

export function accepts(epilogue: readonly EpilogueEntry[], op: EpilogueEntry['op']): boolean {
  const last = epilogue[epilogue.length - 1];
  return last === undefined || STAGE[last.op] < STAGE[op];
}

/** `op` or `op{k=v,...}`: how the printer and kernel headers show an entry. */
export function entryText(e: { readonly op: string }): string {
  const attrs = Object.entries(e).filter(([k]) => k !== 'op');
  return attrs.length === 0 ? e.op : `${e.op}{${attrs.map(([k, v]) => `${k}=${v}`).join(',')}}`;
}
