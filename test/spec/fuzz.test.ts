/**
 * Fuzzing the validator with fast-check: any generated document (mostly spec-shaped, with wrong
 * types, bad numbers, unknown and missing keys mixed in) is either accepted, and then builds,
 * lowers, counts and emits PyTorch without an exception, or rejected with a KilnError whose every
 * line is `spec: <path>: <problem>`. Never an uncaught exception. A few accepted specs also go
 * through the whole compiler (bundle included).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.js';
import { buildGraph } from '../../compiler/ir/build.js';
import { graphStats } from '../../compiler/ir/stats.js';
import { lower } from '../../compiler/lower/index.js';
import { runPasses } from '../../compiler/passes/index.js';
import { validateSpec } from '../../compiler/spec/check.js';
import type { Spec } from '../../compiler/spec/schema.js';
import { emitTorch } from '../../compiler/torch/emit.js';
import { isKilnError } from '../../runtime/errors.js';

/** `spec: <path>: <problem>`, the path being `(spec)` or keys and [indices]. */
const LINE =
  /^spec: (\(spec\)|([A-Za-z$_][\w$]*|\[".*"\])(\.[A-Za-z$_][\w$]*|\[\d+\]|\[".*"\])*): \S.*$/;

const junk = fc.oneof(
  fc.integer({ min: -3, max: 100000 }),
  fc.double({ noNaN: false }),
  fc.string({ maxLength: 4 }),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.integer({ min: 0, max: 9 }), { maxLength: 2 }),
  fc.dictionary(fc.string({ maxLength: 3 }), fc.integer(), { maxKeys: 2 }),
);
/** Mostly `arb`, sometimes junk. */
const often = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 12, arbitrary: arb }, { weight: 1, arbitrary: junk });
const size = (max: number) =>
  fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 1, max }) },
    { weight: 1, arbitrary: fc.integer({ min: -2, max: 0 }) },
  );
/** Mostly null, sometimes `arb`. */
const rarely = <T>(arb: fc.Arbitrary<T>) =>
  fc.oneof({ weight: 25, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });
/** An object whose optional keys may be missing, with the odd unknown key or missing required key. */
const object = <T extends Record<string, unknown>>(
  shape: { [K in keyof T]: fc.Arbitrary<T[K]> },
  optional: (keyof T)[] = [],
) =>
  fc
    .tuple(
      fc.record(shape, {
        requiredKeys: Object.keys(shape).filter((k) => !optional.includes(k)) as (keyof T)[],
      }),
      rarely(fc.constantFrom('dropout', 'heads', 'attention', 'type', ' ')),
      rarely(fc.constantFrom(...Object.keys(shape))),
    )
    .map(([o, extra, drop]) => {
      const out: Record<string, unknown> = { ...o };
      if (extra !== null) out[extra] = 1;
      if (drop !== null) delete out[drop];
      return out;
    });

const channels = often(fc.oneof(fc.constantFrom(4, 6, 8, 12, 16, 24, 32), size(40)));
const input = often(
  object({
    batch: size(3),
    channels: size(4),
    height: fc.oneof(fc.constantFrom(8, 12, 16, 24, 32), size(40)),
    width: fc.oneof(fc.constantFrom(8, 16, 20, 32), size(40)),
  }),
);
const level = often(
  object(
    { channels, resBlocks: often(size(3)), attentionHeads: often(fc.constantFrom(1, 2, 3, 4, 0)) },
    ['attentionHeads'],
  ),
);
const block = often(
  fc.oneof(
    fc.constant({ type: 'res' }),
    fc.record({ type: fc.constant('attention'), heads: often(fc.constantFrom(1, 2, 3, 4)) }),
    fc.record({ type: fc.string({ maxLength: 3 }) }),
  ),
);
const blocks = often(
  object(
    {
      outChannels: size(4),
      stemChannels: channels,
      timeDim: often(fc.constantFrom(4, 8, 16, 32, 6, 7, 2)),
      groups: often(fc.constantFrom(1, 2, 4, 8, 3)),
      levels: often(fc.array(level, { minLength: 0, maxLength: 4 })),
      bottleneck: often(fc.array(block, { maxLength: 3 })),
    },
    ['stemChannels'],
  ),
);
const unet = often(
  object({
    outChannels: size(4),
    baseChannels: channels,
    channelMults: often(fc.array(often(size(4)), { minLength: 0, maxLength: 4 })),
    timeDim: often(fc.constantFrom(4, 8, 16, 32, 6, 7, 2)),
    groups: often(fc.constantFrom(1, 2, 4, 8, 3)),
    attentionHeads: often(fc.constantFrom(1, 2, 3, 4)),
  }),
);
/** Valid by construction (then sometimes broken by the generators above). */
const validBlocks = fc
  .record({
    groups: fc.constantFrom(1, 2, 4),
    levels: fc.array(
      fc.record({
        k: fc.integer({ min: 1, max: 4 }),
        resBlocks: fc.integer({ min: 1, max: 3 }),
        heads: fc.constantFrom(0, 1, 2, 4),
      }),
      { minLength: 1, maxLength: 3 },
    ),
    bottleneck: fc.array(fc.constantFrom(0, 1, 2), { maxLength: 3 }),
    stem: fc.option(fc.integer({ min: 1, max: 4 })),
    timeDim: fc.constantFrom(4, 8, 16),
    batch: fc.integer({ min: 1, max: 2 }),
    cin: fc.integer({ min: 1, max: 3 }),
    cout: fc.integer({ min: 1, max: 3 }),
    h: fc.integer({ min: 1, max: 2 }),
    w: fc.integer({ min: 1, max: 3 }),
  })
  .map((r) => {
    const chs = r.levels.map((l) => r.groups * 4 * l.k);
    const last = chs[chs.length - 1]!;
    return {
      name: 'valid',
      input: {
        batch: r.batch,
        channels: r.cin,
        height: r.h * 2 ** r.levels.length,
        width: r.w * 2 ** r.levels.length,
      },
      blocks: {
        outChannels: r.cout,
        ...(r.stem !== null ? { stemChannels: r.groups * r.stem } : {}),
        timeDim: r.timeDim,
        groups: r.groups,
        levels: r.levels.map((l, i) => ({
          channels: chs[i]!,
          resBlocks: l.resBlocks,
          ...(l.heads ? { attentionHeads: l.heads } : {}),
        })),
        bottleneck: r.bottleneck.map((b) =>
          b === 0
            ? { type: 'res' }
            : { type: 'attention', heads: last % (2 * b) === 0 ? 2 * b : 1 },
        ),
      },
    };
  });
const name = often(fc.constantFrom('fuzz', 'fuzz-1', 'a_b', 'bad name', ''));
const specs = fc.oneof(
  { weight: 4, arbitrary: validBlocks },
  { weight: 6, arbitrary: object({ name, input, blocks }) },
  { weight: 3, arbitrary: object({ name, input, unet }) },
  { weight: 1, arbitrary: object({ name, input, unet, blocks }, ['unet', 'blocks']) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2 }) },
);

/** Everything after validation that must never throw on an accepted spec. */
function useAccepted(spec: Spec) {
  const g = buildGraph(spec);
  const program = lower(runPasses(g));
  expect(program.steps.length).toBeGreaterThan(0);
  expect(graphStats(g).params).toBeGreaterThan(0);
  expect(emitTorch(spec)).toContain('class Model(nn.Module)');
}

function classify(raw: unknown): 'accepted' | 'rejected' {
  let spec: Spec;
  try {
    spec = validateSpec(raw);
  } catch (e) {
    if (!isKilnError(e)) throw e;
    expect(e.code).toBe('SPEC_INVALID');
    expect(e.lines.length).toBeGreaterThan(0);
    for (const line of e.lines) expect(line).toMatch(LINE);
    expect(new Set(e.lines).size).toBe(e.lines.length);
    return 'rejected';
  }
  useAccepted(spec);
  return 'accepted';
}

describe('validator fuzz (fast-check)', () => {
  it('every generated spec compiles or is rejected with one `spec: <path>: <problem>` line per problem', () => {
    const seen = { accepted: 0, rejected: 0 };
    fc.assert(
      fc.property(specs, (raw) => {
        seen[classify(raw)]++;
      }),
      { numRuns: 1500, seed: 2026 },
    );
    // The generator must exercise both outcomes, not only garbage.
    console.log(`validator fuzz: ${seen.accepted} accepted, ${seen.rejected} rejected`);
    expect(seen.accepted).toBeGreaterThan(50);
    expect(seen.rejected).toBeGreaterThan(300);
  });

  it('a random seed also holds (new cases every run; a failure prints its seed and counterexample)', () => {
    fc.assert(
      fc.property(specs, (raw) => void classify(raw)),
      { numRuns: 300 },
    );
  });

  it('accepted specs go through the whole compiler, bundle included', async () => {
    const accepted = fc.sample(specs, { numRuns: 400, seed: 99 }).filter((raw) => {
      try {
        validateSpec(raw);
        return true;
      } catch {
        return false;
      }
    });
    expect(accepted.length).toBeGreaterThan(4);
    for (const raw of accepted.slice(0, 4)) {
      const c = await compile(validateSpec(raw), { seed: 1 });
      for (const v of c.manifest.variants) expect(v.dispatches).toBeGreaterThan(0);
      expect(c.files.has('model.mjs')).toBe(true);
      expect(c.files.has('model.d.mts')).toBe(true);
    }
  });
});
