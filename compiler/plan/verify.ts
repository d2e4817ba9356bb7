/**
 * Checks on a memory plan, used by planMemory itself and by the tests. Each returns a list of
 * problems, one line each; an empty list means the check holds.
 */
import { numel } from '../ir/ops.js';
import type { Program } from '../lower/kernel.js';

/**
 * The invariant buffer sharing relies on: walking the steps of one forward, every temp a step
 * reads was written by an earlier step of the same forward (WebGPU zero-fills buffers only at
 * creation, so a read before the write would see the previous forward's or occupant's data).
 */
export function readsBeforeWrites(p: Program): string[] {
  const temps = new Set(p.buffers.filter((b) => b.kind === 'temp').map((b) => b.id));
  const written = new Set<string>();
  const problems: string[] = [];
  p.steps.forEach((s, i) => {
    s.buffers.slice(0, -1).forEach((id) => {
      if (temps.has(id) && !written.has(id))
        problems.push(`step ${i} (${s.label}) reads ${id} before any step writes it`);
    });
    written.add(s.buffers.at(-1)!);
  });
  return problems;
}

/**
 * `planned` computes what `original` computes: same steps (kernel, grid, label, arity), inputs,
 * params and outputs untouched, every buffer declared and big enough, no step binding one
 * buffer both as an input and as its output, and, simulating which value each buffer holds
 * step by step, every read finds exactly the value the original step read (nothing clobbered
 * while still live, nothing read before it was written).
 */
export function verifyPlan(original: Program, planned: Program): string[] {
  const problems: string[] = [];
  const before = new Map(original.buffers.map((b) => [b.id, b]));
  const after = new Map(planned.buffers.map((b) => [b.id, b]));
  for (const b of original.buffers) {
    if (b.kind === 'temp') continue;
    const a = after.get(b.id);
    if (!a || a.kind !== b.kind || a.name !== b.name || a.shape.join() !== b.shape.join())
      problems.push(`${b.kind} ${b.id} was changed or dropped`);
  }
  if (planned.name !== original.name || planned.kernels !== original.kernels)
    problems.push('name or kernels changed');
  if (planned.steps.length !== original.steps.length)
    return [...problems, `${original.steps.length} steps became ${planned.steps.length}`];

  const holds = new Map<string, string>(); // planned buffer -> original buffer whose value it holds
  for (const b of original.buffers) if (b.kind !== 'temp') holds.set(b.id, b.id);
  original.steps.forEach((o, i) => {
    const s = planned.steps[i]!;
    const where = `step ${i} (${o.label})`;
    if (
      s.kernel !== o.kernel ||
      s.label !== o.label ||
      s.grid.join() !== o.grid.join() ||
      s.buffers.length !== o.buffers.length
    ) {
      problems.push(`${where}: kernel, grid, label or arity changed`);
      return;
    }
    s.buffers.forEach((id, j) => {
      const d = after.get(id);
      const want = before.get(o.buffers[j]!);
      if (!d || !want)
        problems.push(`${where}: binds undeclared buffer ${id} (was ${o.buffers[j]})`);
      else if (numel(d.shape) < numel(want.shape))
        problems.push(
          `${where}: ${id} holds ${numel(d.shape)} values, ${o.buffers[j]} needs ${numel(want.shape)}`,
        );
    });
    const out = s.buffers.at(-1)!;
    if (s.buffers.slice(0, -1).includes(out))
      problems.push(`${where}: ${out} is bound as both an input and the output`);
    s.buffers.slice(0, -1).forEach((id, j) => {
      const want = o.buffers[j]!;
      const has = holds.get(id) ?? (id === want ? want : undefined); // a temp the original also reads unwritten
      if (has !== want)
        problems.push(
          `${where}: reads ${id} expecting ${want}, but it holds ${has ?? 'nothing yet'}`,
        );
    });
    holds.set(out, o.buffers.at(-1)!);
  });
  return problems;
}
