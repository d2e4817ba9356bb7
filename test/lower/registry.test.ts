/**
 * The kernel registry (compiler/lower/registry.ts) and what it promises: every op is lowered by
 * the first of its variants that applies, for its target; the reference path (`--no-fuse`)
 * takes each op's last variant, which applies everywhere; and no kernel generator reads an
 * operand by position.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildGraph } from '../../compiler/ir/build.js';
import { operandsOf } from '../../compiler/ir/ops.js';
import { lower } from '../../compiler/lower/index.js';
import { TARGETS } from '../../compiler/lower/kernel.js';
import { KERNELS, variantFor } from '../../compiler/lower/registry.js';
import { runPasses } from '../../compiler/passes/index.js';
import { readSpecFile } from '../../compiler/spec/read.js';

const ROOT = join(import.meta.dirname, '..', '..');

const picks = async (fuse: boolean) => {
  const g = runPasses(buildGraph(await readSpecFile(join(ROOT, 'specs', 'seed-unet-s.json'))), {
    fuse,
  });
  return TARGETS.flatMap((target) =>
    g.nodes.flatMap((n) => {
      const shapes = operandsOf(
        n.op,
        n.attrs as never,
        n.inputs.map((i) => g.nodes[i]!.shape),
      );
      const v = variantFor(n, { target, graph: g, shapes } as never, !fuse);
      return v ? [{ target, op: n.op, variant: v }] : [];
    }),
  );
};

describe('kernel registry', () => {
  it('every op has a reference variant last, for both targets', () => {
    for (const [op, variants] of Object.entries(KERNELS)) {
      if (variants.length === 0) continue;
      expect(variants.at(-1)!.target, op).toBe('any');
    }
  });

  it('a fused seed S takes each target its own variants, the reference path the last ones', async () => {
    const fused = await picks(true);
    for (const p of fused)
      expect(['any', p.target], `${p.op} on ${p.target}`).toContain(p.variant.target);
    const names = (t: string) =>
      [
        ...new Set(
          fused.filter((p) => p.target === t && p.op === 'fused_conv2d').map((p) => p.variant.name),
        ),
      ].sort();
    expect(names('cpu')).toEqual(['lane']);
    expect(names('gpu')).toEqual(['staged']);
    const convT = (t: string) =>
      fused.find((p) => p.target === t && p.op === 'conv_transpose2d')!.variant.name;
    expect([convT('cpu'), convT('gpu')]).toEqual(['lane', 'staged phases']);
    for (const p of await picks(false))
      expect(p.variant, `${p.op} on ${p.target}`).toBe(
        KERNELS[p.op as keyof typeof KERNELS].at(-1),
      );
  });

  it('the reference path lowers a ConvTranspose as the gather, the fused one as phases', async () => {
    const g = buildGraph(await readSpecFile(join(ROOT, 'specs', 'seed-unet-s.json')));
    const header = (fuse: boolean) =>
      lower(runPasses(g, { fuse }), 'cpu', { reference: !fuse })
        .kernels.find((k) => k.family === 'conv_transpose2d')!
        .wgsl.split('\n')[0];
    expect(header(false)).toMatch(/^\/\/ conv_transpose2d 4x4 stride 2 pad 1: /);
    expect(header(true)).toMatch(/as phases/);
  });

  it('no kernel generator reads an operand by position', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const f of readdirSync(dir)) {
        const p = join(dir, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts')) files.push(p);
      }
    };
    walk(join(ROOT, 'compiler', 'lower'));
    const positional = /ctx\.param\(\s*(\d|at\b)|ctx\.shapes\[|shapes: \[|operandPositions\(/;
    const found = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          positional.test(line) ? [`${f.slice(ROOT.length + 1)}:${i + 1}`] : [],
        ),
    );
    // The one place names meet positions: lowering binds operands to buffers by position.
    expect(found.filter((l) => !l.startsWith('compiler/lower/index.ts:'))).toEqual([]);
  });
});
