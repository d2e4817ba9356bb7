/**
 * The static memory plan: intermediate tensors ("temps") share GPU buffers ("slots") when their
 * lifetimes do not overlap, so the runner allocates every buffer once, in its constructor, and a
 * forward pass allocates nothing.
 *
 * Only `kind: 'temp'` buffers are planned. Inputs and weights keep their own buffers (the caller
 * writes them), and so do outputs (they must stay readable after the forward).
 *
 * Liveness, over `steps` in order: a step reads every buffer it binds except the last, and writes
 * the last. A temp is live from the first step that touches it (the step that writes it) to the
 * last step that touches it (its last read), both ends included. Two temps conflict when their
 * intervals share a step, touching included: a step's output starts at that step and its inputs
 * end there at the earliest, so a step never binds one slot both as `read` and `read_write`
 * storage (WebGPU forbids that within one dispatch).
 *
 * Assignment is best fit by size, first-fit decreasing: temps sorted by byte size, largest first
 * (ties: earlier start, then id), each goes into the smallest existing slot none of whose
 * occupants it conflicts with (ties: the slot opened first), else into a new slot. Because temps
 * arrive largest first, a slot's size is that of its first occupant and never grows, so a slot
 * never exceeds the limits unless one tensor alone does; such a slot is shared only by tensors
 * bound in as many 128 MiB parts as it is (compiler/lower/split.ts). Slots are then numbered by the step that first uses them, so slot0 is the first
 * written in a forward. The whole plan is a function of the Program alone: same input, same plan,
 * byte-stable generated/.
 *
 * Invariant the plan relies on: WebGPU zero-fills a buffer only when it is created, so once
 * buffers are shared a kernel that read a temp before writing it (in the same forward) would see
 * whatever the previous occupant left. No kernel does: each one writes its whole output, and a
 * temp is only read by steps after the one that writes it. A temp that the Program reads before
 * any step writes it is therefore left unshared (it keeps its own buffer, as before planning).
 * `verifyPlan` (./verify.ts) checks the result; planMemory runs it and throws on a violation.
 */
import { numel } from '../ir/ops.js';
import type { BufferDecl, Program, Step } from '../lower/kernel.js';
import { partOffsets } from '../../runtime/format/runner-table.js';
import { verifyPlan } from './verify.js';

export interface MemoryLimits {
  /** Largest storage binding (bytes); WebGPU's default limit when absent. */
  readonly maxStorageBufferBindingSize?: number;
  /** Largest buffer (bytes); WebGPU's default limit when absent. */
  readonly maxBufferSize?: number;
}

/** WebGPU's default (always available) limits, so a planned bundle runs on any adapter. */
export const DEFAULT_LIMITS = {
  maxStorageBufferBindingSize: 134_217_728,
  maxBufferSize: 268_435_456,
} as const;

export interface MemoryStats {
  /** Bytes of activation buffers (inputs, outputs, temps) with one buffer per temp. */
  readonly unplannedBytes: number;
  /** Bytes of activation buffers (inputs, outputs, slots) once temps share slots. */
  readonly plannedBytes: number;
  /** Temp buffers once planned: the slots, plus any temp left unshared. */
  readonly slots: number;
}

export interface MemoryPlan {
  readonly program: Program;
  readonly stats: MemoryStats;
}

/** A buffer's byte size as the runner allocates it (f32, at least 4 bytes: always a multiple of 4). */
export const bufferBytes = (shape: readonly number[]) => Math.max(4, numel(shape) * 4);

export interface Interval {
  readonly id: string;
  /** First and last step that binds the buffer, inclusive. */
  readonly start: number;
  readonly end: number;
  /** The first access is a write (by the step that binds it last). */
  readonly writtenFirst: boolean;
}

/** Live intervals of the temps the steps bind, in first-use order. */
export function liveIntervals(p: Program): Interval[] {
  const temps = new Set(p.buffers.filter((b) => b.kind === 'temp').map((b) => b.id));
  const seen = new Map<string, { start: number; end: number; writtenFirst: boolean }>();
  p.steps.forEach((s, i) => {
    s.buffers.forEach((id, j) => {
      if (!temps.has(id)) return;
      const iv = seen.get(id);
      if (iv) iv.end = i;
      else seen.set(id, { start: i, end: i, writtenFirst: j === s.buffers.length - 1 });
    });
  });
  return [...seen].map(([id, iv]) => ({ id, ...iv }));
}

const overlaps = (a: Interval, b: Interval) => a.start <= b.end && b.start <= a.end;

export function planMemory(p: Program, limits: MemoryLimits = {}): MemoryPlan {
  const maxBytes = Math.min(
    limits.maxStorageBufferBindingSize ?? DEFAULT_LIMITS.maxStorageBufferBindingSize,
    limits.maxBufferSize ?? DEFAULT_LIMITS.maxBufferSize,
  );
  // A slot past the binding limit takes only a tensor split into as many parts (PART_BYTES
  // each, compiler/lower/split.ts): every kernel that binds it declares that many bindings, and
  // the runtime binds the slot's ranges, the last one reaching the slot's end.
  const parts = (bytes: number) => partOffsets(bytes).length;
  const fits = (slot: number, bytes: number) =>
    parts(slot) === parts(bytes) && (slot <= maxBytes || parts(slot) > 1);
  const decl = new Map(p.buffers.map((b) => [b.id, b]));
  const bytesOf = (id: string) => bufferBytes(decl.get(id)!.shape);
  const intervals = liveIntervals(p);

  interface Slot {
    readonly bytes: number;
    readonly occupants: Interval[];
    readonly shared: boolean;
  }
  const slots: Slot[] = [];
  const order = [...intervals].sort(
    (a, b) =>
      bytesOf(b.id) - bytesOf(a.id) ||
      a.start - b.start ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  for (const iv of order) {
    const bytes = bytesOf(iv.id);
    let best: Slot | undefined;
    if (iv.writtenFirst) {
      for (const s of slots) {
        if (!s.shared || s.bytes < bytes || !fits(s.bytes, bytes)) continue;
        if (s.occupants.some((o) => overlaps(o, iv))) continue;
        if (!best || s.bytes < best.bytes) best = s;
      }
    }
    if (best) best.occupants.push(iv);
    else slots.push({ bytes, occupants: [iv], shared: iv.writtenFirst });
  }

  // Number slots by first use; occupants in step order.
  for (const s of slots) s.occupants.sort((a, b) => a.start - b.start);
  slots.sort((a, b) => a.occupants[0]!.start - b.occupants[0]!.start);

  const rename = new Map<string, string>();
  const slotDecls: BufferDecl[] = [];
  const keep: BufferDecl[] = [];
  for (const s of slots) {
    if (!s.shared) {
      keep.push(decl.get(s.occupants[0]!.id)!);
      continue;
    }
    const n = slotDecls.length;
    for (const o of s.occupants) rename.set(o.id, `slot${n}`);
    const elements = Math.max(...s.occupants.map((o) => numel(decl.get(o.id)!.shape)));
    slotDecls.push({ id: `slot${n}`, kind: 'temp', name: `arena slot ${n}`, shape: [elements] });
  }

  // Buffers keep their order; temps the steps never bind are dropped; slots follow the rest.
  const unshared = new Set(keep.map((b) => b.id));
  const buffers = [
    ...p.buffers.filter((b) => b.kind !== 'temp' || unshared.has(b.id)),
    ...slotDecls,
  ];
  const steps: Step[] = p.steps.map((s) => ({
    ...s,
    buffers: s.buffers.map((id) => rename.get(id) ?? id),
  }));
  const program: Program = { ...p, buffers, steps };

  const isActivation = (b: BufferDecl) =>
    b.kind === 'input' || b.kind === 'temp' || b.kind === 'output'; // not the weights
  const activation = (bs: readonly BufferDecl[]) =>
    bs.filter(isActivation).reduce((sum, b) => sum + bufferBytes(b.shape), 0);
  const stats: MemoryStats = {
    unplannedBytes: activation(p.buffers),
    plannedBytes: activation(buffers),
    slots: slotDecls.length + keep.length,
  };

  const problems = verifyPlan(p, program);
  if (problems.length)
    throw new Error(`memory plan for ${p.name} is invalid:\n${problems.join('\n')}`);
  return { program, stats };
}
