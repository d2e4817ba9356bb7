/**
 * gridForBatch: the workgroups that cover the first `count` images of a grid laid out with the
 * image outermost; and every kernel the compiler makes says how its grid covers the batch, so
 * no dispatch runs the whole batch for fewer images (test/bundle/batch.test.ts checks the
 * results bit for bit).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../compiler/index.js';
import { grid1d } from '../../compiler/lower/wgsl.js';
import { readAnySpecFile } from '../../compiler/spec/any.js';
import { gridForBatch } from '../../runtime/batch.js';
import { TINY } from '../helpers/bundle.js';
import { FIXTURES } from '../helpers/gpu.js';
import { ROOT } from '../helpers/kiln.js';

describe('gridForBatch', () => {
  it('z grids keep x and y and run count layers of z', () => {
    expect(gridForBatch([8, 2, 16], { z: true }, 3)).toEqual([8, 2, 3]);
    expect(gridForBatch([8, 2, 16], { z: true }, 16)).toEqual([8, 2, 16]);
  });

  it('flat grids run the groups covering count * per invocations', () => {
    // 16 images of 100 invocations in groups of 64: 25 groups; 3 images need ceil(300 / 64) = 5.
    expect(gridForBatch([25, 1, 1], { per: 100, wg: 64 }, 3)).toEqual([5, 1, 1]);
    expect(gridForBatch([25, 1, 1], { per: 100, wg: 64 }, 16)).toEqual([25, 1, 1]);
    // One workgroup per (image, group).
    expect(gridForBatch([128, 1, 1], { per: 8, wg: 1 }, 2)).toEqual([16, 1, 1]);
  });

  it('a grid folded into y stays folded while it needs to, as grid1d folds it', () => {
    const full = grid1d(16 * 9_000_000, 64, 16); // 2.25M groups: folded
    expect(full[1]).toBeGreaterThan(1);
    for (const count of [1, 2, 7, 16]) {
      const g = gridForBatch(full, full.batch, count);
      const want = grid1d(count * 9_000_000, 64);
      expect([...g], `count ${count}`).toEqual([...want]);
      expect(g[0]).toBeLessThanOrEqual(65535);
    }
  });

  it('without a layout, the grid runs whole', () => {
    expect(gridForBatch([5, 6, 7], undefined, 1)).toEqual([5, 6, 7]);
  });
});

describe('every kernel records its batch layout', () => {
  const cases = [
    ['specs/digits.json', {}],
    ['specs/seed-unet-s.json', {}],
    ['tiny, unfused', { passes: { fuse: false } }],
    // diffusers' UNet2DModel ops (pad, upsample_nearest2x, scale_shift, affine), batch 2.
    ['diffusers unet2d-ss', {}],
    ['diffusers unet2d-ss, unfused', { passes: { fuse: false } }],
  ] as const;
  const pathOf = (name: string) =>
    name.startsWith('specs/')
      ? join(ROOT, name)
      : name.startsWith('diffusers')
        ? join(FIXTURES, 'diffusers', 'unet2d-ss', 'spec.json')
        : join(TINY, 'spec.json');
  for (const [name, options] of cases)
    it(`${name}: every step of every variant, the image count as its batch`, async () => {
      const c = await compile(await readAnySpecFile(pathOf(name)), { seed: 0, ...options });
      const batch = c.spec.input.batch;
      for (const [target, program] of c.programs)
        for (const s of program.steps) {
          const b = s.grid.batch;
          expect(b, `${target} ${s.label}`).toBeDefined();
          // The layout covers exactly the grid it was made for.
          expect([...gridForBatch(s.grid, b, batch)], `${target} ${s.label}`).toEqual([...s.grid]);
          if (b && 'z' in b) expect(s.grid[2]).toBe(batch);
          else if (b && s.grid[1] === 1)
            expect(Math.ceil((batch * b.per) / b.wg), `${target} ${s.label}`).toBe(s.grid[0]);
        }
    });
});
