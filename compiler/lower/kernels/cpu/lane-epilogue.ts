/**
 * Which epilogue code each lane conv kernel carries. Layers of one kernel size, stride, padding
 * and tile share one lane-conv2d.ts kernel, whose time bias, residual add and 1x1 shortcut loop
 * are chosen by uniform flags; code that no layer of the model needs is left out of its text.
 * On lavapipe a shader's compile time grows with its load sites: the shortcut loop, residual add
 * and time bias were a quarter of seed S's stride-2 conv's compile (1349 -> 998 ms,
 * compile-lab.ts), and no downsampling conv has any of them.
 */
import type { Graph } from '../../../ir/graph.js';
import { residualOf, shortcutOf, timeBiasOf } from '../../../ir/fused.js';
import { type NodeOf, operandsOf } from '../../../ir/ops.js';
import type { Target } from '../../kernel.js';
import { laneConv } from '../../schedule.js';
import { usesLaneConv } from './padded.js';

/** What a lane conv kernel carries: the time bias, the residual add (resMode 1), the shortcut (2). */
export interface LaneEpilogue {
  readonly time: boolean;
  readonly add: boolean;
  readonly shortcut: boolean;
}

/** What a lane conv kernel's text depends on besides its epilogue. */
function key(n: NodeOf<'fused_conv2d'>): string {
  const { kernel, stride, padding } = n.attrs;
  const t = laneConv(kernel, stride, n.shape[3]!);
  return `${kernel}/${stride}/${padding}/${t.rows}x${t.cols}x${t.chans}`;
}

const memo = new WeakMap<Graph, Map<Target, (node: NodeOf<'fused_conv2d'>) => LaneEpilogue>>();

/** The union over the model's lane convs that share a kernel, looked up by node. */
export function laneEpilogues(
  g: Graph,
  target: Target,
): (node: NodeOf<'fused_conv2d'>) => LaneEpilogue {
  const byTarget = memo.get(g) ?? new Map();
  memo.set(g, byTarget);
  const had = byTarget.get(target);
  if (had) return had;
  const made = unionOf(g, target);
  byTarget.set(target, made);
  return made;
}

function unionOf(g: Graph, target: Target): (node: NodeOf<'fused_conv2d'>) => LaneEpilogue {
  const none = { time: false, add: false, shortcut: false };
  const union = new Map<string, { time: boolean; add: boolean; shortcut: boolean }>();
  for (const n of g.nodes) {
    if (n.op !== 'fused_conv2d') continue;
    const shapes = operandsOf(
      n.op,
      n.attrs,
      n.inputs.map((i) => g.nodes[i]!.shape),
    );
    if (!usesLaneConv(target, n, shapes)) continue;
    const k = key(n);
    const u = union.get(k) ?? { ...none };
    u.time ||= timeBiasOf(n.attrs) !== undefined;
    u.add ||= residualOf(n.attrs) !== undefined;
    u.shortcut ||= shortcutOf(n.attrs) !== undefined;
    union.set(k, u);
  }
  return (node) => union.get(key(node)) ?? none;
}
