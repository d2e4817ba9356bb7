/**
 * The WGSL a fused op's prologue entries (compiler/ir/fused.ts) contribute, written once and
 * used by every kernel that applies them: the plain and tiled convs, the cpu pre-pass
 * (pad-activate.ts), the gpu staged conv, and an activation's own kernel (elementwise.ts).
 */
import { ACTIVATIONS, type ActivationName, activationFn } from '../../ir/activations.js';
import { activationOf, normOf, type PrologueEntry } from '../../ir/fused.js';

export { activationFn };

/** What a conv applies to each loaded input element: the norm's affine, then an activation. */
export interface Load {
  readonly norm: boolean;
  readonly act: ActivationName | undefined;
}

export function loadOf(a: { readonly prologue: readonly PrologueEntry[] }): Load {
  const norm = normOf({ ...a, epilogue: [] }) !== undefined;
  const act = activationOf({ ...a, epilogue: [] });
  if (act && !norm)
    throw new Error(`an activation (${act}) without its norm is not a conv prologue`);
  return { norm, act };
}

/** The loaded value `v` with the prologue applied, given the channel's `scale` and `shift`. */
export function loadExpr(l: Load, v: string, scale: string, shift: string, width: 1 | 4 = 1) {
  if (!l.norm) return v;
  const affine = `fma(${v}, ${scale}, ${shift})`;
  return l.act ? `${l.act}${width === 4 ? '4' : ''}(${affine})` : affine;
}

/** The functions loadExpr calls ('' for none), for the kernel's module scope. */
export const loadFns = (l: Load, width: 1 | 4 = 1) => (l.act ? activationFn(l.act, width) : '');

/** `GroupNorm affine + SiLU` and the like, for kernel headers. */
export const loadTitle = (l: Load) =>
  `GroupNorm affine${l.act ? ` + ${ACTIVATIONS[l.act].title}` : ''}`;
