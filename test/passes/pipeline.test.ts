/**
 * The fusion pipeline on the seed preset: golden IR text after every pass, the graph verified
 * after every pass, and the dispatch budget of a fused forward.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../compiler/ir/build.js';
import { printGraph } from '../../compiler/ir/print.js';
import { verifyGraph } from '../../compiler/ir/verify.js';
import { lower } from '../../compiler/lower/index.js';
import { PIPELINE, runPass, runPasses } from '../../compiler/passes/index.js';
import { readSpecFile } from '../../compiler/spec/read.js';

const ROOT = join(import.meta.dirname, '..', '..');
const seed = async () => buildGraph(await readSpecFile(join(ROOT, 'specs', 'seed-unet-s.json')));

describe('fusion pipeline on seed-unet-s', () => {
  it('every pass keeps the graph valid and matches its golden IR', async () => {
    let g = await seed();
    expect(verifyGraph(g)).toEqual([]);
    for (const [i, pass] of PIPELINE.entries()) {
      g = runPass(pass, g);
      expect(verifyGraph(g), pass.name).toEqual([]);
      await expect(printGraph(g)).toMatchFileSnapshot(
        `__snapshots__/seed-unet-s.${String(i + 1).padStart(2, '0')}-${pass.name}.ir`,
      );
    }
  });

  it('fits a forward pass in at most 50 dispatches (unfused: one per op)', async () => {
    const g = await seed();
    const fused = lower(runPasses(g), 'gpu').steps.length;
    const unfused = lower(runPasses(g, { fuse: false }), 'gpu').steps.length;
    expect(fused).toBeLessThanOrEqual(50);
    expect(unfused).toBeGreaterThan(100);
    // The software-adapter variant adds exactly one pad_activate pass per vec4 conv.
    const cpu = lower(runPasses(g), 'cpu').steps;
    const prep = cpu.filter((s) => s.op === 'pad_activate').length;
    expect(prep).toBeGreaterThan(0);
    expect(cpu.length).toBe(fused + prep);
    console.log(
      `seed-unet-s dispatches: fused ${fused} (+${prep} pad_activate on cpu), unfused ${unfused}`,
    );
  });

  it('leaves no GroupNorm, SiLU, add or concat node behind, and keeps every weight', async () => {
    const g = await seed();
    const f = runPasses(g);
    const ops = new Set(f.nodes.map((n) => n.op));
    for (const op of [
      'group_norm',
      'silu',
      'add',
      'add_channel_bias',
      'concat',
      'conv2d',
      'gelu',
    ] as const)
      expect(ops.has(op), op).toBe(false);
    const names = (x: typeof g) =>
      x.nodes.flatMap((n) => (n.op === 'param' ? [n.attrs.name] : [])).sort();
    expect(names(f)).toEqual(names(g));
  });
});
