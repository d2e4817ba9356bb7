/**
 * load() / destroy() cycles on lavapipe: pipelines are made once per device (a second load on
 * the same device reuses every one), and a run of cycles on one shared device keeps native and
 * JS memory within stated bounds (scripts/load-destroy.ts measures the same over 100 cycles).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDestroyCycles } from '../../scripts/load-destroy.js';
import { recordDispatches } from '../../src/host/bench/profile.js';
import { createGpu } from '../../src/host/device.js';
import { type TinyBundle, tinyBundle } from '../helpers/bundle.js';
import { sharedGpu } from '../helpers/gpu.js';

let tiny: TinyBundle;
beforeAll(async () => {
  tiny = await tinyBundle();
});
afterAll(() => tiny?.cleanup());

const MiB = 2 ** 20;

describe('load() / destroy() cycles', () => {
  it('pipelines are cached per device: a second load on the same device compiles nothing', async () => {
    const { device } = await sharedGpu();
    const a = await tiny.load({ device, variant: 'cpu' });
    const b = await tiny.load({ device, variant: 'cpu' });
    const other = await createGpu();
    const c = await tiny.load({ device: other.device, variant: 'cpu' });
    try {
      const pa = recordDispatches(a).map((d) => d.pipeline);
      const pb = recordDispatches(b).map((d) => d.pipeline);
      const pc = recordDispatches(c).map((d) => d.pipeline);
      expect(pb.every((p, i) => p === pa[i])).toBe(true);
      expect(pc.some((p, i) => p === pa[i])).toBe(false); // another device: its own pipelines
      // A destroyed model's pipelines stay for the next load on its device.
      a.destroy();
      const d = await tiny.load({ device, variant: 'cpu' });
      expect(recordDispatches(d).every((x, i) => x.pipeline === pa[i])).toBe(true);
      d.destroy();
    } finally {
      b.destroy();
      c.destroy();
      other.device.destroy();
    }
  });

  // Measured (100 cycles, tiny net, shared device, from cycle 10): RSS -4 to +22 MiB, heap
  // +0.2 MiB; before the per-device pipeline cache and device-lost listeners: RSS +59 MiB, heap
  // growing by 2.3 KiB per cycle. RSS on a 2-core shared machine moves by tens of MiB between
  // samples, so its bound is loose; the heap after a GC is steady.
  it('60 cycles on one shared device: RSS within 48 MiB and heap within 1 MiB of cycle 10', async () => {
    const r = await loadDestroyCycles(tiny.dir, { cycles: 60, shared: true, settle: 10 });
    const heap = r.samples.at(-1)!.heap - r.samples[0]!.heap;
    console.log(
      `load-destroy, tiny, shared device: ${r.msPerCycle.toFixed(0)} ms per cycle; cycle 10 -> 60: RSS ${(r.rssGrowth / MiB).toFixed(1)} MiB, external ${(r.externalGrowth / MiB).toFixed(1)} MiB, heap ${(heap / MiB).toFixed(2)} MiB`,
    );
    expect(r.rssGrowth).toBeLessThan(48 * MiB);
    expect(heap).toBeLessThan(1 * MiB);
  });
});
