/**
 * The WGSL a fused op's prologue entries (compiler/ir/fused.ts) contribute, written once and
 * used by every kernel that applies them: the plain and tiled convs, the cpu pre-pass
 * (pad-activate.ts), the gpu staged conv, and an activation's own kernel (elementwise.ts).
 */
import { ACTIVATIONS, type ActivationName, activationFn } from '../../ir/activations.js';
import { activationOf, normOf, type PrologueEntry } from '../../ir/fused.js';
import { sum, tensor, type U } from '../wgsl.js';

export { activationFn };

/** What a conv applies to each loaded input element: the norm's affine, then an activation. */
export interface Load {
  readonly norm: boolean;
  readonly act: ActivationName | undefined;
}

export function loadOf(a: { readonly prologue: readonly PrologueEntry[] }): Load {
  const norm = normOf(a) !== undefined;
  const act = activationOf(a);
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

/**
 * The store side of a fused conv (its epilogue entries) and of any conv's bias: the WGSL of
 * each term, written once for every variant. `param(i)` is how the kernel reads element `i` of
 * its params buffer (`params[i]`, or `pf(i)` where params are vec4s); offsets are elements.
 */
export interface StoreIo {
  readonly param: (i: string) => string;
  readonly bias: U;
  /** Epilogue add_channel_bias: temb [N, cols], this conv's columns from `offset`. */
  readonly timeBias?: { readonly cols: U; readonly offset: U };
  /** Epilogue conv2d (the 1x1 shortcut): its bias. */
  readonly shortcutBias?: U;
}

export function storeSide(io: StoreIo) {
  const vector = (base: U, co: string) => io.param(tensor('params', [0], base).index(co));
  const need = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`store side: no ${what}`);
    return v;
  };
  const term = {
    /** The conv's own bias of output channel `co`. */
    bias: (co: string) => vector(io.bias, co),
    /** The time bias temb[b, offset + co]. */
    timeBias: (co: string) => {
      const t = need(io.timeBias, 'time bias');
      return tensor('temb', [0, t.cols]).at('b', sum(t.offset, co));
    },
    /** The 1x1 shortcut conv's bias. */
    shortcutBias: (co: string) => vector(need(io.shortcutBias, 'shortcut'), co),
    /** The residual tensor `name` at the output's element `at`. */
    residual: (name: string, at: string) => `${name}[${at}]`,
  };
  return {
    ...term,
    /** What the store adds to every element of channel `co`: the terms present, summed. */
    channel: (co: string) =>
      [
        term.bias(co),
        ...(io.timeBias ? [term.timeBias(co)] : []),
        ...(io.shortcutBias !== undefined ? [term.shortcutBias(co)] : []),
      ].join(' + '),
  };
}
