/**
 * The static memory plan (compiler/plan): hand-made Programs for the liveness rules, and the seed
 * preset for the figure that matters (planned activations under half of one buffer per value).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileSpecFile } from '../../compiler/generate.js';
import { buildGraph } from '../../compiler/ir/build.js';
import { lower } from '../../compiler/lower/index.js';
import type { BufferDecl, BufferKind, Program } from '../../compiler/lower/kernel.js';
import { runPasses } from '../../compiler/passes/index.js';
import { bufferBytes, liveIntervals, planMemory } from '../../compiler/plan/memory.js';
import { readsBeforeWrites, verifyPlan } from '../../compiler/plan/verify.js';
import { readSpecFile } from '../../compiler/spec/read.js';

const ROOT = join(import.meta.dirname, '..', '..');
/** The weights' buffer kind ('param', or 'params' once weights are packed per step), spelled loosely: the planner only needs it to be no temp. */
const WEIGHTS = 'params' as string as BufferKind;

/** A Program from buffer sizes and steps written as `reads... -> write`. */
function program(sizes: Record<string, number>, steps: readonly string[]): Program {
  const kindOf = (id: string): BufferKind =>
    id.startsWith('in')
      ? 'input'
      : id.startsWith('w')
        ? WEIGHTS
        : id.startsWith('out')
          ? 'output'
          : 'temp';
  const buffers: BufferDecl[] = Object.entries(sizes).map(([id, n]) => ({
    id,
    kind: kindOf(id),
    name: `value ${id}`,
    shape: [n],
  }));
  return {
    name: 'hand',
    target: 'cpu',
    buffers,
    kernels: [{ file: '00_k.wgsl', family: 'k', wgsl: '' }],
    steps: steps.map((s, i) => {
      const [reads, write] = s.split('->').map((x) => x.trim());
      return {
        kernel: 0,
        buffers: [...reads!.split(/\s+/).filter(Boolean), write!],
        grid: [1, 1, 1] as const,
        label: `step ${i}`,
        scope: `step ${i}`,
        op: 'k',
        flops: 0,
        bytes: 0,
      };
    }),
  };
}

/** Which slot each original temp went to. */
function slotOf(before: Program, after: Program): Map<string, string> {
  const m = new Map<string, string>();
  before.steps.forEach((s, i) =>
    s.buffers.forEach((id, j) => m.set(id, after.steps[i]!.buffers[j]!)),
  );
  return m;
}

function expectSound(p: Program) {
  const plan = planMemory(p);
  expect(verifyPlan(p, plan.program)).toEqual([]);
  expect(readsBeforeWrites(plan.program)).toEqual([]);
  for (const s of plan.program.steps)
    expect(s.buffers.slice(0, -1), s.label).not.toContain(s.buffers.at(-1));
  return plan;
}

describe('planMemory on hand-made programs', () => {
  // in -> a -> b -> c -> out: a [0,1], b [1,2], c [2,3]; a and c never overlap.
  const chain = program({ in: 8, w: 8, a: 8, b: 8, c: 8, out: 8 }, [
    'in w -> a',
    'a -> b',
    'b -> c',
    'c -> out',
  ]);

  it('shares non-overlapping temps and keeps touching ones apart', () => {
    const plan = expectSound(chain);
    const at = slotOf(chain, plan.program);
    expect(at.get('a')).toBe(at.get('c'));
    expect(at.get('a')).not.toBe(at.get('b')); // a's last read is the step that writes b
    expect(at.get('b')).not.toBe(at.get('c'));
    expect(plan.stats.slots).toBe(2);
    expect(plan.stats.unplannedBytes).toBe(5 * 32); // in, a, b, c, out (weights are not activations)
    expect(plan.stats.plannedBytes).toBe(4 * 32);
  });

  it('computes live intervals from the first write to the last read, inclusive', () => {
    expect(liveIntervals(chain)).toEqual([
      { id: 'a', start: 0, end: 1, writtenFirst: true },
      { id: 'b', start: 1, end: 2, writtenFirst: true },
      { id: 'c', start: 2, end: 3, writtenFirst: true },
    ]);
  });

  it('keeps a long-lived value (a skip connection) out of every slot it overlaps', () => {
    // skip is live from step 0 to step 4; a, b, c all overlap it; a and c do not overlap each other.
    const p = program({ in: 4, skip: 16, a: 16, b: 16, c: 16, out: 16 }, [
      'in -> skip',
      'skip -> a',
      'a -> b',
      'b -> c',
      'c skip -> out',
    ]);
    const plan = expectSound(p);
    const at = slotOf(p, plan.program);
    for (const t of ['a', 'b', 'c']) expect(at.get(t)).not.toBe(at.get('skip'));
    expect(at.get('a')).toBe(at.get('c'));
    expect(plan.stats.slots).toBe(3);
  });

  it('never binds a step output to a buffer the same step reads', () => {
    // Every temp dies at the step that writes the next one: the worst case for touching intervals.
    const p = program({ in: 4, a: 4, b: 4, c: 4, d: 4, out: 4 }, [
      'in -> a',
      'a -> b',
      'a b -> c',
      'c -> d',
      'd c -> out',
    ]);
    const plan = expectSound(p);
    plan.program.steps.forEach((s, i) => {
      const reads = new Set(s.buffers.slice(0, -1));
      expect(reads.has(s.buffers.at(-1)!), `step ${i}: ${s.buffers.join(' ')}`).toBe(false);
    });
  });

  it('leaves inputs, weights and outputs untouched, even when they are dead early', () => {
    const p = program({ in: 64, w: 64, a: 64, b: 64, out: 64, out2: 64 }, [
      'in w -> out',
      'out -> a',
      'a -> out2',
      'out2 -> b',
    ]);
    const plan = expectSound(p);
    for (const b of p.buffers.filter((x) => x.kind !== 'temp'))
      expect(plan.program.buffers).toContainEqual(b);
    const at = slotOf(p, plan.program);
    for (const id of ['in', 'w', 'out', 'out2']) expect(at.get(id)).toBe(id);
    expect(at.get('a')).toBe(at.get('b'));
  });

  it('declares slots as temps named and sized for their largest occupant, numbered by first use', () => {
    // a (3 values) and c (10) share; b (5) overlaps both.
    const p = program({ in: 1, a: 3, b: 5, c: 10, out: 1 }, [
      'in -> a',
      'a -> b',
      'b -> c',
      'c -> out',
    ]);
    const plan = expectSound(p);
    const slots = plan.program.buffers.filter((b) => b.kind === 'temp');
    expect(slots).toEqual([
      { id: 'slot0', kind: 'temp', name: 'arena slot 0', shape: [10] },
      { id: 'slot1', kind: 'temp', name: 'arena slot 1', shape: [5] },
    ]);
    for (const s of slots) expect(bufferBytes(s.shape) % 4).toBe(0);
    expect(plan.program.steps.map((s) => s.buffers)).toEqual([
      ['in', 'slot0'],
      ['slot0', 'slot1'],
      ['slot1', 'slot0'],
      ['slot0', 'out'],
    ]);
    // Everything but the buffer ids is the original program.
    expect(plan.program.steps.map(({ buffers, ...rest }) => rest)).toEqual(
      p.steps.map(({ buffers, ...rest }) => rest),
    );
    expect(plan.program.kernels).toBe(p.kernels);
    expect(plan.program.name).toBe(p.name);
  });

  it('does not merge into a slot over the limits', () => {
    // big (1000 values = 4000 bytes) alone exceeds the 2000-byte binding limit: it stays alone, and
    // c, which could have shared with it, gets a slot of its own.
    const p = program({ in: 1, big: 1000, b: 10, c: 10, out: 1 }, [
      'in -> big',
      'big -> b',
      'b -> c',
      'c -> out',
    ]);
    const loose = expectSound(p);
    expect(slotOf(p, loose.program).get('c')).toBe(slotOf(p, loose.program).get('big'));
    const tight = planMemory(p, { maxStorageBufferBindingSize: 2000 });
    expect(verifyPlan(p, tight.program)).toEqual([]);
    const at = slotOf(p, tight.program);
    expect(at.get('c')).not.toBe(at.get('big'));
    expect(tight.stats.slots).toBe(3);
    expect(planMemory(p, { maxBufferSize: 2000 }).stats.slots).toBe(3);
  });

  it('shares a slot past 128 MiB only between tensors split into as many parts', () => {
    // d (70M values, 280 MB) is three 128 MiB parts; big and b (160 and 144 MB) two each; a is
    // whole. Each kernel declares its tensor's parts (compiler/lower/split.ts) and the runtime
    // binds the slot's, so a tensor only joins a slot whose part count is its own: by liveness
    // and size big and a could both have gone into d's slot.
    const M = 1_000_000;
    const p = program({ in: 1, big: 40 * M, a: 1000, b: 36 * M, d: 70 * M, out: 1 }, [
      'in -> big',
      'big -> a',
      'a -> b',
      'b -> d',
      'd -> out',
    ]);
    const plan = expectSound(p);
    const at = slotOf(p, plan.program);
    expect(at.get('b')).toBe(at.get('big'));
    expect(at.get('big')).not.toBe(at.get('d'));
    expect(at.get('a')).not.toBe(at.get('d'));
    expect(plan.stats.slots).toBe(3);
  });

  it('is deterministic', () => {
    const p = program({ in: 4, a: 8, b: 8, c: 8, d: 4, e: 8, out: 4 }, [
      'in -> a',
      'a -> b',
      'a -> c',
      'b c -> d',
      'd -> e',
      'e -> out',
    ]);
    const one = JSON.stringify(planMemory(p));
    expect(JSON.stringify(planMemory(p))).toBe(one);
    expect(JSON.stringify(planMemory(JSON.parse(JSON.stringify(p)) as Program))).toBe(one);
  });

  it('leaves a temp that is read before it is written unshared, and drops temps no step binds', () => {
    // `acc` is read by step 1 before step 2 writes it: sharing would feed it another value's data.
    const p = program({ in: 4, acc: 4, a: 4, b: 4, unused: 4, out: 4 }, [
      'in -> a',
      'a acc -> b',
      'b -> acc',
      'acc -> out',
    ]);
    expect(readsBeforeWrites(p)).toEqual(['step 1 (step 1) reads acc before any step writes it']);
    const plan = planMemory(p);
    expect(verifyPlan(p, plan.program)).toEqual([]);
    expect(slotOf(p, plan.program).get('acc')).toBe('acc');
    expect(plan.program.buffers.map((b) => b.id)).not.toContain('unused');
  });

  it('verifyPlan catches a clobbered value, an aliased binding and a read before write', () => {
    const p = program({ in: 4, a: 4, b: 4, c: 4, out: 4 }, [
      'in -> a',
      'a -> b',
      'b a -> c',
      'c -> out',
    ]);
    const bad = (steps: string[][]): Program => ({
      ...p,
      buffers: [...p.buffers],
      steps: p.steps.map((s, i) => ({ ...s, buffers: steps[i]! })),
    });
    // b overwrites a while a is still to be read.
    expect(
      verifyPlan(
        p,
        bad([
          ['in', 'a'],
          ['a', 'a'],
          ['a', 'a', 'c'],
          ['c', 'out'],
        ]),
      ).join('\n'),
    ).toMatch(/both an input and the output[\s\S]*expecting a, but it holds b/);
    expect(
      verifyPlan(
        p,
        bad([
          ['in', 'a'],
          ['a', 'b'],
          ['b', 'a', 'a'],
          ['a', 'out'],
        ]),
      ).join('\n'),
    ).toMatch(/a is bound as both/);
    const early: Program = { ...p, steps: [p.steps[1]!, ...p.steps.slice(2), p.steps[0]!] };
    expect(readsBeforeWrites(early)[0]).toMatch(/reads a before any step writes it/);
  });
});

describe('planMemory on the seed preset', () => {
  it('plans seed-unet-s: planned activations under half of one buffer per value', async () => {
    const graph = runPasses(
      buildGraph(await readSpecFile(join(ROOT, 'specs', 'seed-unet-s.json'))),
    );
    const original = lower(graph);
    const plan = planMemory(original);
    const { plannedBytes, unplannedBytes, slots } = plan.stats;
    console.log(
      `seed-unet-s activations: ${plannedBytes} bytes planned in ${slots} slots vs ${unplannedBytes} bytes unplanned (${original.buffers.filter((b) => b.kind === 'temp').length} temps)`,
    );
    expect(plannedBytes * 2).toBeLessThan(unplannedBytes);

    // Sound, and no better than the true peak: the bytes live at the busiest step.
    expect(verifyPlan(original, plan.program)).toEqual([]);
    expect(readsBeforeWrites(original)).toEqual([]);
    expect(readsBeforeWrites(plan.program)).toEqual([]);
    const size = new Map(original.buffers.map((b) => [b.id, bufferBytes(b.shape)]));
    const io = original.buffers
      .filter((b) => b.kind === 'input' || b.kind === 'output')
      .reduce((s, b) => s + bufferBytes(b.shape), 0);
    const ivs = liveIntervals(original);
    const livePeak = Math.max(
      ...original.steps.map((_, i) =>
        ivs.filter((v) => v.start <= i && i <= v.end).reduce((s, v) => s + size.get(v.id)!, 0),
      ),
    );
    expect(plannedBytes).toBeGreaterThanOrEqual(livePeak + io);

    // compileGraph uses the plan: the bundle's program is exactly this one.
    const compiled = await compileSpecFile(ROOT, 'seed-unet-s.json');
    expect(compiled.program).toEqual(plan.program);
    expect(compiled.program.buffers.filter((b) => b.kind === 'temp').map((b) => b.id)).toEqual(
      Array.from({ length: slots }, (_, i) => `slot${i}`),
    );
    expect(String(compiled.files.get('source/cpu/runner.ts'))).toMatch(
      /temps: \{\n\s+"slot0": \d+,\n/,
    );
  });
});
