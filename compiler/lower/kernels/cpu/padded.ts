/**
 * The layout the software-adapter convolution reads: its input activated once and zero-padded,
 * [N, C, H + 2*pad, W + 8] with the data at column 4, so that every row starts on a vec4 and a
 * tile's taps are whole vec4 loads with no bounds checks. On lavapipe every storage load is a
 * per-lane gather with a bounds check per component, so loads, not FMAs, are what a conv costs
 * there (BENCHMARKS.md): a vec4 load fetches four columns for the price of one check, and
 * activating each element once (not once per tap and channel tile) takes the SiLU out of the
 * inner loop.
 */
import { shortcutOf, sourceCount } from '../../../ir/fused.js';
import type { NodeOf, Shape } from '../../../ir/ops.js';
import type { Target } from '../../kernel.js';

/** Zero columns left of the data (keeps rows vec4-aligned); the same count sits on the right. */
export const PAD_COLUMNS = 4;

/** The padded, activated copy of a conv's (concatenated) input. */
export function paddedShape(n: number, c: number, h: number, w: number, pad: number): Shape {
  return [n, c, h + 2 * pad, w + 2 * PAD_COLUMNS];
}

/**
 * Whether a fused conv runs as lane-conv2d.ts: on a software adapter, with widths in whole
 * vec4s, at most two sources, padding inside the zero border. Anything else keeps the scalar
 * kernel.
 */
export function usesLaneConv(
  target: Target,
  node: NodeOf<'fused_conv2d'>,
  input: { readonly input: readonly Shape[] },
): boolean {
  const a = node.attrs;
  return (
    target === 'cpu' &&
    input.input[0]![3]! % 4 === 0 &&
    node.shape[3]! % 4 === 0 &&
    sourceCount(a) <= 2 &&
    a.padding <= PAD_COLUMNS &&
    (shortcutOf(a)?.sources ?? 0) <= 2
  );
}

/**
 * Whether a ConvTranspose runs as phase convolutions (conv-transpose2d.ts): 4x4, stride 2, pad
 * 1, to an even width. A lowering decision of its kernel variants (lower/registry.ts).
 */
export const isPhaseConvTranspose = (node: NodeOf<'conv_transpose2d'>): boolean =>
  node.attrs.kernel === 4 &&
  node.attrs.stride === 2 &&
  node.attrs.padding === 1 &&
  node.shape[3]! % 2 === 0;

/** The phase ConvTranspose as lane-conv-transpose2d.ts: input width in vec4s. */
export const usesLaneConvTranspose = (
  target: Target,
  node: NodeOf<'conv_transpose2d'>,
  x: Shape,
): boolean => target === 'cpu' && isPhaseConvTranspose(node) && x[3]! % 4 === 0;
