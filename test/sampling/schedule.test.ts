/**
 * Schedules, timesteps and noise against test/golden/make_sampling_fixtures.py, an independent
 * numpy port of diffusers' formulas and of Kiln's RNG. No GPU here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isKilnError } from '../../runtime/errors.js';
import { checkSampleOptions, createSampler } from '../../runtime/sampling/index.js';
import type { SamplingRunner } from '../../runtime/sampling/sampler.js';
import { gaussianNoise, philox4x32, seedKey } from '../../runtime/sampling/philox.js';
import { planSampler } from '../../runtime/sampling/plan.js';
import {
  alphasCumprod,
  BETA_SCHEDULES,
  DEFAULT_SCHEDULE,
  ddpmTimesteps,
  dpmTimesteps,
  SPACINGS,
} from '../../runtime/sampling/schedule.js';
import { FIXTURES, readFixture } from '../helpers/gpu.js';

const golden = JSON.parse(readFileSync(join(FIXTURES, 'sampling', 'schedules.json'), 'utf8')) as {
  alphasCumprod: Record<string, number[]>;
  timesteps: Record<'ddpm' | 'dpm', Record<string, Record<string, number[]>>>;
};

describe('schedules match the numpy port of diffusers', () => {
  for (const betaSchedule of BETA_SCHEDULES)
    it(`alphas_cumprod, ${betaSchedule}`, () => {
      const got = alphasCumprod({ ...DEFAULT_SCHEDULE, betaSchedule });
      const want = golden.alphasCumprod[betaSchedule]!;
      expect(got.length).toBe(1000);
      for (let i = 0; i < want.length; i++)
        expect(Math.abs(got[i]! - want[i]!) / want[i]!).toBeLessThan(1e-12);
    });

  for (const spacing of SPACINGS)
    it(`timesteps, ${spacing}`, () => {
      for (const [n, want] of Object.entries(golden.timesteps.ddpm[spacing]!))
        expect(ddpmTimesteps(spacing, Number(n), 1000), `DDPM/DDIM n=${n}`).toEqual(want);
      for (const [n, want] of Object.entries(golden.timesteps.dpm[spacing]!))
        expect(dpmTimesteps(spacing, Number(n), 1000), `DPM-Solver n=${n}`).toEqual(want);
    });

  it('rejects step counts outside 1..T', () => {
    expect(() => planSampler({ sampler: 'ddim', steps: 0 })).toThrow(
      'steps must be an integer from 1 to 1000, got 0',
    );
    expect(() => planSampler({ sampler: 'ddpm', steps: 1001 })).toThrow(/1 to 1000, got 1001/);
  });

  it('DDPM with all 1000 steps is the textbook ancestral sampler', () => {
    const plan = planSampler({ sampler: 'ddpm', steps: 1000 });
    expect(plan.map((s) => s.t)).toEqual(Array.from({ length: 1000 }, (_, i) => 999 - i));
    // The last step lands on x0 exactly, without noise.
    expect(plan.at(-1)).toMatchObject({ t: 0, cx0: 1, cx: 0, cnoise: 0 });
  });

  it('DPM-Solver++ 2M: first order at the first and last step, x0 at the end', () => {
    const plan = planSampler({ sampler: 'dpmpp2m', steps: 20 });
    expect(plan[0]!.cprev).toBe(0);
    expect(plan[1]!.cprev).not.toBe(0);
    expect(plan.at(-1)).toMatchObject({ cx: 0, cx0: 1, cprev: 0 });
  });
});

describe('Philox4x32-10 + Box-Muller (the TS twin of the WGSL)', () => {
  it("matches Random123's known-answer vectors", () => {
    expect(philox4x32([0, 0, 0, 0], [0, 0])).toEqual([
      0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8,
    ]);
    const m = 0xffffffff;
    expect(philox4x32([m, m, m, m], [m, m])).toEqual([
      0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd,
    ]);
    expect(
      philox4x32([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0]),
    ).toEqual([0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
  });

  it('keys seeds above 2^32 by both words', () => {
    expect(seedKey(2 ** 32 + 5)).toEqual([5, 1]);
    expect(() => seedKey(-1)).toThrow(RangeError);
  });

  it('gives the fixture script the same noise', async () => {
    const f = await readFixture('sampling/ddpm.safetensors');
    const want = f.tensors.get('noise')!.data;
    const got = gaussianNoise(Number(f.metadata.seed), 0, want.length);
    for (let i = 0; i < want.length; i++) expect(Math.abs(got[i]! - want[i]!)).toBeLessThan(1e-6);
  });

  it('is standard normal', () => {
    const n = gaussianNoise(1, 0, 200_000);
    let mean = 0;
    let sq = 0;
    for (const v of n) {
      mean += v;
      sq += v * v;
    }
    expect(Math.abs(mean / n.length)).toBeLessThan(0.01);
    expect(Math.abs(sq / n.length - 1)).toBeLessThan(0.01);
  });
});

/** Two images of 1x2x2 (x has 8 values); and a 10-class model with a batch of 4. */
const PLAIN = { batch: 2, channels: 1, height: 2, width: 2 };
const COND = {
  batch: 4,
  channels: 1,
  height: 2,
  width: 2,
  conditioning: { classes: 10, guidance: 3 },
};

const lineOf = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return isKilnError(e) ? e.lines : e;
  }
  return 'no error';
};

describe('sample() options', () => {
  // x is [2, 1, 2, 2]: 4 values an image.
  const shape = { batch: 2, channels: 1, height: 2, width: 2 };
  it('fills in diffusers-style defaults', () => {
    expect(checkSampleOptions({}, shape)).toMatchObject({ sampler: 'ddim', steps: 50, seed: 0 });
    expect(checkSampleOptions({ sampler: 'ddpm' }, shape)).toMatchObject({ steps: 1000 });
    expect(checkSampleOptions({ sampler: 'dpmpp2m' }, shape)).toMatchObject({ steps: 20 });
  });

  it("needs a conditional bundle's context: count images of [S, D]", () => {
    // A context input [2, 3, 2]: 6 values an image.
    const cond = { ...shape, context: [3, 2] as const };
    const context = new Float32Array(6);
    expect(checkSampleOptions({ count: 1, context }, cond).context).toBe(context);
    const bad: [object, string][] = [
      [
        {},
        'sample: context is required by this bundle: a Float32Array of 12 values (2 image(s) of [3,2])',
      ],
      [
        { count: 1, context: new Float32Array(12) },
        'sample: context must be a Float32Array of 6 values (1 image(s) of [3,2]), got 12 values',
      ],
      [
        { context: [1, 2] },
        'sample: context must be a Float32Array of 12 values (2 image(s) of [3,2]), got object',
      ],
    ];
    for (const [o, line] of bad) {
      let err: unknown;
      try {
        checkSampleOptions(o, cond);
      } catch (e) {
        err = e;
      }
      expect(isKilnError(err) && err.lines).toEqual([line]);
    }
  });

  it('rejects bad options with one line naming the option', () => {
    const bad: [object, string][] = [
      [{ sampler: 'euler' }, 'sample: sampler must be ddim, ddpm, dpmpp2m, got "euler"'],
      [{ steps: 0 }, 'sample: steps must be an integer from 1 to 1000, got 0'],
      [{ steps: 2.5 }, 'sample: steps must be an integer from 1 to 1000, got 2.5'],
      [{ seed: -1 }, 'sample: seed must be an integer from 0 to 2^53-1, got -1'],
      [{ eta: 2 }, 'sample: eta must be a number from 0 to 1, got 2'],
      [{ sampler: 'ddpm', eta: 0.5 }, 'sample: eta applies to the ddim sampler only, not ddpm'],
      [
        { noise: new Float32Array(3) },
        "sample: noise must be a Float32Array of 8 values (2 image(s) of x's shape), got 3 values",
      ],
      [
        { count: 1, noise: new Float32Array(8) },
        "sample: noise must be a Float32Array of 4 values (1 image(s) of x's shape), got 8 values",
      ],
      [{ count: 3 }, "sample: count must be an integer from 1 to 2 (the bundle's batch), got 3"],
      [{ count: 0 }, "sample: count must be an integer from 1 to 2 (the bundle's batch), got 0"],
      [{ preview: 'eps' }, `sample: preview must be 'x' or 'x0', got "eps"`],
      [{ signal: 'stop' }, 'sample: signal must be an AbortSignal'],
      [
        { batch: 4 },
        'sample: unknown option batch (options: sampler, steps, seed, eta, noise, context, negativeContext, onStep, previewEvery, preview, count, signal, label, guidance, guide)',
      ],
      [{ previewEvery: 0 }, 'sample: previewEvery must be an integer from 1 to 1000, got 0'],
      [{ context: new Float32Array(4) }, 'sample: context: this bundle has no context input'],
    ];
    for (const [o, line] of bad) {
      let err: unknown;
      try {
        checkSampleOptions(o, shape);
      } catch (e) {
        err = e;
      }
      expect(isKilnError(err) && err.lines).toEqual([line]);
    }
  });
});

describe('sample() options of a class-conditional model', () => {
  it("guides with the bundle's scale, N/2 images when batched, N when twice", () => {
    const o = checkSampleOptions({ label: 7 }, COND);
    expect(o).toMatchObject({ guidance: 3, guide: 'batched' });
    expect([...o.labels!]).toEqual([7, 7]);
    const t = checkSampleOptions({ label: [1, 2, 3, 4], guidance: 0, guide: 'twice' }, COND);
    expect(t).toMatchObject({ guidance: 0, guide: 'twice' });
    expect([...t.labels!]).toEqual([1, 2, 3, 4]);
    expect([...checkSampleOptions({ label: Int32Array.of(0, 9) }, COND).labels!]).toEqual([0, 9]);
    expect(checkSampleOptions({}, COND).labels).toBeUndefined();
    // count composes with guidance: batched runs 2 x count items, twice count.
    expect(checkSampleOptions({ label: 5, count: 1 }, COND)).toMatchObject({
      count: 1,
      guide: 'batched',
    });
    expect(checkSampleOptions({ label: 5, count: 3, guide: 'twice' }, COND).labels).toHaveLength(3);
    expect(checkSampleOptions({ label: 1, noise: new Float32Array(8) }, COND).noise).toHaveLength(
      8,
    );
  });

  it('rejects bad labels and guidance with one line', () => {
    const bad: [object, typeof COND | typeof PLAIN, string][] = [
      [
        { label: 3 },
        PLAIN,
        'sample: label needs a class-conditional model (a spec with classes); this one has none',
      ],
      [{ label: 10 }, COND, 'sample: label must be an integer from 0 to 9, got 10'],
      [{ label: -1 }, COND, 'sample: label must be an integer from 0 to 9, got -1'],
      [{ label: [1, 2.5] }, COND, 'sample: label[1] must be an integer from 0 to 9, got 2.5'],
      [{ label: [1, 2, 3] }, COND, 'sample: label has 3 values; give one, or one per image (2)'],
      [
        { label: '3' },
        COND,
        'sample: label must be a class id or a list of them (a number array or an Int32Array), got string',
      ],
      [{ label: 1, guidance: -1 }, COND, 'sample: guidance must be a finite number >= 0, got -1'],
      [
        { label: 1, guidance: Number.NaN },
        COND,
        'sample: guidance must be a finite number >= 0, got NaN',
      ],
      [
        { label: 1, guidance: Number.POSITIVE_INFINITY },
        COND,
        'sample: guidance must be a finite number >= 0, got Infinity',
      ],
      [{ guidance: 2 }, COND, 'sample: guidance needs label (the classes to guide towards)'],
      [{ label: 1, guide: 'both' }, COND, 'sample: guide must be batched or twice, got "both"'],
      [
        { label: 1, noise: new Float32Array(16) },
        COND,
        "sample: noise must be a Float32Array of 8 values (2 image(s) of x's shape), got 16 values",
      ],
      [
        { label: 1, count: 3 },
        COND,
        "sample: count must be an integer from 1 to 2 (half the bundle's batch of 4: guide batched runs cond and uncond halves), got 3",
      ],
      [
        { label: [1, 2], count: 1 },
        COND,
        'sample: label has 2 values; give one, or one per image (1)',
      ],
    ];
    for (const [o, target, line] of bad)
      expect(lineOf(() => checkSampleOptions(o, target))).toEqual([line]);
    expect(
      lineOf(() => checkSampleOptions({ label: 1, guide: 'batched' }, { ...COND, batch: 3 })),
    ).toEqual([
      "sample: guide batched needs an even batch (cond and uncond halves); this bundle's is 3",
    ]);
  });
});

describe('createSampler', () => {
  const io = {
    inputs: [
      { name: 'x', shape: [2, 1, 8, 8] },
      { name: 't', shape: [2] },
    ],
    outputs: [{ name: 'out', shape: [2, 1, 8, 8] }],
  };
  it('refuses a runner from before inputBuffer/outputBuffer with one line', () => {
    const old = { encodeForward() {} } as unknown as SamplingRunner;
    expect(() => createSampler({} as GPUDevice, old, io, 'b')).toThrow(
      'b: cannot sample: the runner has no inputBuffer() (compiled by an older kiln? compile it again)',
    );
  });
});
