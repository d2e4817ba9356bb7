/**
 * Run-time batches, cancellation, x0 previews and images out, through a bundle's model.mjs.
 * A count below the compiled batch dispatches only the workgroups of the first `count` images
 * (runtime/batch.ts), so its results must be exactly the first images of a full-batch run: the
 * digits bundle (batch 16, cpu kernels: tile grids with the image in z, flat grids) and the tiny
 * net compiled at batch 4 with both variants (the gpu kernels' tile grids) and unfused (one
 * plain kernel per op) are compared bit for bit.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Model } from '../../runtime/api.js';
import { isKilnError } from '../../runtime/errors.js';
import { encodePNG, toRGBA } from '../../runtime/image.js';
import { importModel, readManifest } from '../../src/host/open-bundle.js';
import { specBundle, TINY } from '../helpers/bundle.js';
import { sharedGpu } from '../helpers/gpu.js';

let tmp: string;
const loadBundle = async (dir: string, options: object) =>
  (await importModel(dir, await readManifest(dir))).load(options) as Promise<Model>;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'kiln-batch-'));
  await specBundle('digits', join(tmp, 'digits'), { target: 'cpu' });
  await specBundle(join(TINY, 'spec.json'), join(tmp, 'tiny4'), {
    batch: 4,
    weights: join(TINY, 'weights.safetensors'),
  });
  // One plain kernel per op (elementwise, concat, group_norm, conv2d...): the other grids.
  await specBundle(join(TINY, 'spec.json'), join(tmp, 'tiny4-unfused'), {
    batch: 4,
    weights: join(TINY, 'weights.safetensors'),
    target: 'cpu',
    fuse: false,
  });
}, 120_000);
afterAll(() => rm(tmp, { recursive: true, force: true }));

/** Deterministic inputs of `count` images: x in [-1, 1], a different t per image. */
function inputs(model: Model, count: number) {
  const [batch, ...image] = model.info.inputs.find((t) => t.name === 'x')!.shape;
  const per = image.reduce((a, b) => a * b, 1);
  expect(count).toBeLessThanOrEqual(batch!);
  return {
    x: new Float32Array(count * per).map((_, i) => Math.sin(i * 0.37)),
    t: new Float32Array(count).map((_, i) => 37 * i + 5),
  };
}

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );

const cases = [
  ['digits', 'cpu', [1, 5, 16]],
  ['tiny4', 'cpu', [1, 3]],
  ['tiny4', 'gpu', [1, 3]],
  ['tiny4-unfused', 'cpu', [1, 3]],
] as const;

describe('any batch from 1 to the compiled one', () => {
  for (const [bundle, variant, counts] of cases)
    it(`${bundle}, ${variant} kernels: forward and sample of fewer images are the first images of the full batch, bit for bit`, async () => {
      const model = await loadBundle(join(tmp, bundle), {
        device: (await sharedGpu()).device,
        variant,
      });
      try {
        const batch = model.info.batch;
        const full = await model.forward(inputs(model, batch));
        const per = full.out!.length / batch;
        for (const count of counts) {
          const part = await model.forward(inputs(model, count));
          expect(part.out!.length).toBe(count * per);
          expect(Array.from(part.out!)).toEqual(Array.from(full.out!.subarray(0, count * per)));
        }
        const all = await model.sample({ steps: 3, seed: 5 });
        const two = await model.sample({ steps: 3, seed: 5, count: 2 });
        expect(two.length).toBe(2 * per);
        expect(Array.from(two)).toEqual(Array.from(all.subarray(0, 2 * per)));
      } finally {
        model.destroy();
      }
    });

  it('inputs of different counts, or past the batch: INPUT_INVALID naming them', async () => {
    const model = await loadBundle(join(tmp, 'tiny4'), { device: (await sharedGpu()).device });
    try {
      const { x } = inputs(model, 2);
      const e = await rejection(model.forward({ x, t: new Float32Array(3) }));
      expect(isKilnError(e) && e.lines).toEqual([
        'forward: input t: holds 3 image(s) but x holds 2',
      ]);
      const big = await rejection(
        model.forward({ x: new Float32Array(5 * 768), t: new Float32Array(5) }),
      );
      expect(isKilnError(big) && big.lines).toEqual([
        'forward: input x: expected 768 values per image, 1 to 4 images, shape [4,3,16,16], got 3840 values',
        'forward: input t: expected 1 values per image, 1 to 4 images, shape [4], got 5 values',
      ]);
      const opt = await rejection(model.sample({ count: 5 }));
      expect(isKilnError(opt) && opt.lines).toEqual([
        "sample: count must be an integer from 1 to 4 (the bundle's batch), got 5",
      ]);
    } finally {
      model.destroy();
    }
  });
});

describe('cancellation', () => {
  it('an abort mid-sample rejects with ABORTED at a step boundary; the model then works', async () => {
    const model = await loadBundle(join(tmp, 'tiny4'), { device: (await sharedGpu()).device });
    try {
      const reference = await model.sample({ steps: 4, seed: 1, count: 1 });
      const stop = new AbortController();
      const seen: number[] = [];
      const e = await rejection(
        model.sample({
          steps: 50,
          signal: stop.signal,
          onStep: (s) => {
            seen.push(s.step);
            if (s.step === 3) stop.abort();
          },
        }),
      );
      expect(isKilnError(e) && [e.code, e.lines]).toEqual([
        'ABORTED',
        ['sample: aborted (AbortSignal)'],
      ]);
      expect(seen).toEqual([1, 2, 3]); // no step reported after the abort
      // A call queued behind the aborted one, and the ones after it, run normally.
      const after = await model.forward(inputs(model, 1));
      expect(after.out!.every(Number.isFinite)).toBe(true);
      expect(Array.from(await model.sample({ steps: 4, seed: 1, count: 1 }))).toEqual(
        Array.from(reference),
      );
      // An already aborted signal: rejected before any work, forward and sample alike.
      const f = await rejection(model.forward(inputs(model, 1), { signal: stop.signal }));
      expect(isKilnError(f) && [f.code, f.lines]).toEqual([
        'ABORTED',
        ['forward: aborted (AbortSignal)'],
      ]);
      const s = await rejection(model.sample({ signal: stop.signal }));
      expect(isKilnError(s) && s.code).toBe('ABORTED');
      const o = await rejection(model.forward(inputs(model, 1), { signl: stop.signal } as object));
      expect(isKilnError(o) && [o.code, o.lines]).toEqual([
        'OPTION_INVALID',
        ['forward: unknown option signl (options: signal)'],
      ]);
    } finally {
      model.destroy();
    }
  });
});

describe('previews and images', () => {
  it("preview: 'x0' hands onStep the predicted x0; the last one is the result", async () => {
    const model = await loadBundle(join(tmp, 'tiny4'), { device: (await sharedGpu()).device });
    try {
      const got: { step: number; x0?: Float32Array; x?: Float32Array }[] = [];
      const out = await model.sample({
        sampler: 'ddim',
        steps: 4,
        count: 2,
        previewEvery: 2,
        preview: 'x0',
        onStep: (s) => {
          got.push(s);
        },
      });
      expect(got.map((s) => [s.step, s.x0?.length, s.x])).toEqual([
        [2, out.length, undefined],
        [4, out.length, undefined],
      ]);
      // DDIM's last step (alpha_prev = 1) moves x to the clipped x0 of that step.
      expect(Array.from(got[1]!.x0!)).toEqual(Array.from(out));
      expect(got[0]!.x0!.every((v) => v >= -1 && v <= 1)).toBe(true); // clip_sample
    } finally {
      model.destroy();
    }
  });

  it('toRGBA maps [-1, 1] to 0..255 (grey, RGB), and encodePNG writes those pixels', async () => {
    // Two 1x2 grey images, then one 3-channel 1x1 image.
    const grey = toRGBA(new Float32Array([-1, 1, 0, 2]), [2, 1, 1, 2], { gap: 0 });
    expect([grey.width, grey.height]).toEqual([4, 1]); // ceil(sqrt(2)) = 2 columns of 1x2
    expect(Array.from(grey.data.filter((_, i) => i % 4 === 0))).toEqual([0, 255, 128, 255]);
    const one = toRGBA(new Float32Array([-1, 1, 0, 2]), [1, 1, 2], { index: 1 });
    expect(Array.from(one.data)).toEqual([128, 128, 128, 255, 255, 255, 255, 255]);
    const rgb = toRGBA(new Float32Array([-1, 0, 1]), [1, 3, 1, 1], { scale: 2, gap: 1 });
    expect([rgb.width, rgb.height]).toEqual([4, 4]);
    expect(Array.from(rgb.data.subarray(0, 4))).toEqual([0, 0, 0, 255]); // the gap
    expect(Array.from(rgb.data.subarray(20, 24))).toEqual([0, 128, 255, 255]);
    expect(() => toRGBA(new Float32Array(5), [1, 1, 2, 2])).toThrow(
      'toRGBA: 5 values are not whole images of shape [1,1,2,2]',
    );
    const png = PNG.sync.read(Buffer.from(await encodePNG(rgb)));
    expect([png.width, png.height]).toEqual([4, 4]);
    expect(Array.from(png.data)).toEqual(Array.from(rgb.data));
  });
});
