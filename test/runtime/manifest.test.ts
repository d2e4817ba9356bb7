/**
 * The bundle format's compile-time facts: every generated manifest parses, its steps line up
 * with its dispatches and kernels, its totals are the sums of its steps, and a manifest whose
 * facts disagree is reported field by field.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_DIR, specFiles } from '../../compiler/generate.js';
import { parseManifest, stepLabels } from '../../runtime/format/manifest.js';

const ROOT = join(import.meta.dirname, '..', '..');
const text = (name: string) =>
  readFileSync(join(ROOT, GENERATED_DIR, name, 'manifest.json'), 'utf8');

describe('manifest facts', () => {
  for (const f of specFiles(ROOT)) {
    const name = f.replace(/\.json$/, '');
    it(`${name}: parses, with one step per dispatch and labels from the spec`, () => {
      const r = parseManifest(text(name));
      if (!r.ok) throw new Error(r.problems.join('\n'));
      const m = r.manifest;
      expect(m.steps.length).toBe(m.dispatches);
      expect(stepLabels(m)[0]).toBe('time_mlp: time_sincos');
      expect(stepLabels(m).at(-1)).toBe('out_conv: fused_conv2d');
      expect(m.flops).toBe(m.steps.reduce((a, s) => a + s.flops, 0));
      expect(m.weightsSha256).toMatch(/^[0-9a-f]{64}$/);
    });
  }

  it('reports steps and totals that disagree, by field', () => {
    const m = JSON.parse(text('seed-unet-s'));
    m.flops += 1;
    m.steps[3].kernel = 'source/kernels/99_nope.wgsl';
    m.steps.pop();
    m.weightsSha256 = 'abc';
    const r = parseManifest(JSON.stringify(m));
    const sum = (key: 'flops' | 'bytes') =>
      m.steps.reduce((a: number, s: Record<string, number>) => a + s[key]!, 0);
    expect(r.ok ? [] : r.problems).toEqual([
      'weightsSha256: must be 64 lowercase hex digits',
      `steps: ${m.steps.length} steps for ${m.dispatches} dispatches`,
      "steps[3].kernel: source/kernels/99_nope.wgsl is not one of the bundle's kernels",
      `flops: ${m.flops} is not the sum over the steps (${sum('flops')})`,
      `bytes: ${m.bytes} is not the sum over the steps (${sum('bytes')})`,
    ]);
  });
});
